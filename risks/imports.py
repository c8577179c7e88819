"""Reading a risk register from a spreadsheet: every row checked before anything is saved."""

import datetime
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError

from boards.models import Board, Person
from core.inputs import DATE_RANGE, date_in_range
from core.spreadsheets import RowResult

from .models import Risk
from .services import SCORE_FIELDS

COLUMNS = {
    "reference": "Reference",
    "priority_area": "Priority area",
    "title": "Title",
    "description": "Description",
    "cause": "Cause",
    "effect": "Effect",
    "owner": "Owner",
    "category": "Category",
    "raised_on": "Date raised",
    "controls": "Controls in place",
    "inherent_likelihood": "Inherent likelihood",
    "inherent_impact": "Inherent impact",
    "current_likelihood": "Current likelihood",
    "current_impact": "Current impact",
    "target_likelihood": "Target likelihood",
    "target_impact": "Target impact",
    "review_date": "Next review",
}
REQUIRED = ["title", *SCORE_FIELDS]
_DATE_FORMATS = ("%d/%m/%Y", "%Y-%m-%d", "%Y-%m-%d %H:%M:%S", "%d/%m/%y", "%d %B %Y", "%d %b %Y")


@dataclass
class ImportCheck:
    rows: list[RowResult] = field(default_factory=list)
    existing: list[RowResult] = field(default_factory=list)
    missing_columns: list[str] = field(default_factory=list)

    @property
    def good(self):
        return [row for row in self.rows if row.ok]

    @property
    def bad(self):
        return [row for row in self.rows if not row.ok]


def _date(text: str) -> datetime.date:
    for pattern in _DATE_FORMATS:
        try:
            return datetime.datetime.strptime(text, pattern).date()
        except ValueError:
            continue
    raise ValueError


def _score(text: str) -> int:
    number = float(text)
    if number != int(number) or not 1 <= number <= 5:
        raise ValueError
    return int(number)


def _check_fields(row: RowResult) -> None:
    """What the model itself refuses (lengths, ranges), said per column."""
    try:
        Risk(**row.values).clean_fields(exclude=["board", "number", "reference"])
    except ValidationError as error:
        for name, messages in error.message_dict.items():
            label = COLUMNS.get(name, name)
            row.errors.extend(f"{label}: {message}" for message in messages)


def check_rows(board: Board, headers: list[str], table: list[list[str]]) -> ImportCheck:
    """Clean each row or say, by row number, what is wrong with it; rows already on the register
    (same reference or title) are set aside so that importing a file twice adds nothing."""
    wanted = {label.lower(): name for name, label in COLUMNS.items()}
    index = {
        wanted[h.strip().lower()]: i for i, h in enumerate(headers) if h.strip().lower() in wanted
    }
    check = ImportCheck(missing_columns=[COLUMNS[n] for n in REQUIRED if n not in index])
    if check.missing_columns:
        return check
    people = list(Person.objects.filter(partnership=board.partnership))
    by_initials = {p.initials.lower(): p for p in people}
    by_name = {p.name.lower(): p for p in people}
    categories = {value: value for value in Risk.Category.values}
    categories.update({label.lower(): value for value, label in Risk.Category.choices})
    known = {
        key
        for reference, title in Risk.objects.filter(board=board).values_list("reference", "title")
        for key in (("ref", reference.lower()), ("title", title.strip().lower()))
    }
    for number, cells in enumerate(table, start=2):  # row 1 holds the column names
        row = RowResult(number=number)
        raw = {name: cells[i] for name, i in index.items()}
        for name in REQUIRED:
            if not raw.get(name):
                row.errors.append(f"{COLUMNS[name]} is missing")
        for name in SCORE_FIELDS:
            if raw.get(name):
                try:
                    row.values[name] = _score(raw[name])
                except ValueError:
                    row.errors.append(f"{COLUMNS[name]} must be a whole number from 1 to 5")
        for name in ("raised_on", "review_date"):
            if raw.get(name):
                try:
                    row.values[name] = _date(raw[name])
                except ValueError:
                    row.errors.append(f"{COLUMNS[name]} is not a date (use dd/mm/yyyy)")
                else:
                    if not date_in_range(row.values[name]):
                        row.errors.append(f"{COLUMNS[name]} is not a date {DATE_RANGE}")
        owner = raw.get("owner", "")
        if owner:
            person = by_initials.get(owner.lower()) or by_name.get(owner.lower())
            if person is None:
                row.errors.append(f'Owner "{owner}" is not a person of the partnership')
            row.values["owner"] = person
        category = raw.get("category", "")
        if category:
            if category.lower() not in categories:
                row.errors.append(f'Category "{category}" is not one of the categories')
            row.values["category"] = categories.get(category.lower(), "")
        for name in ("priority_area", "title", "description", "cause", "effect", "controls"):
            if raw.get(name):
                row.values[name] = raw[name]
        if row.ok:
            _check_fields(row)
        keys = {("title", raw.get("title", "").strip().lower())}
        if raw.get("reference"):
            keys.add(("ref", raw["reference"].lower()))
        if raw.get("title") and keys & known:
            check.existing.append(row)
            continue
        known |= keys
        check.rows.append(row)
    return check
