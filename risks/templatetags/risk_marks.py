"""A risk's band and trend as the register, cards and PDFs show them, always in words too.

Tags rather than included templates: a register page shows three of them on each of its rows.
The heat map is drawn in templates/risks/partials/heat_map.html.
"""

from django import template
from django.utils.html import escape, format_html
from django.utils.safestring import mark_safe

register = template.Library()

_TRENDS = {
    "up": ("app-trend app-trend--up", "▲", "Increasing"),
    "down": ("app-trend app-trend--down", "▼", "Decreasing"),
    "same": ("app-trend", "►", "No change"),
}


@register.simple_tag
def band(band, score):
    """The score with its band's colour swatch and name ("Unbanded" when it falls in none)."""
    # An f-string rather than format_html: two of these on every row of the register.
    score = escape(score)
    if not band:
        return mark_safe(f'<span class="app-band"><strong>{score}</strong> Unbanded</span>')
    label = escape(band.label)
    return mark_safe(
        '<span class="app-band"><svg class="app-band__swatch" viewBox="0 0 16 16" width="16" '
        f'height="16" aria-hidden="true" focusable="false"><title>{label} band colour</title>'
        f'<rect width="16" height="16" rx="2" fill="{escape(band.colour)}" stroke="#0b0c0c" '
        f'stroke-width="1"/></svg> <strong>{score}</strong> {label or "Unbanded"}</span>'
    )


@register.simple_tag
def trend(trend):
    if trend not in _TRENDS:
        return mark_safe('<span class="app-trend">Not reviewed yet</span>')
    css, arrow, words = _TRENDS[trend]
    return format_html(
        '<span class="{}"><span aria-hidden="true">{}</span> {}</span>', css, arrow, words
    )
