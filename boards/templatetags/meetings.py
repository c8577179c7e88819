from django import template

from ..minutes_text import minutes_html

register = template.Library()


@register.filter(name="minutes_html")
def minutes_html_filter(text):
    """Stored minutes text as safe HTML: paragraphs, bullet lists, bold and links only."""
    return minutes_html(text or "")


@register.filter
def clock(value):
    """A time as the minutes write it in a heading: 10am, 12pm, 2.30pm."""
    if not value:
        return ""
    hour = value.hour % 12 or 12
    minutes = f".{value.minute:02d}" if value.minute else ""
    return f"{hour}{minutes}{'am' if value.hour < 12 else 'pm'}"
