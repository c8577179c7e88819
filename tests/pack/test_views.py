"""The meeting pack pages: who may build and download which pack, progress and retry."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from boards.models import MeetingPack, Minutes


def page_url(meeting):
    return reverse("boards:meeting_pack", args=[meeting.pk])


def build_url(meeting):
    return reverse("boards:pack_build", args=[meeting.pk])


def publish(meeting):
    Minutes.objects.create(meeting=meeting, status=Minutes.Status.PUBLISHED)


@pytest.fixture
def ready_pack(meeting, member, django_capture_on_commit_callbacks):
    def _ready(public=False):
        with django_capture_on_commit_callbacks(execute=True):
            member.post(build_url(meeting), {"public": "1"} if public else {})
        return MeetingPack.objects.get(meeting=meeting, public=public)

    return _ready


def test_anonymous_is_sent_to_sign_in(meeting, anonymous):
    for url in (page_url(meeting), reverse("boards:pack_download", args=[1])):
        response = anonymous.get(url)
        assert response.status_code == 302 and response.url.startswith(reverse("login"))


def test_outsider_gets_404_everywhere(meeting, outsider, ready_pack):
    pack = ready_pack()
    assert outsider.get(page_url(meeting)).status_code == 404
    assert outsider.post(build_url(meeting)).status_code == 404
    for name in ("pack_status", "pack_download"):
        assert outsider.get(reverse(f"boards:{name}", args=[pack.pk])).status_code == 404
    assert outsider.post(reverse("boards:pack_retry", args=[pack.pk])).status_code == 404


def test_building_is_refused_by_get(meeting, chair):
    assert chair.get(build_url(meeting)).status_code == 405


def test_member_builds_the_full_pack_and_downloads_it(
    meeting, member, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = member.post(build_url(meeting))
    assert response.status_code == 302 and response.url == page_url(meeting)
    pack = MeetingPack.objects.get(meeting=meeting)
    pack.refresh_from_db()
    assert pack.status == MeetingPack.Status.READY and not pack.public
    assert pack.requested_by == member.user

    page = member.get(page_url(meeting)).content.decode()
    download = reverse("boards:pack_download", args=[pack.pk])
    assert download in page and f"{pack.page_count} pages" in page
    response = member.get(download)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert "attachment" in response["Content-Disposition"]
    assert b"".join(response.streaming_content).startswith(b"%PDF")


def test_officer_without_a_seat_cannot_have_the_full_pack(meeting, sro, ready_pack):
    pack = ready_pack()
    assert sro.get(page_url(meeting)).status_code == 403
    assert sro.post(build_url(meeting)).status_code == 403
    assert sro.get(reverse("boards:pack_download", args=[pack.pk])).status_code == 403


def test_public_pack_is_open_to_the_partnership_once_the_minutes_are_published(
    meeting, member, sro, ready_pack
):
    # Members build the public pack before the meeting, to check it before it is published.
    assert "Build public pack" in member.get(page_url(meeting)).content.decode()
    pack = ready_pack(public=True)
    assert pack.status == MeetingPack.Status.READY
    assert sro.get(page_url(meeting)).status_code == 403

    publish(meeting)
    # Anyone of the partnership may read the public pack, but not build one.
    page = sro.get(page_url(meeting)).content.decode()
    assert "Public pack" in page and "Full pack" not in page and "Build" not in page
    assert sro.get(reverse("boards:pack_download", args=[pack.pk])).status_code == 200
    assert sro.post(build_url(meeting), {"public": "1"}).status_code == 403


def test_page_shows_progress_that_htmx_polls(meeting, member, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False):
        member.post(build_url(meeting))  # queued, no worker has run yet
    pack = MeetingPack.objects.get(meeting=meeting)
    status_url = reverse("boards:pack_status", args=[pack.pk])
    page = member.get(page_url(meeting)).content.decode()
    assert f'hx-get="{status_url}"' in page and 'hx-trigger="every 2s"' in page
    assert "waiting for the next free worker" in page

    MeetingPack.objects.filter(pk=pack.pk).update(
        status=MeetingPack.Status.BUILDING,
        steps_done=3,
        steps_total=7,
        lease_expires_at=timezone.now() + datetime.timedelta(minutes=1),  # its worker is alive
    )
    partial = member.get(status_url, headers={"HX-Request": "true"}).content.decode()
    assert "3 of 7 sections done" in partial
    assert "<html" not in partial and 'hx-trigger="every 2s"' in partial


def test_polling_stops_once_the_pack_is_ready(meeting, member, ready_pack):
    pack = ready_pack()
    partial = member.get(reverse("boards:pack_status", args=[pack.pk])).content.decode()
    assert "hx-trigger" not in partial
    assert reverse("boards:pack_download", args=[pack.pk]) in partial


def test_failed_pack_shows_why_and_retry_builds_it(
    meeting, chair, django_capture_on_commit_callbacks
):
    pack = MeetingPack.objects.create(
        meeting=meeting,
        fingerprint="stale",
        status=MeetingPack.Status.FAILED,
        error="Paper 4a (inclusion.pdf) is not a readable PDF.",
    )
    page = chair.get(page_url(meeting)).content.decode()
    assert "Paper 4a (inclusion.pdf) is not a readable PDF." in page
    retry = reverse("boards:pack_retry", args=[pack.pk])
    assert retry in page
    assert chair.get(retry).status_code == 405
    with django_capture_on_commit_callbacks(execute=True):
        response = chair.post(retry)
    assert response.status_code == 302
    pack.refresh_from_db()
    assert pack.status == MeetingPack.Status.READY and pack.error == ""
    assert "has changed since it was built" not in chair.get(page_url(meeting)).content.decode()


def test_a_pack_not_ready_cannot_be_downloaded(meeting, member):
    pack = MeetingPack.objects.create(meeting=meeting, fingerprint="x")
    assert member.get(reverse("boards:pack_download", args=[pack.pk])).status_code == 404


def test_page_says_when_the_pack_is_out_of_date(meeting, member, ready_pack):
    ready_pack()
    assert "has changed since it was built" not in member.get(page_url(meeting)).content.decode()
    item = meeting.agenda_items.get(position=4)
    item.title, item.version = "Inclusion strategy v2", item.version + 1
    item.save()
    page = member.get(page_url(meeting)).content.decode()
    assert "has changed since it was built" in page and "Build pack" in page


def test_pack_page_queries_do_not_grow_with_items(
    meeting, member, ready_pack, django_assert_max_num_queries
):
    from tests.boards.factories import AgendaItemFactory

    ready_pack()
    with django_assert_max_num_queries(40) as captured:
        member.get(page_url(meeting))
    before = len(captured.captured_queries)
    for position in range(10, 30):
        AgendaItemFactory(meeting=meeting, position=position)
    with django_assert_max_num_queries(before):
        member.get(page_url(meeting))


def test_a_build_that_stopped_half_way_is_handed_to_the_next_worker(
    meeting, chair, django_capture_on_commit_callbacks
):
    started = timezone.now() - datetime.timedelta(minutes=5)
    stalled = MeetingPack.objects.create(
        meeting=meeting,
        fingerprint="x",
        status=MeetingPack.Status.BUILDING,
        started_at=started,
        lease_expires_at=started + datetime.timedelta(minutes=2),
        attempts=1,
    )
    with django_capture_on_commit_callbacks(execute=True):
        page = chair.get(page_url(meeting)).content.decode()
    assert "Waiting" in page  # queued again; the next worker then builds it
    stalled.refresh_from_db()
    assert stalled.status == MeetingPack.Status.READY and stalled.attempts == 2
