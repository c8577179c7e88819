"""Which tables a partnership archive holds, and the partnership every row of them belongs to.

Where a row belongs is worked out for every row in the database, not looked up per partnership:
each row follows its foreign keys that are always set (or, for a model that has none, any of its
foreign keys that is set) to rows already placed, down to a partnership. A history row belongs
where its record does; the record of a deleted row is placed by the foreign keys its history
rows carry. A row that leads to no partnership, or a table no archive would hold, is an error
that names it, so no row is ever left out in silence.
"""

from dataclasses import dataclass, field
from graphlib import CycleError, TopologicalSorter
from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, connections, models

from .models import Partnership


class ArchiveError(Exception):
    pass


def is_project_app(config) -> bool:
    path = Path(config.path).resolve()
    return path.is_relative_to(Path(settings.BASE_DIR).resolve()) and not (
        {"site-packages", "dist-packages"} & set(path.parts)
    )


# The search index is made from the records, not a record itself: an import rebuilds it. On
# SQLite its full-text table comes with tables of its own, all named after it.
DERIVED_MODELS = {"boards.SearchDocument", "boards.SearchIndexRow"}
DERIVED_TABLE_PREFIX = "boards_searchindex"


def archived_models() -> list[type[models.Model]]:
    """Every table of the project's own apps: records, their history, many-to-many links."""
    found = []
    for config in apps.get_app_configs():
        if is_project_app(config):
            found.extend(
                m
                for m in config.get_models(include_auto_created=True)
                if not m._meta.proxy and m._meta.label not in DERIVED_MODELS
            )
    return found


def label_of(model) -> str:
    return model._meta.label


def history_record(model):
    """The model whose history `model` keeps (django-simple-history), or None."""
    return getattr(model, "instance_type", None)


def check_every_table_is_archived(archived) -> None:
    """The database's own list of tables, against the tables the archive will hold."""
    connection = connections[DEFAULT_DB_ALIAS]
    known = {m._meta.db_table: m for m in apps.get_models(include_auto_created=True)}
    elsewhere = {
        table
        for table, model in known.items()
        if not is_project_app(model._meta.app_config) or model._meta.label in DERIVED_MODELS
    } | {t for t in connection.introspection.table_names() if t.startswith(DERIVED_TABLE_PREFIX)}
    left_out = (
        set(connection.introspection.table_names())
        - elsewhere
        - {m._meta.db_table for m in archived}
        - {"django_migrations"}
    )
    if left_out:
        names = ", ".join(
            f"{label_of(known[t])} ({t})" if t in known else f"table {t} (no model)"
            for t in sorted(left_out)
        )
        raise ArchiveError(f"These tables would be left out of the archive: {names}.")


def _links(model, records) -> list[models.ForeignKey]:
    """The foreign keys that place a row: those always set, or else every one (any that is set)."""
    links = [
        f
        for f in model._meta.concrete_fields
        if isinstance(f, models.ForeignKey) and f.related_model in records
        if f.related_model is not model
    ]
    return [f for f in links if not f.null] or links


@dataclass
class Placement:
    """The partnership (by id) of every row: `rows` per table, `records` per record id.

    `records` also holds the ids of deleted records that history rows still name.
    """

    rows: dict = field(default_factory=dict)
    records: dict = field(default_factory=dict)
    order: list = field(default_factory=list)

    def ids(self, model, partnership_id) -> list:
        return sorted(pk for pk, owner in self.rows[model].items() if owner == partnership_id)


def place_rows(archived) -> Placement:
    records = [m for m in archived if history_record(m) is None]
    history = {history_record(m): m for m in archived if history_record(m) is not None}
    for record, kept in history.items():
        if record not in records:
            raise ArchiveError(
                f"{label_of(kept)} keeps the history of {label_of(record)}, which is not archived."
            )
    links = {m: [] if m is Partnership else _links(m, records) for m in records}
    unplaceable = [label_of(m) for m, found in links.items() if m is not Partnership and not found]
    if unplaceable:
        raise ArchiveError(
            "No foreign key leads these models to a partnership, so the export cannot place "
            f"their rows: {', '.join(sorted(unplaceable))}."
        )
    try:
        order = list(
            TopologicalSorter(
                {m: {f.related_model for f in links[m]} for m in records}
            ).static_order()
        )
    except CycleError as error:
        raise ArchiveError(
            "These models lead to a partnership only through each other: "
            + ", ".join(sorted({label_of(m) for m in error.args[1]}))
        ) from error
    placement = Placement()
    for model in order:
        _place(model, links[model], history.get(model), placement)
        placement.order.append(model)
        if model in history:
            placement.order.append(history[model])
    unplaced = {
        model: [pk for pk, owner in rows.items() if owner is None]
        for model, rows in placement.rows.items()
    }
    unplaced = {model: pks for model, pks in unplaced.items() if pks}
    if unplaced:
        raise ArchiveError(
            "These rows lead to no partnership, so no archive would hold them: "
            + "; ".join(
                f"{label_of(m)} ({len(pks)} rows, ids {', '.join(map(str, pks[:5]))}"
                f"{', ...' if len(pks) > 5 else ''})"
                for m, pks in unplaced.items()
            )
            + "."
        )
    return placement


def _place(model, links, history, placement: Placement) -> None:
    names = [f.attname for f in links]
    targets = [placement.records[f.related_model] for f in links]

    def owner_by_links(record_id, values):
        if model is Partnership:
            return record_id
        for value, placed in zip(values, targets, strict=True):
            if value is not None and placed.get(value) is not None:
                return placed[value]
        return None

    live = {
        pk: owner_by_links(pk, values)
        for pk, *values in model._base_manager.values_list("pk", *names).iterator()
    }
    records = dict(live)
    if history is not None:
        record_id = model._meta.pk.attname
        rows = history._base_manager.values_list("pk", record_id, *names).order_by("pk")
        seen = []
        for pk, rid, *values in rows.iterator():
            found = owner_by_links(rid, values)
            if rid not in live and found is not None:
                records[rid] = found  # a deleted record goes where its latest history puts it
            seen.append((pk, rid, found))
        placement.rows[history] = {
            pk: records[rid] if records.get(rid) is not None else found for pk, rid, found in seen
        }
    placement.rows[model] = live
    placement.records[model] = records
