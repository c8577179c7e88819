""" "My actions": what the signed-in owner owns on every board, updated in place."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from boards.access import Need
from core.paging import page_of

from ..access import action_for_user
from ..forms import OwnerUpdateForm
from ..selectors import mine as selectors
from ..selectors.log import log_rows
from .detail import apply_owner_update

PAGE_SIZE = 25


def _form(action, data=None):
    return OwnerUpdateForm(data, initial={"version": action.version}, prefix=f"a{action.pk}")


@login_required
def my_actions(request, bound=None):
    mine = selectors.my_actions(request.access)
    page = page_of(request, mine.open, PAGE_SIZE, columns=log_rows("board"))
    # Each card fetches its form when "Write an update" is opened (my_action_update, GET).
    cards = [
        {"action": action, "form": bound if bound and bound.prefix == f"a{action.pk}" else None}
        for action in page
    ]
    return render(
        request,
        "actions/mine.html",
        {
            "cards": cards,
            "sent_form": bound,
            "page": page,
            "total": mine.total,
            "overdue": mine.overdue,
            "due_soon": mine.due_soon,
            "recently_closed": mine.closed,
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def my_action_update(request, pk):
    """The update form of one card: fetched when opened, then posted back in place."""
    action = action_for_user(request.access, pk, Need.EDIT, owners_too=True)
    if request.method == "GET":
        if not request.htmx:
            return redirect(f"{action.get_absolute_url()}#update")
        card = {"action": action, "form": _form(action)}
        return render(request, "actions/mine.html#card_form", {"card": card})
    form = _form(action, request.POST)
    message = apply_owner_update(request, action, form)
    if not request.htmx:
        if message is None:
            return my_actions(request, bound=form)
        messages.success(request, message)
        return redirect("actions:mine")
    fresh = log_rows("board").get(pk=action.pk)
    return render(
        request,
        "actions/mine.html#card",
        {"card": {"action": fresh, "form": form if message is None else None, "message": message}},
    )
