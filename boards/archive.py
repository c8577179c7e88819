"""A partnership's whole record in one zip archive, and back again.

For backups, freedom-of-information requests and moving between hosts. The archive holds every
row of every table of the project's own apps that belongs to the partnership (history and
many-to-many tables included), the login accounts those rows refer to, and the uploaded files.
It is written with Django's serialisers, so apps that are added later are included as they are.
Which rows belong to the partnership is worked out in `archive_placement`.

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
from itertools import batched
from pathlib import PurePosixPath

from django.apps import apps
from django.contrib.auth import get_user_model
from django.core import serializers
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.management.color import no_style
from django.core.serializers.json import DjangoJSONEncoder
from django.db import DEFAULT_DB_ALIAS, IntegrityError, connections, models, transaction
from django.db.models import Max

from . import search
from .archive_placement import (
    ArchiveError,
    archived_models,
    check_every_table_is_archived,
    history_record,
    label_of,
    place_rows,
)
from .models import Partnership

FORMAT_VERSION = 2
CHUNK = 500


class _LosslessEncoder(DjangoJSONEncoder):
    """Django's encoder cuts times to milliseconds; an archive keeps them whole."""

    def default(self, o):
        if isinstance(o, datetime.datetime | datetime.time):
            return o.isoformat()
        return super().default(o)


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


# Export.


def _file_fields(model) -> list[str]:
    record = history_record(model) or model
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
        elif history_record(model) is not None:
            continue  # history may name rows deleted since; they travel as ids
        elif target not in placement.records:
            if values:
                raise ArchiveError(
                    f"{label_of(model)}.{f.name} points at {label_of(target)}, "
                    "which an archive does not carry."
                )
        else:
            outside = sorted(
                v for v in values if placement.records[target].get(v) != partnership_id
            )
            if outside:
                raise ArchiveError(
                    f"{label_of(model)}.{f.name} points at rows of {label_of(target)} outside the "
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
    check_every_table_is_archived(archived)
    placement = place_rows(archived)
    tables, users, named, history_named = {}, set(), {}, {}
    for model in placement.order:
        rows = _serialised(model, placement.ids(model, partnership.pk))
        users |= _check_links_stay_inside(model, rows, placement, partnership.pk)
        for name in _file_fields(model):
            for row in rows:
                if stored := row["fields"][name]:
                    into = history_named if history_record(model) else named
                    into.setdefault(stored, f"{label_of(model)} {row['pk']} {name}")
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
            (label_of(User), user_rows, accounts.count()),
            *(
                (label_of(m), rows, len(placement.ids(m, partnership.pk)))
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
        raise ArchiveError(
            f"Unsupported archive format {manifest.get('format')!r}: export it again with this "
            "version."
        )
    if not {"partnership", "tables", "files"} <= manifest.keys():
        raise ArchiveError("This is not a partnership archive: its manifest is incomplete.")
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
        if record := history_record(model):
            deleted = model._base_manager.aggregate(top=Max(record._meta.pk.attname))["top"] or 0
            offsets[record] = max(offsets[record], deleted)
    return offsets


def _renumbered(row: dict, model, offsets: dict, users: dict, files: dict) -> dict:
    record = history_record(model)
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
                    f"{label_of(model)}.{f.name} points at {label_of(target)}, "
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
            users, users_created = _restore_users(tables[label_of(User)], offsets[User])
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
            search.rebuild()  # the restored records become searchable
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
            if record := history_record(model):
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
