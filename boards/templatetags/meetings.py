from django import template

from .. import access, selectors
from ..minutes_text import minutes_html

register = template.Library()


@register.filter(name="minutes_html")
def minutes_html_filter(text):
    """Stored minutes text as safe HTML: paragraphs, bullet lists, bold and links only."""
    return minutes_html(text or "")


@register.inclusion_tag("boards/meetings/board_section.html", takes_context=True)
def board_meetings(context, board):
    """The "Meetings" section of a board page, for those who may read the board's meetings."""
    user = context["request"].user
    if not access.can(user, board, "view"):
        return {"show": False}
    return {
        "show": True,
        "board": board,
        "meetings": selectors.board_meetings(board, past_limit=3),
        "can_edit": access.can(user, board, "edit"),
    }


@register.filter
def clock(value):
    """A time as the minutes write it in a heading: 10am, 12pm, 2.30pm."""
    if not value:
        return ""
    hour = value.hour % 12 or 12
    minutes = f".{value.minute:02d}" if value.minute else ""
    return f"{hour}{minutes}{'am' if value.hour < 12 else 'pm'}"
