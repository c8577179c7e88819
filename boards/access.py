"""Who may see and do what. Every view and export finds its objects through these helpers.

Roles come from current board memberships: a secretary runs the board, a chair or vice-chair
approves and signs off, members, advisers, guests and named deputies read everything of the board,
including confidential items. People of a partnership see its structure (boards, members, terms of
reference). Anyone else gets 404 for another partnership's objects. Site staff may do everything,
except sign for a board: only its chair or vice-chair does (`chairs`).

A board's agenda is shown whole to those who read the board (Need.VIEW). A page that someone
without a seat reaches (an SRO writing a highlight report, an action's owner) takes the agenda
through `agenda_for_user` and names an item only if `item_visible_to` says so: confidential items
stay with the board.

What the user holds (their person records, their level on each board) is worked out once per
request, by an `Access` the `AccessMiddleware` gives each request as `request.access`. Every helper
takes either that object or a user (outside a request: a task, a command), for whom a fresh
`Access` is made.
"""

from collections.abc import Callable
from enum import IntEnum
from functools import cached_property

from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet
from django.http import Http404
from django.utils import timezone

from .models import AgendaItem, Board, Meeting, Membership, Partnership, Person, Role


class Need(IntEnum):
    STRUCTURE = 1  # the board tree, members and terms of reference
    VIEW = 2  # everything of the board, confidential items included
    APPROVE = 3  # approve minutes, sign off
    EDIT = 4  # run the board: meetings, agenda, minutes, membership
    MANAGE = 5  # of a partnership, not a board: its people, organisations and boards


_LEVEL_OF_ROLE = {
    Role.SECRETARY: Need.EDIT,
    Role.CHAIR: Need.APPROVE,
    Role.VICE_CHAIR: Need.APPROVE,
    Role.MEMBER: Need.VIEW,
    Role.ADVISER: Need.VIEW,
    Role.GUEST: Need.VIEW,
    "deputy": Need.VIEW,
}


class Access:
    """One user's standing, read when first asked and kept for the rest of the request, with the
    other answers worked out once per request (`answer`)."""

    def __init__(self, user):
        self.user = user
        self.answers: dict = {}
        # What access checks of this request have let the user read: the header shows the
        # partnership without reading it again, `can_manage_partnership` knows a board's.
        self.checked_partnerships: dict[str, Partnership] = {}
        self.checked_boards: dict[int, int] = {}  # board id -> partnership id

    @cached_property
    def people(self) -> dict[int, int]:
        """The user's person records (one per partnership): person id -> partnership id."""
        if not self.user.is_authenticated:
            return {}
        return dict(Person.objects.filter(user=self.user).values_list("pk", "partnership_id"))

    @cached_property
    def board_levels(self) -> dict[int, Need]:
        """The highest level the user holds on each board, in their own seat or as a deputy."""
        levels: dict[int, Need] = {}
        if not self.people:
            return levels
        rows = (
            Membership.objects.current(on=timezone.localdate())
            .filter(Q(person_id__in=self.people) | Q(deputy_id__in=self.people))
            .order_by()
            .values_list("board_id", "role", "person_id")
        )
        for board_id, role, person_id in rows:
            level = _LEVEL_OF_ROLE[role] if person_id in self.people else _LEVEL_OF_ROLE["deputy"]
            levels[board_id] = max(levels.get(board_id, Need.STRUCTURE), level)
        return levels

    def answer[T](self, key, work: Callable[[], T]) -> T:
        """`work()`, worked out the first time it is asked for in this request and kept: the
        header's navigation, or what each agenda item's panel reads, however many partials the
        request renders."""
        if key not in self.answers:
            self.answers[key] = work()
        return self.answers[key]

    def checked(self, partnership: Partnership, board: Board | None = None) -> None:
        self.checked_partnerships[partnership.slug] = partnership
        if board is not None:
            self.checked_boards[board.pk] = board.partnership_id


def access_of(who) -> Access:
    """The request's `Access` as given, or a fresh one for a user."""
    return who if isinstance(who, Access) else Access(who)


class AccessMiddleware:
    """Gives each request its `Access` as `request.access` (after authentication)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.access = Access(request.user)
        return self.get_response(request)


def board_levels(who) -> dict[int, Need]:
    return access_of(who).board_levels


def partnership_ids(who) -> set[int]:
    return set(access_of(who).people.values())


def partnerships_for(who) -> QuerySet[Partnership]:
    user = access_of(who).user
    if user.is_authenticated and user.is_staff:
        return Partnership.objects.all()
    return Partnership.objects.filter(id__in=partnership_ids(who))


def boards_visible_to(who, need: Need = Need.VIEW) -> QuerySet[Board]:
    access = access_of(who)
    if access.user.is_authenticated and access.user.is_staff:
        return Board.objects.all()
    if need == Need.STRUCTURE:
        return Board.objects.filter(partnership_id__in=partnership_ids(access))
    ids = [board_id for board_id, level in access.board_levels.items() if level >= need]
    return Board.objects.filter(id__in=ids)


def level_on(who, board: Board) -> Need | None:
    access = access_of(who)
    if not access.user.is_authenticated:
        return None
    if access.user.is_staff:
        return Need.EDIT
    level = access.board_levels.get(board.pk)
    if level is not None:
        return level
    if board.partnership_id in partnership_ids(access):
        return Need.STRUCTURE
    return None


def can(who, board: Board, need: Need) -> bool:
    level = level_on(who, board)
    return level is not None and level >= need


def chairs(who, board: Board) -> bool:
    """Whether the user is the board's chair or vice-chair today, in their own seat: the one who
    signs for the board. Not the secretary who runs it, a deputy or site staff."""
    people = list(access_of(who).people)
    return (
        bool(people)
        and Membership.objects.current(on=timezone.localdate())
        .filter(board=board, person_id__in=people, role__in=[Role.CHAIR, Role.VICE_CHAIR])
        .exists()
    )


def sees_confidential(who, board: Board) -> bool:
    """Confidential agenda items, their titles included, are for those who read the board."""
    return can(who, board, Need.VIEW)


def agenda_for_user(who, meeting: Meeting) -> QuerySet[AgendaItem]:
    """The meeting's agenda items this user may see: all of them for those who read the board,
    the items open to the public for anyone else let near the meeting."""
    items = AgendaItem.objects.filter(meeting=meeting)
    return items if sees_confidential(who, meeting.board) else items.filter(confidential=False)


def item_visible_to(who, item: AgendaItem, board: Board) -> bool:
    """Whether a page may name this agenda item (of a meeting of `board`) to the user."""
    return not item.confidential or sees_confidential(who, board)


def can_manage_partnership(who, partnership: Partnership) -> bool:
    """Staff, and the secretaries of any of its boards, keep organisations and people current."""
    access = access_of(who)
    if not access.user.is_authenticated:
        return False
    if access.user.is_staff:
        return True
    secretary_boards = [b for b, level in access.board_levels.items() if level >= Need.EDIT]
    if not secretary_boards:
        return False
    # A board this request has checked already answers without a query.
    if any(access.checked_boards.get(pk) == partnership.pk for pk in secretary_boards):
        return True
    return Board.objects.filter(id__in=secretary_boards, partnership=partnership).exists()


def _check(access: Access, board: Board, need: Need) -> None:
    level = level_on(access, board)
    if level is None:
        raise Http404("No such board")
    if level < need:
        raise PermissionDenied
    access.checked(board.partnership, board)


def partnership_in_header(who, slug: str) -> Partnership | None:
    """The partnership with this slug if the user is one of its people (or staff): the one this
    request's access checks read when they did, else from the database."""
    access = access_of(who)
    if not access.user.is_authenticated:
        return None
    partnership = access.checked_partnerships.get(slug)
    if partnership is not None and (
        access.user.is_staff or partnership.pk in partnership_ids(access)
    ):
        return partnership
    return partnerships_for(access).filter(slug=slug).first()


def partnership_for_user(who, slug: str, need: Need = Need.STRUCTURE) -> Partnership:
    access = access_of(who)
    try:
        partnership = partnerships_for(access).get(slug=slug)
    except Partnership.DoesNotExist:
        raise Http404("No such partnership") from None
    if need == Need.MANAGE and not can_manage_partnership(access, partnership):
        raise PermissionDenied
    access.checked(partnership)
    return partnership


def board_for_user(who, partnership_slug: str, slug: str, need: Need = Need.VIEW) -> Board:
    board = (
        Board.objects.select_related("partnership", "parent__partnership")
        .filter(partnership__slug=partnership_slug, slug=slug)
        .first()
    )
    if board is None:
        raise Http404("No such board")
    _check(access_of(who), board, need)
    return board


def meeting_for_user(who, pk: int, need: Need = Need.VIEW) -> Meeting:
    meeting = Meeting.objects.select_related("board__partnership", "minutes").filter(pk=pk).first()
    if meeting is None:
        raise Http404("No such meeting")
    _check(access_of(who), meeting.board, need)
    return meeting


def object_on_board_for_user(who, queryset: QuerySet, pk: int, need: Need = Need.VIEW):
    """Any record with a `board` (an action, a risk): 404 outside the user's partnerships."""
    obj = queryset.select_related("board__partnership").filter(pk=pk).first()
    if obj is None:
        raise Http404("Not found")
    _check(access_of(who), obj.board, need)
    return obj


def person_ids(who) -> list[int]:
    """The ids of the person records that are this user."""
    return list(access_of(who).people)


def people_of(who) -> QuerySet[Person]:
    """The person records that are this user, one per partnership."""
    user = access_of(who).user
    if not user.is_authenticated:
        return Person.objects.none()
    return Person.objects.filter(user=user)
