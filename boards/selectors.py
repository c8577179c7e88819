"""Reads that pages share."""

import datetime
from dataclasses import dataclass, field

from django.db.models import OuterRef, Prefetch, Q, Subquery, Value
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils import timezone

from core.registry import board_sections, item_marks

from . import access
from .history import Source, change_log, history_of
from .models import (
    AgendaItem,
    Board,
    Meeting,
    MeetingPack,
    Membership,
    Minutes,
    Paper,
    Partnership,
    Person,
    Role,
    TermsOfReference,
)

ROLE_ORDER = [Role.CHAIR, Role.VICE_CHAIR, Role.MEMBER, Role.ADVISER, Role.GUEST, Role.SECRETARY]


def _of(owner, rows, field: str) -> list:
    """Rows read by their owner's id, given the owner instance the page has already."""
    rows = list(rows)
    for row in rows:
        setattr(row, field, owner)
    return rows


@dataclass
class TreeNode:
    board: Board
    children: list["TreeNode"] = field(default_factory=list)


def board_tree(partnership: Partnership) -> list[TreeNode]:
    boards = list(partnership.boards.all())
    nodes = {board.pk: TreeNode(board) for board in boards}
    roots = []
    for board in boards:
        parent = nodes.get(board.parent_id)
        (parent.children if parent else roots).append(nodes[board.pk])
    return roots


def board_members(board: Board) -> list[Membership]:
    rows = (
        Membership.objects.filter(board=board)
        .current(on=timezone.localdate())
        .select_related("person__organisation", "representing", "deputy")
        .order_by("person__name")
    )
    members = _of(board, rows, "board")
    members.sort(key=lambda m: ROLE_ORDER.index(m.role))
    return members


def terms_of_reference(board: Board) -> list[TermsOfReference]:
    rows = TermsOfReference.objects.filter(board=board, appendix_to__isnull=True).prefetch_related(
        Prefetch("appendices", queryset=TermsOfReference.objects.order_by("title"))
    )
    return _of(board, rows, "board")


def child_boards(board: Board) -> list[Board]:
    """The boards reporting to this one."""
    return _of(board, Board.objects.filter(parent=board).select_related("partnership"), "parent")


def _membership_name(row, related):
    person = related.get((Person, row.person_id), "Someone since removed")
    return f"{person} as {dict(Role.choices).get(row.role, row.role).lower()}"


def board_changes(board: Board, limit: int | None = 50):
    return change_log(
        [
            Source(history_of(Board).filter(id=board.pk), lambda row, _r: row.name),
            Source(history_of(Membership).filter(board_id=board.pk), _membership_name),
            Source(
                history_of(TermsOfReference).filter(board_id=board.pk),
                lambda row, _r: f"{row.title} {row.version_label}",
                hidden=frozenset({"uploaded_at"}),
            ),
        ],
        limit=limit,
    )


def board_contributions(request, board: Board) -> list:
    """Sections that other apps add to the board page (the action log, the risk register...)."""
    return [section for section in board_sections(request, board) if section]


# A new partnership's first-run checklist -----------------------------------------------------


@dataclass
class SetUpStep:
    name: str
    hint: str
    done: bool
    url: str = ""  # where the step is done: none when it cannot start yet or is not the user's
    can_start: bool = True


def set_up_steps(user, partnership: Partnership, tree: list[TreeNode]) -> list[SetUpStep]:
    """The steps that make a new partnership ready to meet, each done or not, for those who keep
    it; none once every step is done."""
    if not access.can_manage_partnership(user, partnership):
        return []
    boards, nodes = [], list(tree)
    while nodes:
        node = nodes.pop(0)
        boards.append(node.board)
        nodes.extend(node.children)
    slug = partnership.slug
    editable = [board for board in boards if access.can(user, board, "edit")]
    with_secretary = set(
        Membership.objects.current()
        .filter(board__partnership=partnership, role=Role.SECRETARY)
        .values_list("board_id", flat=True)
    )
    without_secretary = [board for board in editable if board.pk not in with_secretary]
    has_people = partnership.people.exists()
    steps = [
        SetUpStep(
            "Add the organisations",
            "The council, the NHS, schools, the parent carer forum: whoever sits on the boards.",
            done=partnership.organisations.exists(),
            url=reverse("boards:organisation_add", args=[slug]),
        ),
        SetUpStep(
            "Add the people",
            "Everyone who sits on a board or owns an action, with their initials.",
            done=has_people,
            url=reverse("boards:person_add", args=[slug]),
        ),
        SetUpStep(
            "Add the boards and who each reports to",
            "Each board names the board it reports to; site staff add boards.",
            done=bool(boards),
            url=reverse("boards:board_add", args=[slug])
            if access.access_of(user).user.is_staff
            else "",
        ),
        SetUpStep(
            "Give each board a secretary",
            "Add the secretary under people with “Give this person a login” ticked, so that "
            "they receive an e-mail to sign in, then add them to the board as its secretary.",
            done=bool(boards) and all(board.pk in with_secretary for board in boards),
            url=reverse("boards:membership_add", args=[slug, without_secretary[0].slug])
            if without_secretary
            else "",
            can_start=bool(boards) and has_people,
        ),
        SetUpStep(
            "Schedule the first meeting",
            "From the board page: its date, time and venue or online link.",
            done=Meeting.objects.filter(board__partnership=partnership).exists(),
            url=reverse("boards:meeting_add", args=[slug, editable[0].slug]) if editable else "",
            can_start=bool(boards),
        ),
    ]
    if all(step.done for step in steps):
        return []
    for step in steps:
        if not step.can_start:
            step.url = ""
    return steps


# Meetings ---------------------------------------------------------------------------------------


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
    rows = _of(board, _meetings_around(board, today, past_limit), "board")
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
    return _of(meeting, items, "meeting")


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


def board_people(board: Board):
    """Current members and their deputies, the people a deputy can attend for."""
    ids = board.memberships.current().values_list("person_id", flat=True)
    return Person.objects.filter(id__in=ids)


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


def namesakes(person: Person) -> list[Person]:
    """Other people of the partnership with the same name and organisation as this one."""
    return list(
        Person.objects.filter(
            partnership_id=person.partnership_id,
            name__iexact=person.name.strip(),
            organisation_id=person.organisation_id,
        )
        .exclude(pk=person.pk)
        .select_related("organisation")
    )
