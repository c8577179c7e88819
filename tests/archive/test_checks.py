"""An archive that checks itself: what the export refuses to write and the import to restore."""

import io
import json
import zipfile

import pytest
from django.core.files.storage import default_storage
from django.core.management import CommandError, call_command
from django.db import connection

from boards import archive
from boards.archive import ArchiveError, export_partnership
from boards.archive_restore import import_partnership
from boards.models import AgendaItem, Partnership, Person, TermsOfReference
from tests.archive.data import partnership_with_empty_fields
from tests.archive.tables import differences, snapshot, stored_files
from tests.boards.factories import AgendaItemFactory, PartnershipFactory, PersonFactory

ARCHIVED = archive.archived_models()


@pytest.fixture
def sparse(db):
    return partnership_with_empty_fields()


def _rewritten(data: bytes, change) -> bytes:
    """The archive with `change(entries)` applied to its {name: bytes} entries."""
    with zipfile.ZipFile(io.BytesIO(data)) as source:
        entries = {name: source.read(name) for name in source.namelist()}
    change(entries)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as target:
        for name, content in entries.items():
            target.writestr(name, content)
    return buffer.getvalue()


@pytest.mark.parametrize("left_out", ARCHIVED, ids=[m._meta.label for m in ARCHIVED])
def test_an_export_that_leaves_a_table_out_names_it(sparse, monkeypatch, left_out):
    monkeypatch.setattr(
        archive, "archived_models", lambda: [m for m in ARCHIVED if m is not left_out]
    )
    with pytest.raises(
        ArchiveError, match=rf"{left_out._meta.label} \({left_out._meta.db_table}\)"
    ):
        export_partnership("sparse")


def test_a_history_row_that_leads_to_no_partnership_stops_the_export_by_name(sparse):
    item = AgendaItem.objects.first()
    history = AgendaItem.history.model
    row = history.objects.filter(id=item.pk).first()
    row.pk, row.id, row.meeting_id = (
        None,
        90001,
        90001,
    )  # neither its record nor its meeting left a trace
    row.save()
    with pytest.raises(ArchiveError, match=r"boards.HistoricalAgendaItem \(1 rows, ids"):
        export_partnership("sparse")


def test_a_row_pointing_into_another_partnership_stops_the_export_by_name(sparse):
    stranger = PersonFactory(partnership=PartnershipFactory())
    AgendaItemFactory(meeting=sparse.boards.get().meetings.get(), presenter=stranger)
    with pytest.raises(ArchiveError, match=r"boards.AgendaItem.presenter points at rows of"):
        export_partnership("sparse")


def test_a_file_missing_from_storage_is_named(sparse):
    terms = TermsOfReference.objects.get()
    default_storage.delete(terms.document.name)
    with pytest.raises(ArchiveError, match=rf"{terms.document.name} \(boards.TermsOfReference"):
        export_partnership("sparse")

    exported = export_partnership("sparse", allow_missing_files=True)
    assert exported.manifest["missing_files"] == [
        f"{terms.document.name} (boards.TermsOfReference {terms.pk} document)"
    ]


def test_the_manifest_counts_every_table_and_checks_every_file(sparse):
    exported = export_partnership("sparse")
    manifest = exported.manifest
    assert {label for label in manifest["tables"]} == {m._meta.label for m in ARCHIVED} | {
        "auth.User"
    }
    assert manifest["tables"]["boards.AgendaItem"]["rows"] == 1
    assert manifest["tables"]["boards.HistoricalAgendaItem"]["rows"] == 5  # the deleted two
    assert set(manifest["files"]) == set(stored_files())


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (
            lambda e: e.update({"tables/boards.Meeting.json": b"[]"}),
            "tables/boards.Meeting.json does not match its checksum",
        ),
        (lambda e: e.pop("tables/risks.RiskEvent.json"), "risks.RiskEvent.json is named in the"),
        (lambda e: e.update({"extra.txt": b"?"}), "not named in the manifest: extra.txt"),
        (
            lambda e: _recount(e, "boards.Declaration", 2),
            "boards.Declaration: the manifest counts 2",
        ),
        (lambda e: _drop_file(e), "is named in the manifest but not in the archive"),
    ],
    ids=["changed table", "missing table", "extra entry", "wrong count", "missing file"],
)
def test_the_import_refuses_an_archive_that_does_not_match_its_manifest(sparse, change, message):
    data = _rewritten(export_partnership("sparse").data, change)
    Partnership.objects.update(slug="moved", name="Moved")
    with pytest.raises(ArchiveError, match=message):
        import_partnership(data)
    assert not Partnership.objects.filter(slug="sparse").exists()


def _recount(entries, label, rows):
    manifest = json.loads(entries["manifest.json"])
    manifest["tables"][label]["rows"] = rows
    entries["manifest.json"] = json.dumps(manifest).encode()


def _drop_file(entries):
    entries.pop(next(name for name in entries if name.startswith("files/")))


@pytest.mark.django_db
def test_an_import_that_fails_leaves_nothing_behind():
    partnership_with_empty_fields()
    data = export_partnership("sparse").data
    Partnership.objects.filter(slug="sparse").update(slug="renamed")  # the name stays taken
    for name in stored_files():
        default_storage.delete(name)
    before = snapshot()

    with pytest.raises(ArchiveError, match="do not fit this database"):
        import_partnership(data)

    assert differences(before, snapshot()) == []
    assert stored_files() == {}


@pytest.mark.django_db
def test_the_commands_report_each_table(tmp_path):
    partnership_with_empty_fields()
    target = tmp_path / "sparse.zip"
    out = io.StringIO()
    call_command("export_partnership", "sparse", str(target), stdout=out)
    assert "boards.Declaration" in out.getvalue()
    assert "checked against its manifest" in out.getvalue()
    connection.check_constraints()
    call_command("flush", "--noinput", verbosity=0)

    out = io.StringIO()
    call_command("import_partnership", str(target), stdout=out)
    assert "boards.HistoricalAgendaItem                    5 rows" in out.getvalue()
    assert "every table as its manifest counts" in out.getvalue()
    assert Person.objects.filter(partnership__slug="sparse").count() == 1
    with pytest.raises(CommandError, match="already exists"):
        call_command("import_partnership", str(target), stdout=io.StringIO())
