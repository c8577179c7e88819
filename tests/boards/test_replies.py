"""Members reply before the meeting (attending, apologies, a deputy): through the invitation's
signed link without signing in, or signed in from the meeting's page. The secretary sends the
invitations and sees the replies; the agenda lists the apologies; attendance starts from them."""

import datetime
import re

import pytest
from django.core import mail, signing
from django.urls import reverse
from django.utils import timezone

from boards.models import Attendance, MeetingReply, Person, Role
from boards.services import meetings as meeting_services
from boards.services import replies as services
from tests.boards.factories import (
    MeetingFactory,
    MembershipFactory,
    MinutesFactory,
    OrganisationFactory,
    PersonFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def meeting(board):
    meeting = MeetingFactory(board=board, date=timezone.localdate() + datetime.timedelta(days=14))
    meeting_services.standing_items_add(meeting=meeting)
    return meeting


@pytest.fixture
def council(board):
    return OrganisationFactory(partnership=board.partnership, name="Southend City Council")


@pytest.fixture
def kr(board, council):
    """A member of the board, with an e-mail address and a colleague who can deputise."""
    return MembershipFactory(
        board=board,
        person__name="Krishna Ramkhelawon",
        person__initials="KR",
        person__email="kr@example.org",
        person__organisation=council,
    ).person


@pytest.fixture
def colleague(board, council):
    return PersonFactory(
        partnership=board.partnership,
        name="Lissa-Marie Minnis",
        initials="L-MM",
        organisation=council,
    )


def link_of(meeting, person) -> str:
    return reverse("boards:reply_link", args=[services.reply_token(meeting, person)])


def test_invitations_e_mail_each_member_their_own_link(
    secretary, board, meeting, kr, django_capture_on_commit_callbacks
):
    MembershipFactory(board=board, person__name="Tara Poore", person__email="tp@example.org")
    MembershipFactory(board=board, person__name="No Address", person__email="")
    url = reverse("boards:invitations_send", args=[meeting.pk])
    assert secretary.get(url).status_code == 405
    with django_capture_on_commit_callbacks(execute=True):
        response = secretary.post(url, follow=True)
    assert "Invitations sent by e-mail to 2 members" in response.text
    assert "No e-mail address for" in response.text and "No Address" in response.text
    by_address = {message.to[0]: message for message in mail.outbox}
    assert set(by_address) == {"kr@example.org", "tp@example.org"}  # not the secretary
    links = {
        address: re.search(r"http://testserver(/reply/\S+/)", message.body).group(1)
        for address, message in by_address.items()
    }
    assert links["kr@example.org"] != links["tp@example.org"]
    # Each link opens that member's own reply, without signing in.
    from django.test import Client

    page = Client().get(links["tp@example.org"])
    assert page.status_code == 200
    assert "Replying as <strong>Tara Poore</strong>" in page.text
    assert "Dear Tara Poore" in by_address["tp@example.org"].body


def test_invitations_are_sent_by_the_secretary_only(member, outsider, meeting):
    url = reverse("boards:invitations_send", args=[meeting.pk])
    assert member.post(url).status_code == 403
    assert outsider.post(url).status_code == 404
    assert mail.outbox == []


def test_the_link_records_a_reply_without_signing_in(anonymous, meeting, kr):
    url = link_of(meeting, kr)
    response = anonymous.post(url, {"answer": "apologies", "note": "Hope to join later"})
    assert response.status_code == 302
    reply = MeetingReply.objects.get(meeting=meeting)
    assert (reply.person, reply.answer, reply.note) == (kr, "apologies", "Hope to join later")
    assert reply.replied_by is None
    # Changing the reply changes the one reply.
    anonymous.post(url, {"answer": "attending"})
    reply = MeetingReply.objects.get(meeting=meeting)
    assert reply.answer == "attending" and reply.note == ""


def test_the_link_leads_to_no_page_that_needs_signing_in(anonymous, meeting, kr):
    html = anonymous.get(link_of(meeting, kr)).content.decode()
    assert "govuk-breadcrumbs" not in html
    assert meeting.get_absolute_url() not in html


def test_the_link_cannot_reply_for_someone_else(anonymous, board, meeting, kr):
    other = MembershipFactory(board=board).person
    anonymous.post(link_of(meeting, kr), {"answer": "apologies", "person": other.pk})
    assert list(MeetingReply.objects.values_list("person", flat=True)) == [kr.pk]


def test_a_tampered_link_gets_a_clear_page(anonymous, board, meeting, kr):
    other = MembershipFactory(board=board).person
    token = services.reply_token(meeting, kr)
    # Made with another key: for the other member, and well formed, but not made here.
    forged = signing.TimestampSigner(salt="elsewhere").sign_object(
        {"meeting": meeting.pk, "person": other.pk}
    )
    for bad in (token[:-2] + "xx", forged, "nonsense", token + "x"):
        response = anonymous.get(reverse("boards:reply_link", args=[bad]))
        assert response.status_code == 400
        assert "This link does not work" in response.text
        post = anonymous.post(reverse("boards:reply_link", args=[bad]), {"answer": "apologies"})
        assert post.status_code == 400
    assert not MeetingReply.objects.exists()


def test_the_link_expires_after_the_meeting(anonymous, meeting, kr):
    url = link_of(meeting, kr)
    assert anonymous.get(url).status_code == 200
    meeting.date = timezone.localdate() - datetime.timedelta(days=1)
    meeting.save()
    response = anonymous.post(url, {"answer": "apologies"})
    assert response.status_code == 410
    assert "has taken place: replies are closed" in response.text
    assert not MeetingReply.objects.exists()


def test_a_link_older_than_any_meeting_has_expired(anonymous, meeting, kr, monkeypatch):
    url = link_of(meeting, kr)
    monkeypatch.setattr(services, "LINK_LIFETIME", datetime.timedelta(seconds=-1))
    response = anonymous.get(url)
    assert response.status_code == 410 and "This link has expired." in response.text


def test_a_link_for_someone_no_longer_on_the_board_is_closed(anonymous, board, meeting, kr):
    kr.memberships.update(ends_on=timezone.localdate())
    meeting.date = timezone.localdate() + datetime.timedelta(days=1)
    meeting.save()
    response = anonymous.get(link_of(meeting, kr))
    assert response.status_code == 410 and "is not a member of" in response.text


def test_a_link_for_a_cancelled_meeting_says_so(anonymous, meeting, kr):
    meeting.status = meeting.Status.CANCELLED
    meeting.save()
    response = anonymous.get(link_of(meeting, kr))
    assert response.status_code == 410 and "was cancelled" in response.text


def test_sending_a_deputy_chosen_from_the_organisation(anonymous, meeting, kr, colleague):
    url = link_of(meeting, kr)
    page = anonymous.get(url).text
    assert "Lissa-Marie Minnis (L-MM)" in page
    anonymous.post(url, {"answer": "deputy", "deputy": colleague.pk})
    reply = MeetingReply.objects.get()
    assert reply.deputy == colleague and reply.sends_apologies


def test_sending_a_deputy_typed_by_name(anonymous, meeting, kr, colleague):
    url = link_of(meeting, kr)
    anonymous.post(url, {"answer": "deputy", "deputy_name": "Stephan Leibrecht"})
    reply = MeetingReply.objects.get()
    assert (reply.deputy, reply.deputy_name) == (None, "Stephan Leibrecht")
    # A typed name that is one of the partnership's people is that person.
    anonymous.post(url, {"answer": "deputy", "deputy_name": "lissa-marie minnis"})
    reply.refresh_from_db()
    assert (reply.deputy, reply.deputy_name) == (colleague, "")


def test_a_deputy_without_a_name_is_refused_next_to_the_field(anonymous, meeting, kr):
    response = anonymous.post(link_of(meeting, kr), {"answer": "deputy"})
    assert response.status_code == 200
    assert response.context["form"].errors == {
        "deputy": ["Choose your deputy from the list or type their name."]
    }
    assert "There is a problem" in response.text
    assert not MeetingReply.objects.exists()


def test_a_member_replies_signed_in_for_themselves(member, board, meeting):
    own = Person.objects.get(user=member.user)
    url = reverse("boards:meeting_reply", args=[meeting.pk])
    page = member.get(meeting.get_absolute_url()).text
    assert "You have not replied yet." in page and url in page
    other = MembershipFactory(board=board).person
    assert member.post(url, {"answer": "apologies", "person": other.pk}).status_code == 302
    reply = MeetingReply.objects.get()
    assert (reply.person, reply.replied_by) == (own, member.user)
    assert "Apologies." in member.get(meeting.get_absolute_url()).text


def test_only_members_of_the_board_reply(sro, outsider, secretary, meeting):
    url = reverse("boards:meeting_reply", args=[meeting.pk])
    assert outsider.get(url).status_code == 404
    assert sro.get(url).status_code == 403  # of the partnership, without a seat
    assert secretary.post(url, {"answer": "apologies"}).status_code == 403  # she asks
    assert not MeetingReply.objects.exists()


def test_the_secretary_sees_the_replies_with_counts(
    secretary, member, board, meeting, kr, colleague
):
    services.meeting_reply(meeting=meeting, person=kr, answer="deputy", deputy=colleague)
    tp = MembershipFactory(board=board, person__name="Tara Poore").person
    services.meeting_reply(meeting=meeting, person=tp, answer="attending")
    MembershipFactory(board=board, person__name="Not Yet")
    counts = "1 attending, 0 sending apologies, 1 sending a deputy, 2 not replied yet."
    for url in (
        meeting.get_absolute_url(),
        reverse("boards:attendance", args=[meeting.pk]),
    ):
        html = secretary.get(url).text
        assert counts in html
        assert "Replies from members" in html and "Lissa-Marie Minnis" in html
    assert "Replies from members" not in member.get(meeting.get_absolute_url()).text


def test_the_agenda_lists_the_apologies_received(member, board, meeting, kr):
    services.meeting_reply(
        meeting=meeting, person=kr, answer="deputy", deputy_name="Stephan Leibrecht"
    )
    tp = MembershipFactory(board=board, person__name="Tara Poore", person__initials="TP").person
    services.meeting_reply(meeting=meeting, person=tp, answer="apologies")
    attending = MembershipFactory(board=board, person__name="Owen Richards").person
    services.meeting_reply(meeting=meeting, person=attending, answer="attending")
    html = member.get(meeting.get_absolute_url()).text
    welcome = html[html.index("1. Welcome") : html.index("2. Declarations")]
    assert (
        "Apologies received:</strong> Krishna Ramkhelawon (KR), Stephan Leibrecht attending "
        "as deputy; Tara Poore (TP)." in welcome
    )
    assert "Owen Richards" not in welcome


def test_attendance_starts_from_the_replies(secretary, board, meeting, kr, colleague):
    tp = MembershipFactory(board=board, person__name="Tara Poore").person
    om = MembershipFactory(board=board, person__name="Owen Richards").person
    services.meeting_reply(meeting=meeting, person=kr, answer="deputy", deputy=colleague)
    services.meeting_reply(meeting=meeting, person=tp, answer="apologies")
    services.meeting_reply(meeting=meeting, person=om, answer="attending")
    secretary.post(reverse("boards:minutes_start", args=[meeting.pk]))
    rows = {row.person: row for row in meeting.attendance.all()}
    assert rows[kr].status == rows[tp].status == Attendance.Status.APOLOGIES
    # "Attending" marks no one present: they are expected, not recorded.
    assert rows[om].status == Attendance.Status.NOT_RECORDED
    deputy = rows[colleague]
    assert (deputy.role, deputy.deputy_for, deputy.status) == (
        Attendance.Role.DEPUTY,
        kr,
        Attendance.Status.NOT_RECORDED,
    )
    html = secretary.get(reverse("boards:attendance", args=[meeting.pk])).text
    assert "Replied: Attending (expected)" in html


def test_a_reply_after_the_list_is_started_fills_only_what_is_not_recorded(
    secretary, board, meeting, kr, colleague
):
    tp = MembershipFactory(board=board, person__name="Tara Poore").person
    secretary.post(reverse("boards:minutes_start", args=[meeting.pk]))
    meeting.attendance.filter(person=tp).update(status=Attendance.Status.PRESENT)
    services.meeting_reply(meeting=meeting, person=tp, answer="apologies")
    services.meeting_reply(meeting=meeting, person=kr, answer="deputy", deputy=colleague)
    rows = {row.person: row for row in meeting.attendance.all()}
    assert rows[tp].status == Attendance.Status.PRESENT  # as the secretary recorded it
    assert rows[kr].status == Attendance.Status.APOLOGIES
    assert rows[colleague].deputy_for == kr


def test_no_reply_once_the_minutes_are_approved(meeting, kr):
    MinutesFactory(meeting=meeting, status="approved")
    with pytest.raises(services.ReplyRefused):
        services.meeting_reply(meeting=meeting, person=kr, answer="apologies")


def test_the_secretary_is_not_asked_to_reply(board, meeting, secretary):
    roles = {membership.role for membership in services.invitees(meeting)}
    assert Role.SECRETARY not in roles


def test_a_past_meeting_without_replies_asks_for_none(secretary, member, board):
    past = MeetingFactory(board=board, date=datetime.date(2023, 1, 26))
    meeting_services.standing_items_add(meeting=past)
    html = member.get(past.get_absolute_url()).text
    assert "Your reply" not in html and "Apologies received" not in html
    html = secretary.get(past.get_absolute_url()).text
    assert "Send invitations" not in html and "Replies from members" not in html
