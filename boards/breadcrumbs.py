"""The way back up from a page: the breadcrumbs under the menu, and the board in the page title.

A view passes `breadcrumbs` to its template, built from the record the page belongs to:
`to_meeting(meeting)` gives Partnership › Board › Meetings › 7 January 2027, and `.then()` adds a
step below it (`to_board(board).then("Action log", url)`). The trail ends at the page's parent,
as GOV.UK's breadcrumbs do; base.html shows it and names its board in the title.
"""

from dataclasses import dataclass

from django.urls import reverse
from django.utils.formats import date_format

from .models import Board, Meeting, Partnership


@dataclass(frozen=True)
class Crumb:
    text: str
    href: str


@dataclass(frozen=True)
class Trail:
    crumbs: tuple[Crumb, ...]
    board: Board | None = None  # the board the page belongs to, named in its title

    def then(self, text: str, href: str) -> "Trail":
        return Trail((*self.crumbs, Crumb(text, href)), self.board)

    def __iter__(self):
        return iter(self.crumbs)


def to_partnership(partnership: Partnership) -> Trail:
    return Trail((Crumb(partnership.name, reverse("boards:partnership", args=[partnership.slug])),))


def to_board(board: Board) -> Trail:
    boards = [board]
    while boards[0].parent_id:
        boards.insert(0, boards[0].parent)
    crumbs = to_partnership(board.partnership).crumbs + tuple(
        Crumb(each.short_name, each.get_absolute_url()) for each in boards
    )
    return Trail(crumbs, board)


def above_board(board: Board) -> Trail:
    """The board's own page: the way up to the board above it. The page's title is the board's
    name, so it does not name the board again."""
    above = to_board(board.parent) if board.parent_id else to_partnership(board.partnership)
    return Trail(above.crumbs)


def to_meetings(board: Board) -> Trail:
    return to_board(board).then(
        "Meetings", reverse("boards:meetings", args=[board.partnership.slug, board.slug])
    )


def to_meeting(meeting: Meeting) -> Trail:
    return to_meetings(meeting.board).then(
        date_format(meeting.date, "j F Y"), reverse("boards:meeting", args=[meeting.pk])
    )
