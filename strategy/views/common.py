"""The shape shared by the plan edit pages."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse

from boards import breadcrumbs
from core.concurrency import EditConflict, save_or_conflict

from ..models import Plan, PlanAction, Priority


def edit_page(
    request, *, form, title, back, success_url, message, breadcrumbs, save=None, extra=None
):
    """Validate, save unless stale (or through `save(form)`), redirect or show the form again."""
    if request.method == "POST" and form.is_valid():
        saved = run(form, save) if save else save_or_conflict(form)
        if saved is not None:
            messages.success(request, message)
            return redirect(success_url(saved) if callable(success_url) else success_url)
    context = {
        "form": form,
        "title": title,
        "back": back,
        "breadcrumbs": breadcrumbs,
        **(extra or {}),
    }
    return render(request, "strategy/form_page.html", context)


def to_plans(partnership) -> breadcrumbs.Trail:
    return breadcrumbs.to_partnership(partnership).then(
        "Plans", reverse("strategy:plans", args=[partnership.slug])
    )


def to_dashboard(partnership) -> breadcrumbs.Trail:
    return breadcrumbs.to_partnership(partnership).then(
        "Dashboard", reverse("strategy:dashboard", args=[partnership.slug])
    )


def trail_to(target: Plan | Priority | PlanAction) -> breadcrumbs.Trail:
    """Plans › the plan › its priority › its action, down to and including `target`."""
    if isinstance(target, Plan):
        return to_plans(target.partnership).then(target.title, target.get_absolute_url())
    if isinstance(target, Priority):
        return trail_to(target.plan).then(
            f"{target.number}. {target.title}", target.get_absolute_url()
        )
    return trail_to(target.priority).then(
        f"Action {target.reference}", reverse("strategy:action", args=[target.pk])
    )


def run(form, service):
    """Call a service; its refusal becomes an error on the form rather than a half save. A form
    whose service checks the version says what the record holds now with `show_conflict`."""
    try:
        return service(form)
    except EditConflict as conflict:
        form.show_conflict(conflict.current)
    except ValidationError as error:
        for text in error.messages:
            form.add_error(None, text)
    return None
