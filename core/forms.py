"""Form rendering and the GOV.UK date and time inputs every app's forms use.

Forms render through Django's form templates (templates/forms/): FORM_RENDERER in settings is
`GovukFormRenderer`, whose form and field templates write GOV.UK Frontend markup.

A date is typed in day, month and year boxes (GOV.UK's date input pattern); a month-only date
in month and year boxes. A time is typed in one box as "10:30", "10.30", "10:30am" or "2pm".
"""

import calendar
import contextlib
import datetime
import re
from collections.abc import Iterable

import django_filters
from django import forms
from django.core.exceptions import ValidationError
from django.forms import BoundField
from django.forms.formsets import BaseFormSet
from django.forms.renderers import TemplatesSetting

from core.dates import time_of_day


class ConditionalCharField(forms.CharField):
    """Text needed only with another answer (the reason for a new due date): not required on
    its own, yet not labelled "(optional)"; the form's clean() says when it is missing."""

    conditional = True


class GovukFormRenderer(TemplatesSetting):
    form_template_name = "forms/govuk_form.html"
    field_template_name = "forms/govuk_field.html"


def forms_with_errors(values: Iterable) -> list:
    """The forms among `values` (forms, formsets' forms, filters' forms) sent back with
    errors."""
    found = []
    for value in values:
        if isinstance(value, django_filters.FilterSet):
            value = value.form
        if any(value is form for form in found):
            continue
        if isinstance(value, forms.BaseForm) and value.is_bound and value.errors:
            found.append(value)
        elif isinstance(value, BaseFormSet) and value.is_bound and not value.is_valid():
            found.extend(form for form in value.forms if form.errors)
            if value.non_form_errors():
                found.append(value)
    return found


_MONTH_NAMES = {
    name.lower(): number
    for number in range(1, 13)
    for name in (calendar.month_name[number], calendar.month_abbr[number])
}
_PART_NAMES = {"day": "a day", "month": "a month", "year": "a year"}


def _number(text: str, part: str) -> int | None:
    text = text.strip()
    if part == "month" and text.lower() in _MONTH_NAMES:
        return _MONTH_NAMES[text.lower()]
    return int(text) if text.isascii() and text.isdigit() and len(text) <= 4 else None


def date_problem(typed: dict[str, str], label: str) -> tuple[str, tuple[str, ...]] | None:
    """What is wrong with a date typed in parts ({"day": "31", "month": "2", "year": "2027"}),
    as the message GOV.UK's pattern gives and the parts to highlight; None when it is a real
    date, or nothing was typed (a required field then says "Enter ...")."""
    typed = {part: (text or "").strip() for part, text in typed.items()}
    if not any(typed.values()):
        return None
    missing = tuple(part for part, text in typed.items() if not text)
    if missing:
        names = " and ".join(_PART_NAMES[part] for part in missing)
        return f"{label} must include {names}", missing
    numbers = {part: _number(text, part) for part, text in typed.items()}
    year = numbers["year"]
    if year is None or len(typed["year"]) != 4:
        return "Year must include 4 numbers", ("year",)
    month = numbers["month"]
    if month is None or not 1 <= month <= 12:
        return f"{label} must be a real date", ("month",)
    if "day" in numbers:
        day = numbers["day"]
        if day is None or not 1 <= day <= calendar.monthrange(year, month)[1]:
            return f"{label} must be a real date", ("day",)
    return None


class DateInput(forms.MultiWidget):
    """GOV.UK's date input: a box each for the day, month and year (`parts`)."""

    template_name = "forms/widgets/date_input.html"
    use_fieldset = True
    widths = {"day": 2, "month": 2, "year": 4}

    def __init__(self, attrs=None, parts=("day", "month", "year")):
        self.parts = parts
        boxes = {part: forms.TextInput(attrs={"inputmode": "numeric"}) for part in parts}
        super().__init__(boxes, attrs)

    def value_from_datadict(self, data, files, name):
        # A date sent whole ("2027-01-07", "07/01/2027": a script, or a page opened before the
        # boxes came) is read as one, by DateField's input formats.
        if name in data and not any(f"{name}_{part}" in data for part in self.parts):
            return data[name]
        return super().value_from_datadict(data, files, name)

    def value_omitted_from_data(self, data, files, name):
        return name not in data and super().value_omitted_from_data(data, files, name)

    def decompress(self, value):
        if isinstance(value, str):
            with contextlib.suppress(ValueError):
                value = datetime.date.fromisoformat(value)
        if isinstance(value, datetime.date):
            numbers = {"day": value.day, "month": value.month, "year": value.year}
            return [str(numbers[part]) for part in self.parts]
        return [None] * len(self.parts)

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        box_id = context["widget"]["attrs"].get("id")
        typed = dict(zip(self.parts, value, strict=True)) if isinstance(value, list) else {}
        problem = date_problem(typed, "")
        # A problem with one part marks only that box; any other error (a date out of range,
        # or before the start) marks them all.
        wrong = problem[1] if problem else self.parts if attrs.get("aria-invalid") else ()
        for part, box in zip(self.parts, context["widget"]["subwidgets"], strict=True):
            classes = f"govuk-input govuk-date-input__input govuk-input--width-{self.widths[part]}"
            box["attrs"].pop("aria-invalid", None)
            if part in wrong:
                classes += " govuk-input--error"
                box["attrs"]["aria-invalid"] = "true"
            box["attrs"]["class"] = classes
            if box_id:
                box["attrs"]["id"] = f"{box_id}_{part}"
            box["part"] = part.capitalize()
        return context

    def id_for_label(self, id_):
        return f"{id_}_{self.parts[0]}" if id_ else id_


class DateBoundField(BoundField):
    @property
    def id_for_label(self):
        """The box the error summary links to: the first wrong one, else the first."""
        if not self.auto_id:
            return ""
        value = self.data if self.form.is_bound else None
        return f"{self.auto_id}_{self.field.first_wrong_part(value)}"


class DateField(forms.DateField):
    """A date typed in GOV.UK's day, month and year boxes, with the pattern's error messages
    ("Due date must include a year", "Due date must be a real date")."""

    widget = DateInput
    bound_field_class = DateBoundField
    example = "For example, 27 3 2027"

    def __init__(self, *, help_text="", **kwargs):
        super().__init__(help_text=help_text or self.example, **kwargs)

    def to_python(self, value):
        if not isinstance(value, list | tuple):
            return super().to_python(value)
        typed = dict(zip(self.widget.parts, value, strict=True))
        if not any((text or "").strip() for text in typed.values()):
            return None
        problem = date_problem(typed, str(self.label or "Date"))
        if problem:
            raise ValidationError(problem[0], code="invalid")
        numbers = {part: _number(text, part) for part, text in typed.items()}
        return datetime.date(numbers["year"], numbers["month"], numbers.get("day", 1))

    def first_wrong_part(self, value) -> str:
        """The part the error summary links to: the first wrong box, else the first box."""
        if isinstance(value, list | tuple):
            problem = date_problem(dict(zip(self.widget.parts, value, strict=True)), "")
            if problem:
                return problem[1][0]
        return self.widget.parts[0]


class MonthField(DateField):
    """A month typed in month and year boxes; the date is its first day."""

    widget = DateInput(parts=("month", "year"))
    example = "For example, 3 2027"


_TIME = re.compile(r"(\d{1,2})(?:[:.](\d{2})(?::\d{2})?)?\s*(?:([ap])\.?\s*m?\.?)?", re.IGNORECASE)


def parse_time(text: str) -> datetime.time | None:
    """ "10:30", "10.30", "10:30am", "10:30 am", "2pm", "2 p.m.", "14:00"; None when it is none
    of these, or not a real time."""
    text = text.strip()
    found = _TIME.fullmatch(text) if len(text) <= 12 else None
    if not found:
        return None
    hour, minute, half = int(found[1]), int(found[2] or 0), (found[3] or "").lower()
    if not half and found[2] is None:
        return None  # "10" alone could be morning or evening
    if half:
        if not 1 <= hour <= 12:
            return None
        hour = hour % 12 + (12 if half == "p" else 0)
    if hour > 23 or minute > 59:
        return None
    return datetime.time(hour, minute)


class TimeInput(forms.TextInput):
    def __init__(self, attrs=None):
        super().__init__({"class": "govuk-input--width-5", "autocomplete": "off", **(attrs or {})})

    def format_value(self, value):
        if isinstance(value, datetime.time):
            return time_of_day(value).replace("midday", "12pm").replace("midnight", "12am")
        return super().format_value(value)


class TimeField(forms.TimeField):
    """A time typed as "10:30", "10.30", "10:30am" or "2pm"."""

    widget = TimeInput

    def __init__(self, *, help_text="", **kwargs):
        super().__init__(help_text=help_text or "For example, 10:30 or 2pm", **kwargs)

    def to_python(self, value):
        if value in self.empty_values:
            return None
        if isinstance(value, datetime.time):
            return value
        parsed = parse_time(str(value))
        if parsed is None:
            label = str(self.label or "Time")
            raise ValidationError(f"{label} must be a real time, like 10:30 or 2pm", code="invalid")
        return parsed
