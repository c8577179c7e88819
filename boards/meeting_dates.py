"""Dates typed for a meeting. A meeting already held can be recorded as it was: a date typed for
it (an action's due date, a revised date, a risk's next review) is checked against the meeting's
own date, and its history says the record was entered after the event. For a meeting still to
come, and for a date typed for no meeting, the date is checked against today."""

import datetime

from django.core.exceptions import ValidationError
from django.utils import timezone

from .models import Meeting

# The length django-simple-history keeps of a change reason.
HISTORY_REASON_LENGTH = 100


def held_before_today(meeting: Meeting | None) -> bool:
    return meeting is not None and meeting.date < timezone.localdate()


def long_date(day: datetime.date) -> str:
    return f"{day.day} {day:%B %Y}"


def check_not_before_meeting(
    day: datetime.date | None, meeting: Meeting | None, *, label: str
) -> None:
    """Refuse a date before the meeting it was typed for (today for a meeting still to come)."""
    if day is None:
        return
    if held_before_today(meeting):
        if day < meeting.date:
            raise ValidationError(
                f"{label} must be on or after the date of the meeting, {long_date(meeting.date)}."
            )
    elif day < timezone.localdate():
        raise ValidationError(f"{label} must be today or in the future.")


def recorded_after(meeting: Meeting | None) -> str:
    """The history's note on a record entered after the meeting it belongs to, else ""."""
    if not held_before_today(meeting):
        return ""
    return f"Recorded after the meeting of {long_date(meeting.date)}"


def history_reason(reason: str, meeting: Meeting | None) -> str:
    """The change reason for the history: the user's reason, said to be recorded after the
    meeting when it was, within the length the history keeps (the full reason is kept where
    the user gave it, e.g. the slippage record)."""
    note = recorded_after(meeting)
    if not note or not reason:
        return reason or note
    suffix = f" ({note[0].lower()}{note[1:]})"
    room = HISTORY_REASON_LENGTH - len(suffix)
    if len(reason) > room:
        reason = reason[: room - 1] + "…"
    return f"{reason}{suffix}"
