import io
import json
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command

from boards.archive import ArchiveError, export_partnership, import_partnership
from boards.models import Membership, Partnership, Person, TermsOfReference

pytestmark = pytest.mark.django_db(transaction=True)


def _flush():
    call_command("flush", "--noinput", verbosity=0)


def _load(monkeypatch):
    monkeypatch.setenv("DEMO_PASSWORD", "board-demo-2026")
    call_command("load_demo", stdout=io.StringIO())


def _rows(data):
    return sorted(
        json.dumps(row, sort_keys=True)
        for row in json.loads(zipfile.ZipFile(io.BytesIO(data)).read("data.json"))
    )


def test_export_then_import_into_an_empty_database_gives_identical_content(monkeypatch):
    _load(monkeypatch)
    board = Partnership.objects.get(slug="southend").boards.get(short_name="SSPB")
    TermsOfReference.objects.create(
        board=board,
        version_label="v2",
        document=SimpleUploadedFile("tor.pdf", b"%PDF-1.4 terms"),
    )
    before = export_partnership("southend")
    counts = (Person.objects.count(), Membership.objects.count())
    _flush()
    assert not Partnership.objects.exists()

    import_partnership(before)
    after = export_partnership("southend")
    assert _rows(after) == _rows(before)
    assert (Person.objects.count(), Membership.objects.count()) == counts
    restored = TermsOfReference.objects.get(version_label="v2")
    assert restored.document.read() == b"%PDF-1.4 terms"
    assert Person.objects.get(initials="CJ").user.check_password("board-demo-2026")


def test_export_leaves_other_partnerships_out(monkeypatch):
    _load(monkeypatch)
    other = Partnership.objects.create(name="Elsewhere", slug="elsewhere")
    Person.objects.create(partnership=other, name="Not Ours", initials="NO")
    data = export_partnership("southend")
    assert "Not Ours" not in zipfile.ZipFile(io.BytesIO(data)).read("data.json").decode()


def test_import_refuses_to_overwrite_an_existing_partnership(monkeypatch):
    _load(monkeypatch)
    data = export_partnership("southend")
    with pytest.raises(ArchiveError, match="already exists"):
        import_partnership(data)


def test_import_refuses_what_is_not_an_archive():
    with pytest.raises(ArchiveError, match="not a partnership archive"):
        import_partnership(b"hello")
