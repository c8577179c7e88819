"""Restoring a partnership from its archive (see `archive`): every row renumbered past the ids
already here, the login accounts matched by username or created, the files put back, all in one
transaction once the archive has checked itself."""

from dataclasses import dataclass, field
from itertools import batched

from django.apps import apps
from django.contrib.auth import get_user_model
from django.core import serializers
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.management.color import no_style
from django.db import DEFAULT_DB_ALIAS, IntegrityError, connections, models, transaction
from django.db.models import Max

from .archive import CHUNK, file_fields_of, open_archive, verify
from .archive_placement import (
    ArchiveError,
    archived_models,
    history_record,
    label_of,
)
from .models import Partnership


@dataclass
class Restored:
    partnership: Partnership
    tables: dict[str, int]
    users_created: int
    users_matched: int
    files: int
    renamed_files: dict[str, str] = field(default_factory=dict)


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
    file_fields = file_fields_of(model)
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
    archive, _ = open_archive(data)
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
