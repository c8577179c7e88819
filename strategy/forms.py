"""Forms for plans, highlight reports and indicators: they validate, the services write."""

from django import forms
from django.forms import BaseFormSet, formset_factory

from boards import access
from boards.forms_base import DateInput, Form, ModelForm, VersionedModelForm, VersionField
from boards.models import Board, Person
from core.concurrency import keep_entered

from .models import (
    ChecklistItem,
    HighlightReport,
    Indicator,
    Plan,
    PlanAction,
    PlanChecklistItem,
    Priority,
    Rag,
    SignOffStep,
    StrategyVersion,
)


def mark_stale(form, current, now: str) -> None:
    """keep_entered, saying in words what the record holds now (`now`)."""
    keep_entered(
        form,
        current,
        f"Someone else changed this while you were editing it: {now}. What you entered is "
        "kept: check it and submit it again if it is still right.",
    )


class PlanForm(VersionedModelForm):
    class Meta:
        model = Plan
        fields = ["kind", "title", "owner_board", "period_start", "period_end", "published_on"]
        widgets = {
            "period_start": DateInput,
            "period_end": DateInput,
            "published_on": DateInput,
        }

    def __init__(self, *args, partnership, user, **kwargs):
        super().__init__(*args, **kwargs)
        boards = access.boards_visible_to(user, "edit").filter(partnership=partnership)
        if self.instance.pk:
            boards = boards | Board.objects.filter(pk=self.instance.owner_board_id)
        self.fields["owner_board"].queryset = boards.distinct()


class PriorityForm(VersionedModelForm):
    class Meta:
        model = Priority
        fields = ["number", "title", "text", "sro", "working_group", "outcome"]
        widgets = {
            "text": forms.Textarea(attrs={"rows": 3}),
            "outcome": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, partnership, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["sro"].queryset = Person.objects.filter(partnership=partnership)
        self.fields["working_group"].queryset = Board.objects.filter(partnership=partnership)

    def clean_number(self):
        number = self.cleaned_data["number"]
        taken = Priority.objects.filter(plan=self.instance.plan, number=number)
        if taken.exclude(pk=self.instance.pk).exists():
            raise forms.ValidationError(f"The plan already has a priority {number}.")
        return number


class PlanActionForm(VersionedModelForm):
    """The due date is set once here; moving it later is slippage, with a reason."""

    class Meta:
        model = PlanAction
        fields = ["text", "lead", "milestone", "due_date"]
        widgets = {"text": forms.Textarea(attrs={"rows": 3}), "due_date": DateInput}

    def __init__(self, *args, partnership, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["lead"].queryset = Person.objects.filter(partnership=partnership)
        if self.instance.pk and self.instance.due_date:
            del self.fields["due_date"]


class RagForm(Form):
    rag = forms.ChoiceField(label="RAG status", choices=Rag.choices, widget=forms.RadioSelect)
    reason = forms.CharField(
        label="Reason for the change", widget=forms.Textarea(attrs={"rows": 3})
    )
    version = VersionField()

    def __init__(self, *args, current: str = "", **kwargs):
        super().__init__(*args, **kwargs)
        self.current = current

    def clean_rag(self):
        rag = self.cleaned_data["rag"]
        if rag == self.current:
            raise forms.ValidationError(f"The RAG status is already {Rag(rag).label}.")
        return rag

    def show_conflict(self, current: Priority | PlanAction) -> None:
        mark_stale(self, current, f"the RAG status is now {Rag(current.rag).label}")


class RescheduleForm(Form):
    new_date = forms.DateField(label="New due date", widget=DateInput)
    reason = forms.CharField(
        label="Why the date moves",
        help_text="Shown in the slippage column of the plan",
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    version = VersionField()

    def __init__(self, *args, current=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.current = current

    def clean_new_date(self):
        new_date = self.cleaned_data["new_date"]
        if new_date == self.current:
            raise forms.ValidationError("The new date is the same as the current one.")
        return new_date

    def show_conflict(self, current: PlanAction) -> None:
        if current.due_date:
            mark_stale(self, current, f"the due date is now {current.due_date:%-d %B %Y}")
        else:
            mark_stale(self, current, "it has no due date now")


class ProgressUpdateForm(Form):
    written_on = forms.DateField(label="Date", widget=DateInput)
    text = forms.CharField(label="Progress", widget=forms.Textarea(attrs={"rows": 4}))


class StrategyVersionForm(ModelForm):
    class Meta:
        model = StrategyVersion
        fields = ["number", "issued_on", "change_summary", "document"]
        widgets = {"issued_on": DateInput, "change_summary": forms.Textarea(attrs={"rows": 3})}

    def clean_number(self):
        number = self.cleaned_data["number"]
        if StrategyVersion.objects.filter(plan=self.instance.plan, number=number).exists():
            raise forms.ValidationError(f"Version {number} is already recorded.")
        return number


class SignOffStepForm(VersionedModelForm):
    class Meta:
        model = SignOffStep
        fields = [
            "position",
            "activity",
            "board",
            "planned_on",
            "planned_text",
            "actual_on",
            "outcome",
            "notes",
        ]
        widgets = {
            "planned_on": DateInput,
            "actual_on": DateInput,
            "notes": forms.Textarea(attrs={"rows": 2}),
        }

    def __init__(self, *args, partnership, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["board"].queryset = Board.objects.filter(partnership=partnership)

    def clean_position(self):
        position = self.cleaned_data["position"]
        taken = SignOffStep.objects.filter(plan=self.instance.plan, position=position)
        if taken.exclude(pk=self.instance.pk).exists():
            raise forms.ValidationError(f"Step {position} already exists: choose another number.")
        return position


class ChecklistMarkForm(Form):
    """Marks an item done, or open again when `done` is left out."""

    done = forms.BooleanField(label="Done", required=False)
    evidence = forms.CharField(label="Evidence", required=False)
    version = VersionField()

    def show_conflict(self, current: PlanChecklistItem) -> None:
        mark_stale(self, current, "it is now done" if current.is_done else "it is now open")


class ChecklistItemForm(VersionedModelForm):
    class Meta:
        model = ChecklistItem
        fields = ["title", "guidance", "position", "active"]
        widgets = {"guidance": forms.Textarea(attrs={"rows": 2})}

    def clean_title(self):
        title = self.cleaned_data["title"]
        taken = ChecklistItem.objects.filter(partnership=self.instance.partnership, title=title)
        if taken.exclude(pk=self.instance.pk).exists():
            raise forms.ValidationError("The checklist already has this item.")
        return title


class HighlightReportForm(VersionedModelForm):
    class Meta:
        model = HighlightReport
        fields = [
            "rag",
            "summary",
            "achievements",
            "risks_and_issues",
            "risk_references",
            "decisions_required",
            "agenda_item",
        ]
        widgets = {
            "rag": forms.RadioSelect,
            "summary": forms.Textarea(attrs={"rows": 5}),
            "achievements": forms.Textarea(attrs={"rows": 4}),
            "risks_and_issues": forms.Textarea(attrs={"rows": 4}),
            "decisions_required": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, meeting, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["rag"].choices = Rag.choices
        items = access.agenda_for_user(user, meeting)
        linked = self.instance.agenda_item_id
        if linked is not None and not items.filter(pk=linked).exists():
            # Put under an item this writer may not see: the link stays as the secretary set it.
            del self.fields["agenda_item"]
        else:
            self.fields["agenda_item"].queryset = items
            self.fields["agenda_item"].label = "Agenda item"
        if not self.instance.pk and not self.is_bound:
            self.initial["version"] = 0

    def clean_version(self):
        # A form without a version was opened before the report existed: version 0, which no
        # stored report has, so whoever started it meanwhile is not overwritten.
        return self.cleaned_data["version"] or 0


class NextStepForm(Form):
    activity = forms.CharField(
        label="Activity and outcome", required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    by_when = forms.DateField(label="By when", required=False, widget=DateInput)

    def clean(self):
        cleaned = super().clean()
        activity, by_when = cleaned.get("activity"), cleaned.get("by_when")
        if activity and not by_when and "by_when" not in self.errors:
            self.add_error("by_when", "Give the date it will be done by.")
        if by_when and not activity:
            self.add_error("activity", "Describe the activity and its outcome.")
        return cleaned


NextStepFormSet = formset_factory(NextStepForm, extra=2, max_num=20, absolute_max=40)


class IndicatorForm(VersionedModelForm):
    class Meta:
        model = Indicator
        fields = [
            "name",
            "description",
            "owner",
            "unit",
            "target",
            "polarity",
            "tolerance",
            "frequency",
            "priority",
            "position",
        ]
        widgets = {"description": forms.Textarea(attrs={"rows": 2})}

    def __init__(self, *args, partnership, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["owner"].queryset = Person.objects.filter(partnership=partnership)
        self.fields["priority"].queryset = Priority.objects.filter(
            plan__partnership=partnership
        ).select_related("plan")
        self.fields["priority"].label_from_instance = lambda p: f"{p.plan.title}: {p}"

    def clean_name(self):
        name = self.cleaned_data["name"]
        taken = Indicator.objects.filter(partnership=self.instance.partnership, name__iexact=name)
        if taken.exclude(pk=self.instance.pk).exists():
            raise forms.ValidationError("An indicator with this name already exists.")
        return name


class IndicatorValueRowForm(Form):
    """One indicator's row of the values grid: left empty, nothing is stored for it.

    The row names its indicator and carries the value it showed, so it is saved against the right
    indicator whatever happened to the list meanwhile, and only if the user changed it.
    """

    indicator = forms.IntegerField(widget=forms.HiddenInput)
    value = forms.DecimalField(label="Value", required=False, max_digits=12, decimal_places=2)
    narrative = forms.CharField(
        label="Narrative", required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    shown_value = forms.DecimalField(
        required=False, max_digits=12, decimal_places=2, widget=forms.HiddenInput
    )
    shown_narrative = forms.CharField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args, indicators, **kwargs):
        super().__init__(*args, **kwargs)
        posted = str(self["indicator"].value())
        known = posted.isascii() and posted.isdigit()
        self.indicator = indicators.get(int(posted)) if known else None
        if self.indicator is not None:
            unit = f" ({self.indicator.unit})" if self.indicator.unit else ""
            self.fields["value"].label = f"Value for {self.indicator.name}{unit}"
            self.fields["narrative"].label = f"Narrative for {self.indicator.name}"

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("narrative") and cleaned.get("value") is None:
            self.add_error("value", "Give the value the narrative explains.")
        return cleaned


class BaseIndicatorValueFormSet(BaseFormSet):
    """The grid: a row for each indicator the user may enter values for."""

    def __init__(self, *args, indicators, **kwargs):
        self.indicators = {indicator.pk: indicator for indicator in indicators}
        super().__init__(*args, **kwargs)

    def get_form_kwargs(self, index):
        # Every row is an indicator's own, checked in full even when the formset would count it
        # as a new row left blank (a form sent with fewer initial rows than it shows).
        return {
            **super().get_form_kwargs(index),
            "indicators": self.indicators,
            "empty_permitted": False,
        }

    def clean(self):
        named = [form.indicator for form in self.forms]
        if not named or None in named or len(set(named)) != len(named):
            raise forms.ValidationError("The list of indicators changed: reload the page.")

    def show_conflict(self, current: dict) -> None:
        """Mark the rows someone else saved meanwhile (indicator id -> their stored value, or
        None), keeping what the user typed. Those rows now carry their value as the one shown,
        so saving again keeps the user's."""
        data = self.data.copy()
        for form in self.forms:
            if form.indicator.pk not in current:
                continue
            theirs = current[form.indicator.pk]
            data[form.add_prefix("shown_value")] = "" if theirs is None else str(theirs.value)
            data[form.add_prefix("shown_narrative")] = "" if theirs is None else theirs.narrative
            form.add_error("value", _their_value(form.indicator, theirs))
        for form in self.forms:
            form.data = data
        self.data = data
        self.non_form_errors().append(
            "Someone else saved values in this grid while you were editing it, so nothing was "
            "saved. Their values are shown beside yours: save again to keep yours, or cancel to "
            "keep theirs."
        )


def _their_value(indicator, theirs) -> str:
    if theirs is None:
        return "Someone else removed the value here."
    narrative = f' with the narrative "{theirs.narrative}"' if theirs.narrative else ""
    return f"Someone else saved {indicator.format(theirs.value)} here{narrative}."


IndicatorValueFormSet = formset_factory(
    IndicatorValueRowForm, formset=BaseIndicatorValueFormSet, extra=0, max_num=200
)


class ValuesImportForm(Form):
    file = forms.FileField(
        label="Spreadsheet (CSV or Excel)",
        help_text="Columns: Indicator, Period (e.g. 2023-10-01 or Q3 2023/24), Value, Narrative",
    )
    skip_bad = forms.BooleanField(
        label="Import the good rows and skip the bad ones",
        required=False,
        help_text="Otherwise nothing is imported while any row has a problem",
    )
