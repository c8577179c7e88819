"""A meeting's action log: the actions it goes through, and what was said about each at it."""

from django.db.models import OuterRef, Q, QuerySet, Subquery

from boards.models import Meeting

from ..models import Action, ActionUpdate
from .log import CLOSED_STATUSES, OPEN_STATUSES, log_rows, with_log_columns


def meeting_action_rows(meeting: Meeting) -> QuerySet[Action]:
    """The board's open actions, and those closed since the last meeting or at this one."""
    previous = meeting.previous_meeting
    closed_since = Q(closed_at=meeting)
    if previous is not None:
        closed_since |= Q(closed_on__gt=previous.date, closed_on__lte=meeting.date)
    else:
        closed_since |= Q(closed_on__lte=meeting.date, closed_on__gte=meeting.date)
    return (
        Action.objects.filter(board_id=meeting.board_id)
        .filter(Q(status__in=OPEN_STATUSES) | (Q(status__in=CLOSED_STATUSES) & closed_since))
        .order_by("sort_key", "number")
    )


def _with_update_here(meeting: Meeting, queryset: QuerySet[Action]) -> QuerySet[Action]:
    given_here = ActionUpdate.objects.filter(action=OuterRef("pk"), meeting=meeting).order_by(
        "-created_at", "-id"
    )
    return queryset.annotate(update_here=Subquery(given_here.values("text")[:1]))


def meeting_log_rows(meeting: Meeting) -> QuerySet[Action]:
    """Every action with the columns of this meeting's action log; filter it to the rows."""
    return _with_update_here(meeting, log_rows())


def meeting_actions(meeting: Meeting) -> QuerySet[Action]:
    """The meeting's action log with its columns, and what was said about each action at it."""
    return _with_update_here(meeting, with_log_columns(meeting_action_rows(meeting)))
