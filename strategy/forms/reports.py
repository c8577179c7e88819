"""Forms for highlight reports and the next steps they list."""

from django import forms
from django.forms import formset_factory

from boards import access
from boards.forms_base import Form, VersionedModelForm
from core.forms import DateField

from ..models import HighlightReport, Rag


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
    by_when = DateField(label="By when", required=False)

    def clean(self):
        cleaned = super().clean()
        activity, by_when = cleaned.get("activity"), cleaned.get("by_when")
        if activity and not by_when and "by_when" not in self.errors:
            self.add_error("by_when", "Give the date it will be done by.")
        if by_when and not activity:
            self.add_error("activity", "Describe the activity and its outcome.")
        return cleaned


NextStepFormSet = formset_factory(NextStepForm, extra=2, max_num=20, absolute_max=40)
