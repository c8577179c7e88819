"""Personas shared by every test: a board of one partnership, and an outsider of another.

Files go to a folder of each test's own; with STORAGE_TEST=s3 they go instead to a bucket of an
S3 server that the run starts on this machine, under a prefix of each test's own.
"""

import os
import uuid

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.test import Client

from boards.models import Role
from tests.boards.factories import BoardFactory, PartnershipFactory, UserFactory, member_user

STORAGE_TEST = os.environ.get("STORAGE_TEST", "local")
if STORAGE_TEST not in {"local", "s3"}:
    raise ImproperlyConfigured(f"STORAGE_TEST must be local or s3, not {STORAGE_TEST!r}")


@pytest.fixture(scope="session")
def s3_endpoint():
    from tests.s3 import s3_server

    with s3_server() as endpoint:
        yield endpoint


@pytest.fixture
def file_storage(request, tmp_path) -> dict:
    """The STORAGES entry for this test's uploaded and generated files."""
    if STORAGE_TEST == "s3":
        from tests.s3 import bucket_storage

        return bucket_storage(request.getfixturevalue("s3_endpoint"), f"t-{uuid.uuid4().hex}")
    return {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {"location": tmp_path / "media"},
    }


@pytest.fixture(autouse=True)
def _test_settings(settings, file_storage):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.STORAGES = {
        **settings.STORAGES,
        "default": file_storage,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    settings.TASKS = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}


@pytest.fixture
def partnership(db):
    return PartnershipFactory(name="Southend SEND Area Partnership", slug="southend")


@pytest.fixture
def board(partnership):
    parent = BoardFactory(
        partnership=partnership, name="Health and Wellbeing Board", short_name="HWBB", slug="hwbb"
    )
    return BoardFactory(
        partnership=partnership,
        name="SEND Strategic Partnership Board",
        short_name="SSPB",
        slug="sspb",
        parent=parent,
    )


def _client_for(user):
    client = Client()
    client.force_login(user)
    client.user = user
    return client


@pytest.fixture
def secretary(board):
    return _client_for(member_user(board, Role.SECRETARY, "secretary"))


@pytest.fixture
def chair(board):
    return _client_for(member_user(board, Role.CHAIR, "chair"))


@pytest.fixture
def member(board):
    return _client_for(member_user(board, Role.MEMBER, "member"))


@pytest.fixture
def sro(board):
    """An officer who owns actions and a priority area but holds no seat on the board."""
    from tests.boards.factories import PersonFactory

    user = UserFactory(username="sro")
    PersonFactory(partnership=board.partnership, user=user, name="Gary Bloom", initials="GB")
    return _client_for(user)


@pytest.fixture
def outsider(db):
    """A secretary of another partnership's board."""
    other = BoardFactory(partnership=PartnershipFactory(name="Elsewhere", slug="elsewhere"))
    return _client_for(member_user(other, Role.SECRETARY, "outsider"))


@pytest.fixture
def staff(db):
    return _client_for(UserFactory(username="staff", is_staff=True, is_superuser=True))


@pytest.fixture
def anonymous():
    return Client()
