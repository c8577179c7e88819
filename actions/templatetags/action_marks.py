"""An action's due date and status as every list shows them, overdue always in words too.

Tags rather than included templates: the log and "My actions" show both on each of their rows.
"""

from django import template
from django.template.defaultfilters import pluralize
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe

register = template.Library()

_STATUS_TAGS = {
    "closed": ("govuk-tag--grey", "Closed"),
    "superseded": ("govuk-tag--grey", "Closed and replaced"),
    "proposed_closure": ("govuk-tag--yellow", "Proposed for closure"),
}


@register.simple_tag
def due(action):
    """The due date, "Overdue by N days" or "Due soon", and the slippage once it was revised."""
    parts = [
        format_html('<span class="app-nowrap">{}</span>', f"{action.due_date:%d/%m/%Y}")
        if action.due_date
        else mark_safe("Not set")
    ]
    if action.is_overdue:
        late = action.days_late
        parts.append(
            format_html(
                '<br><span class="app-overdue">Overdue by {} day{}</span>', late, pluralize(late)
            )
        )
    elif action.is_due_soon:
        parts.append(mark_safe("<br><strong>Due soon</strong>"))
    if getattr(action, "revisions", None):
        parts.append(format_html('<br><span class="govuk-body-s">{}</span>', action.slippage))
    return format_html_join("", "{}", ((part,) for part in parts))


@register.simple_tag
def status(action):
    colour, words = _STATUS_TAGS.get(action.status, ("govuk-tag--blue", "Open"))
    return format_html('<strong class="govuk-tag {}">{}</strong>', colour, words)
