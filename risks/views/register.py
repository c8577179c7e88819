"""The risk register of a board (with the risks escalated to it) and of the whole partnership."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.views.decorators.http import require_GET

from boards import access, breadcrumbs
from boards.access import Need
from core.paging import page_of

from .. import selectors
from ..models import RiskMatrix


def register_context(request, *, partnership, boards, board=None) -> dict:
    """Everything the register page and its exports show, with the filters of the request."""
    matrix = RiskMatrix.for_partnership(partnership)
    filterset = selectors.RiskFilter(
        request.GET,
        queryset=selectors.register_queryset(boards),
        matrix=matrix,
        partnership=partnership,
        boards=None if board else boards,
    )
    risks = filterset.qs
    query = request.GET.copy()
    query.pop("page", None)
    heat = selectors.heat_map(risks, matrix, query=query)
    cell = None
    if query.get("likelihood") or query.get("impact"):
        every_cell = query.copy()
        every_cell.pop("likelihood", None)
        every_cell.pop("impact", None)
        cell = {
            "likelihood": filterset.form.cleaned_data.get("likelihood"),
            "impact": filterset.form.cleaned_data.get("impact"),
            "clear_url": f"?{every_cell.urlencode()}",
        }
    return {
        "cell": cell,
        "partnership": partnership,
        "board": board,
        "breadcrumbs": breadcrumbs.to_board(board)
        if board
        else breadcrumbs.to_partnership(partnership),
        "matrix": matrix,
        "filter": filterset,
        "risks": risks,
        "band_counts": selectors.band_counts(heat, matrix),
        "heat": heat,
        "query": query.urlencode(),
    }


def _render_register(request, context):
    columns = selectors.register_page_columns(selectors.register_rows())
    page = page_of(request, context["risks"], 25, columns=columns)
    context["page"] = page
    context["rows"] = selectors.with_bands(page.object_list, context["matrix"])
    board = context["board"]
    context["can_add"] = board is not None and access.can(request.access, board, Need.EDIT)
    context["can_manage"] = access.can_manage_partnership(request.access, context["partnership"])
    return render(request, "risks/register.html", context)


@login_required
@require_GET
def board_register(request, slug, board_slug):
    board = access.board_for_user(request.access, slug, board_slug, need=Need.VIEW)
    context = register_context(request, partnership=board.partnership, boards=[board], board=board)
    return _render_register(request, context)


@login_required
@require_GET
def partnership_register(request, slug):
    partnership = access.partnership_for_user(request.access, slug)
    boards = selectors.readable_boards(request.access, partnership)
    context = register_context(request, partnership=partnership, boards=boards)
    return _render_register(request, context)
