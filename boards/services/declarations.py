"""Interests declared at a meeting, or "none recorded"."""

from django.db import transaction

from ..models import AgendaItem, Declaration, Meeting, Person
from .minutes import LifecycleError, ensure_draft


@transaction.atomic
def declaration_add(
    *, meeting: Meeting, person: Person, interest: str, item: AgendaItem | None = None
) -> Declaration:
    ensure_draft(meeting)
    meeting.declarations.filter(person__isnull=True).delete()
    return Declaration.objects.create(
        meeting=meeting, person=person, interest=interest.strip(), agenda_item=item
    )


@transaction.atomic
def declarations_none_recorded(*, meeting: Meeting) -> Declaration:
    """ "None recorded" is itself a record, and only stands when nobody declared anything."""
    ensure_draft(meeting)
    if meeting.declarations.filter(person__isnull=False).exists():
        raise LifecycleError("Interests have been declared: remove them first.")
    existing = meeting.declarations.filter(person__isnull=True).first()
    return existing or Declaration.objects.create(meeting=meeting)


@transaction.atomic
def declaration_remove(*, declaration: Declaration) -> None:
    ensure_draft(declaration.meeting)
    declaration.delete()
