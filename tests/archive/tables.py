"""Every table of the project read row by row, to compare a database before and after a round trip.

The list of tables comes from the app registry here, not from the export, so a table the export
leaves out shows up as a difference. The search index alone is left out: it is made from the
records, and an import builds it again.
"""

import hashlib

from django.apps import apps
from django.contrib.auth import get_user_model
from django.core.files.storage import default_storage
from django.db import models

from boards.archive_placement import DERIVED_MODELS

APPS = ("boards", "actions", "risks", "strategy")


def project_models() -> list[type[models.Model]]:
    found = []
    for label in APPS:
        found.extend(
            model
            for model in apps.get_app_config(label).get_models(include_auto_created=True)
            if model._meta.label not in DERIVED_MODELS
        )
    return found


def _user_links(model) -> list[str]:
    User = get_user_model()
    return [
        f.attname
        for f in model._meta.concrete_fields
        if isinstance(f, models.ForeignKey) and f.related_model is User
    ]


def snapshot() -> dict[str, list[dict]]:
    """Each table's rows in id order, every field; of the accounts, those the rows name."""
    tables = {
        m._meta.label: list(m._base_manager.order_by("pk").values()) for m in project_models()
    }
    named = {
        row[name]
        for model in project_models()
        for row in tables[model._meta.label]
        for name in _user_links(model)
        if row[name] is not None
    }
    User = get_user_model()
    tables[User._meta.label] = list(User._base_manager.filter(pk__in=named).order_by("pk").values())
    return tables


def stored_files(path: str = "") -> dict[str, bytes]:
    try:
        folders, files = default_storage.listdir(path)
    except FileNotFoundError:  # a folder on disk not made yet; a bucket lists nothing instead
        folders, files = [], []
    found = {}
    for name in files:
        with default_storage.open(f"{path}{name}", "rb") as handle:
            found[f"{path}{name}"] = handle.read()
    for folder in folders:
        found |= stored_files(f"{path}{folder}/")
    return found


def empty_storage() -> None:
    for name in stored_files():
        default_storage.delete(name)


def differences(before: dict, after: dict, limit: int = 20) -> list[str]:
    """What differs, table by table, row by row (by id) and field by field."""
    found = []
    for label in sorted(before.keys() | after.keys()):
        old, new = before.get(label, []), after.get(label, [])
        if old == new:
            continue
        pk = apps.get_model(label)._meta.pk.attname
        old_rows, new_rows = {r[pk]: r for r in old}, {r[pk]: r for r in new}
        if missing := sorted(old_rows.keys() - new_rows.keys()):
            found.append(f"{label}: {len(missing)} rows missing, ids {missing[:10]}")
        if extra := sorted(new_rows.keys() - old_rows.keys()):
            found.append(f"{label}: {len(extra)} rows more, ids {extra[:10]}")
        for key in sorted(old_rows.keys() & new_rows.keys()):
            for name, value in old_rows[key].items():
                if new_rows[key][name] != value:
                    found.append(f"{label} {key} {name}: {value!r} became {new_rows[key][name]!r}")
    return found[:limit]


def only_new(after: dict, before: dict) -> dict:
    """The rows of `after` whose ids `before` did not have."""
    new = {}
    for label, rows in after.items():
        pk = apps.get_model(label)._meta.pk.attname
        old = {row[pk] for row in before.get(label, [])}
        new[label] = [row for row in rows if row[pk] not in old]
    return new


def renumbered(tables: dict, files: dict[str, bytes]) -> dict[str, list[dict]]:
    """The rows with each id replaced by its rank among its table's ids, and each file name by
    the file's content: the same record reads the same under any numbering of the rows."""
    ids = {}
    for label, rows in tables.items():
        model = apps.get_model(label)
        ids.setdefault(model, set()).update(row[model._meta.pk.attname] for row in rows)
        if record := getattr(model, "instance_type", None):  # deleted records live on here
            ids.setdefault(record, set()).update(row[record._meta.pk.attname] for row in rows)
    rank = {model: {v: n for n, v in enumerate(sorted(values))} for model, values in ids.items()}

    def file(name):
        return hashlib.sha256(files[name]).hexdigest() if name in files else name

    out = {}
    for label, rows in tables.items():
        model = apps.get_model(label)
        record = getattr(model, "instance_type", None)
        file_fields = {
            f.attname
            for f in (record or model)._meta.concrete_fields
            if isinstance(f, models.FileField)
        }
        spaces = {
            f.attname: rank.get(f.related_model, {})
            for f in model._meta.concrete_fields
            if isinstance(f, models.ForeignKey)
        }
        spaces[model._meta.pk.attname] = rank[model]
        if record:
            spaces[record._meta.pk.attname] = rank[record]
        out[label] = [
            {
                name: (
                    spaces[name].get(value, "outside")
                    if name in spaces and value is not None
                    else file(value)
                    if name in file_fields and value
                    else value
                )
                for name, value in row.items()
            }
            for row in rows
        ]
    return out
