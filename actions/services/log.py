"""Adding actions to the log: their references, a new action, one captured from the minutes,
and the order the minutes record them in."""

import datetime
import re
import string
from collections.abc import Iterable

from django.db import transaction
from django.db.models import Max

from boards.meeting_dates import recorded_after
from boards.models import AgendaItem, Board, Meeting, Minutes, Person

from .. import search_index
from ..capture import action_sources
from ..models import Action, reference_sort_key


def _letters(index: int) -> str:
    """0 -> a, 25 -> z, 26 -> aa: the letters of per-meeting references."""
    letters = ""
    index += 1
    while index:
        index, remainder = divmod(index - 1, 26)
        letters = string.ascii_lowercase[remainder] + letters
    return letters


def next_reference(
    *, board: Board, meeting: Meeting | None, item: AgendaItem | None
) -> tuple[str, int]:
    """The next (reference, number) for an action of the board. Call under the board's lock."""
    number = (board.actions.aggregate(top=Max("number"))["top"] or 0) + 1
    if board.action_references == Board.ActionReferences.PER_MEETING and item is not None:
        taken = Action.objects.filter(board=board, raised_at_item=item).count()
        return f"{item.position}.{_letters(taken)}", number
    return str(number), number


def _lock_board(board: Board) -> None:
    # Serialises reference numbering: two secretaries capturing at once get 106 and 107.
    Board.objects.select_for_update().filter(pk=board.pk).first()


@transaction.atomic
def action_create(
    *,
    board: Board,
    description: str,
    owners: Iterable[Person] = (),
    owner_note: str = "",
    due_date: datetime.date | None = None,
    due_precision: str = Action.DuePrecision.DAY,
    raised_at: Meeting | None = None,
    raised_at_item: AgendaItem | None = None,
    reference: str = "",
    source_line: str = "",
    author=None,
) -> Action:
    if raised_at_item is not None and raised_at is None:
        raised_at = raised_at_item.meeting
    _lock_board(board)
    next_ref, number = next_reference(board=board, meeting=raised_at, item=raised_at_item)
    if reference.isdigit():
        number = int(reference)  # an imported or demo log keeps its own numbers
    reference = reference or next_ref
    action = Action(
        board=board,
        reference=reference,
        sort_key=reference_sort_key(reference, raised_at.date if raised_at else None),
        number=number,
        description=description.strip(),
        owner_note=owner_note.strip(),
        due_date=due_date,
        due_precision=due_precision if due_date else Action.DuePrecision.DAY,
        original_due_date=due_date,
        raised_at=raised_at,
        raised_at_item=raised_at_item,
        source_line=source_line,
    )
    action._history_user = author
    action._change_reason = recorded_after(raised_at) or None
    action.save()
    action.owners.set(list(owners))
    search_index.action_indexed(action)
    return action


@transaction.atomic
def action_capture(*, item: AgendaItem, source_line: str, **fields) -> Action | None:
    """The action an "Action:" line of the minutes asks for, added to the log once: a double
    click, or a second secretary at the same line, finds it there and adds nothing (None). The
    check runs under the board's lock, which the first request holds until it has added it."""
    _lock_board(item.meeting.board)
    if Action.objects.filter(raised_at_item=item, source_line=source_line).exists():
        return None
    action = action_create(
        board=item.meeting.board, raised_at_item=item, source_line=source_line, **fields
    )
    actions_order_as_minuted(meeting=item.meeting)
    action.refresh_from_db()
    return action


def _letters_of(reference: str, position: int) -> bool:
    return re.fullmatch(rf"{position}\.[a-z]+", reference) is not None


@transaction.atomic
def actions_order_as_minuted(*, meeting: Meeting) -> None:
    """Give the actions raised at a meeting their numbers, and letters, in the order the minutes
    record them (item by item, line by line), however they were captured: the third line of
    item 6 captured first still becomes 6.c, or the last of the meeting's running numbers.

    Only while the minutes are a draft: once circulated, references are what people quote."""
    minutes = Minutes.objects.filter(meeting=meeting).first()
    if minutes is not None and minutes.status != Minutes.Status.DRAFT:
        return
    _lock_board(meeting.board)
    actions = list(
        Action.objects.filter(raised_at=meeting, raised_at_item__isnull=False)
        .select_related("raised_at_item")
        .order_by("number")
    )
    lines = {
        item.pk: action_sources(item.minutes_text)
        for item in {action.raised_at_item for action in actions}
    }

    def minuted(action):
        item = action.raised_at_item
        sources = lines[item.pk]
        line = sources.index(action.source_line) if action.source_line in sources else len(sources)
        return (item.position, line, action.number)

    in_order = sorted(actions, key=minuted)
    numbers = sorted(action.number for action in actions)
    letters: dict[int, int] = {}
    changed = []
    for action, number in zip(in_order, numbers, strict=True):
        reference = action.reference
        position = action.raised_at_item.position
        if reference == str(action.number):
            reference = str(number)
        elif _letters_of(reference, position):
            taken = letters.get(position, 0)
            reference = f"{position}.{_letters(taken)}"
            letters[position] = taken + 1
        if (reference, number) != (action.reference, action.number):
            action.number, action.reference = number, reference
            action.sort_key = reference_sort_key(reference, meeting.date)
            changed.append(action)
    if not changed:
        return
    # References are unique per meeting: out of each other's way first, then into place.
    final = {action.pk: action.reference for action in changed}
    for action in changed:
        action.reference = f"~{action.pk}"
    Action.objects.bulk_update(changed, ["reference"])
    for action in changed:
        action.reference = final[action.pk]
    Action.objects.bulk_update(changed, ["reference", "number", "sort_key"])
    for action in changed:
        search_index.action_indexed(action)
