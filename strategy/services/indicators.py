"""Indicator values: entered in a grid or imported from a spreadsheet, row by row."""

import datetime
import re
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from django.db import IntegrityError, transaction

from core.inputs import DATE_RANGE, date_in_range
from core.spreadsheets import RowResult, UnreadableFile, read_table

from ..models import Indicator, IndicatorValue
from ..models.indicators import period_start

_QUARTER = re.compile(r"^q([1-4])\s*(\d{4})\s*/\s*(\d{2}|\d{4})$", re.IGNORECASE)
_MONTH = re.compile(r"^(\d{4})-(\d{1,2})$")
_DATE_FORMATS = ("%Y-%m-%d", "%d/%m/%Y", "%Y-%m-%d %H:%M:%S", "%b %Y", "%B %Y")
HEADERS = ("indicator", "period", "value", "narrative")


@dataclass
class SaveCounts:
    created: int = 0
    updated: int = 0
    unchanged: int = 0


@dataclass
class ImportResult:
    rows: list[RowResult] = field(default_factory=list)
    counts: SaveCounts | None = None
    file_error: str = ""

    @property
    def bad_rows(self) -> list[RowResult]:
        return [row for row in self.rows if not row.ok]

    @property
    def imported(self) -> bool:
        return self.counts is not None


def parse_period(text: str) -> datetime.date:
    """A period as people write it: 2023-10-01, 01/10/2023, 2023-10, Oct 2023 or Q3 2023/24."""
    period = _period(text.strip())
    if not date_in_range(period):
        raise ValueError(f'"{text.strip()}" is not a period {DATE_RANGE}')
    return period


def _period(text: str) -> datetime.date:
    quarter = _QUARTER.match(text)
    if quarter:
        number, year = int(quarter.group(1)), int(quarter.group(2))
        month = (number - 1) * 3 + 4
        return datetime.date(year + (month > 12), (month - 1) % 12 + 1, 1)
    month = _MONTH.match(text)
    if month:
        return datetime.date(int(month.group(1)), int(month.group(2)), 1)
    for pattern in _DATE_FORMATS:
        try:
            return datetime.datetime.strptime(text, pattern).date()
        except ValueError:
            continue
    raise ValueError(f'"{text}" is not a period: use a date such as 2023-10-01 or Q3 2023/24')


def parse_value(text: str) -> Decimal:
    cleaned = text.strip().replace(",", "").rstrip("%").strip()
    try:
        value = Decimal(cleaned)
    except InvalidOperation:
        raise ValueError(f'"{text}" is not a number') from None
    if not value.is_finite() or abs(value) >= Decimal("1e10"):
        raise ValueError(f'"{text}" is not a number that can be stored')
    return value.quantize(Decimal("0.01"))


@transaction.atomic
def indicator_values_save(
    *, rows: list[tuple[Indicator, datetime.date, Decimal, str]], user
) -> SaveCounts:
    """Store each (indicator, period, value, narrative); saving the same again changes nothing."""
    counts = SaveCounts()
    for indicator, period, value, narrative in rows:
        period = period_start(period, indicator.frequency)
        current = (
            IndicatorValue.objects.select_for_update()
            .filter(indicator=indicator, period=period)
            .first()
        )
        if current is None:
            IndicatorValue.objects.create(
                indicator=indicator,
                period=period,
                value=value,
                narrative=narrative,
                entered_by=user,
            )
            counts.created += 1
        elif current.value != value or current.narrative != narrative:
            current.value, current.narrative, current.entered_by = value, narrative, user
            current.save()
            counts.updated += 1
        else:
            counts.unchanged += 1
    return counts


def _lines(text: str) -> str:
    """Text as compared: browsers send line breaks as CRLF, whatever was stored."""
    return text.replace("\r\n", "\n").strip()


@dataclass(frozen=True)
class GridRow:
    """A row of the values grid: what the user entered, and the stored value it showed them."""

    indicator: Indicator
    period: datetime.date
    value: Decimal | None
    narrative: str
    shown_value: Decimal | None
    shown_narrative: str

    @property
    def is_changed(self) -> bool:
        shown = (self.shown_value, _lines(self.shown_narrative))
        return (self.value, _lines(self.narrative)) != shown


class GridConflict(Exception):
    """Rows of the grid someone else saved since it was shown: indicator id -> what is stored."""

    def __init__(self, current: dict[int, IndicatorValue | None]):
        super().__init__("Someone else saved values in the grid")
        self.current = current


@transaction.atomic
def indicator_values_grid_save(*, rows: list[GridRow], user) -> SaveCounts:
    """Store the rows of the grid the user changed; the others may hold someone else's newer
    value, which must stay. If a changed row was saved by someone else since the grid was shown,
    nothing is stored and GridConflict says which rows, with what they hold now."""
    changed = [row for row in rows if row.value is not None and row.is_changed]
    checked, current = {}, {}
    for row in changed:
        period = period_start(row.period, row.indicator.frequency)
        stored = (
            IndicatorValue.objects.select_for_update()
            .filter(indicator=row.indicator, period=period)
            .first()
        )
        now = (stored.value, _lines(stored.narrative)) if stored else (None, "")
        if now != (row.shown_value, _lines(row.shown_narrative)):
            current[row.indicator.pk] = stored
        checked[row.indicator.pk] = stored or IndicatorValue(indicator=row.indicator, period=period)
    if current:
        raise GridConflict(current)
    counts = SaveCounts(unchanged=sum(row.value is not None and not row.is_changed for row in rows))
    for row in changed:
        # Each row is written as it was checked, not read again, so that a value someone else
        # stored meanwhile is never overwritten.
        value = checked[row.indicator.pk]
        value.value, value.narrative, value.entered_by = row.value, row.narrative, user
        if value.pk:
            value.save()
            counts.updated += 1
            continue
        try:
            with transaction.atomic():
                value.save()
        except IntegrityError:
            # Someone else stored a value here since the check: a row that did not exist then
            # could not be locked, so the unique constraint is what notices.
            current[row.indicator.pk] = IndicatorValue.objects.filter(
                indicator=row.indicator, period=value.period
            ).first()
        else:
            counts.created += 1
    if current:
        raise GridConflict(current)
    return counts


def _check_row(number, cells, indicators, seen) -> RowResult:
    row = RowResult(number=number)
    name, period_text, value_text, narrative = cells
    indicator = indicators.get(name.strip().lower())
    if not name.strip():
        row.errors.append("The indicator is missing.")
    elif indicator is None:
        row.errors.append(f'No indicator is called "{name}".')
    try:
        period = parse_period(period_text) if period_text.strip() else None
        if period is None:
            row.errors.append("The period is missing.")
    except ValueError as error:
        period = None
        row.errors.append(str(error) + ".")
    try:
        value = parse_value(value_text) if value_text.strip() else None
        if value is None:
            row.errors.append("The value is missing.")
    except ValueError as error:
        value = None
        row.errors.append(str(error) + ".")
    if not row.errors:
        key = (indicator.pk, period_start(period, indicator.frequency))
        if key in seen:
            row.errors.append(f"Repeats row {seen[key]} for the same indicator and period.")
        else:
            seen[key] = number
    row.values = {
        "indicator": indicator,
        "period": period,
        "value": value,
        "narrative": narrative.strip(),
    }
    return row


def indicator_values_import(*, partnership, upload, skip_bad: bool, user) -> ImportResult:
    """Check every row; import nothing while a row is bad, unless told to skip bad rows."""
    result = ImportResult()
    try:
        headers, table = read_table(upload)
    except UnreadableFile as error:
        result.file_error = str(error)
        return result
    positions = {header.strip().lower(): i for i, header in enumerate(headers)}
    missing = [name for name in HEADERS[:3] if name not in positions]
    if missing:
        result.file_error = (
            "The first row must name the columns Indicator, Period, Value and (optionally) "
            f"Narrative; missing: {', '.join(missing)}."
        )
        return result
    indicators = {i.name.lower(): i for i in Indicator.objects.filter(partnership=partnership)}
    seen: dict = {}
    for offset, cells in enumerate(table):
        picked = [cells[positions[name]] if name in positions else "" for name in HEADERS]
        result.rows.append(_check_row(offset + 2, picked, indicators, seen))
    if result.bad_rows and not skip_bad:
        return result
    good = [row.values for row in result.rows if row.ok]
    result.counts = indicator_values_save(
        rows=[(v["indicator"], v["period"], v["value"], v["narrative"]) for v in good], user=user
    )
    return result
