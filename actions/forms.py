import calendar
import datetime

from django import forms
from django.core.exceptions import ValidationError
from django.utils.functional import SimpleLazyObject

from boards.forms_base import DateInput, Form, VersionedModelForm, VersionField
from boards.meeting_dates import check_not_before_meeting
from boards.models import Meeting, Person

from .capture import resolve_initials, split_owner_text
from .models import Action, ActionUpdate

Outcome = ActionUpdate.Outcome


class OwnersField(forms.CharField):
    """Owners typed as initials ("GB/HF"), resolved against the partnership's people in one
    query; unknown initials are an error, never a guess."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("label", "Owners")
        kwargs.setdefault("help_text", 'Initials, separated by "/", e.g. GB/HF')
        super().__init__(*args, **kwargs)
        self.known: dict[str, Person] = {}

    def clean(self, value):
        value = super().clean(value)
        people, unknown = resolve_initials(split_owner_text(value or ""), self.known)
        if unknown:
            raise forms.ValidationError(
                "Nobody in the partnership has the initials %(initials)s.",
                params={"initials": ", ".join(unknown)},
            )
        return people


def people_by_initials(partnership) -> dict[str, Person]:
    """The partnership's people by initials, read when first looked at: a page of twenty forms
    that are only shown, not checked, never reads them."""
    return SimpleLazyObject(
        lambda: {
            person.initials: person
            for person in Person.objects.filter(partnership=partnership).only(
                "id", "initials", "name", "partnership_id"
            )
        }
    )


# A reason for a new due date is also the change reason of the action's history entry.
REASON_MAX_LENGTH = Action.history.model._meta.get_field("history_change_reason").max_length


class ActionForm(VersionedModelForm):
    owner_initials = OwnersField(required=False)
    due_date_reason = forms.CharField(
        label="Reason for the new due date",
        required=False,
        max_length=REASON_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="Needed when you move the due date",
    )

    class Meta:
        model = Action
        fields = [
            "description",
            "owner_initials",
            "owner_note",
            "due_date",
            "due_precision",
            "raised_at",
        ]
        widgets = {
            "description": forms.Textarea(attrs={"rows": 3}),
            "due_date": DateInput,
            "due_precision": forms.RadioSelect,
        }
        labels = {
            "owner_note": "Other owners",
            "raised_at": "Raised at meeting",
            "due_precision": "Show the due date as",
        }
        help_texts = {
            "owner_note": 'Groups or roles who are not one person, e.g. "SROs" or "Programme Lead"'
        }

    def __init__(self, *args, board, **kwargs):
        super().__init__(*args, **kwargs)
        self.board = board
        self.fields["owner_initials"].known = people_by_initials(board.partnership)
        if self.instance.pk:
            del self.fields["raised_at"]
            if not self.is_bound:
                self.initial["owner_initials"] = "/".join(
                    sorted(p.initials for p in self.instance.owners.all())
                )
        else:
            del self.fields["due_date_reason"]
            self.fields["raised_at"].queryset = Meeting.objects.filter(board=board).select_related(
                "board"
            )
        self.fields["due_precision"].required = False  # the date, unless the month is chosen
        self.order_fields(
            [
                "description",
                "owner_initials",
                "owner_note",
                "due_date",
                "due_precision",
                "due_date_reason",
            ]
        )

    def clean(self):
        cleaned = super().clean()
        cleaned["due_precision"] = cleaned.get("due_precision") or Action.DuePrecision.DAY
        due = cleaned.get("due_date")
        if due and cleaned.get("due_precision") == Action.DuePrecision.MONTH:
            cleaned["due_date"] = month_end(due)
        # Only a date the secretary types now: an overdue action keeps its date when edited,
        # and imported logs (which do not come through this form) keep theirs. An action
        # added for a meeting already held is dated from that meeting.
        if cleaned.get("due_date") != self.instance.due_date:
            meeting = None if self.instance.pk else cleaned.get("raised_at")
            check_date(self, "due_date", meeting, label="The due date")
        if (
            self.instance.pk
            and self.instance.due_date
            and cleaned.get("due_date") != self.instance.due_date
            and not self.has_error("due_date_reason")
            and not (cleaned.get("due_date_reason") or "").strip()
        ):
            self.add_error("due_date_reason", "Give a reason for the new due date.")
        return cleaned


class ReasonMixin:
    def _has_reason(self, cleaned) -> bool:
        """A reason given, or one refused already (too long) that needs no second message."""
        return self.has_error("reason") or bool((cleaned.get("reason") or "").strip())


class OwnerUpdateForm(ReasonMixin, Form):
    """What an owner writes from "My actions" or the action's page."""

    text = forms.CharField(label="Update", widget=forms.Textarea(attrs={"rows": 3}))
    new_due_date = forms.DateField(label="New due date", required=False, widget=DateInput)
    reason = forms.CharField(
        label="Reason for the new date",
        required=False,
        max_length=REASON_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    version = VersionField()

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("new_due_date") and not self._has_reason(cleaned):
            self.add_error("reason", "Give a reason for the new due date.")
        return cleaned


class CloseForm(Form):
    """The secretary closes an action from its page, with a closing note if they wish."""

    text = forms.CharField(label="Closing note", required=False, widget=forms.Textarea)
    version = VersionField()


MEETING_OUTCOMES = [
    (Outcome.KEEP_OPEN, "Keep open"),
    (Outcome.CLOSE, "Agree to close"),
    (Outcome.CLOSE_AND_REPLACE, "Close and create a new action"),
]


class MeetingOutcomeForm(ReasonMixin, Form):
    """One action under the meeting's "Action log" item: what was said and what was agreed."""

    text = forms.CharField(label="Update given", widget=forms.Textarea(attrs={"rows": 2}))
    outcome = forms.ChoiceField(
        label="Outcome", choices=MEETING_OUTCOMES, initial=Outcome.KEEP_OPEN, widget=forms.Select
    )
    new_due_date = forms.DateField(label="New due date", required=False, widget=DateInput)
    reason = forms.CharField(
        label="Reason for the new date", required=False, max_length=REASON_MAX_LENGTH
    )
    new_description = forms.CharField(
        label="New action", required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    new_owners = OwnersField(label="New action's owners", required=False)
    new_due = forms.DateField(label="New action due", required=False, widget=DateInput)
    version = VersionField()

    def __init__(self, *args, known: dict[str, Person], meeting: Meeting, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["new_owners"].known = known
        self.meeting = meeting

    def clean(self):
        cleaned = super().clean()
        check_date(self, "new_due_date", self.meeting, label="The new due date")
        check_date(self, "new_due", self.meeting, label="The new action's due date")
        outcome = cleaned.get("outcome")
        if cleaned.get("new_due_date") and not self._has_reason(cleaned):
            self.add_error("reason", "Give a reason for the new due date.")
        if outcome == Outcome.CLOSE_AND_REPLACE and not cleaned.get("new_description", "").strip():
            self.add_error("new_description", "Describe the new action.")
        if outcome != Outcome.KEEP_OPEN and cleaned.get("new_due_date"):
            self.add_error("new_due_date", "A new due date only applies to an action kept open.")
        return cleaned


class CaptureForm(Form):
    """One "Action:" line of the minutes, as the secretary confirms it."""

    description = forms.CharField(label="Action", widget=forms.Textarea(attrs={"rows": 2}))
    owners = OwnersField(
        required=False,
        help_text='Initials of the partnership\'s people, separated by "/", e.g. GB/HF',
    )
    other_owners = forms.CharField(
        label="Other owners",
        required=False,
        max_length=Action._meta.get_field("owner_note").max_length,
        help_text='Groups or roles who are not one person, e.g. "SROs" or "Programme Lead"',
    )
    due_date = forms.DateField(label="Due date", required=False, widget=DateInput)
    due_by_month = forms.BooleanField(
        label="Due in that month: show it as the month (e.g. June 2025), due by its last day",
        required=False,
    )
    source_line = forms.CharField(widget=forms.HiddenInput)

    def __init__(self, *args, known: dict[str, Person], meeting: Meeting, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["owners"].known = known
        self.meeting = meeting

    def clean(self):
        cleaned = super().clean()
        if (
            "owners" in cleaned
            and not cleaned["owners"]
            and not (cleaned.get("other_owners") or "").strip()
        ):
            self.add_error(
                "owners",
                "Enter the initials of who owns the action, or name the group or role under "
                "other owners.",
            )
        due = cleaned.get("due_date")
        if due and cleaned.get("due_by_month"):
            cleaned["due_date"] = month_end(due)
        check_date(self, "due_date", self.meeting, label="The due date")
        return cleaned

    @property
    def due_precision(self) -> str:
        by_month = self.cleaned_data.get("due_by_month") and self.cleaned_data.get("due_date")
        return Action.DuePrecision.MONTH if by_month else Action.DuePrecision.DAY


def check_date(form, name: str, meeting: Meeting | None, *, label: str) -> None:
    """The date typed in the field, checked against the meeting it was typed for."""
    try:
        check_not_before_meeting(form.cleaned_data.get(name), meeting, label=label)
    except ValidationError as refused:
        form.add_error(name, refused)


def month_end(day: datetime.date) -> datetime.date:
    return day.replace(day=calendar.monthrange(day.year, day.month)[1])


class ImportUploadForm(Form):
    file = forms.FileField(
        label="Action log file", help_text="A CSV (.csv) or Excel (.xlsx) file, headings in row 1"
    )


IMPORT_FIELDS = [
    ("reference", "Reference", True),
    ("description", "Action", True),
    ("owners", "Owners (initials)", False),
    ("due_date", "Due date", False),
    ("status", "Status", False),
    ("update", "Latest update", False),
]


class ColumnMapForm(Form):
    """Which column of the file holds each field of the log."""

    skip_bad_rows = forms.BooleanField(
        label="Skip the rows with problems and import the rest", required=False
    )

    def __init__(self, *args, headers: list[str], **kwargs):
        super().__init__(*args, **kwargs)
        choices = [("", "Not in the file")] + [(str(i), h) for i, h in enumerate(headers)]
        for name, label, required in IMPORT_FIELDS:
            self.fields[f"col_{name}"] = forms.ChoiceField(
                label=label, choices=choices, required=required
            )
            guess = _guess_column(name, label, headers)
            if guess is not None:
                self.initial.setdefault(f"col_{name}", str(guess))
        self.order_fields([f"col_{name}" for name, _l, _r in IMPORT_FIELDS] + ["skip_bad_rows"])

    def mapping(self) -> dict[str, int]:
        return {
            name: int(self.cleaned_data[f"col_{name}"])
            for name, _label, _required in IMPORT_FIELDS
            if self.cleaned_data.get(f"col_{name}") not in (None, "")
        }


_SYNONYMS = {
    "reference": {"ref", "reference", "no", "number", "action no", "ref no"},
    "description": {"action", "description", "actions"},
    "owners": {"owner", "owners", "lead", "by whom", "who"},
    "due_date": {"due", "due date", "by when", "deadline", "date due"},
    "status": {"status"},
    "update": {"update", "latest update", "progress", "comments", "notes"},
}


def _guess_column(name, label, headers):
    for index, header in enumerate(headers):
        text = header.strip().lower().rstrip(".:")
        if text in _SYNONYMS[name] or text == label.lower():
            return index
    return None
