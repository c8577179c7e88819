"""Reads of the governance structure that pages share: the board tree, a board's members,
terms of reference, child boards and changes, a new partnership's set-up steps, and people."""

from dataclasses import dataclass, field

from django.db.models import Prefetch
from django.urls import reverse
from django.utils import timezone

from core.registry import board_sections

from .. import access
from ..access import Need
from ..history import Source, change_log, history_of
from ..models import Board, Meeting, Membership, Partnership, Person, Role, TermsOfReference
from .base import with_owner

ROLE_ORDER = [Role.CHAIR, Role.VICE_CHAIR, Role.MEMBER, Role.ADVISER, Role.GUEST, Role.SECRETARY]


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
    members = with_owner(board, rows, "board")
    members.sort(key=lambda m: ROLE_ORDER.index(m.role))
    return members


def terms_of_reference(board: Board) -> list[TermsOfReference]:
    rows = TermsOfReference.objects.filter(board=board, appendix_to__isnull=True).prefetch_related(
        Prefetch("appendices", queryset=TermsOfReference.objects.order_by("title"))
    )
    return with_owner(board, rows, "board")


def child_boards(board: Board) -> list[Board]:
    """The boards reporting to this one."""
    return with_owner(
        board, Board.objects.filter(parent=board).select_related("partnership"), "parent"
    )


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
    editable = [board for board in boards if access.can(user, board, Need.EDIT)]
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


def board_people(board: Board):
    """Current members and their deputies, the people a deputy can attend for."""
    ids = board.memberships.current().values_list("person_id", flat=True)
    return Person.objects.filter(id__in=ids)


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
