"""An owner's update, in one step: the text, and a new due date or a proposed closure."""

import datetime

from django.db import transaction

from core.concurrency import EditConflict

from ..models import Action
from .closure import action_propose_closure
from .updates import action_reschedule, action_update_add


def action_owner_update(
    *,
    action: Action,
    author,
    text: str,
    propose_closure: bool = False,
    new_due_date: datetime.date | None = None,
    reason: str = "",
    expected_version: int | None = None,
) -> EditConflict | None:
    """An owner's update from "My actions". The text is always kept; a closure proposal or a new
    date made from a stale page is refused and returned, so the owner is told and can retry."""
    try:
        with transaction.atomic():
            if new_due_date is not None:
                action_reschedule(
                    action=action,
                    new_due_date=new_due_date,
                    reason=reason,
                    author=author,
                    expected_version=expected_version,
                )
                expected_version = None  # the row stays locked until the end of this block
            if propose_closure:
                action_propose_closure(
                    action=action, text=text, author=author, expected_version=expected_version
                )
            else:
                action_update_add(action=action, text=text, author=author)
    except EditConflict as conflict:
        action_update_add(action=action, text=text, author=author)
        return conflict
    return None
