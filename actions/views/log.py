"""The action log of a board or of the whole partnership: filter, sort, page and export."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.utils import timezone

from boards import access, breadcrumbs
from boards.access import Need
from core.documents import pdf_response, render_pdf
from core.paging import page_of
from core.spreadsheets import csv_response, xlsx_response

from ..selectors.log import counts_for, log_filter, log_page_columns, sorted_log, with_log_columns

PAGE_SIZE = 25
COLUMNS = [
    ("ref", "Ref"),
    ("board", "Board"),
    ("action", "Action"),
    ("owner", "Owner"),
    ("raised", "Raised"),
    ("due", "Due"),
    ("status", "Status"),
]
EXPORT_HEADERS = [
    "Ref",
    "Board",
    "Action",
    "Owners",
    "Raised at",
    "Due date",
    "Original due date",
    "Status",
    "Slippage",
    "Latest update",
]


@login_required
def partnership_log(request, slug, fmt=None):
    partnership = access.partnership_for_user(request.access, slug)
    boards = list(
        access.boards_visible_to(request.access, Need.VIEW).filter(partnership=partnership)
    )
    return _log(request, partnership=partnership, boards=boards, board=None, fmt=fmt)


@login_required
def board_log(request, slug, board_slug, fmt=None):
    board = access.board_for_user(request.access, slug, board_slug, need=Need.VIEW)
    return _log(request, partnership=board.partnership, boards=[board], board=board, fmt=fmt)


def _sort_columns(request, sort: str, board) -> list[dict]:
    query = request.GET.copy()
    query.pop("page", None)
    columns = []
    for key, label in COLUMNS:
        if key == "board" and board is not None:
            continue
        query["sort"] = f"-{key}" if sort == key else key
        direction = None
        if sort.lstrip("-") == key:
            direction = "descending" if sort.startswith("-") else "ascending"
        columns.append(
            {"key": key, "label": label, "href": "?" + query.urlencode(), "sort": direction}
        )
    return columns


def _log(request, *, partnership, boards, board, fmt):
    filterset = log_filter(request.GET, boards=boards, partnership=partnership)
    sort = request.GET.get("sort", "ref")
    title = f"{board.short_name} action log" if board else f"Action log – {partnership.name}"
    if fmt:
        rows = sorted_log(filterset.qs, sort, one_board=board is not None)
        rows = with_log_columns(rows).select_related("board", "raised_at", "successor")
        return _export(fmt, rows, title=title, board=board)
    rows = sorted_log(filterset.qs, sort, one_board=board is not None)
    columns = log_page_columns(with_board=board is None)
    page = page_of(request, rows, PAGE_SIZE, columns=columns)
    query = request.GET.copy()
    query.pop("page", None)
    context = {
        "partnership": partnership,
        "board": board,
        "breadcrumbs": breadcrumbs.to_board(board)
        if board
        else breadcrumbs.to_partnership(partnership),
        "title": title,
        "filter": filterset,
        "page": page,
        "export_query": query.urlencode(),
        "counts": counts_for(filterset),
        "columns": _sort_columns(request, sort, board),
        "can_edit": board is not None and access.can(request.access, board, Need.EDIT),
    }
    template = "actions/log.html#results" if request.htmx else "actions/log.html"
    return render(request, template, context)


def export_row(action) -> list:
    return [
        action.reference,
        action.board.short_name,
        action.description,
        action.owners_display,
        f"{action.raised_at.date:%d/%m/%Y}" if action.raised_at else "",
        action.due_display
        if action.due_precision == action.DuePrecision.MONTH
        else action.due_date,
        action.original_due_date,
        action.get_status_display(),
        action.slippage,
        action.latest_update or "",
    ]


def _export(fmt, rows, *, title, board):
    stamp = timezone.localdate().strftime("%Y-%m-%d")
    name = f"action-log-{board.slug if board else 'partnership'}-{stamp}"
    if fmt == "csv":
        return csv_response(
            f"{name}.csv",
            EXPORT_HEADERS,
            (
                [v.strftime("%d/%m/%Y") if hasattr(v, "strftime") else v for v in export_row(a)]
                for a in rows.iterator(chunk_size=2000)
            ),
        )
    if fmt == "xlsx":
        return xlsx_response(
            f"{name}.xlsx",
            EXPORT_HEADERS,
            (export_row(a) for a in rows.iterator(chunk_size=2000)),
            title="Action log",
        )
    data = render_pdf(
        "actions/pdf/action_log.html",
        {"actions": list(rows), "title": title, "board": board, "printed_on": timezone.now()},
        title=title,
    )
    return pdf_response(data, f"{name}.pdf")
