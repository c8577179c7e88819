"""An action's due date and status as every list shows them, overdue always in words too.

Tags rather than included templates: the log and "My actions" show both on each of their rows.
"""

from django import template
from django.template.defaultfilters import pluralize
from django.utils.html import escape, format_html
from django.utils.safestring import mark_safe

from core.dates import short_date_text

from ..models import DUE_SOON_DAYS

register = template.Library()

_STATUS_TAGS = {
    "closed": ("govuk-tag--grey", "Closed"),
    "superseded": ("govuk-tag--grey", "Closed and replaced"),
    "proposed_closure": ("govuk-tag--yellow", "Proposed for closure"),
}


def short_due(action) -> str:
    """ "30 Jun 2025", or "June 2025" for an action due in a month: the log's narrow column."""
    if action.due_precision == action.DuePrecision.MONTH:
        return action.due_display
    return short_date_text(action.due_date)


@register.simple_tag
def due(action):
    """The due date, "Overdue by N days" or "Due soon", and the slippage once it was revised."""
    # Built as one string: dates and numbers need no escaping, and format_html per part was
    # most of the time a page of rows spends on this column.
    html = f'<span class="app-nowrap">{short_due(action)}</span>' if action.due_date else "Not set"
    past = action.days_past_due()  # the three questions below from one look at the calendar
    if past is not None and past > 0:
        html += f'<br><span class="app-overdue">Overdue by {past} day{pluralize(past)}</span>'
    elif past is not None and past >= -DUE_SOON_DAYS:
        html += "<br><strong>Due soon</strong>"
    if getattr(action, "revisions", None):
        html += f'<br><span class="govuk-body-s">{escape(action.slippage)}</span>'
    return mark_safe(html)


@register.simple_tag
def status(action):
    colour, words = _STATUS_TAGS.get(action.status, ("govuk-tag--blue", "Open"))
    return format_html('<strong class="govuk-tag {}">{}</strong>', colour, words)
