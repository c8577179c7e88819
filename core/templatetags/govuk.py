"""Template filters for what Django's own filters cannot write the GOV.UK way."""

from django import template

from core.dates import time_of_day as _time_of_day
from core.forms import forms_with_errors as _forms_with_errors

register = template.Library()


@register.filter
def time_of_day(value) -> str:
    """{{ meeting.starts_at|time_of_day }}: "10:30am", "2pm", "midday"."""
    return _time_of_day(value)


@register.simple_tag(takes_context=True)
def forms_with_errors(context, *forms) -> list:
    """{% forms_with_errors as failed_forms %}: every form on the page sent back with errors,
    for which the base template starts the title with "Error: " and shows the error summary.
    {% forms_with_errors card.form as failed_forms %}: only these forms (a form shown on its
    own, in a part of the page that htmx replaces)."""
    return _forms_with_errors(forms or context.flatten().values())
