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
"""

from enum import IntEnum

from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet
from django.http import Http404
from django.utils import timezone

from .models import AgendaItem, Board, Meeting, Membership, Partnership, Person, Role
from .prepared import prepared


class Need(IntEnum):
    STRUCTURE = 1  # the board tree, members and terms of reference
    VIEW = 2  # everything of the board, confidential items included
    APPROVE = 3  # approve minutes, sign off
    EDIT = 4  # run the board: meetings, agenda, minutes, membership


_NEED_BY_NAME = {need.name.lower(): need for need in Need}
_LEVEL_OF_ROLE = {
    Role.SECRETARY: Need.EDIT,
    Role.CHAIR: Need.APPROVE,
    Role.VICE_CHAIR: Need.APPROVE,
    Role.MEMBER: Need.VIEW,
    Role.ADVISER: Need.VIEW,
    Role.GUEST: Need.VIEW,
    "deputy": Need.VIEW,
}


def _need(need: "Need | str") -> Need:
    return need if isinstance(need, Need) else _NEED_BY_NAME[need]


def board_levels(user) -> dict[int, Need]:
    """The highest level the user holds on each board, computed once per request."""
    if not user.is_authenticated:
        return {}
    cached = getattr(user, "_board_levels", None)
    if cached is not None:
        return cached
    levels: dict[int, Need] = {}
    people = _people(user)
    if people:
        rows = _memberships_of(people=list(people), today=timezone.localdate())
        for board_id, role, person_id in rows:
            level = _LEVEL_OF_ROLE[role] if person_id in people else _LEVEL_OF_ROLE["deputy"]
            levels[board_id] = max(levels.get(board_id, Need.STRUCTURE), level)
    user._board_levels = levels
    return levels


# Every page asks these first: they are prepared (compiled once), see boards.prepared.
@prepared
def _memberships_of(people, today):
    return (
        Membership.objects.current(on=today)
        .filter(Q(person_id__in=people) | Q(deputy_id__in=people))
        .order_by()  # not the model's order by board name: no join to boards, no sort
        .values_list("board_id", "role", "person_id")
    )


@prepared
def _people_of(user_id):
    return Person.objects.filter(user_id=user_id).order_by().values_list("pk", "partnership_id")


@prepared
def _board(partnership_slug, slug):
    return Board.objects.select_related("partnership", "parent__partnership").filter(
        partnership__slug=partnership_slug, slug=slug
    )[:1]


@prepared
def _meeting(pk):
    return Meeting.objects.select_related("board__partnership").filter(pk=pk)[:1]


def _people(user) -> dict[int, int]:
    """The user's person records (one per partnership): person id -> partnership id, read once
    per request."""
    cached = getattr(user, "_people", None)
    if cached is None:
        cached = dict(_people_of(user_id=user.pk))
        user._people = cached
    return cached


def partnership_ids(user) -> set[int]:
    if not user.is_authenticated:
        return set()
    return set(_people(user).values())


def partnerships_for(user) -> QuerySet[Partnership]:
    if user.is_authenticated and user.is_staff:
        return Partnership.objects.all()
    return Partnership.objects.filter(id__in=partnership_ids(user))


def boards_visible_to(user, need: "Need | str" = Need.VIEW) -> QuerySet[Board]:
    need = _need(need)
    if user.is_authenticated and user.is_staff:
        return Board.objects.all()
    if need == Need.STRUCTURE:
        return Board.objects.filter(partnership_id__in=partnership_ids(user))
    ids = [board_id for board_id, level in board_levels(user).items() if level >= need]
    return Board.objects.filter(id__in=ids)


def level_on(user, board: Board) -> Need | None:
    if not user.is_authenticated:
        return None
    if user.is_staff:
        return Need.EDIT
    level = board_levels(user).get(board.pk)
    if level is not None:
        return level
    if board.partnership_id in partnership_ids(user):
        return Need.STRUCTURE
    return None


def can(user, board: Board, need: "Need | str") -> bool:
    level = level_on(user, board)
    return level is not None and level >= _need(need)


def chairs(user, board: Board) -> bool:
    """Whether the user is the board's chair or vice-chair today, in their own seat: the one who
    signs for the board. Not the secretary who runs it, a deputy or site staff."""
    people = list(_people(user)) if user.is_authenticated else []
    return (
        bool(people)
        and Membership.objects.current(on=timezone.localdate())
        .filter(board=board, person_id__in=people, role__in=[Role.CHAIR, Role.VICE_CHAIR])
        .exists()
    )


def sees_confidential(user, board: Board) -> bool:
    """Confidential agenda items, their titles included, are for those who read the board."""
    return can(user, board, Need.VIEW)


def agenda_for_user(user, meeting: Meeting) -> QuerySet[AgendaItem]:
    """The meeting's agenda items this user may see: all of them for those who read the board,
    the items open to the public for anyone else let near the meeting."""
    items = AgendaItem.objects.filter(meeting=meeting)
    return items if sees_confidential(user, meeting.board) else items.filter(confidential=False)


def item_visible_to(user, item: AgendaItem, board: Board) -> bool:
    """Whether a page may name this agenda item (of a meeting of `board`) to the user."""
    return not item.confidential or sees_confidential(user, board)


def can_manage_partnership(user, partnership: Partnership) -> bool:
    """Staff, and the secretaries of any of its boards, keep organisations and people current."""
    if not user.is_authenticated:
        return False
    if user.is_staff:
        return True
    secretary_boards = [b for b, level in board_levels(user).items() if level >= Need.EDIT]
    if not secretary_boards:
        return False
    # A board this request has checked already answers without a query.
    checked = getattr(user, "_access_checked", {}).get("boards", {})
    if any(checked.get(board_id) == partnership.pk for board_id in secretary_boards):
        return True
    return Board.objects.filter(id__in=secretary_boards, partnership=partnership).exists()


def _check(user, board: Board, need: Need) -> None:
    level = level_on(user, board)
    if level is None:
        raise Http404("No such board")
    if level < need:
        raise PermissionDenied
    _checked(user, board.partnership, board)


def _checked(user, partnership: Partnership, board: Board | None = None) -> None:
    """Remember what an access check has just let the user read, for this request: the header
    shows the partnership without reading it again, and `can_manage_partnership` knows the
    board's partnership."""
    if getattr(user, "_access_checked", None) is None:
        user._access_checked = {"partnerships": {}, "boards": {}}
    user._access_checked["partnerships"][partnership.slug] = partnership
    if board is not None:
        user._access_checked["boards"][board.pk] = board.partnership_id


def partnership_in_header(user, slug: str) -> Partnership | None:
    """The partnership with this slug if the user is one of its people (or staff): the one this
    request's access checks read when they did, else from the database."""
    if not user.is_authenticated:
        return None
    partnership = getattr(user, "_access_checked", {}).get("partnerships", {}).get(slug)
    if partnership is not None and (user.is_staff or partnership.pk in partnership_ids(user)):
        return partnership
    return partnerships_for(user).filter(slug=slug).first()


def partnership_for_user(user, slug: str, need: str = "structure") -> Partnership:
    try:
        partnership = partnerships_for(user).get(slug=slug)
    except Partnership.DoesNotExist:
        raise Http404("No such partnership") from None
    if need == "manage" and not can_manage_partnership(user, partnership):
        raise PermissionDenied
    _checked(user, partnership)
    return partnership


def board_for_user(user, partnership_slug: str, slug: str, need: "Need | str" = "view") -> Board:
    board = next(iter(_board(partnership_slug=partnership_slug, slug=slug)), None)
    if board is None:
        raise Http404("No such board")
    _check(user, board, _need(need))
    return board


def meeting_for_user(user, pk: int, need: "Need | str" = "view") -> Meeting:
    meeting = next(iter(_meeting(pk=int(pk))), None)
    if meeting is None:
        raise Http404("No such meeting")
    _check(user, meeting.board, _need(need))
    return meeting


def object_on_board_for_user(user, queryset: QuerySet, pk: int, need: "Need | str" = "view"):
    """Any record with a `board` (an action, a risk): 404 outside the user's partnerships."""
    obj = queryset.select_related("board__partnership").filter(pk=pk).first()
    if obj is None:
        raise Http404("Not found")
    _check(user, obj.board, _need(need))
    return obj


def person_ids(user) -> list[int]:
    """The ids of the person records that are this user, read once per request."""
    return list(_people(user)) if user.is_authenticated else []


def people_of(user) -> QuerySet[Person]:
    """The person records that are this user, one per partnership."""
    if not user.is_authenticated:
        return Person.objects.none()
    return Person.objects.filter(user=user)
