"""The register out to CSV, Excel and PDF, and in from CSV or Excel."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods

from boards import access, breadcrumbs
from boards.access import Need
from core.documents import pdf_response, render_pdf
from core.spreadsheets import UnreadableFile, csv_response, read_table, xlsx_response

from .. import documents, imports, selectors, services
from ..forms import ImportForm
from .register import register_context


def _export(request, context, *, name: str, title: str, fmt: str):
    risks = context["risks"]
    stamp = timezone.localdate().isoformat()
    filename = f"risk-register-{name}-{stamp}.{fmt}"
    if fmt == "pdf":
        body = documents.register_body_context(
            risks=risks, matrix=context["matrix"], heading=title, board=context["board"]
        )
        data = render_pdf("risks/pdf/register.html", body, title=title)
        return pdf_response(data, filename)
    rows = documents.table_rows(
        selectors.with_bands(risks.prefetch_related("mitigating_actions"), context["matrix"])
    )
    if fmt == "csv":
        return csv_response(filename, documents.HEADERS, rows)
    if fmt == "xlsx":
        return xlsx_response(filename, documents.HEADERS, rows, title="Risk register")
    raise Http404("No such format")


@login_required
@require_GET
def board_export(request, slug, board_slug, fmt):
    board = access.board_for_user(request.access, slug, board_slug, need=Need.VIEW)
    context = register_context(request, partnership=board.partnership, boards=[board], board=board)
    return _export(
        request, context, name=board.slug, title=f"Risk register – {board.name}", fmt=fmt
    )


@login_required
@require_GET
def partnership_export(request, slug, fmt):
    partnership = access.partnership_for_user(request.access, slug)
    boards = selectors.readable_boards(request.access, partnership)
    context = register_context(request, partnership=partnership, boards=boards)
    return _export(
        request, context, name=partnership.slug, title=f"Risk register – {partnership}", fmt=fmt
    )


@login_required
@require_http_methods(["GET", "POST"])
def risk_import(request, slug, board_slug):
    board = access.board_for_user(request.access, slug, board_slug, need=Need.EDIT)
    form = ImportForm(request.POST or None, request.FILES or None)
    check = None
    if request.method == "POST" and form.is_valid():
        try:
            headers, table = read_table(form.cleaned_data["file"])
        except UnreadableFile as error:
            form.add_error("file", str(error))
        else:
            check = imports.check_rows(board, headers, table)
            if check.missing_columns:
                form.add_error(
                    "file", "The file has no column for: " + ", ".join(check.missing_columns)
                )
            elif check.bad and not form.cleaned_data["skip_bad_rows"]:
                form.add_error(
                    None,
                    f"{len(check.bad)} row{'s' if len(check.bad) != 1 else ''} of the file "
                    "cannot be imported, so nothing was imported. Correct the file and upload it "
                    "again, or upload it again with the box ticked to import the other rows.",
                )
            else:
                created = services.risks_import(
                    board=board, by=request.user, rows=[row.values for row in check.good]
                )
                messages.success(
                    request,
                    f"{len(created)} risk{'s' if len(created) != 1 else ''} imported; "
                    f"{len(check.existing)} already on the register; "
                    f"{len(check.bad)} row{'s' if len(check.bad) != 1 else ''} skipped.",
                )
                return redirect("risks:board_register", slug, board.slug)
    return render(
        request,
        "risks/import.html",
        {
            "board": board,
            "partnership": board.partnership,
            "breadcrumbs": breadcrumbs.to_board(board).then(
                "Risk register", reverse("risks:board_register", args=[slug, board.slug])
            ),
            "form": form,
            "check": check,
            "columns": imports.COLUMNS.values(),
            "required": [imports.COLUMNS[name] for name in imports.REQUIRED],
        },
    )
