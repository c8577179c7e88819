"""The audit trail, read back as "who changed what, when"."""

import functools
from dataclasses import dataclass, field
from datetime import datetime

from django.db.models import ForeignKey, Model, QuerySet

_HIDDEN = {"version", "id", "history_id", "history_date", "history_user", "history_type"}
_KIND = {"+": "Added", "~": "Changed", "-": "Removed"}


@functools.cache
def _historical_model(model: type[Model]) -> type[Model]:
    return model.history.model


def history_of(model: type[Model]) -> QuerySet:
    """The audit rows of `model` as a plain queryset. `Model.history` builds a new manager class
    on every access, which costs more than the query itself on a page of recent changes."""
    return _historical_model(model)._default_manager.all()


@dataclass
class Change:
    when: datetime
    who: str
    kind: str
    what: str
    details: list[str] = field(default_factory=list)


def _labeller(model):
    """Turn stored values into words: choices to labels, foreign keys to names."""
    fields = {f.attname: f for f in model._meta.fields}

    def label(attname, value, names):
        f = fields.get(attname)
        if value in (None, ""):
            return "(none)"
        if f is not None and f.choices:
            return str(dict(f.flatchoices).get(value, value))
        if isinstance(f, ForeignKey):
            return names.get((f.related_model, value), f"#{value}")
        return str(value)

    return fields, label


def _default_describe(row, names):
    for attname in ("name", "title"):
        if getattr(row, attname, None):
            return getattr(row, attname)
    return f"#{row.id}"


def change_log(histories: list[tuple], limit: int | None = 50) -> list[Change]:
    """Merge historical querysets into one newest-first list, each row diffed with its previous.

    `histories` holds (historical queryset, noun, describe) triples; describe(row, names) names
    the record without a query, from `names`, keyed by (related model, id).
    """
    entries = []
    for queryset, noun, describe in histories:
        describe = describe or _default_describe
        rows = list(queryset.select_related("history_user").order_by("history_date", "history_id"))
        model = queryset.model.instance_type
        fields, label = _labeller(model)
        wanted = {}
        for row in rows:
            for attname, f in fields.items():
                if isinstance(f, ForeignKey) and getattr(row, attname, None) is not None:
                    wanted.setdefault(f.related_model, set()).add(getattr(row, attname))
        names = {}
        for related, ids in wanted.items():
            for pk, obj in related._default_manager.in_bulk(ids).items():
                names[(related, pk)] = str(obj)
        previous = {}
        for row in rows:
            before = previous.get(row.id)
            details = []
            if before is not None and row.history_type == "~":
                for attname in fields:
                    if attname in _HIDDEN:
                        continue
                    old, new = getattr(before, attname, None), getattr(row, attname, None)
                    if old != new:
                        name = fields[attname].verbose_name
                        details.append(
                            f"{name}: {label(attname, old, names)} → {label(attname, new, names)}"
                        )
                if not details:
                    previous[row.id] = row
                    continue
            previous[row.id] = row
            user = row.history_user
            entries.append(
                Change(
                    when=row.history_date,
                    who=(user.get_full_name() or user.get_username()) if user else "System",
                    kind=_KIND[row.history_type],
                    what=f"{noun}: {describe(row, names)}",
                    details=details,
                )
            )
    entries.sort(key=lambda change: change.when, reverse=True)
    return entries[:limit] if limit else entries
