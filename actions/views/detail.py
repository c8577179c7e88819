"""One action: its trail, slippage, links to the actions before and after it, and its history;
the secretary's add and edit pages, and the owner's update and the secretary's closure."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods, require_POST

from boards import access, breadcrumbs
from boards.access import Need
from core.concurrency import EditConflict, mark_conflict
from core.dates import date_text

from ..access import action_for_user, can_update
from ..forms import ActionForm, CloseForm, OwnerUpdateForm
from ..selectors import detail as selectors
from ..services import closure, edits
from ..services.base import ActionError
from ..services.log import action_create
from ..services.owner_updates import action_owner_update


@login_required
def action_detail(request, pk):
    action = action_for_user(request.access, pk, Need.VIEW)
    return render(request, "actions/detail.html", _detail_context(request, action))


def _detail_context(request, action, update_form=None):
    action = selectors.action_detail(action.pk)
    item = action.raised_at_item
    return {
        "action": action,
        # An owner without a seat on the board is not told what a confidential item was.
        "raised_at_item": item
        if item is not None and access.item_visible_to(request.access, item, action.board)
        else None,
        "board": action.board,
        "partnership": action.board.partnership,
        "breadcrumbs": _to_log(action.board),
        "trail": selectors.trail(action),
        "due_date_changes": selectors.due_date_changes(action),
        "predecessor": selectors.predecessor_of(action),
        "changes": selectors.action_changes(action),
        "can_edit": access.can(request.access, action.board, Need.EDIT),
        "can_update": can_update(request.access, action),
        "update_form": update_form or OwnerUpdateForm(initial={"version": action.version}),
    }


@login_required
@require_http_methods(["GET", "POST"])
def action_add(request, slug, board_slug):
    board = access.board_for_user(request.access, slug, board_slug, need=Need.EDIT)
    form = ActionForm(request.POST or None, board=board)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        action = action_create(
            board=board,
            description=data["description"],
            owners=data["owner_initials"],
            owner_note=data["owner_note"],
            due_date=data["due_date"],
            due_precision=data["due_precision"],
            raised_at=data["raised_at"],
            author=request.user,
        )
        messages.success(request, f"Action {action.reference} added.")
        return redirect(action)
    return render(
        request,
        "boards/form_page.html",
        {
            "form": form,
            "breadcrumbs": _to_log(board),
            "title": "Add an action",
            "back": reverse("actions:board_log", args=[slug, board_slug]),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def action_edit(request, pk):
    action = action_for_user(request.access, pk, Need.EDIT)
    form = ActionForm(request.POST or None, instance=action, board=action.board)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            edits.action_edit(
                action=action,
                author=request.user,
                expected_version=data.get("version"),
                description=data["description"],
                owners=data["owner_initials"],
                owner_note=data["owner_note"],
                due_date=data["due_date"],
                due_date_reason=data.get("due_date_reason", ""),
                due_precision=data["due_precision"],
            )
        except EditConflict as conflict:
            _show_conflict(form, conflict.current)
        except ActionError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, f"Action {action.reference} saved.")
            return redirect(action)
    return render(
        request,
        "boards/form_page.html",
        {
            "form": form,
            "breadcrumbs": _to_log(action.board).then(
                f"Action {action.reference}", action.get_absolute_url()
            ),
            "title": f"Edit action {action.reference}",
            "back": action.get_absolute_url(),
        },
    )


def _to_log(board):
    return breadcrumbs.to_board(board).then(
        "Action log", reverse("actions:board_log", args=[board.partnership.slug, board.slug])
    )


def _initials(people) -> str:
    return "/".join(sorted(person.initials for person in people))


def _show_conflict(form, current) -> None:
    """Both versions side by side, owners compared as the initials the form shows."""
    current.owner_initials = _initials(current.owners.all())
    current.due_date_reason = form.cleaned_data.get("due_date_reason", "")
    form.cleaned_data["owner_initials"] = _initials(form.cleaned_data["owner_initials"])
    mark_conflict(form, current)


def conflict_message(conflict: EditConflict) -> str:
    current = conflict.current
    due = f", due {date_text(current.due_date)}" if current.due_date else ""
    return (
        f"Someone else changed action {current.reference} while you were writing: it is now "
        f"{current.get_status_display().lower()}{due}. Your update was saved; check the action "
        "and try the change again if it is still right."
    )


def apply_owner_update(request, action, form) -> str | None:
    """Shared by the action page and "My actions": returns the message to show, or None if the
    form has errors."""
    if not form.is_valid():
        return None
    data = form.cleaned_data
    try:
        conflict = action_owner_update(
            action=action,
            author=request.user,
            text=data["text"],
            propose_closure=request.POST.get("outcome") == "propose_close",
            new_due_date=data["new_due_date"],
            reason=data["reason"],
            expected_version=data["version"],
        )
    except ActionError as error:
        form.add_error(None, str(error))
        return None
    if conflict is not None:
        return conflict_message(conflict)
    if request.POST.get("outcome") == "propose_close":
        return f"Update saved and action {action.reference} proposed for closure."
    return f"Update to action {action.reference} saved."


@login_required
@require_POST
def action_update(request, pk):
    action = action_for_user(request.access, pk, Need.EDIT, owners_too=True)
    form = OwnerUpdateForm(request.POST)
    message = apply_owner_update(request, action, form)
    if message is None:
        return render(request, "actions/detail.html", _detail_context(request, action, form))
    messages.success(request, message)
    return redirect(action)


@login_required
@require_POST
def action_close(request, pk):
    action = action_for_user(request.access, pk, Need.EDIT)
    form = CloseForm(request.POST)
    if not form.is_valid():
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, error)
        return redirect(action)
    try:
        closure.action_close(
            action=action,
            author=request.user,
            text=form.cleaned_data["text"],
            expected_version=form.cleaned_data["version"],
        )
    except EditConflict as conflict:
        messages.error(request, conflict_message(conflict).replace("Your update was saved; ", ""))
    except ActionError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, f"Action {action.reference} closed.")
    return redirect(action)
