"""Forms for meetings, the agenda, papers, the forward plan, attendance and minutes."""

from django import forms
from django.core.exceptions import ValidationError

from core.forms import DateField, MonthField, TimeField

from .forms import validate_document
from .forms_base import OUT_OF_DATE, Form, VersionedModelForm, VersionField
from .minutes_text import check_minutes
from .models import AgendaItem, Attendance, ForwardPlanItem, Meeting, MeetingReply, Person
from .selectors.meetings import approval_meetings


class MeetingForm(VersionedModelForm):
    class Meta:
        model = Meeting
        fields = ["date", "starts_at", "ends_at", "venue", "online_link", "status"]
        field_classes = {"date": DateField, "starts_at": TimeField, "ends_at": TimeField}

    def __init__(self, *args, board, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.board = board
        if not self.instance.pk:
            del self.fields["status"]

    def clean(self):
        cleaned = super().clean()
        starts, ends = cleaned.get("starts_at"), cleaned.get("ends_at")
        if starts and ends and ends <= starts:
            self.add_error("ends_at", "The end time must be after the start time.")
        return cleaned


class NewMeetingForm(MeetingForm):
    add_standing_items = forms.BooleanField(
        label="Add the standing items (welcome, declarations, minutes, action log, risk log, AOB)",
        required=False,
        initial=True,
    )
    add_forward_plan = forms.BooleanField(
        label="Add the forward plan items wanted for this meeting or its month",
        required=False,
        initial=True,
    )


class AgendaItemForm(VersionedModelForm):
    class Meta:
        model = AgendaItem
        fields = ["title", "planned_start", "presenter", "kind", "confidential"]
        field_classes = {"planned_start": TimeField}
        labels = {"planned_start": "Planned start time"}

    def __init__(self, *args, meeting, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.meeting = meeting
        self.fields["presenter"].queryset = Person.objects.filter(
            partnership_id=meeting.board.partnership_id
        )
        self.fields["confidential"].label = "Confidential: leave out of the published minutes"


class PaperForm(Form):
    label = forms.CharField(max_length=10, help_text='As numbered in the pack, e.g. "4a"')
    title = forms.CharField(max_length=300)
    document = forms.FileField(
        help_text="PDF, Word (.docx), Excel (.xlsx) or PowerPoint (.pptx)",
    )

    def __init__(self, *args, item, **kwargs):
        super().__init__(*args, **kwargs)
        self.item = item

    def clean_label(self):
        label = self.cleaned_data["label"].strip()
        if self.item.papers.filter(label__iexact=label).exists():
            raise ValidationError(f"This item already has a paper {label}.")
        return label

    def clean_document(self):
        document = self.cleaned_data["document"]
        self.content_type = validate_document(document)
        return document


class ForwardPlanItemForm(VersionedModelForm):
    class Meta:
        model = ForwardPlanItem
        fields = ["title", "notes", "owner", "wanted_at", "wanted_month", "requested_at"]
        field_classes = {"wanted_month": MonthField}
        labels = {
            "wanted_at": "Wanted at meeting",
            "wanted_month": "Or wanted in the month of",
            "requested_at": "Asked for at meeting",
        }

    def __init__(self, *args, board, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.board = board
        meetings = board.meetings.order_by("date")
        self.fields["wanted_at"].queryset = meetings
        self.fields["requested_at"].queryset = meetings
        self.fields["owner"].queryset = Person.objects.filter(partnership_id=board.partnership_id)

    def clean_wanted_month(self):
        month = self.cleaned_data.get("wanted_month")
        return month.replace(day=1) if month else month

    def clean(self):
        cleaned = super().clean()
        if not cleaned.get("wanted_at") and not cleaned.get("wanted_month"):
            self.add_error("wanted_at", "Choose the meeting or the month it is wanted for.")
        return cleaned


class MinutesItemForm(Form):
    """What the minute-taking screen sends for one item, every few seconds."""

    minutes_text = forms.CharField(
        required=False, widget=forms.Textarea, label="Minutes", validators=[check_minutes]
    )
    decision = forms.CharField(
        required=False, widget=forms.Textarea, label="Decision", validators=[check_minutes]
    )
    version = VersionField(required=False)
    overwrite = VersionField(required=False)

    def clean(self):
        cleaned = super().clean()
        # The conflict page sends, instead, the version it keeps the user's text over.
        sent = [name for name in ("version", "overwrite") if cleaned.get(name) is not None]
        if not sent and not self.has_error("version") and not self.has_error("overwrite"):
            self.add_error("version", OUT_OF_DATE)
        return cleaned


class AttendanceRowForm(Form):
    status = forms.ChoiceField(choices=Attendance.Status.choices, label="Attendance")
    role = forms.ChoiceField(choices=Attendance.Role.choices, label="Attended as")
    deputy_for = forms.ModelChoiceField(
        queryset=Person.objects.none(), required=False, label="Deputy for", empty_label="–"
    )
    joined_at = TimeField(required=False, label="Joined late at")
    left_at = TimeField(required=False, label="Left early at")
    version = VersionField()

    def __init__(self, *args, attendance, members, **kwargs):
        super().__init__(*args, **kwargs)
        self.attendance = attendance
        self.fields["deputy_for"].queryset = members
        for field in self.fields.values():
            field.label = f"{field.label} – {attendance.person.name}"
        if not self.is_bound:
            self.initial.update(
                status=attendance.status,
                role=attendance.role,
                deputy_for=attendance.deputy_for_id,
                joined_at=attendance.joined_at,
                left_at=attendance.left_at,
                version=attendance.version,
            )

    def cells(self):
        """(column name, field) for each cell of the person's row in the attendance table."""
        return [(self.base_fields[field.name].label, field) for field in self.visible_fields()]

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("role") == Attendance.Role.DEPUTY and not cleaned.get("deputy_for"):
            self.add_error("deputy_for", "Say whom the deputy attends for.")
        joined, left = cleaned.get("joined_at"), cleaned.get("left_at")
        # The whole list is saved at once: a row already stored the wrong way round must not
        # stop the secretary saving the others, so only times changed now are checked.
        changed = (joined, left) != (self.attendance.joined_at, self.attendance.left_at)
        if joined and left and left < joined and changed:
            self.add_error("left_at", "The time they left must be after the time they joined.")
        return cleaned


class NotListedYetField(forms.ModelChoiceField):
    """The people not yet in a meeting's attendance. One listed meanwhile (another tab, a
    second click) is named as listed already, not called an invalid choice."""

    listed = Person.objects.none()

    def to_python(self, value):
        try:
            return super().to_python(value)
        except ValidationError:
            person = self.listed.filter(pk=value).first() if str(value).isdigit() else None
            if person is None:
                raise
            raise ValidationError(
                "%(name)s is already listed in this meeting's attendance.",
                code="already_listed",
                params={"name": person.name},
            ) from None


class AttendanceAddForm(Form):
    person = NotListedYetField(queryset=Person.objects.none())
    role = forms.ChoiceField(
        choices=Attendance.Role.choices, label="Attended as", initial=Attendance.Role.GUEST
    )
    status = forms.ChoiceField(
        choices=Attendance.Status.choices, label="Attendance", initial=Attendance.Status.PRESENT
    )
    deputy_for = forms.ModelChoiceField(
        queryset=Person.objects.none(), required=False, label="Deputy for (if a deputy)"
    )

    def __init__(self, *args, meeting, members, **kwargs):
        super().__init__(*args, **kwargs)
        self.meeting = meeting
        people = Person.objects.filter(partnership_id=meeting.board.partnership_id)
        self.fields["person"].queryset = people.exclude(attendance__meeting=meeting)
        self.fields["person"].listed = people.filter(attendance__meeting=meeting)
        self.fields["deputy_for"].queryset = members

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("role") == Attendance.Role.DEPUTY and not cleaned.get("deputy_for"):
            self.add_error("deputy_for", "Say whom the deputy attends for.")
        return cleaned


class ReplyForm(Form):
    """A member's reply before the meeting. Whose reply it is comes from the link or the
    signed-in user, never from the form."""

    answer = forms.ChoiceField(
        choices=MeetingReply.Answer.choices, widget=forms.RadioSelect, label="Your reply"
    )
    deputy = forms.ModelChoiceField(
        queryset=Person.objects.none(),
        required=False,
        label="Your deputy",
        empty_label="Not on this list",
        help_text="If you are sending a deputy: someone from your organisation",
    )
    deputy_name = forms.CharField(
        max_length=200,
        required=False,
        label="Or your deputy's name",
        help_text="If they are not on the list",
    )
    note = forms.CharField(max_length=300, required=False, label="A note for the secretary")

    def __init__(self, *args, deputies, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["deputy"].queryset = deputies

    def clean(self):
        cleaned = super().clean()
        deputy, name = cleaned.get("deputy"), cleaned.get("deputy_name", "").strip()
        if cleaned.get("answer") == MeetingReply.Answer.DEPUTY:
            if deputy is None and not name:
                self.add_error("deputy", "Choose your deputy from the list or type their name.")
            elif deputy is not None and name:
                self.add_error(
                    "deputy_name", "Choose your deputy from the list or type a name, not both."
                )
        return cleaned


class DeclarationForm(Form):
    person = forms.ModelChoiceField(queryset=Person.objects.none())
    agenda_item = forms.ModelChoiceField(
        queryset=AgendaItem.objects.none(), required=False, label="Item (if about one item)"
    )
    interest = forms.CharField(widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, meeting, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["person"].queryset = Person.objects.filter(
            partnership_id=meeting.board.partnership_id
        )
        self.fields["agenda_item"].queryset = meeting.agenda_items.all()


class ApproveForm(Form):
    at_meeting = forms.ModelChoiceField(
        queryset=Meeting.objects.none(), label="Approved at the meeting of", empty_label=None
    )

    def __init__(self, *args, meeting, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["at_meeting"].queryset = approval_meetings(meeting)


class AmendmentForm(Form):
    text = forms.CharField(
        widget=forms.Textarea, label="Corrected wording", validators=[check_minutes]
    )
    reason = forms.CharField(widget=forms.Textarea(attrs={"rows": 3}), label="Reason")
