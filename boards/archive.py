"""A partnership's whole record in one zip archive, and back again.

For backups, freedom-of-information requests and moving between hosts. The archive holds every
row of every table of the project's own apps that belongs to the partnership (history and
many-to-many tables included), the login accounts those rows refer to, and the uploaded files.
It is written with Django's serialisers, so apps that are added later are included as they are.

Where a row belongs is worked out for every row in the database, not looked up per partnership:
each row follows its foreign keys that are always set (or, for a model that has none, any of its
foreign keys that is set) to rows already placed, down to a partnership. A history row belongs
where its record does; the record of a deleted row is placed by the foreign keys its history
rows carry. A row that leads to no partnership stops the export with the model's name, so no row
is ever left out in silence.

The archive checks itself: its manifest gives, per table, the number of rows and a checksum of
the file that holds them, and a checksum of every uploaded file. The export reads the archive
back against the manifest before it hands it over; the import does the same before it restores.
"""

import datetime
import hashlib
import io
import json
import zipfile
from dataclasses import dataclass, field
from graphlib import CycleError, TopologicalSorter
from itertools import batched
from pathlib import Path, PurePosixPath

from django.apps import apps
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core import serializers
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.management.color import no_style
from django.core.serializers.json import DjangoJSONEncoder
from django.db import DEFAULT_DB_ALIAS, IntegrityError, connections, models, transaction
from django.db.models import Max

from .models import Partnership

FORMAT_VERSION = 2
CHUNK = 500


class _LosslessEncoder(DjangoJSONEncoder):
    """Django's encoder cuts times to milliseconds; an archive keeps them whole."""

    def default(self, o):
        if isinstance(o, datetime.datetime | datetime.time):
            return o.isoformat()
        return super().default(o)


class ArchiveError(Exception):
    pass


@dataclass
class Exported:
    data: bytes
    manifest: dict


@dataclass
class Restored:
    partnership: Partnership
    tables: dict[str, int]
    users_created: int
    users_matched: int
    files: int
    renamed_files: dict[str, str] = field(default_factory=dict)


# Which tables, and where each row belongs.


def _is_project_app(config) -> bool:
    path = Path(config.path).resolve()
    return path.is_relative_to(Path(settings.BASE_DIR).resolve()) and not (
        {"site-packages", "dist-packages"} & set(path.parts)
    )


def archived_models() -> list[type[models.Model]]:
    """Every table of the project's own apps: records, their history, many-to-many links."""
    found = []
    for config in apps.get_app_configs():
        if _is_project_app(config):
            found.extend(
                m for m in config.get_models(include_auto_created=True) if not m._meta.proxy
            )
    return found


def _label(model) -> str:
    return model._meta.label


def _history_record(model):
    """The model whose history `model` keeps (django-simple-history), or None."""
    return getattr(model, "instance_type", None)


def _check_every_table_is_archived(archived) -> None:
    """The database's own list of tables, against the tables the archive will hold."""
    connection = connections[DEFAULT_DB_ALIAS]
    known = {m._meta.db_table: m for m in apps.get_models(include_auto_created=True)}
    elsewhere = {
        table for table, model in known.items() if not _is_project_app(model._meta.app_config)
    }
    left_out = (
        set(connection.introspection.table_names())
        - elsewhere
        - {m._meta.db_table for m in archived}
        - {"django_migrations"}
    )
    if left_out:
        names = ", ".join(
            f"{_label(known[t])} ({t})" if t in known else f"table {t} (no model)"
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
    records = [m for m in archived if _history_record(m) is None]
    history = {_history_record(m): m for m in archived if _history_record(m) is not None}
    for record, kept in history.items():
        if record not in records:
            raise ArchiveError(
                f"{_label(kept)} keeps the history of {_label(record)}, which is not archived."
            )
    links = {m: [] if m is Partnership else _links(m, records) for m in records}
    unplaceable = [_label(m) for m, found in links.items() if m is not Partnership and not found]
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
            + ", ".join(sorted({_label(m) for m in error.args[1]}))
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
                f"{_label(m)} ({len(pks)} rows, ids {', '.join(map(str, pks[:5]))}"
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


# Export.


def _file_fields(model) -> list[str]:
    record = _history_record(model) or model
    return [f.name for f in record._meta.concrete_fields if isinstance(f, models.FileField)]


def _serialised(model, ids) -> list[dict]:
    # Many-to-many links travel as rows of their own tables, ids and history intact.
    names = [f.name for f in model._meta.local_fields if not f.primary_key]
    rows = []
    for chunk in batched(ids, CHUNK):
        found = model._base_manager.filter(pk__in=chunk).order_by("pk")
        rows.extend(serializers.serialize("python", found, fields=names))
    return rows


def _check_links_stay_inside(model, rows, placement, partnership_id) -> set:
    """Live rows may point only at rows of the same partnership; returns the users they name."""
    User = get_user_model()
    users = set()
    for f in model._meta.concrete_fields:
        if not isinstance(f, models.ForeignKey):
            continue
        target = f.related_model
        values = {row["fields"][f.name] for row in rows} - {None}
        if target is User:
            users |= values
        elif _history_record(model) is not None:
            continue  # history may name rows deleted since; they travel as ids
        elif target not in placement.records:
            if values:
                raise ArchiveError(
                    f"{_label(model)}.{f.name} points at {_label(target)}, "
                    "which an archive does not carry."
                )
        else:
            outside = sorted(
                v for v in values if placement.records[target].get(v) != partnership_id
            )
            if outside:
                raise ArchiveError(
                    f"{_label(model)}.{f.name} points at rows of {_label(target)} outside the "
                    f"partnership (ids {', '.join(map(str, outside[:5]))})."
                )
    return users


def _json(value) -> bytes:
    return json.dumps(value, cls=_LosslessEncoder, indent=0).encode()


def _sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def export_partnership(slug: str, *, allow_missing_files: bool = False) -> Exported:
    partnership = Partnership.objects.filter(slug=slug).first()
    if partnership is None:
        raise ArchiveError(f"No partnership with the slug {slug!r}.")
    archived = archived_models()
    _check_every_table_is_archived(archived)
    placement = place_rows(archived)
    tables, users, named, history_named = {}, set(), {}, {}
    for model in placement.order:
        rows = _serialised(model, placement.ids(model, partnership.pk))
        users |= _check_links_stay_inside(model, rows, placement, partnership.pk)
        for name in _file_fields(model):
            for row in rows:
                if stored := row["fields"][name]:
                    into = history_named if _history_record(model) else named
                    into.setdefault(stored, f"{_label(model)} {row['pk']} {name}")
        tables[model] = rows
    files, missing, history_missing = {}, [], []
    for stored in sorted(named.keys() | history_named.keys()):
        if default_storage.exists(stored):
            with default_storage.open(stored, "rb") as handle:
                files[stored] = handle.read()
        elif stored in named:
            missing.append(f"{stored} ({named[stored]})")
        else:
            history_missing.append(stored)  # a paper replaced or removed takes its file with it
    if missing and not allow_missing_files:
        raise ArchiveError(
            "Files named in the data are missing from storage: " + "; ".join(missing)
        )
    User = get_user_model()
    user_fields = [f.name for f in User._meta.local_fields if not f.primary_key]
    accounts = User._base_manager.filter(pk__in=users).order_by("pk")
    user_rows = serializers.serialize("python", accounts, fields=user_fields)

    manifest = {
        "format": FORMAT_VERSION,
        "partnership": partnership.slug,
        "name": partnership.name,
        "exported_at": datetime.datetime.now(datetime.UTC).isoformat(),
        "tables": {},
        "files": {},
        "missing_files": missing,
        "missing_history_files": history_missing,
    }
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for label, rows, expected in [
            (_label(User), user_rows, accounts.count()),
            *(
                (_label(m), rows, len(placement.ids(m, partnership.pk)))
                for m, rows in tables.items()
            ),
        ]:
            data = _json(rows)
            archive.writestr(f"tables/{label}.json", data)
            manifest["tables"][label] = {"rows": expected, "sha256": _sha256(data)}
        for stored, content in files.items():
            archive.writestr(f"files/{stored}", content)
            manifest["files"][stored] = _sha256(content)
        archive.writestr("manifest.json", json.dumps(manifest, indent=1))
    data = buffer.getvalue()
    # Read back what was written: every table holds the rows the partnership has, or no archive.
    verify(data)
    return Exported(data=data, manifest=manifest)


# Checking an archive.


def _open(data: bytes) -> tuple[zipfile.ZipFile, dict]:
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        manifest = json.loads(archive.read("manifest.json"))
    except (zipfile.BadZipFile, KeyError, ValueError) as error:
        raise ArchiveError("This is not a partnership archive.") from error
    if manifest.get("format") != FORMAT_VERSION:
        raise ArchiveError(f"Unsupported archive format {manifest.get('format')!r}.")
    return archive, manifest


def verify(data: bytes) -> tuple[dict, dict[str, list]]:
    """The manifest and the rows of each table, once every count and checksum has been checked."""
    archive, manifest = _open(data)
    problems, tables = [], {}
    expected = {"manifest.json"}
    for label, entry in manifest["tables"].items():
        name = f"tables/{label}.json"
        expected.add(name)
        try:
            content = archive.read(name)
        except KeyError:
            problems.append(f"{name} is named in the manifest but not in the archive")
            continue
        if _sha256(content) != entry["sha256"]:
            problems.append(f"{name} does not match its checksum")
            continue
        rows = json.loads(content)
        if len(rows) != entry["rows"]:
            problems.append(
                f"{label}: the manifest counts {entry['rows']} rows, the archive holds {len(rows)}"
            )
        if any(row["model"] != label.lower() for row in rows):
            problems.append(f"{name} holds rows of another table")
        tables[label] = rows
    for stored, checksum in manifest["files"].items():
        name = f"files/{stored}"
        expected.add(name)
        parts = PurePosixPath(stored).parts
        if PurePosixPath(stored).is_absolute() or ".." in parts:
            problems.append(f"unsafe file name {stored!r}")
        else:
            try:
                if _sha256(archive.read(name)) != checksum:
                    problems.append(f"{name} does not match its checksum")
            except KeyError:
                problems.append(f"{name} is named in the manifest but not in the archive")
    extra = sorted(set(archive.namelist()) - expected)
    if extra:
        problems.append(f"not named in the manifest: {', '.join(extra)}")
    if problems:
        raise ArchiveError("The archive is not whole: " + "; ".join(problems) + ".")
    return manifest, tables


# Import.


def _offsets(archived) -> dict:
    """How far to move each table's ids so that none meets an id already here."""
    offsets = {}
    for model in [*archived, get_user_model()]:
        offsets[model] = model._base_manager.aggregate(top=Max("pk"))["top"] or 0
    for model in archived:
        if record := _history_record(model):
            deleted = model._base_manager.aggregate(top=Max(record._meta.pk.attname))["top"] or 0
            offsets[record] = max(offsets[record], deleted)
    return offsets


def _renumbered(row: dict, model, offsets: dict, users: dict, files: dict) -> dict:
    record = _history_record(model)
    file_fields = _file_fields(model)
    values = dict(row["fields"])
    for f in model._meta.concrete_fields:
        value = values.get(f.name)
        if value is None or f.primary_key:
            continue
        if isinstance(f, models.ForeignKey):
            target = f.related_model
            if target is get_user_model():
                # History may name an account deleted since; the live tables cannot.
                values[f.name] = users.get(value) if record else users[value]
            elif target in offsets:
                values[f.name] = value + offsets[target]
            else:
                raise ArchiveError(
                    f"{_label(model)}.{f.name} points at {_label(target)}, "
                    "which an archive does not carry."
                )
        elif record is not None and f.name == record._meta.pk.name:
            values[f.name] = value + offsets[record]
        elif f.name in file_fields:
            values[f.name] = files.get(value, value)
    return {"model": row["model"], "pk": row["pk"] + offsets[model], "fields": values}


def _restore_users(rows: list, offset: int) -> tuple[dict, int]:
    """Accounts already here (by username) are used as they are; the others are created."""
    User = get_user_model()
    ids, created = {}, 0
    for item in serializers.deserialize("python", rows):
        user = item.object
        old = user.pk
        existing = User._base_manager.filter(**{User.USERNAME_FIELD: user.get_username()}).first()
        if existing is not None:
            ids[old] = existing.pk
            continue
        user.pk = old + offset
        item.save(save_m2m=False, force_insert=True)
        ids[old] = user.pk
        created += 1
    return ids, created


def _restore_files(archive, manifest, created: list) -> dict[str, str]:
    """Each file under its own name, or under a free one if that name holds something else."""
    names = {}
    for stored in manifest["files"]:
        content = archive.read(f"files/{stored}")
        if default_storage.exists(stored):
            with default_storage.open(stored, "rb") as handle:
                if handle.read() == content:
                    continue
        saved = default_storage.save(stored, ContentFile(content))
        created.append(saved)
        if saved != stored:
            names[stored] = saved
    return names


def import_partnership(data: bytes) -> Restored:
    manifest, tables = verify(data)
    archive, _ = _open(data)
    if Partnership.objects.filter(slug=manifest["partnership"]).exists():
        raise ArchiveError(f"A partnership {manifest['partnership']!r} already exists here.")
    User = get_user_model()
    try:
        models_in = {label: apps.get_model(label) for label in manifest["tables"]}
    except LookupError as error:
        raise ArchiveError(f"The archive holds a table this site does not have: {error}") from error
    archived = archived_models()
    created_files = []
    connection = connections[DEFAULT_DB_ALIAS]
    try:
        with transaction.atomic():
            offsets = _offsets(archived)
            users, users_created = _restore_users(tables[_label(User)], offsets[User])
            renamed = _restore_files(archive, manifest, created_files)
            restored = {}
            for label, model in models_in.items():
                if model is User:
                    continue
                rows = [_renumbered(r, model, offsets, users, renamed) for r in tables[label]]
                for item in serializers.deserialize("python", rows):
                    item.save(save_m2m=False, force_insert=True)
                ids = [row["pk"] for row in rows]
                restored[label] = sum(
                    model._base_manager.filter(pk__in=chunk).count()
                    for chunk in batched(ids, CHUNK)
                )
                if restored[label] != manifest["tables"][label]["rows"]:
                    raise ArchiveError(
                        f"{label}: the archive holds {manifest['tables'][label]['rows']} rows, "
                        f"{restored[label]} were restored."
                    )
            connection.check_constraints(table_names=[m._meta.db_table for m in models_in.values()])
            _reset_sequences(archived)
    except IntegrityError as error:
        _remove(created_files)
        raise ArchiveError(f"The archive's rows do not fit this database: {error}") from error
    except BaseException:
        _remove(created_files)
        raise
    return Restored(
        partnership=Partnership.objects.get(slug=manifest["partnership"]),
        tables=restored,
        users_created=users_created,
        users_matched=len(users) - users_created,
        files=len(manifest["files"]),
        renamed_files=renamed,
    )


def _remove(names) -> None:
    for name in names:
        default_storage.delete(name)


def _reset_sequences(archived) -> None:
    connection = connections[DEFAULT_DB_ALIAS]
    statements = connection.ops.sequence_reset_sql(no_style(), [*archived, get_user_model()])
    with connection.cursor() as cursor:
        for sql in statements:
            cursor.execute(sql)
        # A new record must not take the id of a deleted one whose history came in the archive.
        for model in archived:
            if record := _history_record(model):
                live = record._base_manager.aggregate(top=Max("pk"))["top"] or 0
                deleted = model._base_manager.aggregate(top=Max(record._meta.pk.attname))["top"]
                if deleted and deleted > live:
                    _count_ids_from(cursor, connection, record, deleted)


def _count_ids_from(cursor, connection, model, top: int) -> None:
    table = model._meta.db_table
    if connection.vendor == "postgresql":
        cursor.execute(
            "SELECT setval(pg_get_serial_sequence(%s, %s), %s)",
            [connection.ops.quote_name(table), model._meta.pk.column, top],
        )
    elif connection.vendor == "sqlite":  # AUTOINCREMENT keeps its high-water mark here
        cursor.execute("DELETE FROM sqlite_sequence WHERE name = %s", [table])
        cursor.execute("INSERT INTO sqlite_sequence (name, seq) VALUES (%s, %s)", [table, top])
