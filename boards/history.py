"""The audit trail, read back in words: "Due date changed from 26 January 2023 to 31 March 2027
by Gary Bloom: the provider has not started yet"."""

import functools
import os
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime

from django.db import models
from django.db.models import F, OuterRef, QuerySet, Subquery, Value
from django.db.models.functions import Coalesce, Concat, NullIf, Trim
from django.utils.text import capfirst

from core.dates import date_text, date_time_text, time_of_day

# A record's id and its save counter are bookkeeping, not anyone's change.
_HIDDEN = {"id", "version"}
# Text up to this long is quoted in the sentence; longer text is shown beneath it.
_QUOTED = 100
# Characters of long text shown before "Show all".
_OPENING = 200


@functools.cache
def _historical_model(model: type[models.Model]) -> type[models.Model]:
    return model.history.model


def history_of(model: type[models.Model]) -> QuerySet:
    """The audit rows of `model` as a plain queryset. `Model.history` builds a new manager class
    on every access, which costs more than the query itself on a page of recent changes."""
    return _historical_model(model)._default_manager.all()


# People ---------------------------------------------------------------------------------------


def person_name(user_field: str = ""):
    """The name of the person behind a login, for an `annotate()` of a queryset that points to
    one by `user_field` (or of the logins themselves): their name as the partnership records it,
    else the name on the account, else the username (an account with no person)."""
    from .models import Person

    prefix = f"{user_field}__" if user_field else ""
    named = Person.objects.filter(user=OuterRef(user_field or "pk")).order_by("pk").values("name")
    full = Trim(Concat(F(f"{prefix}first_name"), Value(" "), F(f"{prefix}last_name")))
    return Coalesce(Subquery(named[:1]), NullIf(full, Value("")), F(f"{prefix}username"))


# Long text ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Text:
    """Text shown in full, or its opening words with a way to read the rest."""

    full: str

    @property
    def is_long(self) -> bool:
        return len(self.full) > _OPENING

    @property
    def opening(self) -> str:
        """Cut at the last word that fits, never in the middle of one."""
        if not self.is_long:
            return self.full
        cut = self.full[: _OPENING + 1]
        cut = cut[: cut.rfind(" ")] if " " in cut else cut[:_OPENING]
        return cut.rstrip(" ,;:.-–")


# Changes --------------------------------------------------------------------------------------


@dataclass
class Change:
    """One line of history: what it is about, what happened and by whom, and when."""

    when: datetime
    subject: str
    headline: str
    reason: str = ""
    details: list[str] = field(default_factory=list)
    text: Text | None = None

    @property
    def sentence(self) -> str:
        return f"{self.headline}: {self.reason}" if self.reason else self.headline

    @property
    def when_text(self) -> str:
        return date_time_text(self.when)


@dataclass(frozen=True)
class Source:
    """Audit rows of one kind for a change log.

    `subject(row, related)` names the record in words without a query: `related` holds the
    objects the rows point to, keyed by (model, id). `text(row)` gives words worth showing in
    full when the record is added (an update's text). `hidden` names fields nobody changes.
    """

    history: QuerySet
    subject: Callable
    text: Callable | None = None
    hidden: frozenset = frozenset()


def change_made(
    *,
    when: datetime,
    who: str | None,
    subject: str,
    details: list[tuple[str, str]],
    reason: str = "",
) -> Change:
    """A change of fields: one change reads as a sentence ("Due date changed from … by …");
    several as "Changed by …" with the list. `details` holds (sentence, long text) pairs."""
    by = f"by {who}" if who else "by the system"
    if len(details) == 1:
        sentence, text = details[0]
        return Change(when, subject, f"{sentence} {by}", reason, text=Text(text) if text else None)
    lines = [f"{sentence}: {text}" if text else sentence for sentence, text in details]
    return Change(when, subject, f"Changed {by}", reason, details=lines)


def _value(f: models.Field, value, related: dict, people: dict) -> str:
    """A stored value in words: a choice's label, a record's name, "26 January 2023"."""
    if f.choices:
        return str(dict(f.flatchoices).get(value, value))
    if isinstance(f, models.ForeignKey):
        if f.related_model is _user_model():
            return people.get(value) or "someone whose account was removed"
        found = related.get((f.related_model, value))
        if found is None:
            return "a record since removed"
        return _name_of(found)
    if isinstance(f, models.BooleanField):
        return "Yes" if value else "No"
    if isinstance(f, models.DateTimeField):
        return date_time_text(value)
    if isinstance(f, models.DateField):
        return date_text(value)
    if isinstance(f, models.TimeField):
        return time_of_day(value)
    if isinstance(f, models.FileField):
        return os.path.basename(str(value))
    return str(value)


def _name_of(record: models.Model) -> str:
    from .models import Meeting

    if isinstance(record, Meeting):  # its own name gives the date in figures, and its board
        return f"the meeting of {date_text(record.date)}"
    return str(record)


def _is_text(f: models.Field) -> bool:
    return isinstance(f, models.CharField | models.TextField) and not f.choices


def _field_change(f: models.Field, old, new, related: dict, people: dict) -> tuple[str, str]:
    """How one field changed, as a sentence and, for long text, the new text in full."""
    label = capfirst(str(f.verbose_name))
    empty = (None, "")
    if _is_text(f) and (len(str(old or "")) > _QUOTED or len(str(new or "")) > _QUOTED):
        if new in empty:
            return f"{label} removed", ""
        return (f"{label} added" if old in empty else f"{label} changed"), str(new)

    def shown(value):
        words = _value(f, value, related, people)
        return f"“{words}”" if _is_text(f) else words

    if old in empty:
        return f"{label} set to {shown(new)}", ""
    if new in empty:
        return f"{label} removed (it was {shown(old)})", ""
    return f"{label} changed from {shown(old)} to {shown(new)}", ""


@functools.cache
def _user_model():
    from django.contrib.auth import get_user_model

    return get_user_model()


def _shown_fields(model: type[models.Model], hidden: frozenset) -> list[models.Field]:
    return [
        f
        for f in model._meta.fields
        if f.name not in _HIDDEN
        and f.name not in hidden
        and not getattr(f, "auto_now", False)
        and not getattr(f, "auto_now_add", False)
    ]


def _related(rows: list, fields: list[models.Field]) -> tuple[dict, dict]:
    """The records the rows point to, keyed by (model, id), and the names of the people behind
    the logins they name; one query per kind of record."""
    wanted: dict = {}
    for row in rows:
        for f in fields:
            value = getattr(row, f.attname, None)
            if isinstance(f, models.ForeignKey) and value is not None:
                wanted.setdefault(f.related_model, set()).add(value)
    user_ids = wanted.pop(_user_model(), set())
    related = {
        (model, pk): obj
        for model, ids in wanted.items()
        for pk, obj in model._default_manager.in_bulk(ids).items()
    }
    return related, people_named(user_ids)


def people_named(user_ids) -> dict[int, str]:
    """The person's name for each login, as `person_name` gives it."""
    if not user_ids:
        return {}
    users = _user_model()._default_manager.filter(pk__in=user_ids)
    return dict(users.annotate(named=person_name()).values_list("pk", "named"))


def change_log(sources: list[Source], limit: int | None = 50) -> list[Change]:
    """Merge audit rows of several kinds into one newest-first list, each row compared with the
    one before it."""
    entries = []
    for source in sources:
        rows = list(
            source.history.annotate(who=person_name("history_user")).order_by(
                "history_date", "history_id"
            )
        )
        model = source.history.model.instance_type
        fields = _shown_fields(model, source.hidden)
        related, people = _related(rows, fields)
        previous = {}
        for row in rows:
            entry = _entry(row, previous.get(row.id), source, fields, related, people)
            previous[row.id] = row
            if entry is not None:
                entries.append(entry)
    entries.sort(key=lambda change: change.when, reverse=True)
    return entries[:limit] if limit else entries


def _entry(row, before, source: Source, fields, related, people) -> Change | None:
    subject = source.subject(row, related)
    reason = row.history_change_reason or ""
    if row.history_type == "+":
        text = source.text(row) if source.text else ""
        # Nobody was signed in: the record came in with the demo or an archive being restored.
        headline = f"Added by {row.who}" if row.who else "Imported"
        return Change(
            row.history_date, subject, headline, reason, text=Text(text) if text else None
        )
    if row.history_type == "-":
        headline = f"Removed by {row.who}" if row.who else "Removed by the system"
        return Change(row.history_date, subject, headline, reason)
    details = []
    if before is not None:
        for f in fields:
            old, new = getattr(before, f.attname), getattr(row, f.attname)
            if old != new and not (old in (None, "") and new in (None, "")):
                details.append(_field_change(f, old, new, related, people))
        if not details:
            return None  # saved without a change anyone made
    return change_made(
        when=row.history_date, who=row.who, subject=subject, details=details, reason=reason
    )
