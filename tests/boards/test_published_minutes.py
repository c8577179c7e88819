"""Published minutes' PDF and Word files: made once, reused, made afresh when they change."""

import pytest
from django.core.files.storage import default_storage
from django.urls import reverse

from boards import published_minutes
from boards.models import Minutes, MinutesAmendment
from core import documents
from tests.boards.factories import AgendaItemFactory, MeetingFactory, MinutesFactory
from tests.boards.readers import docx_text, pdf_text

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def storage_in_memory(settings):
    """Files kept through the storage API only: nothing here is on a local disk."""
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {"BACKEND": "django.core.files.storage.InMemoryStorage"},
    }


@pytest.fixture
def published(board):
    meeting = MeetingFactory(board=board)
    AgendaItemFactory(meeting=meeting, position=1, title="SEND Strategy", minutes_text="Agreed.")
    MinutesFactory(meeting=meeting, status=Minutes.Status.PUBLISHED)
    return meeting


@pytest.fixture
def renders(monkeypatch):
    """How many PDFs WeasyPrint made and how many Word files were built."""
    made = {"pdf": 0, "docx": 0}
    render_pdf, minutes_docx = documents.render_pdf, published_minutes.minutes_docx

    def counting_pdf(*args, **kwargs):
        made["pdf"] += 1
        return render_pdf(*args, **kwargs)

    def counting_docx(*args, **kwargs):
        made["docx"] += 1
        return minutes_docx(*args, **kwargs)

    monkeypatch.setattr(documents, "render_pdf", counting_pdf)
    monkeypatch.setattr(published_minutes, "minutes_docx", counting_docx)
    return made


def download(client, meeting, kind):
    response = client.get(reverse(f"public:minutes_{kind}", args=["southend", meeting.pk]))
    assert response.status_code == 200
    return response.content


def stored(meeting, extension):
    _folders, files = default_storage.listdir(published_minutes.folder(meeting))
    return [name for name in files if name.endswith(f".{extension}")]


@pytest.mark.parametrize(("kind", "read"), [("pdf", pdf_text), ("docx", docx_text)])
def test_a_second_download_reuses_the_file_made_for_the_first(
    anonymous, published, renders, kind, read
):
    first = download(anonymous, published, kind)
    second = download(anonymous, published, kind)
    assert renders[kind] == 1
    assert second == first and "SEND Strategy" in read(second)
    assert len(stored(published, kind)) == 1


@pytest.mark.parametrize(("kind", "read"), [("pdf", pdf_text), ("docx", docx_text)])
def test_an_amendment_makes_a_fresh_file_and_the_old_one_is_removed(
    anonymous, secretary, published, renders, kind, read
):
    download(anonymous, published, kind)
    (before,) = stored(published, kind)
    item = published.agenda_items.get()
    MinutesAmendment.objects.create(
        minutes=published.minutes,
        agenda_item=item,
        text="Agreed, with thanks to the working group.",
        reason="Omission",
        author=secretary.user,
    )
    data = download(anonymous, published, kind)
    assert renders[kind] == 2
    assert "with thanks to the working group" in read(data)
    (after,) = stored(published, kind)
    assert after != before
    assert download(anonymous, published, kind) == data and renders[kind] == 2


def test_the_pdf_and_the_word_file_are_kept_apart(anonymous, published, renders):
    download(anonymous, published, "pdf")
    download(anonymous, published, "docx")
    download(anonymous, published, "pdf")
    assert renders == {"pdf": 1, "docx": 1}
    assert len(stored(published, "pdf")) == len(stored(published, "docx")) == 1


def test_the_next_meeting_being_arranged_changes_the_file(anonymous, board, published, renders):
    """The minutes end with the date of the next meeting, so arranging it changes them."""
    download(anonymous, published, "pdf")
    MeetingFactory(board=board, date="2023-03-23")
    assert "23 March 2023" in pdf_text(download(anonymous, published, "pdf"))
    assert renders["pdf"] == 2
