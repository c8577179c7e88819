"""PDF renders are bounded in time: one that runs too long is stopped with a message for people."""

import signal
import time

import pytest
from django.urls import reverse

from core import documents
from core.documents import RenderTooLong
from tests.boards.factories import AgendaItemFactory, MeetingFactory, MinutesFactory

LONG_BODY = "<p>Paragraph of the minutes.</p>" * 400


def test_a_block_running_past_its_limit_is_stopped_and_the_timer_put_away():
    before = signal.getsignal(signal.SIGALRM)
    started = time.monotonic()
    stopped = None
    try:
        with documents.time_limit(0.2):
            while time.monotonic() < started + 5:
                time.sleep(0.01)
    except documents.RenderTooLong as error:
        stopped = error
    assert stopped is not None and "longer than 0.2 seconds" in str(stopped)
    assert time.monotonic() - started < 2
    assert signal.getitimer(signal.ITIMER_REAL) == (0.0, 0.0)
    assert signal.getsignal(signal.SIGALRM) is before


def test_a_block_within_its_limit_leaves_no_timer_behind():
    with documents.time_limit(5):
        pass
    assert signal.getitimer(signal.ITIMER_REAL) == (0.0, 0.0)


def test_a_weasyprint_render_past_the_limit_is_stopped(monkeypatch):
    monkeypatch.setattr(documents, "RENDER_SECONDS", 0.01)
    with pytest.raises(RenderTooLong):
        documents.render_pdf("boards/pack/pdf/section.html", {"bodies": [LONG_BODY]}, title="T")


@pytest.fixture
def meeting(board):
    meeting = MeetingFactory(board=board)
    MinutesFactory(meeting=meeting)
    AgendaItemFactory(meeting=meeting, position=1, minutes_text="Noted.\n" * 2000)
    return meeting


def test_a_minutes_pdf_that_takes_too_long_gets_a_page_saying_what_to_do(
    member, meeting, monkeypatch
):
    monkeypatch.setattr(documents, "RENDER_SECONDS", 0.01)
    response = member.get(reverse("boards:minutes_pdf", args=[meeting.pk]))
    assert response.status_code == 503 and response["Retry-After"] == "60"
    html = response.content.decode()
    assert "The document took too long to make" in html
    assert "took longer than 0.01 seconds to make, so it was stopped" in html
    assert "Try again in a minute or two" in html


def test_a_pack_section_that_takes_too_long_fails_the_build_with_a_reason(
    board, monkeypatch, django_capture_on_commit_callbacks
):
    from boards.models import MeetingPack
    from boards.pack import build
    from boards.pack.queue import pack_request

    meeting = MeetingFactory(board=board)
    AgendaItemFactory(meeting=meeting, position=1)
    monkeypatch.setattr(build, "SECTION_SECONDS", 0.01)
    with django_capture_on_commit_callbacks(execute=True):
        built = pack_request(meeting=meeting, public=False, user=None)
    built.refresh_from_db()
    assert built.status == MeetingPack.Status.FAILED
    assert built.error.startswith(
        "The cover took longer than 0.01 seconds to lay out, so the build was stopped. Try again"
    )
    assert built.lease_expires_at is None


def test_the_pack_footer_is_fetched_through_the_safe_fetcher(board, monkeypatch):
    """The footer render gets a fetcher (not the function that makes one), which refuses files."""
    import weasyprint

    from boards.pack import pdf as pack_pdf
    from boards.pack.build import _footer, _Renderer

    fetchers = []
    real = weasyprint.HTML

    def recording(*args, **kwargs):
        fetchers.append(kwargs.get("url_fetcher"))
        return real(*args, **kwargs)

    monkeypatch.setattr(weasyprint, "HTML", recording)
    pdf = _footer(_Renderer("Pack"), MeetingFactory(board=board), pages=2)
    assert pack_pdf.page_count(pdf) == 2
    (fetcher,) = fetchers
    with pytest.raises(documents.RefusedFetch):
        fetcher.fetch("file:///etc/passwd")
