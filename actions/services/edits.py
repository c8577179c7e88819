"""The secretary's corrections to an action."""

import datetime
from collections.abc import Iterable

from django.db import transaction

from boards.models import Person
from core.concurrency import lock_current

from .. import search_index
from ..models import Action, DueDateChange
from .base import ActionError, save_change


@transaction.atomic
def action_edit(
    *,
    action: Action,
    author,
    expected_version: int | None,
    description: str,
    owners: Iterable[Person],
    owner_note: str,
    due_date: datetime.date | None,
    due_date_reason: str = "",
    due_precision: str = Action.DuePrecision.DAY,
) -> Action:
    """The secretary corrects an action. A moved due date is slippage and needs its reason."""
    current = lock_current(action, expected_version)
    if due_date != current.due_date:
        if current.due_date is None:
            current.original_due_date = current.original_due_date or due_date
        elif due_date is None:
            raise ActionError("An action with a due date cannot lose it; give a new date.")
        else:
            if not due_date_reason.strip():
                raise ActionError("Give a reason for the new due date.")
            DueDateChange.objects.create(
                action=current,
                old_date=current.due_date,
                new_date=due_date,
                reason=due_date_reason.strip(),
                changed_by=author,
            )
        current.due_date = due_date
    current.description = description.strip()
    current.owner_note = owner_note.strip()
    current.due_precision = due_precision if due_date else Action.DuePrecision.DAY
    save_change(current, author, due_date_reason)
    current.owners.set(list(owners))
    search_index.action_indexed(current)
    return current
