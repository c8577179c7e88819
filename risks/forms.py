from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone

from actions.models import Action
from boards.forms_base import DateInput, Form, ModelForm, VersionedModelForm, VersionField
from boards.meeting_dates import check_not_before_meeting
from boards.models import Meeting, Minutes, Person
from core.concurrency import Difference

from .models import IMPACT_WORDS, LIKELIHOOD_WORDS, Risk, RiskBand
from .services import SCORE_FIELDS

STAGES = {
    "inherent": "Inherent (before controls)",
    "current": "Current (with controls in place)",
    "target": "Target",
}


def score_field(stage: str, axis: str) -> forms.TypedChoiceField:
    words = LIKELIHOOD_WORDS if axis == "likelihood" else IMPACT_WORDS
    name = f"{stage} {axis}"
    return forms.TypedChoiceField(
        label=f"{STAGES[stage]}: {axis}",
        coerce=int,
        choices=[("", "Choose 1 to 5")] + [(n, f"{n} – {words[n]}") for n in range(1, 6)],
        error_messages={
            "required": f"Enter the {name}, from 1 to 5",
            "invalid_choice": f"The {name} must be a whole number from 1 to 5",
        },
    )


class ScoresMixin:
    def add_score_fields(self):
        for name in SCORE_FIELDS:
            stage, axis = name.split("_")
            self.fields[name] = score_field(stage, axis)
            self.fields[name].widget.attrs["class"] = "govuk-select"

    def scores(self) -> dict[str, int]:
        return {name: self.cleaned_data.get(name) for name in SCORE_FIELDS}


def conflict_message(risk: Risk) -> str:
    """What someone else left the risk as, so the user can decide whether to go ahead."""
    if risk.status == Risk.Status.ESCALATED:
        status = f"escalated to {risk.escalated_to.short_name}"
    else:
        status = risk.get_status_display().lower()
    return (
        f"Someone else changed this risk while you were on this page: {risk.reference} is now "
        f"{status}, with a current score of {risk.current_score}. What you entered is kept: "
        "check it and submit again if it is still right."
    )


def mark_risk_conflict(form, risk: Risk) -> None:
    """Keep what the user entered but carry the version saved now, so that submitting again
    is a deliberate choice rather than another conflict."""
    form.data = form.data.copy()
    form.data[form.add_prefix("version")] = risk.version
    form.add_error(None, conflict_message(risk))


class RiskForm(ScoresMixin, VersionedModelForm):
    class Meta:
        model = Risk
        fields = [
            "title",
            "priority_area",
            "description",
            "cause",
            "effect",
            "owner",
            "category",
            "raised_on",
            "controls",
            "mitigating_actions",
            "review_date",
        ]
        widgets = {
            "raised_on": DateInput,
            "review_date": DateInput,
            "description": forms.Textarea(attrs={"rows": 3}),
            "cause": forms.Textarea(attrs={"rows": 2}),
            "effect": forms.Textarea(attrs={"rows": 2}),
            "controls": forms.Textarea(attrs={"rows": 3}),
            "mitigating_actions": forms.CheckboxSelectMultiple,
        }
        help_texts = {
            "priority_area": "The priority or workstream it belongs to, e.g. Sufficiency",
            "mitigating_actions": "Actions in the action log that reduce this risk",
        }

    def __init__(self, *args, board, **kwargs):
        super().__init__(*args, **kwargs)
        self.add_score_fields()
        if self.instance.pk and not self.is_bound:
            for name in SCORE_FIELDS:
                self.initial[name] = getattr(self.instance, name)
        self.fields["owner"].queryset = Person.objects.filter(partnership=board.partnership)
        linked = (
            self.instance.mitigating_actions.all() if self.instance.pk else Action.objects.none()
        )
        self.fields["mitigating_actions"].queryset = (
            Action.objects.filter(board=board).exclude(status__in=["closed", "superseded"]) | linked
        ).distinct()
        self.fields["raised_on"].initial = timezone.localdate()
        self.fields["title"].error_messages["required"] = "Enter a title for the risk"
        if not self.fields["mitigating_actions"].queryset.exists():
            del self.fields["mitigating_actions"]  # nothing on the action log to link yet

    def clean(self):
        # Dates are checked only when typed now, so a risk stored with old dates (an import,
        # or a review long overdue) can still be changed in other ways.
        cleaned = super().clean()
        stored = self.instance
        raised, review = cleaned.get("raised_on"), cleaned.get("review_date")
        raised_changed = not stored.pk or raised != stored.raised_on
        review_changed = not stored.pk or review != stored.review_date
        today = timezone.localdate()
        if raised and raised_changed and raised > today:
            self.add_error("raised_on", "The date raised must be today or in the past.")
        elif raised and review and review < raised:
            if review_changed:
                self.add_error(
                    "review_date", "The next review must be on or after the date raised."
                )
            elif raised_changed:
                self.add_error("raised_on", "The date raised must be on or before the next review.")
        elif review and not stored.pk and review < today:
            self.add_error("review_date", "The next review must be today or in the future.")
        return cleaned

    def details(self) -> dict:
        data = dict(self.cleaned_data)
        data.pop("version", None)
        data.pop("mitigating_actions", None)
        return data


class ReviewForm(ScoresMixin, Form):
    reviewed_on = forms.DateField(label="Date of review", widget=DateInput)
    reviewer = forms.ChoiceField(required=False)
    meeting = forms.ModelChoiceField(
        queryset=Meeting.objects.none(),
        required=False,
        label="Reviewed at meeting",
        error_messages={
            "invalid_choice": "Choose a meeting from the list. A meeting whose minutes are "
            "approved is not listed: record the review at the next meeting."
        },
    )
    commentary = forms.CharField(widget=forms.Textarea(attrs={"rows": 3}), required=False)
    next_review = forms.DateField(
        label="Next review",
        widget=DateInput,
        required=False,
        help_text="Leave blank to keep the date set",
    )
    version = VersionField()

    def __init__(
        self,
        *args,
        risk: Risk,
        reviewer: Person | None = None,
        with_meeting: bool = True,
        reviewed_on=None,
        people: list[Person] | None = None,
        meeting: Meeting | None = None,
        **kwargs,
    ):
        super().__init__(*args, **kwargs)
        self.meeting = meeting
        self.add_score_fields()
        self.order_fields(
            ["reviewed_on", "reviewer", "meeting", *SCORE_FIELDS, "commentary", "next_review"]
        )
        if people is None:
            people = list(Person.objects.filter(partnership_id=risk.board.partnership_id))
        # Plain choices from a list the caller may share: a meeting's risk log shows a form
        # per risk, and each would otherwise query the same people again.
        self.people = {str(person.pk): person for person in people}
        self.fields["reviewer"].choices = [("", "Choose a person")] + [
            (pk, str(person)) for pk, person in self.people.items()
        ]
        boards = [risk.board_id] + ([risk.escalated_to_id] if risk.escalated_to_id else [])
        if with_meeting:
            # Approved minutes are a record: a review is recorded at the next meeting instead.
            self.fields["meeting"].queryset = (
                Meeting.objects.filter(board_id__in=boards)
                .exclude(minutes__status__in=Minutes.FROZEN)
                .select_related("board")
            )
        else:
            del self.fields["meeting"]
        if not self.is_bound:
            self.initial.update({name: getattr(risk, name) for name in SCORE_FIELDS})
            self.initial.update(
                reviewed_on=reviewed_on or timezone.localdate(),
                reviewer=str(reviewer.pk) if reviewer else "",
                version=risk.version,
            )

    def clean_reviewer(self) -> Person | None:
        return self.people.get(self.cleaned_data["reviewer"])

    def clean(self):
        cleaned = super().clean()
        # A review recorded at a meeting is dated from it: one already held as it was.
        meeting = self.meeting or cleaned.get("meeting")
        if meeting is not None:
            try:
                check_not_before_meeting(
                    cleaned.get("next_review"), meeting, label="The next review"
                )
            except ValidationError as refused:
                self.add_error("next_review", refused)
        return cleaned

    def show_conflict(self, current: Risk) -> None:
        """The risk's scores as saved now beside the user's, and the version to record against."""
        self.conflict = [
            Difference(
                label=self.fields[name].label,
                theirs=self._score_shown(name, getattr(current, name)),
                yours=self._score_shown(name, self.cleaned_data[name]),
            )
            for name in SCORE_FIELDS
            if getattr(current, name) != self.cleaned_data[name]
        ]
        mark_risk_conflict(self, current)

    def _score_shown(self, name: str, score: int) -> str:
        return dict(self.fields[name].choices)[score]


class ReasonForm(Form):
    reason = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": "Enter the reason"},
    )
    version = VersionField()

    def __init__(self, *args, label="Reason", risk=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["reason"].label = label
        if risk is not None and not self.is_bound:
            self.initial["version"] = risk.version


POSSIBLE_SCORES = sorted(
    {likelihood * impact for likelihood in range(1, 6) for impact in range(1, 6)}
)


class BandForm(ModelForm):
    class Meta:
        model = RiskBand
        fields = ["label", "lowest", "highest", "colour", "text_colour"]
        widgets = {
            "colour": forms.TextInput(attrs={"type": "color"}),
            "text_colour": forms.TextInput(attrs={"type": "color"}),
        }
        labels = {"colour": "Colour", "text_colour": "Text colour on it"}

    def clean(self):
        data = super().clean()
        lowest, highest = data.get("lowest"), data.get("highest")
        if lowest is not None and highest is not None:
            if not 1 <= lowest <= 25:
                self.add_error("lowest", "The lowest score must be from 1 to 25")
            if not 1 <= highest <= 25:
                self.add_error("highest", "The highest score must be from 1 to 25")
            if lowest > highest:
                self.add_error("highest", "The highest score must not be below the lowest")
        return data


class BaseBandFormSet(forms.BaseModelFormSet):
    def clean(self):
        super().clean()
        # Each row edits one of the partnership's bands: rows added, dropped or pointing at
        # the same band come from a page that was tampered with or is out of date.
        edited = [form.instance.pk for form in self.forms]
        stored = set(self.get_queryset().values_list("pk", flat=True))
        if len(edited) != self.initial_form_count() or sorted(edited, key=str) != sorted(
            stored, key=str
        ):
            raise forms.ValidationError("The list of bands changed: reload the page.")
        if any(self.errors):
            return
        covered: dict[int, str] = {}
        for form in self.forms:
            data = form.cleaned_data
            for score in POSSIBLE_SCORES:
                if data["lowest"] <= score <= data["highest"]:
                    if score in covered:
                        raise forms.ValidationError(
                            f"Score {score} is in both {covered[score]} and {data['label']}: "
                            "bands must not overlap."
                        )
                    covered[score] = data["label"]
        missing = [str(score) for score in POSSIBLE_SCORES if score not in covered]
        if missing:
            raise forms.ValidationError(
                "Every possible score needs a band; these have none: " + ", ".join(missing)
            )


BandFormSet = forms.modelformset_factory(
    RiskBand, form=BandForm, formset=BaseBandFormSet, extra=0, can_delete=False
)


class ImportForm(Form):
    file = forms.FileField(
        label="Upload a CSV or Excel file",
        help_text="One risk a row. The first row names the columns, as in the export.",
    )
    skip_bad_rows = forms.BooleanField(
        required=False, label="Import the good rows and skip the rows with problems"
    )
