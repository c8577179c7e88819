""" "My actions": what the signed-in owner owns on every board, updated in place."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from .. import selectors
from ..access import action_for_user
from ..forms import OwnerUpdateForm
from ..models import Action
from .detail import apply_owner_update

PAGE_SIZE = 25


def _form(action, data=None):
    return OwnerUpdateForm(data, initial={"version": action.version}, prefix=f"a{action.pk}")


@login_required
def my_actions(request, bound=None):
    actions = selectors.actions_of(request.user)
    page = Paginator(actions, PAGE_SIZE).get_page(request.GET.get("page"))
    cards = [
        {
            "action": action,
            "form": bound if bound and bound.prefix == f"a{action.pk}" else _form(action),
        }
        for action in page
    ]
    return render(
        request,
        "actions/mine.html",
        {
            "cards": cards,
            "page": page,
            **selectors.due_counts(actions),
            "recently_closed": selectors.recently_closed_of(request.user),
        },
    )


@login_required
@require_POST
def my_action_update(request, pk):
    action = action_for_user(request.user, pk, "update")
    form = _form(action, request.POST)
    message = apply_owner_update(request, action, form)
    if not request.htmx:
        if message is None:
            return my_actions(request, bound=form)
        messages.success(request, message)
        return redirect("actions:mine")
    fresh = selectors.with_log_columns(Action.objects.filter(pk=action.pk)).get()
    if message is not None:
        form = _form(fresh)
    return render(
        request,
        "actions/mine.html#card",
        {"card": {"action": fresh, "form": form, "message": message}},
    )
