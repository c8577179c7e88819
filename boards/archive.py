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
from dataclasses import dataclass
from itertools import batched
from pathlib import PurePosixPath

from django.contrib.auth import get_user_model
from django.core import serializers
from django.core.files.storage import default_storage
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models

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


# Export.


def file_fields_of(model) -> list[str]:
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
        for name in file_fields_of(model):
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


def open_archive(data: bytes) -> tuple[zipfile.ZipFile, dict]:
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
    archive, manifest = open_archive(data)
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
