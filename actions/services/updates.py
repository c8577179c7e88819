"""The trail and the due date: appending an update, and moving the due date with its reason."""

import datetime

from django.db import transaction

from boards.models import Meeting

from .. import search_index
from ..models import Action, ActionUpdate, DueDateChange
from .base import ActionError, lock_open, save_change

Outcome = ActionUpdate.Outcome


@transaction.atomic
def action_update_add(
    *,
    action: Action,
    text: str,
    author,
    meeting: Meeting | None = None,
    outcome: str = Outcome.NOTE,
) -> ActionUpdate:
    """Append to the trail. Never conflicts: concurrent updates are all kept."""
    text = text.strip()
    if not text:
        raise ActionError("Write the update.")
    update = ActionUpdate(action=action, text=text, author=author, meeting=meeting, outcome=outcome)
    update._history_user = author
    update.save()
    search_index.action_indexed(action)
    return update


@transaction.atomic
def action_reschedule(
    *,
    action: Action,
    new_due_date: datetime.date,
    reason: str,
    author,
    meeting: Meeting | None = None,
    expected_version: int | None = None,
) -> Action:
    """Move the due date. A reason is required; the original date and every revision are kept."""
    reason = reason.strip()
    if not reason:
        raise ActionError("Give a reason for the new due date.")
    current = lock_open(action, expected_version)
    if new_due_date == current.due_date:
        raise ActionError("The new due date is the same as the current one.")
    DueDateChange.objects.create(
        action=current,
        old_date=current.due_date,
        new_date=new_due_date,
        reason=reason,
        changed_by=author,
        meeting=meeting,
    )
    if current.original_due_date is None:
        current.original_due_date = current.due_date or new_due_date
    current.due_date = new_due_date
    current.due_precision = Action.DuePrecision.DAY  # a new date is a day, not a month
    return save_change(current, author, reason, meeting)
