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
def forms_with_errors(context) -> list:
    """Every form on the page that was sent back with errors: the base template starts the
    title with "Error: " and shows the error summary for them."""
    return _forms_with_errors(context.flatten().values())
