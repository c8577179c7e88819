"""A partnership's whole record in one zip archive, and back again.

For backups, freedom-of-information requests and moving between hosts. The archive holds every
row of the project's own apps that belongs to the partnership (found by following foreign keys to
it, history tables included), the login accounts those rows refer to, and the uploaded files.
It is written with Django's serialisers, so apps that are added later are included as they are.
"""

import datetime
import io
import json
import zipfile
from collections import deque
from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core import serializers
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.management.color import no_style
from django.core.serializers.json import DjangoJSONEncoder
from django.db import DEFAULT_DB_ALIAS, connections, models, transaction

from .models import Partnership

FORMAT_VERSION = 1


class _LosslessEncoder(DjangoJSONEncoder):
    """Django's encoder cuts times to milliseconds; an archive keeps them whole."""

    def default(self, o):
        if isinstance(o, datetime.datetime | datetime.time):
            return o.isoformat()
        return super().default(o)


class ArchiveError(Exception):
    pass


def _project_models() -> list[type[models.Model]]:
    base = Path(settings.BASE_DIR).resolve()
    found = []
    for config in apps.get_app_configs():
        if Path(config.path).resolve().is_relative_to(base):
            found.extend(m for m in config.get_models() if not m._meta.proxy)
    return found


def _path_to_partnership(model, project_apps) -> str | None:
    """The shortest chain of foreign keys from `model` to Partnership, e.g. "board__partnership"."""
    if model is Partnership or getattr(model, "instance_type", None) is Partnership:
        return "id"
    seen, queue = {model}, deque([(model, "")])
    while queue:
        current, path = queue.popleft()
        fields = [f for f in current._meta.concrete_fields if isinstance(f, models.ForeignKey)]
        fields.sort(key=lambda f: f.null)  # prefer links that are always set
        for field in fields:
            target = field.related_model
            step = f"{path}__{field.name}" if path else field.name
            if target is Partnership:
                return step
            if target not in seen and target._meta.app_config in project_apps:
                seen.add(target)
                queue.append((target, step))
    return None


def _rows_of(partnership) -> list[models.Model]:
    rows = []
    project = _project_models()
    project_apps = {model._meta.app_config for model in project}
    for model in project:
        path = _path_to_partnership(model, project_apps)
        if path is None:
            continue
        value = partnership.pk if path == "id" else partnership
        rows.extend(model._base_manager.filter(**{path: value}).order_by("pk"))
    return rows


def _referenced_users(rows) -> list:
    User = get_user_model()
    ids = set()
    for row in rows:
        for field in row._meta.concrete_fields:
            if isinstance(field, models.ForeignKey) and field.related_model is User:
                value = getattr(row, field.attname)
                if value is not None:
                    ids.add(value)
    return list(User.objects.filter(pk__in=ids).order_by("pk"))


def export_partnership(slug: str) -> bytes:
    partnership = Partnership.objects.filter(slug=slug).first()
    if partnership is None:
        raise ArchiveError(f"No partnership with the slug {slug!r}.")
    rows = _rows_of(partnership)
    users = _referenced_users(rows)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(
            "manifest.json",
            json.dumps({"format": FORMAT_VERSION, "partnership": slug, "rows": len(rows)}),
        )
        archive.writestr("users.json", serializers.serialize("json", users, cls=_LosslessEncoder))
        archive.writestr("data.json", serializers.serialize("json", rows, cls=_LosslessEncoder))
        for row in rows:
            for field in row._meta.concrete_fields:
                if isinstance(field, models.FileField):
                    stored = getattr(row, field.attname).name
                    if stored and default_storage.exists(stored):
                        with default_storage.open(stored, "rb") as handle:
                            archive.writestr(f"files/{stored}", handle.read())
    return buffer.getvalue()


def import_partnership(data: bytes) -> Partnership:
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        manifest = json.loads(archive.read("manifest.json"))
    except (zipfile.BadZipFile, KeyError, ValueError) as error:
        raise ArchiveError("This is not a partnership archive.") from error
    if manifest.get("format") != FORMAT_VERSION:
        raise ArchiveError(f"Unsupported archive format {manifest.get('format')!r}.")
    if Partnership.objects.filter(slug=manifest["partnership"]).exists():
        raise ArchiveError(f"A partnership {manifest['partnership']!r} already exists here.")
    connection = connections[DEFAULT_DB_ALIAS]
    with transaction.atomic():
        User = get_user_model()
        for item in serializers.deserialize("json", archive.read("users.json")):
            if not User.objects.filter(username=item.object.get_username()).exists():
                item.save()
        saved = []
        with connection.constraint_checks_disabled():
            for item in serializers.deserialize("json", archive.read("data.json")):
                # The archive carries the history itself; restoring must not write more of it.
                item.object.skip_history_when_saving = True
                item.save()
                saved.append(type(item.object))
        connection.check_constraints(table_names=sorted({m._meta.db_table for m in saved}))
        for name in archive.namelist():
            if name.startswith("files/") and not name.endswith("/"):
                target = name.removeprefix("files/")
                if ".." in Path(target).parts:
                    raise ArchiveError(f"Unsafe file name in archive: {name}")
                if not default_storage.exists(target):
                    default_storage.save(target, ContentFile(archive.read(name)))
        _reset_sequences(set(saved))
    return Partnership.objects.get(slug=manifest["partnership"])


def _reset_sequences(model_set) -> None:
    connection = connections[DEFAULT_DB_ALIAS]
    statements = connection.ops.sequence_reset_sql(no_style(), [*model_set, get_user_model()])
    with connection.cursor() as cursor:
        for sql in statements:
            cursor.execute(sql)
