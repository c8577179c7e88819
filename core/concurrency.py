"""Two people editing the same record never silently overwrite each other.

Each editable row carries a version. A form remembers the version it was opened at; saving locks
the row, compares, and either saves (bumping the version) or raises EditConflict with what is
stored now, so the view can show both and let the user choose.
"""

from dataclasses import dataclass

from django.db import transaction
from django.db.models import Model


class EditConflict(Exception):
    def __init__(self, current: Model):
        super().__init__("The record was changed by someone else")
        self.current = current


@dataclass(frozen=True)
class Difference:
    label: str
    theirs: str
    yours: str


def lock_current(instance: Model, expected_version: int | None) -> Model:
    """Inside a transaction: the stored row, locked, if it still has the expected version."""
    current = type(instance)._default_manager.select_for_update().get(pk=instance.pk)
    if expected_version is not None and current.version != expected_version:
        raise EditConflict(current)
    return current


def save_form_checked(form) -> Model:
    """Save a VersionedModelForm unless someone else saved the record since it was opened."""
    with transaction.atomic():
        instance = form.instance
        if instance.pk:
            current = lock_current(instance, form.cleaned_data.get("version"))
            instance.version = current.version + 1
        return form.save()


def _shown(form, name: str, value) -> str:
    field = form.fields[name]
    if hasattr(field, "queryset") and value is not None:
        value = getattr(value, "pk", value)
        return str(field.queryset.model._default_manager.filter(pk=value).first() or "")
    if hasattr(field, "choices") and value not in (None, ""):
        return str(dict(field.choices).get(value, value))
    return "" if value is None else str(value)


def mark_conflict(form, current: Model) -> None:
    """Put both versions on the form and make a second submit a deliberate overwrite."""
    differences = []
    for name in form.fields:
        if name == "version" or name not in form.cleaned_data:
            continue
        theirs = getattr(current, name, None)
        yours = form.cleaned_data[name]
        if hasattr(yours, "pk"):
            yours = yours.pk
        if hasattr(theirs, "pk"):
            theirs = theirs.pk
        if theirs != yours:
            differences.append(
                Difference(
                    label=str(form.fields[name].label or name),
                    theirs=_shown(form, name, theirs),
                    yours=_shown(form, name, yours),
                )
            )
    form.conflict = differences
    keep_entered(
        form,
        current,
        "Someone else saved this while you were editing it. Their version and yours are shown "
        "below: save again to keep yours, or cancel to keep theirs.",
    )


def keep_entered(form, current: Model, message: str) -> None:
    """Keep what the user entered but carry the version saved meanwhile, so that submitting
    again is a deliberate choice rather than another conflict; `message` says so."""
    form.data = form.data.copy()
    form.data[form.add_prefix("version")] = current.version
    form.add_error(None, message)


def save_or_conflict(form) -> Model | None:
    try:
        return save_form_checked(form)
    except EditConflict as conflict:
        mark_conflict(form, conflict.current)
        return None
