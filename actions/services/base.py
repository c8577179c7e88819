"""What every change to an action shares: the error its rules raise, and locking and saving
an open action at the version the user started from."""

from boards.meeting_dates import history_reason
from boards.models import Meeting
from core.concurrency import lock_current

from .. import search_index
from ..models import Action


class ActionError(ValueError):
    """A change the rules of the action log do not allow, with a message for the user."""


def lock_open(action: Action, expected_version: int | None) -> Action:
    """Inside a transaction: the stored row, locked, if it still has the expected version and
    is still open."""
    current = lock_current(action, expected_version)
    if not current.is_open:
        raise ActionError(f"Action {current.reference} is already {current.get_status_display()}.")
    return current


def save_change(action: Action, author, reason: str = "", meeting: Meeting | None = None) -> Action:
    """Save a change, the history saying why, and whether it was recorded after the meeting
    that agreed it."""
    action.version += 1
    action._history_user = author
    action._change_reason = history_reason(reason, meeting) or None
    action.save()
    search_index.action_indexed(action)
    return action
