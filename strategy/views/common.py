"""The shape shared by the plan edit pages."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render

from core.concurrency import EditConflict, save_or_conflict


def edit_page(request, *, form, title, back, success_url, message, save=None, extra=None):
    """Validate, save unless stale (or through `save(form)`), redirect or show the form again."""
    if request.method == "POST" and form.is_valid():
        saved = run(form, save) if save else save_or_conflict(form)
        if saved is not None:
            messages.success(request, message)
            return redirect(success_url(saved) if callable(success_url) else success_url)
    context = {"form": form, "title": title, "back": back, **(extra or {})}
    return render(request, "strategy/form_page.html", context)


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
