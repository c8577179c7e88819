"""Import an existing action log: upload, map the columns, preview every row, then import."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from boards import access, breadcrumbs
from boards.access import Need
from core.spreadsheets import UnreadableFile, read_table

from ..forms import ColumnMapForm, ImportUploadForm
from ..imports import actions_import, import_validate
from ..services.base import ActionError


def _key(board):
    return f"action-import-{board.pk}"


@login_required
@require_http_methods(["GET", "POST"])
def import_upload(request, slug, board_slug):
    board = access.board_for_user(request.access, slug, board_slug, need=Need.EDIT)
    form = ImportUploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            headers, rows = read_table(form.cleaned_data["file"])
        except UnreadableFile as error:
            form.add_error("file", str(error))
        else:
            request.session[_key(board)] = {
                "name": form.cleaned_data["file"].name,
                "headers": headers,
                "rows": rows,
            }
            return redirect("actions:import_columns", slug, board_slug)
    return render(
        request,
        "boards/form_page.html",
        {
            "form": form,
            "breadcrumbs": breadcrumbs.to_board(board),
            "title": "Import an action log",
            "back": board.get_absolute_url(),
            "multipart": True,
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def import_columns(request, slug, board_slug):
    board = access.board_for_user(request.access, slug, board_slug, need=Need.EDIT)
    upload = request.session.get(_key(board))
    if upload is None:
        messages.info(request, "Upload the file first.")
        return redirect("actions:import", slug, board_slug)
    form = ColumnMapForm(request.POST or None, headers=upload["headers"])
    results = None
    if request.method == "POST" and form.is_valid():
        results = import_validate(board=board, rows=upload["rows"], mapping=form.mapping())
        if "import" in request.POST:
            try:
                summary = actions_import(
                    board=board,
                    results=results,
                    author=request.user,
                    skip_bad_rows=form.cleaned_data["skip_bad_rows"],
                )
            except ActionError as error:
                form.add_error("skip_bad_rows", str(error))
            else:
                del request.session[_key(board)]
                messages.success(
                    request,
                    f"Imported: {summary.created} added, {summary.updated} updated, "
                    f"{summary.unchanged} unchanged, {summary.skipped} skipped.",
                )
                return redirect("actions:board_log", slug, board_slug)
    bad = [result for result in results or [] if not result.ok]
    return render(
        request,
        "actions/import_columns.html",
        {
            "board": board,
            "partnership": board.partnership,
            "breadcrumbs": breadcrumbs.to_board(board),
            "form": form,
            "upload": upload,
            "results": results,
            "bad": bad,
        },
    )
