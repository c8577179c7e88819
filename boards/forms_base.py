"""GOV.UK Frontend markup for every Django form in the project."""

from collections.abc import Callable, Iterable
from html import escape

from django import forms
from django.forms.models import ModelChoiceIterator
from django.forms.renderers import TemplatesSetting
from django.forms.utils import pretty_name
from django.forms.widgets import Input
from django.utils.safestring import mark_safe

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


# Option labels read straight from the database, for models whose lists of choices run long:
# model label -> (fields, label from their values). Each must match the model's __str__.
LEAN_LABELS = {
    "boards.person": (("name", "initials"), lambda name, initials: f"{name} ({initials})"),
    "boards.meeting": (
        ("board__short_name", "date"),
        lambda board, date: f"{board} {date:%d/%m/%Y}",
    ),
}


class LeanChoiceIterator(ModelChoiceIterator):
    """Choices as (pk, label) read with values_list: no model instance for each of 500 options."""

    def __iter__(self):
        if self.field.empty_label is not None:
            yield ("", self.field.empty_label)
        if getattr(self.field, "null_label", None) is not None:
            yield (self.field.null_value, self.field.null_label)
        label = LEAN_LABELS[self.queryset.model._meta.label_lower][1]
        rows = getattr(self.field, "choice_rows", None)
        for pk, *values in rows() if rows else lean_rows(self.queryset):
            yield (pk, label(*values))


def lean_rows(queryset):
    """The queryset as the rows LeanChoiceIterator labels: the pk, then its LEAN_LABELS fields."""
    fields = LEAN_LABELS[queryset.model._meta.label_lower][0]
    return queryset.values_list("pk", *fields)


def choices_from(field, rows: Callable[[], Iterable[tuple]]) -> None:
    """Read a lean-labelled field's options with `rows` (a prepared query of `lean_rows`)
    instead of compiling its queryset on every page: in the order of the queryset, which still
    checks the answer sent."""
    field.choice_rows = rows


class QuickOptions(list):
    """A select's options as (value, label, selected) rows, rendered by `_select` in one pass;
    iterated, they give the option dictionaries Django's own templates expect."""

    def __init__(self, rows, name: str, widget):
        super().__init__(rows)
        self.name, self.widget = name, widget

    def __iter__(self):
        widget = self.widget
        for index, (value, label, selected) in enumerate(super().__iter__()):
            yield {
                "name": self.name,
                "value": value,
                "label": label,
                "selected": selected,
                "index": str(index),
                "attrs": {"selected": True} if selected else {},
                "type": widget.input_type,
                "template_name": widget.option_template_name,
                "wrap_label": True,
            }


class QuickSelect(forms.Select):
    """A select whose options are plain rows: Django builds a full option context for each,
    which is most of the time a list of hundreds of people takes to show."""

    def optgroups(self, name, value, attrs=None):
        choices = list(iter(self.choices))  # iter(): no COUNT query for a length hint
        if any(isinstance(label, list | tuple) for _value, label in choices):
            return super().optgroups(name, value, attrs)
        chosen, found = set(value), False
        rows = []
        for option_value, label in choices:
            key = "" if option_value is None else str(option_value)
            selected = not found and key in chosen  # only the first match, as Django does
            found = found or selected
            rows.append((key, label, selected))
        return [(None, QuickOptions(rows, name, self), 0)]


def _quick(field) -> None:
    """Give a plain single select the QuickSelect widget, keeping everything the field set on it."""
    widget = field.widget
    if type(widget) is not forms.Select:
        return
    quick = QuickSelect(attrs=widget.attrs)
    quick.choices = widget.choices
    quick.is_required = widget.is_required
    quick.is_localized = widget.is_localized
    field.widget = quick


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


def _lean(field) -> None:
    """Use LeanChoiceIterator where a model choice field keeps its model's own labels."""
    if not isinstance(field, forms.ModelChoiceField) or field.queryset is None:
        return
    if field.queryset.model._meta.label_lower not in LEAN_LABELS:
        return
    if "label_from_instance" in vars(field) or (
        type(field).label_from_instance is not forms.ModelChoiceField.label_from_instance
    ):
        return
    field.iterator = LeanChoiceIterator
    field.widget.choices = field.choices


def _text(value) -> str:
    """conditional_escape without its lazy-string wrapping and SafeString per call: this runs for
    every attribute and option of every field."""
    return value.__html__() if hasattr(value, "__html__") else escape(str(value))


def _attrs(attrs: dict) -> str:
    """Django's widgets/attrs.html."""
    return "".join(
        f" {name}" if value is True else f' {name}="{_text(value)}"'
        for name, value in attrs.items()
        if value is not False and value is not None
    )


def _input(context) -> str:
    """Django's widgets/input.html, which every input widget includes."""
    widget = context["widget"]
    value = "" if widget["value"] is None else f' value="{_text(widget["value"])}"'
    attrs = _attrs(widget["attrs"])
    return f'<input type="{widget["type"]}" name="{_text(widget["name"])}"{value}{attrs}>'


def _textarea(context) -> str:
    widget = context["widget"]
    value = _text(widget["value"]) if widget["value"] else ""
    return f'<textarea name="{_text(widget["name"])}"{_attrs(widget["attrs"])}>\n{value}</textarea>'


def _select(context) -> str:
    """Django's widgets/select.html with its select_option.html for each of the options."""
    widget = context["widget"]
    out = [f'<select name="{_text(widget["name"])}"{_attrs(widget["attrs"])}>']
    for group_name, options, _index in widget["optgroups"]:
        if group_name:
            out.append(f'\n  <optgroup label="{_text(group_name)}">')
        if type(options) is QuickOptions:
            for value, label, selected in list.__iter__(options):
                value = value if value.isdigit() else _text(value)  # ids
                chosen = " selected" if selected else ""
                out.append(f'\n  <option value="{value}"{chosen}>{_text(label)}</option>')
        else:
            for option in options:
                value, attrs = option["value"], option["attrs"]
                value = value if type(value) is str and value.isdigit() else _text(value)  # ids
                out.append(
                    f'\n  <option value="{value}"{_attrs(attrs) if attrs else ""}>'
                    f"{_text(option['label'])}</option>"
                )
        if group_name:
            out.append("\n  </optgroup>")
    out.append("\n</select>")
    return "".join(out)


def _field(context) -> str | None:
    """forms/govuk_field.html for a single input, select or text area (others use the template)."""
    field = context["field"]
    if field.widget_type in {"checkbox", "checkboxselectmultiple", "radioselect"}:
        return None
    auto_id = _text(field.auto_id)
    errors = field.errors
    optional = "" if field.field.required else " (optional)"
    parts = [
        f'<div class="govuk-form-group{" govuk-form-group--error" if errors else ""}">\n',
        f'  <label class="govuk-label govuk-label--s" for="{auto_id}">{_text(field.label)}'
        f"{optional}</label>\n",
    ]
    if field.help_text:
        parts.append(
            f'  <div id="{auto_id}_helptext" class="govuk-hint">{_text(field.help_text)}</div>\n'
        )
    if errors:
        text = " ".join(_text(error) for error in errors)
        parts.append(
            f'  <p id="{auto_id}-error" class="govuk-error-message"><span '
            f'class="govuk-visually-hidden">Error:</span> {text}</p>\n'
        )
    parts.append(f"  {field}\n</div>\n")
    return "".join(parts)


_INPUTS = (
    "text",
    "number",
    "email",
    "url",
    "password",
    "hidden",
    "date",
    "time",
    "datetime",
    "search",
    "tel",
    "checkbox",
    "file",
    "input",
)
# Templates rendered in Python: the same markup, without a template render per field and widget,
# which is most of the cost of a page showing a form on every row.
_IN_PYTHON = {
    **{f"django/forms/widgets/{name}.html": _input for name in _INPUTS},
    "django/forms/widgets/textarea.html": _textarea,
    "django/forms/widgets/select.html": _select,
    "forms/govuk_field.html": _field,
}


class GovukRenderer(TemplatesSetting):
    form_template_name = "forms/govuk_form.html"
    field_template_name = "forms/govuk_field.html"

    def render(self, template_name, context, request=None):
        quick = _IN_PYTHON.get(template_name)
        html = quick(context) if quick else None
        if html is None:
            return super().render(template_name, context, request)
        return mark_safe(html)


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs=attrs, format="%Y-%m-%d")


class TimeInput(forms.TimeInput):
    input_type = "time"

    def __init__(self, attrs=None):
        super().__init__(attrs=attrs, format="%H:%M")


class GovukFormMixin:
    """Adds GOV.UK classes to widgets, and error classes and descriptions once validated."""

    default_renderer = GovukRenderer

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.is_bound:
            self.data = cleaned_input(self)
        for name, field in self.fields.items():
            _lean(field)
            _quick(field)
            _name_when_missing(field, name)
            _limit(field, name)
            widget = field.widget
            css = next(
                (c for kind, c in _WIDGET_CLASSES.items() if isinstance(widget, kind)),
                "govuk-input",
            )
            if isinstance(widget, forms.DateInput | forms.TimeInput):
                css += " govuk-input--width-10"
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
            error_id = f"{self[name].auto_id}-error"
            described = widget.attrs.get("aria-describedby", "")
            if error_id not in described:
                widget.attrs["aria-describedby"] = f"{described} {error_id}".strip()


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
