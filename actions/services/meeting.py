"""What the board said about an action at a meeting, recorded in one step."""

import datetime
from collections.abc import Iterable

from django.db import transaction

from boards.models import AgendaItem, Meeting, Minutes, Person

from ..models import Action, ActionUpdate
from .base import ActionError, lock_open, save_change
from .closure import action_close, action_close_and_replace
from .updates import action_reschedule, action_update_add

Outcome = ActionUpdate.Outcome


@transaction.atomic
def action_record_at_meeting(
    *,
    action: Action,
    meeting: Meeting,
    author,
    text: str,
    outcome: str,
    expected_version: int | None = None,
    new_due_date: datetime.date | None = None,
    reason: str = "",
    new_description: str = "",
    new_owners: Iterable[Person] = (),
    new_due: datetime.date | None = None,
    item: AgendaItem | None = None,
) -> Action:
    """What the board said about one action under the "Action log" item, in one step."""
    minutes = Minutes.objects.filter(meeting=meeting).first()
    if minutes is not None and minutes.is_frozen:
        # Approved minutes are a record, and what is said here is part of them.
        raise ActionError(
            f"The minutes of this meeting are approved, so nothing more can be recorded at it "
            f"for action {action.reference}. Record it at the next meeting."
        )
    current = Action.objects.select_for_update().get(pk=action.pk)
    if not current.is_open:
        # Closed a moment ago (another tab, another person): nothing more to record.
        raise ActionError(f"Action {current.reference} is already {current.get_status_display()}.")
    if outcome == Outcome.CLOSE:
        return action_close(
            action=action,
            author=author,
            text=text,
            meeting=meeting,
            expected_version=expected_version,
        )
    if outcome == Outcome.CLOSE_AND_REPLACE:
        action_close_and_replace(
            action=action,
            author=author,
            text=text,
            new_description=new_description,
            new_owners=new_owners,
            new_due_date=new_due,
            meeting=meeting,
            meeting_item=item,
            expected_version=expected_version,
        )
        action.refresh_from_db()
        return action
    if new_due_date is not None:
        action = action_reschedule(
            action=action,
            new_due_date=new_due_date,
            reason=reason,
            author=author,
            meeting=meeting,
            expected_version=expected_version,
        )
    elif action.status == Action.Status.PROPOSED_CLOSURE:
        # The board did not agree the proposed closure: the action stays open.
        current = lock_open(action, expected_version)
        current.status = Action.Status.OPEN
        action = save_change(current, author, "Kept open at the meeting", meeting)
    action_update_add(
        action=action, text=text, author=author, meeting=meeting, outcome=Outcome.KEEP_OPEN
    )
    return action
