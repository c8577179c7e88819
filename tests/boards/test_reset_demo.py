"""`make reset-demo`: start again from a fresh demo, only when told to."""

import io

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.management import CommandError, call_command

from boards.models import Partnership
from tests.boards.factories import PartnershipFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def played_with(settings):
    settings.DEBUG = True  # as `make run` serves it
    upload = default_storage.save("papers/1/paper.pdf", ContentFile(b"%PDF-1.4"))
    return PartnershipFactory(slug="mine"), upload


@pytest.mark.parametrize("answer", ["no", "", "y"])
def test_anything_but_yes_deletes_nothing(played_with, monkeypatch, answer):
    mine, upload = played_with
    monkeypatch.setattr("builtins.input", lambda question: answer)
    out = io.StringIO()
    with pytest.raises(CommandError, match="Nothing was deleted"):
        call_command("reset_demo", stdout=out)
    assert "This deletes every record in the database" in out.getvalue()
    assert Partnership.objects.filter(pk=mine.pk).exists()
    assert default_storage.exists(upload)


def test_nobody_there_to_answer_deletes_nothing(played_with, monkeypatch):
    mine, upload = played_with

    def no_one(question):
        raise EOFError

    monkeypatch.setattr("builtins.input", no_one)
    with pytest.raises(CommandError, match="Nothing was deleted"):
        call_command("reset_demo", stdout=io.StringIO())
    assert Partnership.objects.filter(pk=mine.pk).exists() and default_storage.exists(upload)


# Outside a test transaction, as the command runs: PostgreSQL refuses to empty tables with
# constraint checks still pending in an open transaction.
@pytest.mark.django_db(transaction=True)
def test_yes_deletes_records_and_uploads_and_loads_the_demo(played_with, monkeypatch):
    mine, upload = played_with
    monkeypatch.setattr("builtins.input", lambda question: "yes")
    out = io.StringIO()
    call_command("reset_demo", stdout=out)
    assert not Partnership.objects.filter(slug=mine.slug).exists()
    assert not default_storage.exists(upload)
    assert list(Partnership.objects.values_list("slug", flat=True)) == ["southend"]
    assert "admin      board-demo-2026" in out.getvalue()  # the demo logins


def test_it_refuses_when_debug_is_off(played_with, settings):
    settings.DEBUG = False
    with pytest.raises(CommandError, match="only runs with DJANGO_DEBUG on"):
        call_command("reset_demo", yes=True, stdout=io.StringIO())
    assert Partnership.objects.filter(slug="mine").exists()
