import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured

from config.settings import env_bool, env_int, env_list

ROOT = Path(__file__).resolve().parent.parent


def _manage(*args, **env):
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env={
            **{k: v for k, v in os.environ.items() if k != "DJANGO_ALLOW_ASYNC_UNSAFE"},
            "DJANGO_SETTINGS_MODULE": "config.settings",
            **env,
        },
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_deploy_checks_are_clean_in_production_settings():
    result = _manage(
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        DJANGO_DEBUG="false",
        DJANGO_SECRET_KEY="x" * 20 + "production-secret-key-that-is-long-enough-0123456789",
        DJANGO_ALLOWED_HOSTS="boards.example.org",
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_production_refuses_to_start_without_a_secret_key():
    result = _manage("check", DJANGO_DEBUG="false", DJANGO_SECRET_KEY="")
    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY must be set" in result.stderr


def test_bad_boolean_fails_loudly(monkeypatch):
    monkeypatch.setenv("SOME_FLAG", "perhaps")
    with pytest.raises(ImproperlyConfigured, match="SOME_FLAG must be true or false"):
        env_bool("SOME_FLAG", False)


def test_bad_number_fails_loudly(monkeypatch):
    monkeypatch.setenv("SOME_NUMBER", "twelve")
    with pytest.raises(ImproperlyConfigured):
        env_int("SOME_NUMBER", 1)


def test_lists_are_split_on_commas(monkeypatch):
    monkeypatch.setenv("HOSTS", "a.example.org, b.example.org,")
    assert env_list("HOSTS", []) == ["a.example.org", "b.example.org"]


SHOW_FILE_STORAGE = (
    "import json; from django.conf import settings; "
    "print(json.dumps(settings.STORAGES['default'], default=str))"
)


def test_a_bucket_named_in_the_environment_keeps_files_private_and_unshared():
    result = _manage(
        "shell",
        "--no-imports",
        "-c",
        SHOW_FILE_STORAGE,
        STORAGE_BUCKET="boards-files",
        STORAGE_ENDPOINT_URL="https://objects.example.org",
        STORAGE_REGION="eu-west-2",
        STORAGE_PREFIX="/live/",
    )
    assert result.returncode == 0, result.stderr
    storage = json.loads(result.stdout)
    assert storage["BACKEND"] == "storages.backends.s3.S3Storage"
    assert storage["OPTIONS"] == {
        "bucket_name": "boards-files",
        "endpoint_url": "https://objects.example.org",
        "region_name": "eu-west-2",
        "location": "live",
        "default_acl": "private",
        "querystring_auth": True,
        "querystring_expire": 60,
        "file_overwrite": False,
        "max_memory_size": 5 * 1024 * 1024,
    }


def test_without_a_bucket_files_stay_on_the_local_disk(tmp_path):
    result = _manage(
        "shell", "--no-imports", "-c", SHOW_FILE_STORAGE, DJANGO_MEDIA_ROOT=str(tmp_path)
    )
    storage = json.loads(result.stdout)
    assert storage["BACKEND"] == "django.core.files.storage.FileSystemStorage"
    assert storage["OPTIONS"] == {"location": str(tmp_path)}


def test_bucket_settings_without_a_bucket_fail_loudly():
    result = _manage("check", STORAGE_ENDPOINT_URL="https://objects.example.org")
    assert result.returncode != 0
    assert "STORAGE_BUCKET must be set" in result.stderr


def test_a_public_acl_is_refused():
    result = _manage("check", STORAGE_BUCKET="boards-files", STORAGE_DEFAULT_ACL="public-read")
    assert result.returncode != 0
    assert "STORAGE_DEFAULT_ACL must be private" in result.stderr
