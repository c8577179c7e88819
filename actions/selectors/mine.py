"""The actions people own: "My actions", and the open ones on "Your work"."""

import datetime
from dataclasses import dataclass

from django.db.models import Count, F, Q, QuerySet
from django.utils import timezone

from boards import access

from ..models import DUE_SOON_DAYS, Action
from .log import CLOSED_STATUSES, OPEN_STATUSES, log_rows


@dataclass
class MyActions:
    """What "My actions" lists: the open ones in the order shown, the recently closed ones, and
    the counts above them."""

    open: QuerySet[Action]  # overdue and soonest due first: bare rows, see log_rows()
    closed: QuerySet[Action]  # closed in the last RECENTLY_CLOSED_DAYS days, latest first
    total: int
    overdue: int
    due_soon: int


RECENTLY_CLOSED_DAYS = 60


def my_actions(user) -> MyActions:
    """The user's open and recently closed actions on every board."""
    owned = Action.owners.through.objects.filter(person_id__in=access.person_ids(user)).values(
        "action_id"
    )
    today = timezone.localdate()
    live = Action.objects.filter(pk__in=owned, status__in=OPEN_STATUSES)
    counts = live.aggregate(
        total=Count("pk"),
        overdue=Count("pk", filter=Q(due_date__lt=today)),
        due_soon=Count("pk", filter=Q(due_date__gte=today, due_date__lte=due_soon_cutoff())),
    )
    since = today - datetime.timedelta(days=RECENTLY_CLOSED_DAYS)
    closed = Action.objects.filter(pk__in=owned, status__in=CLOSED_STATUSES, closed_on__gte=since)
    return MyActions(
        open=live.order_by(
            F("due_date").asc(nulls_last=True), "board__short_name", "sort_key", "pk"
        ),
        closed=closed.select_related("board").order_by("-closed_on", "sort_key", "pk"),
        **counts,
    )


def due_soon_cutoff() -> datetime.date:
    return timezone.localdate() + datetime.timedelta(days=DUE_SOON_DAYS)


def open_actions_owned(people: list[int], *, today: datetime.date) -> tuple[QuerySet[Action], dict]:
    """The open actions these people own on any board, soonest due first (those with no due
    date last), with the log's columns; and how many there are and how many overdue."""
    owned = Action.owners.through.objects.filter(person_id__in=people).values("action_id")
    actions = Action.objects.filter(pk__in=owned, status__in=OPEN_STATUSES)
    counts = actions.aggregate(count=Count("pk"), late=Count("pk", filter=Q(due_date__lt=today)))
    rows = log_rows("board").filter(pk__in=owned, status__in=OPEN_STATUSES)
    ordered = rows.order_by(F("due_date").asc(nulls_last=True), "board__short_name", "number", "pk")
    return ordered, counts
