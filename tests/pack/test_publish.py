"""Publishing the agenda pack before the meeting: who may, what the public sees, when it is due."""

import datetime
import io

import pytest
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from boards.models import MeetingPack
from boards.pack.published import agenda_pack_notice


def publish_url(meeting):
    return reverse("boards:pack_publish", args=[meeting.pk])


def public_url(meeting):
    return reverse("public:agenda_pack", args=[meeting.board.partnership.slug, meeting.pk])


def listing_url(meeting):
    return reverse("public:partnership", args=[meeting.board.partnership.slug])


def pdf_text(response) -> str:
    reader = PdfReader(io.BytesIO(b"".join(response.streaming_content)))
    return " ".join(" ".join(page.extract_text().split()) for page in reader.pages)


@pytest.fixture
def published(meeting, secretary, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        response = secretary.post(publish_url(meeting))
    assert response.status_code == 302
    return MeetingPack.objects.get(meeting=meeting, published_at__isnull=False)


def test_publishing_is_refused_by_get(meeting, secretary):
    assert secretary.get(publish_url(meeting)).status_code == 405


def test_only_the_secretary_publishes(meeting, outsider, member, chair, sro):
    assert outsider.post(publish_url(meeting)).status_code == 404
    for reader in (member, chair, sro):
        assert reader.post(publish_url(meeting)).status_code == 403
    assert not MeetingPack.objects.filter(published_at__isnull=False).exists()
    meeting.refresh_from_db()
    assert meeting.agenda_pack_published_at is None


def test_the_secretary_publishes_the_agenda_pack_before_the_meeting(meeting, published, anonymous):
    meeting.refresh_from_db()
    assert published.status == MeetingPack.Status.READY and published.public
    assert meeting.agenda_pack_published_at == published.published_at
    assert timezone.localdate(published.published_at) == timezone.localdate()
    # No minutes of the meeting are needed, nor any sign-in, to read it.
    listing = anonymous.get(listing_url(meeting)).content.decode()
    assert public_url(meeting) in listing and "Agenda pack for 26 January 2023" in listing
    assert f"published {timezone.localdate():%-d %B %Y}" in listing
    response = anonymous.get(public_url(meeting))
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    text = pdf_text(response)
    assert f"Published {timezone.localdate():%-d %B %Y}" in text
    assert "INCLUSION PAPER TEXT" in text  # the public papers
    # The confidential item is listed as exempt; its paper is not there.
    assert "Exclusions: individual cases Exempt from publication" in text
    assert "SECRET CASE TEXT" not in text and "Case review" not in text


def test_a_public_pack_built_to_check_is_not_published(
    meeting, member, sro, anonymous, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        assert member.post(reverse("boards:pack_build", args=[meeting.pk]), {"public": "1"})
    preview = MeetingPack.objects.get(meeting=meeting, public=True)
    assert preview.status == MeetingPack.Status.READY and preview.published_at is None
    assert anonymous.get(public_url(meeting)).status_code == 404
    assert public_url(meeting) not in anonymous.get(listing_url(meeting)).content.decode()
    download = reverse("boards:pack_download", args=[preview.pk])
    assert sro.get(download).status_code == 403  # no seat, nothing published


def test_a_newer_check_leaves_the_published_pack_on_the_public_pages(
    meeting, published, member, anonymous, django_capture_on_commit_callbacks
):
    item = meeting.agenda_items.get(position=4)
    item.title, item.version = "Inclusion strategy v2", item.version + 1
    item.save()
    with django_capture_on_commit_callbacks(execute=True):
        member.post(reverse("boards:pack_build", args=[meeting.pk]), {"public": "1"})
    assert MeetingPack.objects.filter(pk=published.pk).exists()
    assert "Inclusion strategy v2" not in pdf_text(anonymous.get(public_url(meeting)))


def test_the_secretary_is_told_when_the_published_pack_has_changed(meeting, published, secretary):
    page_url = reverse("boards:meeting_pack", args=[meeting.pk])
    assert "changed since it was published" not in secretary.get(page_url).content.decode()
    item = meeting.agenda_items.get(position=4)
    item.title, item.version = "Inclusion strategy v2", item.version + 1
    item.save()
    page = secretary.get(page_url).content.decode()
    assert "changed since it was published" in page and "Publish the agenda pack again" in page


def test_anyone_of_the_partnership_reads_the_published_pack(meeting, published, sro):
    download = reverse("boards:pack_download", args=[published.pk])
    assert sro.get(download).status_code == 200


@pytest.mark.parametrize(
    ("today", "words", "late"),
    [
        # Meeting on Monday 8 March 2027, 5 clear days: 3 to 7 March, so due by 2 March.
        (
            datetime.date(2027, 3, 2),
            "The agenda pack is due to be published by 2 March 2027.",
            False,
        ),
        (
            datetime.date(2027, 3, 3),
            "The agenda pack was due to be published by 2 March 2027.",
            True,
        ),
    ],
)
def test_the_agenda_pack_is_due_five_clear_days_before(meeting, today, words, late):
    meeting.date = datetime.date(2027, 3, 8)
    notice = agenda_pack_notice(meeting, today=today)
    assert (notice.text, notice.late) == (words, late)


def test_the_board_sets_its_clear_days(meeting):
    meeting.date = datetime.date(2027, 3, 8)
    meeting.board.agenda_pack_clear_days = 0
    assert meeting.agenda_pack_due_on == datetime.date(2027, 3, 7)


@pytest.mark.parametrize(("day", "late"), [(2, False), (3, True)])
def test_publishing_on_the_day_it_is_due_is_in_time(meeting, day, late):
    meeting.date = datetime.date(2027, 3, 8)
    meeting.agenda_pack_published_at = timezone.make_aware(datetime.datetime(2027, 3, day, 17))
    notice = agenda_pack_notice(meeting)
    assert notice.text.startswith(f"The agenda pack was published on {day} March 2027.")
    assert notice.late is late
    assert ("It was due to be published by 2 March 2027." in notice.text) is late


def test_the_meeting_page_warns_when_the_agenda_pack_is_late(meeting, member):
    meeting.date = timezone.localdate() + datetime.timedelta(days=3)  # due 3 days ago
    meeting.save()
    due = meeting.agenda_pack_due_on
    page = member.get(meeting.get_absolute_url()).content.decode()
    assert "govuk-warning-text" in page
    assert f"The agenda pack was due to be published by {due:%-d %B %Y}." in page


def test_the_meeting_page_says_when_the_agenda_pack_was_published(meeting, published, member):
    page = member.get(meeting.get_absolute_url()).content.decode()
    assert f"The agenda pack was published on {timezone.localdate():%-d %B %Y}." in page
