"""The risk register as a table (CSV, Excel) and as a printed document (PDF, meeting pack)."""

import datetime

from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.html import format_html

from boards.models import Board

from . import selectors
from .models import Risk, RiskMatrix

HEADERS = [
    "Reference",
    "Board",
    "Priority area",
    "Title",
    "Description",
    "Cause",
    "Effect",
    "Owner",
    "Category",
    "Date raised",
    "Status",
    "Controls in place",
    "Mitigating actions",
    "Inherent likelihood",
    "Inherent impact",
    "Inherent score",
    "Current likelihood",
    "Current impact",
    "Current score",
    "Band",
    "Target likelihood",
    "Target impact",
    "Target score",
    "Trend",
    "Next review",
    "Escalated to",
    "Escalated on",
    "Escalation reason",
]


def _date(value: datetime.date | None) -> str:
    return value.strftime("%d/%m/%Y") if value else ""


def table_rows(risks: list[Risk]) -> list[list]:
    """One row per risk in the columns of HEADERS; risks come with bands (see with_bands)."""
    return [
        [
            risk.reference,
            risk.board.short_name,
            risk.priority_area,
            risk.title,
            risk.description,
            risk.cause,
            risk.effect,
            risk.owner.initials if risk.owner else "",
            risk.get_category_display() if risk.category else "",
            _date(risk.raised_on),
            risk.get_status_display(),
            risk.controls,
            ", ".join(action.reference for action in risk.mitigating_actions.all()),
            risk.inherent_likelihood,
            risk.inherent_impact,
            risk.inherent_score,
            risk.current_likelihood,
            risk.current_impact,
            risk.current_score,
            risk.current_band.label if risk.current_band else "",
            risk.target_likelihood,
            risk.target_impact,
            risk.target_score,
            {"up": "Increasing", "down": "Decreasing", "same": "No change"}.get(risk.trend, ""),
            _date(risk.review_date),
            risk.escalated_to.short_name if risk.escalated_to else "",
            _date(risk.escalated_on),
            risk.escalation_reason,
        ]
        for risk in risks
    ]


def register_body_context(*, risks, matrix: RiskMatrix, heading: str, board: Board | None):
    """What the body-only register partial needs: shared by the PDF and the meeting pack."""
    rows = selectors.with_bands(risks.prefetch_related("mitigating_actions"), matrix)
    heat = selectors.heat_map(risks, matrix)
    return {
        "heading": heading,
        "board": board,
        "rows": rows,
        "band_counts": selectors.band_counts(heat, matrix),
        "heat": heat,
        "printed_on": timezone.localdate(),
    }


def register_body(**kwargs) -> str:
    return render_to_string("risks/pdf/partials/register.html", register_body_context(**kwargs))


def pack_section(meeting, item, public: bool) -> str | None:
    """The risk log standing item of a meeting pack: the board's live register with its map."""
    if item.standing != "risk_log" or (public and item.confidential):
        return None
    board = meeting.board
    risks = (
        selectors.register_queryset([board])
        .exclude(status=Risk.Status.CLOSED)
        .order_by("board__short_name", "number")
    )
    body = register_body(
        risks=risks,
        matrix=RiskMatrix.for_partnership(board.partnership),
        heading=f"{item.position}. Risk register – {board.short_name}",
        board=board,
    )
    # Its columns need the width of a landscape page, as in the register's own PDF.
    return format_html('<div class="pack-landscape">{}</div>', body)
