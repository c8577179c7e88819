"""Reads that pages share."""

from dataclasses import dataclass, field

from django.db.models import Prefetch

from .history import change_log
from .models import Board, Membership, Organisation, Partnership, Person, Role, TermsOfReference
from .registry import board_sections

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
    members = list(
        board.memberships.current()
        .select_related("person__organisation", "representing", "deputy")
        .order_by("person__name")
    )
    members.sort(key=lambda m: ROLE_ORDER.index(m.role))
    return members


def terms_of_reference(board: Board) -> list[TermsOfReference]:
    return list(
        board.terms_of_reference.filter(appendix_to__isnull=True).prefetch_related(
            Prefetch("appendices", queryset=TermsOfReference.objects.order_by("title"))
        )
    )


def _membership_name(row, names):
    person = names.get((Person, row.person_id), f"#{row.person_id}")
    return f"{person}, {dict(Role.choices).get(row.role, row.role)}"


def board_changes(board: Board, limit: int | None = 50):
    return change_log(
        [
            (Board.history.filter(id=board.pk), "Board", None),
            (Membership.history.filter(board_id=board.pk), "Membership", _membership_name),
            (TermsOfReference.history.filter(board_id=board.pk), "Terms of reference", None),
        ],
        limit=limit,
    )


def organisations(partnership: Partnership):
    return Organisation.objects.filter(partnership=partnership)


def board_contributions(request, board: Board) -> list:
    """Sections that other apps add to the board page (the action log, the risk register...)."""
    return [section for section in board_sections(request, board) if section]
