"""A risk's band and trend as the register, cards and PDFs show them, always in words too.

Tags rather than included templates: a register page shows three of them on each of its rows.
"""

from django import template
from django.template.defaultfilters import pluralize
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


def _cell_label(cell) -> str:
    label = cell.band.label if cell.band else ""
    return f"({cell.score} {label})"


@register.simple_tag
def heat_map_svg(heat, links=False, heat_id=""):
    """The 5×5 heat map as an SVG; with `links`, each square with risks opens them."""
    heat_id = heat_id or "heat-map"
    total = heat.total
    out = [
        format_html(
            '<svg class="app-heat-map__svg" viewBox="0 0 480 430" width="480" height="430" '
            'xmlns="http://www.w3.org/2000/svg" font-family="system-ui, -apple-system, Segoe UI, '
            'Arial, sans-serif" role="group" aria-labelledby="{}-title">\n'
            '    <title id="{}-title">Heat map of current risk scores: {} risk{} by likelihood and '
            "impact</title>\n"
            '    <text x="14" y="185" transform="rotate(-90 14 185)" text-anchor="middle" '
            'font-size="15" font-weight="bold" fill="#0b0c0c" aria-hidden="true">Impact</text>',
            heat_id,
            heat_id,
            total,
            pluralize(total),
        )
    ]
    # Squares written as f-strings, escaping only what comes from the database or the address:
    # format_html per square escaped a dozen numbers each, 25 times per map.
    for y, row in enumerate(heat.rows):
        for x, cell in enumerate(row.cells):
            count, band = cell.count, cell.band
            linked = links and count
            fill = escape((band.colour if band else "") or "#b1b4b6")
            ink = escape(((band.text_colour if band else "") or "#0b0c0c") if count else "#0b0c0c")
            square = (
                f"<g{'' if linked else ' aria-hidden="true"'}>"
                f'<rect x="{x * 70 + 120}" y="{y * 70 + 6}" width="68" height="68" rx="3" '
                f'fill="{fill}"{"" if count else ' fill-opacity="0.35"'} stroke="#0b0c0c" '
                f'stroke-width="{"2" if count else "0.5"}"/><text x="{x * 70 + 154}" '
                f'y="{y * 70 + 50}" text-anchor="middle" font-size="26" font-weight="bold" '
                f'fill="{ink}">{count or ""}</text></g>'
            )
            if linked:
                label = escape(band.label) if band else ""
                square = (
                    f'<a href="{escape(cell.url)}" aria-label="Likelihood {cell.likelihood}, '
                    f"impact {cell.impact}, score {cell.score} {label}: {count} "
                    f'risk{pluralize(count)}">{square}</a>'
                )
            out.append(f"\n    {square}")
    axis = [
        format_html(
            '<text x="114" y="{}" text-anchor="end"><tspan font-weight="bold">{}</tspan> {}</text>',
            n * 70 + 38,
            number,
            word,
        )
        for n, (number, word) in enumerate(heat.impacts)
    ]
    axis += [
        format_html(
            '<text x="{}" y="372" text-anchor="middle" font-weight="bold">{}</text>'
            '<text x="{}" y="388" text-anchor="middle">{}</text>',
            n * 70 + 154,
            number,
            n * 70 + 154,
            word,
        )
        for n, (number, word) in enumerate(heat.likelihoods)
    ]
    out.append(
        format_html(
            '\n    <g aria-hidden="true" font-size="12" fill="#0b0c0c">{}'
            '<text x="295" y="418" text-anchor="middle" font-size="15" font-weight="bold">'
            "Likelihood</text></g>\n  </svg>",
            mark_safe("".join(axis)),
        )
    )
    return mark_safe("".join(out))


@register.simple_tag
def heat_table_rows(heat, links=False):
    """The body rows of the heat map's table alternative."""
    rows = []
    for row in heat.rows:
        cells = []
        for cell in row.cells:
            count = (
                format_html('<a class="govuk-link" href="{}">{}</a>', cell.url, cell.count)
                if links and cell.count
                else cell.count
            )
            cells.append(
                format_html(
                    '<td class="govuk-table__cell govuk-table__cell--numeric">{} '
                    '<span class="govuk-body-s">{}</span></td>',
                    count,
                    _cell_label(cell),
                )
            )
        rows.append(
            format_html(
                '<tr class="govuk-table__row"><th scope="row" class="govuk-table__header">'
                "Impact {} ({})</th>{}</tr>",
                row.impact,
                row.word,
                mark_safe("".join(cells)),
            )
        )
    return mark_safe("\n".join(rows))
