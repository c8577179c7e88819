"""Every change to the action log goes through these functions.

Appending an update never conflicts: two owners writing at once both land in the trail. Changing
an action's fields (status, due date, description) checks the version the user started from and
raises EditConflict when someone else changed it meanwhile.
"""

import datetime
import re
import string
from collections.abc import Iterable

from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from boards.meeting_dates import history_reason, recorded_after
from boards.models import AgendaItem, Board, Meeting, Minutes, Person
from core.concurrency import EditConflict, lock_current

from .capture import action_sources
from .models import Action, ActionUpdate, DueDateChange, reference_sort_key

Outcome = ActionUpdate.Outcome


class ActionError(ValueError):
    """A change the rules of the action log do not allow, with a message for the user."""


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


@transaction.atomic
def action_update_add(
    *,
    action: Action,
    text: str,
    author,
    meeting: Meeting | None = None,
    outcome: str = Outcome.NOTE,
) -> ActionUpdate:
    """Append to the trail. Never conflicts: concurrent updates are all kept."""
    text = text.strip()
    if not text:
        raise ActionError("Write the update.")
    update = ActionUpdate(action=action, text=text, author=author, meeting=meeting, outcome=outcome)
    update._history_user = author
    update.save()
    return update


def _locked(action: Action, expected_version: int | None) -> Action:
    current = lock_current(action, expected_version)
    if not current.is_open:
        raise ActionError(f"Action {current.reference} is already {current.get_status_display()}.")
    return current


def _save(action: Action, author, reason: str = "", meeting: Meeting | None = None) -> Action:
    """Save a change, the history saying why, and whether it was recorded after the meeting
    that agreed it."""
    action.version += 1
    action._history_user = author
    action._change_reason = history_reason(reason, meeting) or None
    action.save()
    return action


@transaction.atomic
def action_reschedule(
    *,
    action: Action,
    new_due_date: datetime.date,
    reason: str,
    author,
    meeting: Meeting | None = None,
    expected_version: int | None = None,
) -> Action:
    """Move the due date. A reason is required; the original date and every revision are kept."""
    reason = reason.strip()
    if not reason:
        raise ActionError("Give a reason for the new due date.")
    current = _locked(action, expected_version)
    if new_due_date == current.due_date:
        raise ActionError("The new due date is the same as the current one.")
    DueDateChange.objects.create(
        action=current,
        old_date=current.due_date,
        new_date=new_due_date,
        reason=reason,
        changed_by=author,
        meeting=meeting,
    )
    if current.original_due_date is None:
        current.original_due_date = current.due_date or new_due_date
    current.due_date = new_due_date
    current.due_precision = Action.DuePrecision.DAY  # a new date is a day, not a month
    return _save(current, author, reason, meeting)


@transaction.atomic
def action_propose_closure(
    *, action: Action, text: str, author, expected_version: int | None = None
) -> Action:
    """The owner says it is done; the board agrees to close it at its next meeting."""
    current = _locked(action, expected_version)
    action_update_add(action=current, text=text, author=author, outcome=Outcome.PROPOSE_CLOSE)
    current.status = Action.Status.PROPOSED_CLOSURE
    return _save(current, author, "Proposed for closure")


@transaction.atomic
def action_close(
    *,
    action: Action,
    author,
    text: str = "",
    meeting: Meeting | None = None,
    closed_on: datetime.date | None = None,
    expected_version: int | None = None,
    outcome: str = Outcome.CLOSE,
) -> Action:
    """Close the action, recording the meeting that agreed it and the date."""
    current = _locked(action, expected_version)
    if text.strip():
        action_update_add(
            action=current, text=text, author=author, meeting=meeting, outcome=outcome
        )
    current.status = Action.Status.CLOSED
    current.closed_at = meeting
    current.closed_on = closed_on or (meeting.date if meeting else timezone.localdate())
    return _save(current, author, "Closed", meeting)


@transaction.atomic
def action_close_and_replace(
    *,
    action: Action,
    author,
    text: str,
    new_description: str,
    new_owners: Iterable[Person] = (),
    new_owner_note: str = "",
    new_due_date: datetime.date | None = None,
    meeting: Meeting | None = None,
    meeting_item: AgendaItem | None = None,
    closed_on: datetime.date | None = None,
    expected_version: int | None = None,
) -> Action:
    """ "Agree to close and create new action": the successor, linked both ways. Returns it."""
    if not new_description.strip():
        raise ActionError("Describe the new action.")
    current = _locked(action, expected_version)
    successor = action_create(
        board=current.board,
        description=new_description,
        owners=new_owners,
        owner_note=new_owner_note,
        due_date=new_due_date,
        raised_at=meeting,
        raised_at_item=meeting_item,
        author=author,
    )
    if text.strip():
        action_update_add(
            action=current,
            text=text,
            author=author,
            meeting=meeting,
            outcome=Outcome.CLOSE_AND_REPLACE,
        )
    current.status = Action.Status.SUPERSEDED
    current.successor = successor
    current.closed_at = meeting
    current.closed_on = closed_on or (meeting.date if meeting else timezone.localdate())
    _save(current, author, f"Closed and replaced by {successor.reference}", meeting)
    return successor


@transaction.atomic
def action_edit(
    *,
    action: Action,
    author,
    expected_version: int | None,
    description: str,
    owners: Iterable[Person],
    owner_note: str,
    due_date: datetime.date | None,
    due_date_reason: str = "",
    due_precision: str = Action.DuePrecision.DAY,
) -> Action:
    """The secretary corrects an action. A moved due date is slippage and needs its reason."""
    current = lock_current(action, expected_version)
    if due_date != current.due_date:
        if current.due_date is None:
            current.original_due_date = current.original_due_date or due_date
        elif due_date is None:
            raise ActionError("An action with a due date cannot lose it; give a new date.")
        else:
            if not due_date_reason.strip():
                raise ActionError("Give a reason for the new due date.")
            DueDateChange.objects.create(
                action=current,
                old_date=current.due_date,
                new_date=due_date,
                reason=due_date_reason.strip(),
                changed_by=author,
            )
        current.due_date = due_date
    current.description = description.strip()
    current.owner_note = owner_note.strip()
    current.due_precision = due_precision if due_date else Action.DuePrecision.DAY
    _save(current, author, due_date_reason)
    current.owners.set(list(owners))
    return current


@transaction.atomic
def action_record_at_meeting(
    *,
    action: Action,
    meeting: Meeting,
    author,
    text: str,
    outcome: str,
    expected_version: int | None = None,
    new_due_date: datetime.date | None = None,
    reason: str = "",
    new_description: str = "",
    new_owners: Iterable[Person] = (),
    new_due: datetime.date | None = None,
    item: AgendaItem | None = None,
) -> Action:
    """What the board said about one action under the "Action log" item, in one step."""
    minutes = Minutes.objects.filter(meeting=meeting).first()
    if minutes is not None and minutes.is_frozen:
        # Approved minutes are a record, and what is said here is part of them.
        raise ActionError(
            f"The minutes of this meeting are approved, so nothing more can be recorded at it "
            f"for action {action.reference}. Record it at the next meeting."
        )
    current = Action.objects.select_for_update().get(pk=action.pk)
    if not current.is_open:
        # Closed a moment ago (another tab, another person): nothing more to record.
        raise ActionError(f"Action {current.reference} is already {current.get_status_display()}.")
    if outcome == Outcome.CLOSE:
        return action_close(
            action=action,
            author=author,
            text=text,
            meeting=meeting,
            expected_version=expected_version,
        )
    if outcome == Outcome.CLOSE_AND_REPLACE:
        action_close_and_replace(
            action=action,
            author=author,
            text=text,
            new_description=new_description,
            new_owners=new_owners,
            new_due_date=new_due,
            meeting=meeting,
            meeting_item=item,
            expected_version=expected_version,
        )
        action.refresh_from_db()
        return action
    if new_due_date is not None:
        action = action_reschedule(
            action=action,
            new_due_date=new_due_date,
            reason=reason,
            author=author,
            meeting=meeting,
            expected_version=expected_version,
        )
    elif action.status == Action.Status.PROPOSED_CLOSURE:
        # The board did not agree the proposed closure: the action stays open.
        current = _locked(action, expected_version)
        current.status = Action.Status.OPEN
        action = _save(current, author, "Kept open at the meeting", meeting)
    action_update_add(
        action=action, text=text, author=author, meeting=meeting, outcome=Outcome.KEEP_OPEN
    )
    return action


def action_owner_update(
    *,
    action: Action,
    author,
    text: str,
    propose_closure: bool = False,
    new_due_date: datetime.date | None = None,
    reason: str = "",
    expected_version: int | None = None,
) -> EditConflict | None:
    """An owner's update from "My actions". The text is always kept; a closure proposal or a new
    date made from a stale page is refused and returned, so the owner is told and can retry."""
    try:
        with transaction.atomic():
            if new_due_date is not None:
                action_reschedule(
                    action=action,
                    new_due_date=new_due_date,
                    reason=reason,
                    author=author,
                    expected_version=expected_version,
                )
                expected_version = None  # the row stays locked until the end of this block
            if propose_closure:
                action_propose_closure(
                    action=action, text=text, author=author, expected_version=expected_version
                )
            else:
                action_update_add(action=action, text=text, author=author)
    except EditConflict as conflict:
        action_update_add(action=action, text=text, author=author)
        return conflict
    return None
