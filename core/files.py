"""The uploaded and generated files, wherever STORAGES keeps them (a folder or a bucket)."""

from django.core.files.storage import default_storage


def where_files_live() -> str:
    """Where the files are, in words a person running the app can act on."""
    bucket = getattr(default_storage, "bucket_name", None)
    if bucket:
        return f"the bucket {bucket}"
    return str(getattr(default_storage, "location", "the configured file storage"))


def delete_every_file(folder: str = "") -> int:
    """Delete every file under `folder`, through the storage API; the number deleted."""
    try:
        folders, files = default_storage.listdir(folder)
    except FileNotFoundError:
        return 0
    deleted = 0
    for name in files:
        default_storage.delete(f"{folder}/{name}" if folder else name)
        deleted += 1
    for name in folders:
        deleted += delete_every_file(f"{folder}/{name}" if folder else name)
    return deleted
