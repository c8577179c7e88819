"""Setting up a board's members in one go: upload or paste the list, check what each row will
do, then add them all with one button."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.template.defaultfilters import pluralize
from django.views.decorators.http import require_http_methods

from .. import access, breadcrumbs
from ..access import Need
from ..forms import MembersConfirmForm, MembersListForm
from ..members_import import members_import, members_plan
from ..members_list import ListProblem, read_list


def _key(board) -> str:
    return f"members-list-{board.pk}"


@login_required
@require_http_methods(["GET", "POST"])
def members_upload(request, slug, board_slug):
    board = access.board_for_user(request.access, slug, board_slug, need=Need.EDIT)
    posted = request.method == "POST"
    form = MembersListForm(request.POST if posted else None, request.FILES if posted else None)
    if posted and form.is_valid():
        field = "file" if form.cleaned_data["file"] else "pasted"
        try:
            headings, rows = read_list(
                upload=form.cleaned_data["file"], pasted=form.cleaned_data["pasted"]
            )
            members_plan(board=board, headings=headings, rows=rows)  # the list can be read
        except ListProblem as problem:
            form.add_error(field, str(problem))
        else:
            request.session[_key(board)] = {"headings": headings, "rows": rows}
            return redirect("boards:members_check", slug, board_slug)
    return render(
        request,
        "boards/members_upload.html",
        {
            "partnership": board.partnership,
            "board": board,
            "breadcrumbs": breadcrumbs.to_board(board),
            "form": form,
        },
    )


def _summary(summary) -> str:
    def count(n, word):
        return f"{n} {word}{pluralize(n)}"

    said = [
        count(summary.memberships, "member") + " added",
        count(summary.people, "new person").replace("persons", "people"),
        count(summary.organisations, "new organisation"),
    ]
    if summary.deputies:
        said.append(count(summary.deputies, "deputy").replace("deputys", "deputies") + " named")
    if summary.skipped:
        said.append(count(summary.skipped, "row") + " skipped")
    return ", ".join(said) + "."


@login_required
@require_http_methods(["GET", "POST"])
def members_check(request, slug, board_slug):
    board = access.board_for_user(request.access, slug, board_slug, need=Need.EDIT)
    upload = request.session.get(_key(board))
    if upload is None:
        messages.info(request, "Upload or paste the members list first.")
        return redirect("boards:members_upload", slug, board_slug)
    plan = members_plan(board=board, headings=upload["headings"], rows=upload["rows"])
    # An empty POST is a confirmation too: nothing to tick on a list without problems.
    posted = request.method == "POST"
    form = MembersConfirmForm(request.POST if posted else None, clashes=plan.clashes)
    if posted and form.is_valid():
        accepted = set(form.cleaned_data.get("accept") or [])
        plan = members_plan(
            board=board, headings=upload["headings"], rows=upload["rows"], accepted=accepted
        )
        try:
            summary = members_import(
                plan=plan, user=request.user, skip_bad_rows=form.cleaned_data["skip_bad_rows"]
            )
        except ListProblem as problem:
            form.add_error("skip_bad_rows" if plan.bad else None, str(problem))
        else:
            del request.session[_key(board)]
            messages.success(request, _summary(summary))
            return redirect(f"{board.get_absolute_url()}#members")
    return render(
        request,
        "boards/members_check.html",
        {
            "partnership": board.partnership,
            "board": board,
            "breadcrumbs": breadcrumbs.to_board(board),
            "plan": plan,
            "form": form,
        },
    )
