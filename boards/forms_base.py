"""The base classes of every form in the project: GOV.UK classes on the widgets (the markup
around them is in Django's form templates, templates/forms/), errors that say which answer is
missing, text cleaned on the way in, and the version an edit started from."""

from django import forms
from django.forms.utils import pretty_name
from django.forms.widgets import Input

from core.inputs import clean_text, validate_date_range

_WIDGET_CLASSES = {
    forms.Textarea: "govuk-textarea",
    forms.Select: "govuk-select",
    forms.SelectMultiple: "govuk-select",
    forms.CheckboxInput: "govuk-checkboxes__input",
    forms.CheckboxSelectMultiple: "govuk-checkboxes__input",
    forms.RadioSelect: "govuk-radios__input",
    forms.ClearableFileInput: "govuk-file-upload",
    forms.FileInput: "govuk-file-upload",
}
_ERROR_CLASSES = {
    "govuk-input": "govuk-input--error",
    "govuk-textarea": "govuk-textarea--error",
    "govuk-select": "govuk-select--error",
    "govuk-file-upload": "govuk-file-upload--error",
}


_REQUIRED = forms.Field.default_error_messages["required"]


def _name_when_missing(field, name: str) -> None:
    """Say which answer is missing ("Enter the title"), not Django's "This field is required.":
    the error summary lists the messages away from their fields."""
    if field.error_messages.get("required") != _REQUIRED:
        return
    label = str(field.label or pretty_name(name))
    if label.endswith("?"):
        field.error_messages = {**field.error_messages, "required": f"Answer: {label}"}
        return
    label = label[0].lower() + label[1:] if label[1:2].islower() else label
    chosen = isinstance(field, forms.ChoiceField | forms.ModelChoiceField)
    verb = "Choose" if chosen or isinstance(field.widget, forms.FileInput) else "Enter"
    field.error_messages = {**field.error_messages, "required": f"{verb} the {label}"}


def _limit(field, name: str) -> None:
    """Dates within the range the app accepts; text too long for its column refused with a
    message that says how long it may be."""
    if isinstance(field, forms.DateField | forms.DateTimeField):
        if validate_date_range not in field.validators:
            field.validators.append(validate_date_range)
    elif isinstance(field, forms.CharField) and field.max_length:
        label = str(field.label or pretty_name(name)).replace("%", "%%")
        field.error_messages = {
            "max_length": f"{label} must be {field.max_length:,} characters or fewer "
            "(it has %(show_value)d)",
            **field.error_messages,
        }


def _one_line(field) -> bool:
    widget = field.widget
    return (
        isinstance(field, forms.CharField)
        and isinstance(widget, Input)
        and not isinstance(widget, forms.HiddenInput | forms.PasswordInput | forms.FileInput)
    )


def cleaned_input(form):
    """The form's posted data with every text made one that every output can hold (see
    core.inputs): the data itself when nothing needed it, else a copy. Passwords are left as
    typed."""
    data = form.data
    own = f"{form.prefix}-" if form.prefix else ""
    single_line, secret = set(), set()
    for name, field in form.fields.items():
        if isinstance(field.widget, forms.PasswordInput):
            secret.add(form.add_prefix(name))
        elif _one_line(field):
            single_line.add(form.add_prefix(name))
    multi = hasattr(data, "getlist")  # a QueryDict, or a plain dict
    changed = {}
    for key in data:
        if key.startswith(own) and key not in secret:
            values = data.getlist(key) if multi else data[key]
            cleaned = _cleaned(values, single_line=key in single_line)
            if cleaned != values:
                changed[key] = cleaned
    if not changed:
        return data
    data = data.copy()
    for key, values in changed.items():
        if multi:
            data.setlist(key, values)
        else:
            data[key] = values
    return data


def _cleaned(value, *, single_line: bool):
    if isinstance(value, str):
        return clean_text(value, single_line=single_line)
    if isinstance(value, list | tuple):
        return [_cleaned(item, single_line=single_line) for item in value]
    return value


class GovukFormMixin:
    """Adds GOV.UK classes to widgets, and error classes and descriptions once validated."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.is_bound:
            self.data = cleaned_input(self)
        for name, field in self.fields.items():
            _name_when_missing(field, name)
            _limit(field, name)
            widget = field.widget
            css = next(
                (c for kind, c in _WIDGET_CLASSES.items() if isinstance(widget, kind)),
                "govuk-input",
            )
            widget.attrs["class"] = f"{widget.attrs.get('class', '')} {css}".strip()

    def full_clean(self):
        super().full_clean()
        # A hidden field has no place on the page to show its error (a missing version, say):
        # it is said for the whole form, which every template shows.
        hidden = [name for name in self.errors if name in self.fields and self[name].is_hidden]
        for name in hidden:
            for error in self.errors.pop(name):
                self.add_error(None, error)
        for name in self.errors:
            if name not in self.fields:
                continue
            widget = self.fields[name].widget
            classes = widget.attrs.get("class", "").split()
            extra = [_ERROR_CLASSES[c] for c in classes if c in _ERROR_CLASSES]
            widget.attrs["class"] = " ".join(classes + extra)


class Form(GovukFormMixin, forms.Form):
    pass


class ModelForm(GovukFormMixin, forms.ModelForm):
    pass


OUT_OF_DATE = (
    "This page is out of date, so nothing was saved: reload it and make your change again."
)


class VersionField(forms.IntegerField):
    """The version of the record the page showed. Every edit sends it back: an edit without it
    could overwrite someone else's change unseen, so it is refused."""

    widget = forms.HiddenInput
    default_error_messages = {
        "required": OUT_OF_DATE,
        "invalid": OUT_OF_DATE,
        "min_value": OUT_OF_DATE,
        "max_value": OUT_OF_DATE,
    }

    def __init__(self, **kwargs):
        super().__init__(min_value=0, max_value=2**31 - 1, **kwargs)


class VersionedModelForm(ModelForm):
    """Carries the version the user started from, so a concurrent change is caught on save."""

    version = VersionField()

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Only an edit has a version to check; a new record has none yet.
        self.fields["version"].required = bool(self.instance.pk)
        if self.instance.pk and not self.is_bound:
            self.initial["version"] = self.instance.version
