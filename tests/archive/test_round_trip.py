"""Export a partnership, empty the database, import it: every table must come back as it was."""

import io
import random

import pytest
from django.core.management import call_command
from django.db import connection

from bench import generate
from boards.archive import ArchiveError, export_partnership
from boards.archive_restore import import_partnership
from boards.models import AgendaItem, Meeting, Partnership, Person, TermsOfReference
from tests.archive.data import partnership_with_empty_fields
from tests.archive.tables import (
    differences,
    empty_storage,
    only_new,
    project_models,
    renumbered,
    snapshot,
    stored_files,
)
from tests.boards.factories import pdf_upload

pytestmark = pytest.mark.django_db


def _empty_everything():
    # Inside the test's transaction: PostgreSQL truncates only once deferred checks have run.
    connection.check_constraints()
    call_command("flush", "--noinput", verbosity=0)
    empty_storage()
    assert not Partnership.objects.exists()


def _load_demo(monkeypatch):
    monkeypatch.setenv("DEMO_PASSWORD", "board-demo-2026")
    call_command("load_demo", stdout=io.StringIO())
    board = Partnership.objects.get(slug="southend").boards.get(short_name="SSPB")
    TermsOfReference.objects.create(
        board=board, version_label="v2", document=pdf_upload("tor.pdf", b"%PDF-1.4 terms")
    )


def _assert_round_trip_is_whole(slug):
    before, files = snapshot(), stored_files()
    exported = export_partnership(slug)
    _empty_everything()

    restored = import_partnership(exported.data)

    assert restored.tables == {
        label: entry["rows"]
        for label, entry in exported.manifest["tables"].items()
        if label != "auth.User"
    }
    assert differences(before, snapshot()) == []
    assert stored_files() == files
    return restored


def test_the_demo_comes_back_whole(monkeypatch):
    _load_demo(monkeypatch)
    assert AgendaItem.objects.filter(presenter__isnull=True).exists()

    _assert_round_trip_is_whole("southend")

    assert Person.objects.get(initials="CJ").user.check_password("board-demo-2026")
    restored = TermsOfReference.objects.get(version_label="v2")
    assert restored.document.read() == b"%PDF-1.4 terms"


def test_the_benchmark_partnership_comes_back_whole():
    scale = generate.Scale.of(0.01)
    partnership = generate.structure(scale, random.Random(1))
    generate.grow(partnership, scale, 0.02)
    generate.optional_models(scale, partnership, 0.2, say=lambda line: None)

    _assert_round_trip_is_whole("bench")


def test_a_partnership_with_every_empty_field_comes_back_whole():
    partnership_with_empty_fields()
    empty = [m._meta.label for m in project_models() if not m._base_manager.exists()]
    assert empty == [], "the data should reach every table"

    _assert_round_trip_is_whole("sparse")

    # The next record takes an id no deleted one had: their history stays theirs alone.
    gone = set(AgendaItem.history.filter(history_type="-").values_list("id", flat=True))
    meeting = Meeting.objects.get()
    assert AgendaItem.objects.create(meeting=meeting, position=99, title="New").pk not in gone


def test_importing_beside_a_partnership_whose_ids_collide_leaves_both_whole(monkeypatch):
    _load_demo(monkeypatch)
    demo, demo_files = snapshot(), stored_files()
    exported = export_partnership("southend")
    _empty_everything()
    partnership_with_empty_fields("elsewhere")
    assert Partnership.objects.get().pk == 1  # the same ids the archive's rows carry
    existing, existing_files = snapshot(), stored_files()

    import_partnership(exported.data)

    after = snapshot()
    imported = only_new(after, existing)
    kept = {label: [r for r in rows if r not in imported[label]] for label, rows in after.items()}
    assert differences(existing, kept) == []
    assert {name: stored_files()[name] for name in existing_files} == existing_files
    assert renumbered(imported, stored_files()) == renumbered(demo, demo_files)


def test_export_leaves_other_partnerships_out(monkeypatch):
    _load_demo(monkeypatch)
    other = Partnership.objects.create(name="Elsewhere", slug="elsewhere")
    Person.objects.create(partnership=other, name="Not Ours", initials="NO")
    data = export_partnership("southend").data
    assert b"Not Ours" not in data
    _empty_everything()
    import_partnership(data)
    assert not Person.objects.filter(name="Not Ours").exists()


def test_import_refuses_to_overwrite_an_existing_partnership(monkeypatch):
    _load_demo(monkeypatch)
    data = export_partnership("southend").data
    with pytest.raises(ArchiveError, match="already exists"):
        import_partnership(data)


def test_import_refuses_what_is_not_an_archive():
    with pytest.raises(ArchiveError, match="not a partnership archive"):
        import_partnership(b"hello")
