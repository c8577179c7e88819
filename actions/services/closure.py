"""Ending an action: the owner proposes closure; the board closes it, or closes it and replaces
it with a new one."""

import datetime
from collections.abc import Iterable

from django.db import transaction
from django.utils import timezone

from boards.models import AgendaItem, Meeting, Person

from ..models import Action, ActionUpdate
from .base import ActionError, lock_open, save_change
from .log import action_create
from .updates import action_update_add

Outcome = ActionUpdate.Outcome


@transaction.atomic
def action_propose_closure(
    *, action: Action, text: str, author, expected_version: int | None = None
) -> Action:
    """The owner says it is done; the board agrees to close it at its next meeting."""
    current = lock_open(action, expected_version)
    action_update_add(action=current, text=text, author=author, outcome=Outcome.PROPOSE_CLOSE)
    current.status = Action.Status.PROPOSED_CLOSURE
    return save_change(current, author, "Proposed for closure")


@transaction.atomic
def action_close(
    *,
    action: Action,
    author,
    text: str = "",
    meeting: Meeting | None = None,
    closed_on: datetime.date | None = None,
    expected_version: int | None = None,
    outcome: str = Outcome.CLOSE,
) -> Action:
    """Close the action, recording the meeting that agreed it and the date."""
    current = lock_open(action, expected_version)
    if text.strip():
        action_update_add(
            action=current, text=text, author=author, meeting=meeting, outcome=outcome
        )
    current.status = Action.Status.CLOSED
    current.closed_at = meeting
    current.closed_on = closed_on or (meeting.date if meeting else timezone.localdate())
    return save_change(current, author, "Closed", meeting)


@transaction.atomic
def action_close_and_replace(
    *,
    action: Action,
    author,
    text: str,
    new_description: str,
    new_owners: Iterable[Person] = (),
    new_owner_note: str = "",
    new_due_date: datetime.date | None = None,
    meeting: Meeting | None = None,
    meeting_item: AgendaItem | None = None,
    closed_on: datetime.date | None = None,
    expected_version: int | None = None,
) -> Action:
    """ "Agree to close and create new action": the successor, linked both ways. Returns it."""
    if not new_description.strip():
        raise ActionError("Describe the new action.")
    current = lock_open(action, expected_version)
    successor = action_create(
        board=current.board,
        description=new_description,
        owners=new_owners,
        owner_note=new_owner_note,
        due_date=new_due_date,
        raised_at=meeting,
        raised_at_item=meeting_item,
        author=author,
    )
    if text.strip():
        action_update_add(
            action=current,
            text=text,
            author=author,
            meeting=meeting,
            outcome=Outcome.CLOSE_AND_REPLACE,
        )
    current.status = Action.Status.SUPERSEDED
    current.successor = successor
    current.closed_at = meeting
    current.closed_on = closed_on or (meeting.date if meeting else timezone.localdate())
    save_change(current, author, f"Closed and replaced by {successor.reference}", meeting)
    return successor
