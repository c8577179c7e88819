"""What the risk register adds to boards' pages: the board page summary and a meeting's risk log."""

from django.http import QueryDict
from django.urls import reverse

from boards import access

from . import selectors
from .forms import ReviewForm
from .models import RiskMatrix


def board_section(request, board):
    """The board page: counts per band and the heat map, linked to the register."""
    if not access.can(request.user, board, "view"):
        return None
    matrix = RiskMatrix.for_partnership(board.partnership)
    risks = selectors.register_queryset([board]).exclude(status="closed")
    register = reverse("risks:board_register", args=[board.partnership.slug, board.slug])
    query = QueryDict(mutable=True)
    return {
        "template": "risks/partials/board_section.html",
        "context": {
            "register_url": register,
            "band_counts": selectors.band_counts(risks, matrix),
            "heat": selectors.heat_map(risks, matrix, query=query, base=register),
            "can_add": access.can(request.user, board, "edit"),
        },
    }


def _me(request, meeting):
    """The user's own person record, the default reviewer; looked up once per request."""
    if not hasattr(request, "_risk_reviewer"):
        request._risk_reviewer = (
            access.people_of(request.user)
            .filter(partnership_id=meeting.board.partnership_id)
            .first()
        )
    return request._risk_reviewer


def risk_log_card(request, meeting, risk, *, reviewed_ids, matrix, form=None) -> dict:
    [risk] = selectors.with_bands([risk], matrix)
    if form is None and access.can(request.user, meeting.board, "edit"):
        form = ReviewForm(
            risk=risk,
            with_meeting=False,
            prefix=f"risk-{risk.pk}",
            reviewed_on=meeting.date,
            reviewer=_me(request, meeting),
        )
    return {"risk": risk, "reviewed": risk.pk in reviewed_ids, "form": form}


def risk_log_cards(request, meeting) -> list[dict]:
    """Each risk due for review at the meeting (or reviewed at it), with its review form."""
    matrix = RiskMatrix.for_partnership(meeting.board.partnership)
    reviewed_ids = selectors.reviewed_ids(meeting)
    return [
        risk_log_card(request, meeting, risk, reviewed_ids=reviewed_ids, matrix=matrix)
        for risk in selectors.risk_log(meeting)
    ]


def meeting_section(request, meeting, item):
    return {
        "template": "risks/partials/risk_log.html",
        "context": {"meeting": meeting, "cards": risk_log_cards(request, meeting)},
    }
