"""Importing an existing action log from a spreadsheet: validate every row, then import in one
transaction. Matching on the board's reference makes a second import of the same file change
nothing new."""

import datetime
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone

from boards.models import Board
from core.inputs import DATE_RANGE, date_in_range
from core.spreadsheets import RowResult

from . import search_index
from .capture import parse_date, resolve_initials, split_owner_text
from .forms import people_by_initials
from .models import Action
from .selectors.log import OPEN_STATUSES
from .services.base import ActionError
from .services.log import action_create
from .services.updates import action_reschedule, action_update_add

_STATUSES = {
    "open": Action.Status.OPEN,
    "": Action.Status.OPEN,
    "ongoing": Action.Status.OPEN,
    "in progress": Action.Status.OPEN,
    "proposed for closure": Action.Status.PROPOSED_CLOSURE,
    "proposed_closure": Action.Status.PROPOSED_CLOSURE,
    "closed": Action.Status.CLOSED,
    "complete": Action.Status.CLOSED,
    "completed": Action.Status.CLOSED,
    "done": Action.Status.CLOSED,
    "superseded": Action.Status.SUPERSEDED,
}


def _date(text: str) -> datetime.date | None:
    text = text.strip()
    try:
        # Excel cells arrive as "2023-03-31 00:00:00".
        return datetime.date.fromisoformat(text[:10])
    except ValueError:
        return parse_date(text)


def import_validate(
    *, board: Board, rows: list[list[str]], mapping: dict[str, int]
) -> list[RowResult]:
    """Every row checked, numbered as in the file (the headings are row 1)."""
    known = people_by_initials(board.partnership)
    existing = {action.reference: action for action in board.actions.prefetch_related("owners")}
    first_row: dict[str, int] = {}
    results = []
    for number, row in enumerate(rows, start=2):

        def cell(name, row=row):
            index = mapping.get(name)
            return row[index].strip() if index is not None and index < len(row) else ""

        result = RowResult(number=number)
        reference = cell("reference")
        if not reference:
            result.errors.append("The reference is empty.")
        elif len(reference) > 20:
            result.errors.append("The reference is longer than 20 characters.")
        elif reference in first_row:
            result.errors.append(f"Reference {reference} is also on row {first_row[reference]}.")
        else:
            first_row[reference] = number
        description = cell("description")
        if not description:
            result.errors.append("The action is empty.")
        owners, unknown = resolve_initials(split_owner_text(cell("owners")), known)
        if unknown:
            result.errors.append(f"Nobody has the initials {', '.join(unknown)}.")
        due_text = cell("due_date")
        due_date = _date(due_text) if due_text else None
        if due_text and due_date is None:
            result.errors.append(f'"{due_text}" is not a date (use dd/mm/yyyy).')
        elif due_date is not None and not date_in_range(due_date):
            result.errors.append(f'"{due_text}" is not a date {DATE_RANGE}.')
            due_date = None
        status_text = cell("status")
        status = _STATUSES.get(status_text.lower())
        if status is None:
            result.errors.append(f'"{status_text}" is not a status (open, closed...).')
        result.values = {
            "reference": reference,
            "description": description,
            "owners": owners,
            "due_date": due_date,
            "status": status,
            "update": cell("update"),
        }
        if reference in existing and status is not None:
            result.errors.extend(_refused(existing[reference], result.values))
        results.append(result)
    return results


IMPORTED = "Changed by an import of the action log."


def _refused(action: Action, values: dict) -> list[str]:
    """What a row may not do to an action already in the log: change a closed one (the minutes
    of the meeting that closed it speak of it), or clear a due date, which no form allows."""
    if not action.is_open:
        as_in_log = (action.description, action.due_date, {p.pk for p in action.owners.all()})
        as_in_row = (values["description"], values["due_date"], {p.pk for p in values["owners"]})
        if values["status"] in OPEN_STATUSES or as_in_row != as_in_log:
            return [
                f"Action {action.reference} is {action.get_status_display().lower()} in the log: "
                "an import does not change it."
            ]
    elif action.due_date is not None and values["due_date"] is None:
        return [
            f"Action {action.reference} is due on {action.due_date:%d/%m/%Y}: an import does not "
            "clear its due date."
        ]
    return []


@dataclass
class ImportSummary:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    skipped: int = 0


@transaction.atomic
def actions_import(
    *, board: Board, results: list[RowResult], author, skip_bad_rows: bool
) -> ImportSummary:
    bad = [result for result in results if not result.ok]
    if bad and not skip_bad_rows:
        raise ActionError(
            f"{len(bad)} row{'s' if len(bad) != 1 else ''} have problems: nothing was imported."
        )
    summary = ImportSummary(skipped=len(bad))
    existing = {action.reference: action for action in board.actions.prefetch_related("owners")}
    today = timezone.localdate()
    for result in results:
        if not result.ok:
            continue
        values = result.values
        action = existing.get(values["reference"])
        if action is None:
            action = action_create(
                board=board,
                reference=values["reference"],
                description=values["description"],
                owners=values["owners"],
                due_date=values["due_date"],
                author=author,
            )
            changed = True
            summary.created += 1
        else:
            action, changed = _apply(action, values, author)
            summary.updated += changed
        if values["status"] != action.status:
            action.status = values["status"]
            if not action.is_open:
                action.closed_on = action.closed_on or today
            action._history_user = author
            action.save()
            if not changed:
                summary.updated += 1
                changed = True
        update = values["update"]
        if (
            update
            and action.updates.order_by("-created_at", "-id").values_list("text", flat=True).first()
            != update
        ):
            action_update_add(action=action, text=update, author=author)
            if not changed:
                summary.updated += 1
                changed = True
        if not changed:
            summary.unchanged += 1
        search_index.action_indexed(action)
    return summary


def _apply(action: Action, values: dict, author) -> tuple[Action, bool]:
    """Bring an existing action in line with its row (checked by `_refused`): the action as
    saved, and whether anything changed. A new due date is recorded as slippage, as any other."""
    changed = False
    if values["due_date"] is not None and action.due_date != values["due_date"]:
        action = action_reschedule(
            action=action, new_due_date=values["due_date"], reason=IMPORTED, author=author
        )
        changed = True
    if action.description != values["description"]:
        action.description = values["description"]
        action.version += 1
        action._history_user = author
        action.save()
        changed = True
    if {p.pk for p in action.owners.all()} != {p.pk for p in values["owners"]}:
        action.owners.set(values["owners"])
        changed = True
    return action, changed
