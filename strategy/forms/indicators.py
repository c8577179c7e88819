"""Forms for indicators and their values, entered in a grid or imported from a spreadsheet."""

from django import forms
from django.forms import BaseFormSet, formset_factory

from boards.forms_base import Form, VersionedModelForm
from boards.models import Person

from ..models import Indicator, Priority


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
