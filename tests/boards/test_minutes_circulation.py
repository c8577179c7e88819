"""Circulating the draft minutes: a preview of the e-mail and of who gets it first, confirming
sends; refused before the meeting has been held; the date kept and shown."""

import datetime

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from boards.models import Meeting, Minutes
from boards.services import meetings as meeting_services
from boards.services import minutes as services
from tests.boards.factories import MeetingFactory, MembershipFactory, MinutesFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def meeting(board):
    meeting = MeetingFactory(board=board, date=datetime.date(2023, 1, 26))
    MinutesFactory(meeting=meeting)
    return meeting


@pytest.fixture
def members(board):
    """Two members with an e-mail address, two without."""
    MembershipFactory(board=board, person__name="Philomena Johnson", person__email="pj@example.org")
    MembershipFactory(board=board, person__name="Helen Farmer", person__email="hf@example.org")
    MembershipFactory(board=board, person__name="Owen Richards", person__email="")
    MembershipFactory(board=board, person__name="Amanda Wiley", person__email="")


def circulate_url(meeting):
    return reverse("boards:circulate", args=[meeting.pk])


def test_the_preview_shows_the_email_as_sent_and_names_who_will_not_get_it(
    secretary, meeting, members
):
    response = secretary.get(circulate_url(meeting))
    html = response.content.decode()
    assert response.status_code == 200
    assert "Draft minutes: SEND Strategic Partnership Board, 26 January 2023" in html
    assert "held on Thursday 26 January 2023 are ready for you to read" in html
    assert f"http://testserver/meetings/{meeting.pk}/minutes/" in html
    assert "Helen Farmer (hf@example.org)" in html and "Philomena Johnson (pj@example.org)" in html
    assert "3 members will not get it: no e-mail address." in html
    assert "Amanda Wiley" in html and "Owen Richards" in html
    # Looking is not sending.
    assert mail.outbox == []
    assert Minutes.objects.get(meeting=meeting).status == Minutes.Status.DRAFT


def test_confirming_sends_each_member_the_previewed_email_and_keeps_the_date(
    secretary, meeting, members, django_capture_on_commit_callbacks
):
    preview = services.circulation(meeting, link="http://testserver/minutes/")
    with django_capture_on_commit_callbacks(execute=True):
        response = secretary.post(circulate_url(meeting), follow=True)
    assert sorted(message.to[0] for message in mail.outbox) == ["hf@example.org", "pj@example.org"]
    assert {message.subject for message in mail.outbox} == {preview.subject}
    html = response.content.decode()
    assert "Draft minutes circulated by e-mail to 2 members." in html
    # The secretary's own seat has no address either.
    assert "Not sent to Amanda Wiley, Owen Richards and Secretary: no e-mail address." in html
    minutes = Minutes.objects.get(meeting=meeting)
    assert minutes.status == Minutes.Status.CIRCULATED
    assert minutes.circulated_at.date() == timezone.localdate()
    assert f"Circulated {timezone.localdate():%-d %B %Y}." in html


def test_one_member_is_counted_in_the_singular(secretary, board, meeting):
    MembershipFactory(board=board, person__email="pj@example.org")
    response = secretary.post(circulate_url(meeting), follow=True)
    assert "Draft minutes circulated by e-mail to 1 member." in response.content.decode()


def test_the_minutes_page_says_when_they_were_circulated(secretary, meeting):
    Minutes.objects.filter(meeting=meeting).update(
        status=Minutes.Status.CIRCULATED,
        circulated_at=datetime.datetime(2023, 2, 2, 9, tzinfo=datetime.UTC),
    )
    html = secretary.get(reverse("boards:minutes_read", args=[meeting.pk])).content.decode()
    assert "Circulated 2 February 2023." in html


@pytest.mark.parametrize(
    ("days", "status"),
    [(7, Meeting.Status.SCHEDULED), (0, Meeting.Status.SCHEDULED), (3, Meeting.Status.HELD)],
)
def test_minutes_of_a_meeting_not_yet_held_are_not_circulated(secretary, board, days, status):
    meeting = MeetingFactory(
        board=board, date=timezone.localdate() + datetime.timedelta(days=days), status=status
    )
    MinutesFactory(meeting=meeting)
    MembershipFactory(board=board, person__email="pj@example.org")
    for response in (
        secretary.get(circulate_url(meeting), follow=True),
        secretary.post(circulate_url(meeting), follow=True),
    ):
        assert "has not been held yet: its minutes are circulated after it." in (
            response.content.decode()
        )
    assert Minutes.objects.get(meeting=meeting).status == Minutes.Status.DRAFT
    assert mail.outbox == []


def test_a_meeting_held_today_can_be_circulated_once_marked_held(secretary, board):
    meeting = MeetingFactory(board=board, date=timezone.localdate(), status=Meeting.Status.HELD)
    MinutesFactory(meeting=meeting)
    secretary.post(circulate_url(meeting))
    assert Minutes.objects.get(meeting=meeting).status == Minutes.Status.CIRCULATED


def test_approved_minutes_are_not_circulated_again(secretary, meeting):
    Minutes.objects.filter(meeting=meeting).update(status=Minutes.Status.APPROVED)
    response = secretary.get(circulate_url(meeting), follow=True)
    assert "Only draft minutes can be circulated." in response.content.decode()


def test_the_preview_is_for_the_secretary(member, outsider, meeting):
    assert member.get(circulate_url(meeting)).status_code == 403
    assert outsider.get(circulate_url(meeting)).status_code == 404


def test_the_next_meeting_says_the_last_minutes_were_approved_there(chair, secretary, board):
    held = MeetingFactory(board=board, date=datetime.date(2023, 1, 26))
    MinutesFactory(meeting=held, status=Minutes.Status.CIRCULATED)
    following = MeetingFactory(board=board, date=datetime.date(2023, 3, 23))
    meeting_services.standing_items_add(meeting=following)
    chair.post(reverse("boards:approve", args=[held.pk]), {"at_meeting": following.pk})
    secretary.post(reverse("boards:publish", args=[held.pk]))
    assert Minutes.objects.get(meeting=held).status == Minutes.Status.PUBLISHED
    html = secretary.get(following.get_absolute_url()).content.decode()
    assert "approved at this meeting, published" in html
    assert "published at this meeting" not in html


def test_the_preview_of_a_meeting_without_minutes_starts_none(secretary, board):
    meeting = MeetingFactory(board=board, date=datetime.date(2023, 1, 26))
    response = secretary.get(circulate_url(meeting), follow=True)
    assert "There are no minutes to circulate yet" in response.content.decode()
    assert not Minutes.objects.filter(meeting=meeting).exists()
