"""The text inside uploaded papers is read in the background and searched; a paper that cannot
be read is still found by its title, and the secretary is told why."""

import io
import zipfile

import docx
import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse

from boards.forms import ALLOWED_DOCUMENT_TYPES
from boards.models import Paper
from boards.services import meetings as meeting_services
from tests.boards.factories import AgendaItemFactory, MeetingFactory

from .helpers import results, titles

pytestmark = pytest.mark.django_db


def pdf_bytes(text: str) -> bytes:
    from weasyprint import HTML

    return HTML(string=f"<p>{text}</p>").write_pdf()


def docx_bytes(text: str) -> bytes:
    document = docx.Document()
    document.add_paragraph(text)
    table = document.add_table(rows=1, cols=1)
    table.cell(0, 0).text = "Table cell with portage"
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def xlsx_bytes(text: str) -> bytes:
    workbook = openpyxl.Workbook()
    workbook.active.append(["Budget line", text, 1200])
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def pptx_bytes(text: str) -> bytes:
    slide = (
        '<p:sld xmlns:p="http://schemas.openxmlformats.org/presentationml/2006/main" '
        'xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main"><p:cSld><p:spTree>'
        f"<p:sp><p:txBody><a:p><a:r><a:t>{text}</a:t></a:r></a:p></p:txBody></p:sp>"
        "</p:spTree></p:cSld></p:sld>"
    )
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("ppt/presentation.xml", "<presentation/>")
        archive.writestr("ppt/slides/slide1.xml", slide)
    return out.getvalue()


MAKERS = {".pdf": pdf_bytes, ".docx": docx_bytes, ".xlsx": xlsx_bytes, ".pptx": pptx_bytes}


@pytest.fixture
def item(board):
    return AgendaItemFactory(meeting=MeetingFactory(board=board), position=5, title="Papers")


def _upload(item, user, name, data, title="Sufficiency report", label="5a"):
    suffix = name[name.rfind(".") :]
    return meeting_services.paper_add(
        item=item,
        upload=SimpleUploadedFile(name, data),
        label=label,
        title=title,
        content_type=ALLOWED_DOCUMENT_TYPES[suffix],
        user=user,
    )


@pytest.mark.parametrize("suffix", [".pdf", ".docx", ".xlsx", ".pptx"])
def test_the_text_inside_each_kind_of_paper_is_found(
    member, secretary, item, suffix, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        paper = _upload(item, secretary.user, f"paper{suffix}", MAKERS[suffix]("Hydrotherapy"))
    paper.refresh_from_db()
    assert paper.text_status == Paper.TextStatus.READ
    [result] = results(member, "hydrotherapy")
    assert result.document.title == "5a) Sufficiency report"
    assert "<mark>Hydrotherapy</mark>" in result.snippet


def test_a_paper_that_cannot_be_read_is_found_by_its_title_and_the_secretary_is_told(
    member, secretary, item, django_capture_on_commit_callbacks
):
    broken = b"%PDF-1.4\nnot really a pdf"
    with django_capture_on_commit_callbacks(execute=True):
        paper = _upload(item, secretary.user, "broken.pdf", broken)
    paper.refresh_from_db()
    assert paper.text_status == Paper.TextStatus.FAILED
    assert paper.text_problem.startswith("The file could not be read")
    assert titles(member, "sufficiency") == ["5a) Sufficiency report"]
    page = secretary.get(reverse("boards:meeting", args=[item.meeting_id]))
    assert "Not searchable" in page.text
    assert "Not searchable" not in member.get(page.wsgi_request.path).text


def test_a_zip_that_unpacks_too_large_is_not_read(settings, secretary, item, monkeypatch):
    from boards import paper_text

    monkeypatch.setattr(paper_text, "MAX_MEMBER_BYTES", 1000)
    with pytest.raises(paper_text.Unreadable, match="unpacks to more"):
        paper_text.read_text(pptx_bytes("x" * 5000), ALLOWED_DOCUMENT_TYPES[".pptx"])


def test_only_the_start_of_a_very_long_paper_is_kept(monkeypatch):
    from boards import paper_text

    monkeypatch.setattr(paper_text, "MAX_CHARS", 100)
    read = paper_text.read_text(docx_bytes("word " * 200), ALLOWED_DOCUMENT_TYPES[".docx"])
    assert len(read.text) == 100
    assert read.note == "Only the start of a long paper is read."


def test_the_rebuild_command_makes_the_index_from_the_records(
    member, secretary, item, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        _upload(item, secretary.user, "paper.docx", docx_bytes("Hydrotherapy"))
    from boards.models import SearchDocument

    SearchDocument.objects.all().delete()
    assert titles(member, "hydrotherapy") == []
    out = io.StringIO()
    call_command("rebuild_search_index", stdout=out)
    assert "Search index rebuilt" in out.getvalue()
    assert titles(member, "hydrotherapy") == ["5a) Sufficiency report"]


def test_the_rebuild_command_has_papers_never_read_read(member, secretary, item):
    # Uploaded with the worker's queue not yet reached (as papers uploaded before search came).
    paper = _upload(item, secretary.user, "paper.docx", docx_bytes("Hydrotherapy"))
    assert Paper.objects.get(pk=paper.pk).text_status == Paper.TextStatus.WAITING
    assert titles(member, "hydrotherapy") == []
    out = io.StringIO()
    call_command("rebuild_search_index", stdout=out)
    assert "1 papers queued" in out.getvalue()
    assert titles(member, "hydrotherapy") == ["5a) Sufficiency report"]

    # Read already: only read again when asked.
    Paper.objects.filter(pk=paper.pk).update(text="")
    call_command("rebuild_search_index", stdout=io.StringIO())
    assert titles(member, "hydrotherapy") == []
    call_command("rebuild_search_index", "--read-papers-again", stdout=io.StringIO())
    assert titles(member, "hydrotherapy") == ["5a) Sufficiency report"]
