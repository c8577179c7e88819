from django import template

from ..minutes_text import minutes_html

register = template.Library()


@register.filter(name="minutes_html")
def minutes_html_filter(text):
    """Stored minutes text as safe HTML: paragraphs, bullet lists, bold and links only."""
    return minutes_html(text or "")
