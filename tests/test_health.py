"""/healthz and /readyz, as a load balancer asks them: over plain HTTP, by the server's own
address, signed in as no one."""

import pytest
from django.core.files.storage import FileSystemStorage

from core import health

BALANCER = {"HTTP_HOST": "10.0.3.17:8000"}  # not one of ALLOWED_HOSTS


class UnreachableStorage(FileSystemStorage):
    def exists(self, name):
        raise ConnectionError("bucket unreachable")


@pytest.fixture
def production(settings):
    settings.DEBUG = False
    settings.ALLOWED_HOSTS = ["boards.example.org"]
    settings.SECURE_SSL_REDIRECT = True


def test_healthz_answers_ok_without_login_https_or_database(anonymous, production):
    response = anonymous.get("/healthz", **BALANCER)
    assert response.status_code == 200
    assert response.content == b"ok"
    assert response["Cache-Control"] == "no-store"
    # Any other page is redirected to HTTPS on its allowed host.
    page = anonymous.get("/accounts/login/", HTTP_HOST="boards.example.org")
    assert page.status_code == 301 and page.url.startswith("https://")


def test_readyz_answers_ok_when_database_migrations_and_storage_are_there(
    anonymous, production, db, django_assert_max_num_queries
):
    with django_assert_max_num_queries(1):
        response = anonymous.get("/readyz", **BALANCER)
    assert response.status_code == 200
    assert response.content == b"ok"


def test_readyz_is_503_while_a_migration_is_not_applied(anonymous, db, monkeypatch):
    latest = health._latest_migrations()
    monkeypatch.setattr(
        health, "_latest_migrations", lambda: latest | {("boards", "9999_next_release")}
    )
    response = anonymous.get("/readyz")
    assert response.status_code == 503
    assert response.content == b"not ready"


def test_readyz_is_503_when_the_database_cannot_be_read(anonymous):
    # Without the db fixture every query is refused, as when the database is down.
    response = anonymous.get("/readyz")
    assert response.status_code == 503
    assert response.content == b"not ready"


def test_readyz_is_503_when_file_storage_cannot_be_reached(anonymous, db, settings):
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {"BACKEND": f"{__name__}.UnreachableStorage"},
    }
    response = anonymous.get("/readyz/")
    assert response.status_code == 503
    assert b"bucket" not in response.content
