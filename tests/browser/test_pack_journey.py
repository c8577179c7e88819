import datetime

import pytest
from django.core.files.base import ContentFile

from boards.models import AgendaItem, Board, Meeting, MeetingPack, Paper
from tests.pack.factories import pdf_of

from .conftest import assert_accessible, sign_in

pytestmark = pytest.mark.browser


@pytest.fixture
def meeting(demo):
    board = Board.objects.get(partnership__slug="southend", slug="sspb")
    meeting = Meeting.objects.create(
        board=board, date=datetime.date(2023, 1, 26), venue="Via MS Teams"
    )
    for position, (title, standing) in enumerate(
        [("Minutes of the last meeting", "minutes"), ("SEND inspection readiness", "")], start=1
    ):
        AgendaItem.objects.create(
            meeting=meeting, position=position, title=title, standing=standing
        )
    Paper.objects.create(
        agenda_item=meeting.agenda_items.get(position=2),
        label="2a",
        title="Self-evaluation framework",
        document=ContentFile(pdf_of("SEF TEXT", 2), name="sef.pdf"),
        original_name="sef.pdf",
        content_type="application/pdf",
        size=1000,
    )
    return meeting


def test_chair_builds_the_pack_and_downloads_it(page, meeting, tmp_path):
    sign_in(page, "chair")
    page.goto(f"/meetings/{meeting.pk}/pack/")
    assert page.get_by_role("heading", level=1).inner_text() == "Meeting pack"
    assert_accessible(page, "pack-not-built")

    page.get_by_role("button", name="Build pack").click()
    download_link = page.get_by_role("link", name="Download the pack")
    download_link.wait_for()
    assert "Ready" in page.locator("#pack-status-full").inner_text()
    assert_accessible(page, "pack-ready")

    with page.expect_download() as download:
        download_link.click()
    assert download.value.suggested_filename == "SSPB-2023-01-26-pack.pdf"
    saved = tmp_path / "pack.pdf"
    download.value.save_as(saved)
    assert saved.read_bytes().startswith(b"%PDF")


def test_progress_updates_without_reloading(page, meeting):
    pack = MeetingPack.objects.create(meeting=meeting, fingerprint="x")  # queued
    sign_in(page, "chair")
    page.goto(f"/meetings/{meeting.pk}/pack/")
    status = page.locator("#pack-status-full")
    assert "Waiting" in status.inner_text()
    MeetingPack.objects.filter(pk=pack.pk).update(
        status=MeetingPack.Status.FAILED, error="Paper 2a (sef.pdf) is password-protected."
    )
    page.get_by_text("Paper 2a (sef.pdf) is password-protected.").wait_for(timeout=5_000)
    assert page.get_by_role("button", name="Retry").is_visible()
    assert_accessible(page, "pack-failed")
