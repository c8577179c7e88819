"""Reads of meetings that pages share: a board's meetings, the meetings around one, its agenda,
attendance, declarations and minutes, the forward plan, and the meetings on "Your work"."""

import datetime
from dataclasses import dataclass

from django.db.models import OuterRef, Prefetch, Q, Subquery, Value
from django.db.models.functions import Coalesce
from django.utils import timezone

from core.registry import item_marks

from ..models import AgendaItem, Board, Meeting, MeetingPack, Minutes, Paper, Partnership
from .base import with_owner


@dataclass
class BoardMeetings:
    next: "Meeting | None"
    upcoming: list
    past: list


def _meetings_around(board: Board, today, past_limit: int):
    """The board's meetings from `today` on, and its latest `past_limit` before."""
    meetings = Meeting.objects.filter(board=board).select_related("minutes")
    latest = meetings.filter(date__lt=today).order_by("-date", "-starts_at").values("pk")
    return meetings.filter(Q(date__gte=today) | Q(pk__in=latest[:past_limit])).order_by(
        "date", "starts_at"
    )


def board_meetings(board: Board, *, today=None, past_limit: int = 12) -> BoardMeetings:
    """The board's meetings from today on and its latest `past_limit` before, in one query, and
    the next one to hold. The upcoming ones are given to the board (its cached
    `upcoming_meetings`), which the sections other apps add to the board page ask for."""
    today = today or timezone.localdate()
    meetings = board.meetings.select_related("minutes")
    rows = with_owner(board, _meetings_around(board, today, past_limit), "board")
    upcoming = [m for m in rows if m.date >= today]
    if today == timezone.localdate():
        board.upcoming_meetings = upcoming  # a cached_property takes a value written to it
    past = [m for m in reversed(rows) if m.date < today]
    following = next((m for m in upcoming if m.status == Meeting.Status.SCHEDULED), None)
    if following is None:
        following = _scheduled_after_last_held(board, meetings, upcoming, past, past_limit)
    return BoardMeetings(next=following, upcoming=upcoming, past=past)


def _scheduled_after_last_held(board: Board, meetings, upcoming: list, past: list, limit: int):
    """A meeting still marked scheduled after the last one held is the next one to hold. When
    the last held meeting is among the latest ones (or they are all there are), every meeting
    after it is in hand already. (None of the upcoming meetings is scheduled.)"""
    if any(m.status == Meeting.Status.HELD for m in upcoming):
        return None  # held today (or marked held ahead): nothing scheduled comes after it
    held = next((m for m in past if m.status == Meeting.Status.HELD), None)
    if held is not None or len(past) < limit:
        after = held.date if held else datetime.date.min
        waiting = [m for m in past if m.status == Meeting.Status.SCHEDULED and m.date > after]
        return min(waiting, key=lambda m: (m.date, m.starts_at), default=None)
    last_held = (
        board.meetings.filter(status=Meeting.Status.HELD).order_by("-date").values("date")[:1]
    )
    return (
        meetings.filter(status=Meeting.Status.SCHEDULED)
        .filter(date__gt=Coalesce(Subquery(last_held), Value(datetime.date.min)))
        .order_by("date", "starts_at")
        .first()
    )


def approval_meetings(meeting: "Meeting"):
    """The later meetings of the board at which these minutes can be approved: not cancelled, and
    with minutes of their own still open, as the approval is recorded in them; and come, today
    or before: minutes are not approved ahead of the meeting that approves them."""
    return (
        meeting.meetings_after()
        .filter(date__lte=timezone.localdate())
        .exclude(minutes__status__in=Minutes.FROZEN)
        .order_by("date", "starts_at")
    )


def next_meeting(meeting: "Meeting") -> "Meeting | None":
    return meeting.meetings_after().first()


@dataclass
class AroundMeeting:
    minutes: "Minutes | None"
    previous: "Meeting | None"
    previous_minutes: "Minutes | None"
    next: "Meeting | None"


def _minutes_or_none(meeting: "Meeting | None") -> "Minutes | None":
    return getattr(meeting, "minutes", None) if meeting else None


def around_meeting(meeting: "Meeting") -> AroundMeeting:
    """The meeting's minutes, the board's meetings before and after it (cancelled ones skipped)
    and the previous one's minutes, in one query. The previous meeting is given to the meeting
    (its cached `previous_meeting`), which its sections ask for too."""
    before = meeting.meetings_before().values("pk")[:1]
    after = meeting.meetings_after().values("pk")[:1]
    found = Meeting.objects.filter(
        Q(pk=meeting.pk) | Q(pk=Subquery(before)) | Q(pk=Subquery(after))
    ).select_related("minutes")
    rows = {row.pk: row for row in found}
    previous = next((row for row in rows.values() if row.date < meeting.date), None)
    following = next((row for row in rows.values() if row.date > meeting.date), None)
    meeting.previous_meeting = previous  # a cached_property takes a value written to it
    minutes = _minutes_or_none(rows.get(meeting.pk))
    return AroundMeeting(
        minutes=minutes,
        previous=previous,
        previous_minutes=_minutes_or_none(previous),
        next=following,
    )


def agenda(meeting: "Meeting") -> list:
    items = (
        AgendaItem.objects.filter(meeting=meeting)
        .select_related("presenter")
        .prefetch_related(
            Prefetch("papers", queryset=Paper.objects.defer("text").order_by("label"))
        )
    )
    return with_owner(meeting, items, "meeting")


def attendance(meeting: "Meeting") -> list:
    return list(
        meeting.attendance.select_related("person__organisation", "deputy_for").order_by(
            "person__name"
        )
    )


@dataclass
class ItemProgress:
    """An item as the minute-taking screen's list shows it: typed or not, and what other apps
    say of it (how many actions it raised)."""

    item: AgendaItem
    typed: bool
    marks: list[str]


def minutes_progress(meeting: Meeting, items: list | None = None) -> list[ItemProgress]:
    if items is None:
        items = list(
            meeting.agenda_items.only("pk", "position", "title", "minutes_text", "decision")
        )
    marks = item_marks(meeting)
    return [
        ItemProgress(
            item=item,
            typed=bool(item.minutes_text.strip() or item.decision.strip()),
            marks=marks.get(item.pk, []),
        )
        for item in items
    ]


def declarations(meeting: "Meeting") -> list:
    return list(meeting.declarations.select_related("person", "agenda_item"))


def forward_plan(board: Board) -> list:
    return list(
        board.forward_plan.select_related(
            "owner", "wanted_at", "requested_at", "agenda_item__meeting"
        ).order_by("agenda_item", "wanted_month", "wanted_at__date", "id")
    )


def published_minutes(partnership: Partnership) -> list:
    return list(
        Meeting.objects.filter(
            board__partnership=partnership, minutes__status=Minutes.Status.PUBLISHED
        )
        .select_related("board", "minutes")
        .order_by("board__name", "-date")
    )


# "Your work" ------------------------------------------------------------------------------------


def next_meetings_of(board_ids: list[int], *, today: datetime.date):
    """The boards' meetings still to hold, soonest first, each with its full pack when one is
    ready (`ready_packs`, latest first)."""
    ready = MeetingPack.objects.filter(public=False, status=MeetingPack.Status.READY).order_by(
        "-created_at", "-pk"
    )
    return (
        Meeting.objects.filter(
            board_id__in=board_ids, date__gte=today, status=Meeting.Status.SCHEDULED
        )
        .select_related("board")
        .prefetch_related(Prefetch("packs", queryset=ready, to_attr="ready_packs"))
        .order_by("date", "starts_at", "pk")
    )


def minutes_to_write(board_ids: list[int], *, today: datetime.date):
    """Meetings of the boards that have been held and whose minutes are not yet circulated,
    latest first. A meeting still marked scheduled once its day has passed counts as held."""
    held = Q(status=Meeting.Status.HELD) | Q(status=Meeting.Status.SCHEDULED, date__lt=today)
    return (
        Meeting.objects.filter(held, board_id__in=board_ids)
        .filter(Q(minutes__isnull=True) | Q(minutes__status=Minutes.Status.DRAFT))
        .select_related("board")
        .order_by("-date", "-starts_at", "pk")
    )


def minutes_to_approve(board_ids: list[int]):
    """Meetings of the boards whose minutes are circulated and wait for approval, oldest first,
    with the date of the board's next meeting after each (`approve_on`), where they are approved."""
    following = (
        Meeting.objects.filter(board_id=OuterRef("board_id"), date__gt=OuterRef("date"))
        .exclude(status=Meeting.Status.CANCELLED)
        .order_by("date", "starts_at")
        .values("date")[:1]
    )
    return (
        Meeting.objects.filter(board_id__in=board_ids, minutes__status=Minutes.Status.CIRCULATED)
        .select_related("board", "minutes")
        .annotate(approve_on=Subquery(following))
        .order_by("date", "starts_at", "pk")
    )
