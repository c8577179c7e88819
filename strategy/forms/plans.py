"""Forms for plans, their priorities and actions, and their governance: versions, the
sign-off pathway and the checklist. They validate, the services write."""

from django import forms

from boards import access
from boards.access import Need
from boards.forms_base import Form, ModelForm, VersionedModelForm, VersionField
from boards.models import Board, Person
from core.concurrency import keep_entered
from core.forms import DateField

from ..models import (
    ChecklistItem,
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
        field_classes = {
            "period_start": DateField,
            "period_end": DateField,
            "published_on": DateField,
        }

    def __init__(self, *args, partnership, user, **kwargs):
        super().__init__(*args, **kwargs)
        boards = access.boards_visible_to(user, Need.EDIT).filter(partnership=partnership)
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
        widgets = {"text": forms.Textarea(attrs={"rows": 3})}
        field_classes = {"due_date": DateField}

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
    new_date = DateField(label="New due date")
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
    written_on = DateField(label="Date")
    text = forms.CharField(label="Progress", widget=forms.Textarea(attrs={"rows": 4}))


class StrategyVersionForm(ModelForm):
    class Meta:
        model = StrategyVersion
        fields = ["number", "issued_on", "change_summary", "document"]
        field_classes = {"issued_on": DateField}
        widgets = {"change_summary": forms.Textarea(attrs={"rows": 3})}

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
        field_classes = {"planned_on": DateField, "actual_on": DateField}
        widgets = {
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
