import datetime
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse
from icalendar import Calendar

from boards.models import AgendaItem, ForwardPlanItem, Meeting
from tests.boards.factories import (
    AgendaItemFactory,
    ForwardPlanItemFactory,
    MeetingFactory,
    PersonFactory,
)

pytestmark = pytest.mark.django_db


def add_url(board):
    return reverse("boards:meeting_add", args=[board.partnership.slug, board.slug])


MEETING = {
    "date": "2023-03-23",
    "starts_at": "10:00",
    "ends_at": "12:00",
    "venue": "Via MS Teams",
    "online_link": "https://teams.example.org/meet/1",
    "add_standing_items": "on",
    "add_forward_plan": "on",
}


def test_outsider_gets_404_and_member_403_when_scheduling(outsider, member, board):
    assert outsider.get(add_url(board)).status_code == 404
    assert member.get(add_url(board)).status_code == 403
    assert member.post(add_url(board), MEETING).status_code == 403
    assert not Meeting.objects.exists()


def test_scheduling_offers_standing_items_and_the_forward_plan(secretary, board):
    wanted = ForwardPlanItemFactory(
        board=board,
        title="SEND Co-Production Charter update",
        wanted_month=datetime.date(2023, 3, 1),
    )
    later = ForwardPlanItemFactory(board=board, wanted_month=datetime.date(2023, 6, 1))
    response = secretary.post(add_url(board), MEETING)
    meeting = Meeting.objects.get()
    assert response.status_code == 302 and response.url == meeting.get_absolute_url()
    titles = list(meeting.agenda_items.values_list("position", "title"))
    assert titles == [
        (1, "Welcome, introductions and apologies"),
        (2, "Declarations of interest"),
        (3, "Minutes of the last meeting"),
        (4, "Action log"),
        (5, "Risk log"),
        (6, "SEND Co-Production Charter update"),
        (7, "Any other business"),
    ]
    assert meeting.agenda_items.get(position=7).standing == AgendaItem.Standing.AOB
    wanted.refresh_from_db()
    later.refresh_from_db()
    assert wanted.agenda_item.position == 6
    assert later.agenda_item is None


def test_scheduling_without_the_offers_leaves_the_agenda_empty(secretary, board):
    data = {k: v for k, v in MEETING.items() if not k.startswith("add_")}
    secretary.post(add_url(board), data)
    assert Meeting.objects.get().agenda_items.count() == 0


def test_end_before_start_is_refused_with_a_message(secretary, board):
    response = secretary.post(add_url(board), {**MEETING, "ends_at": "09:00"})
    assert response.status_code == 200
    assert "The end time must be after the start time." in response.content.decode()
    assert not Meeting.objects.exists()


def test_board_page_shows_the_next_meeting(member, board):
    MeetingFactory(board=board, date=datetime.date(2023, 1, 26), status=Meeting.Status.HELD)
    MeetingFactory(board=board, date=datetime.date(2023, 3, 23))
    html = member.get(board.get_absolute_url()).content.decode()
    assert 'id="meetings"' in html
    assert "Next meeting:" in html and "Thursday 23 March 2023" in html


def test_board_page_hides_meetings_from_people_without_a_seat(sro, board):
    MeetingFactory(board=board)
    html = sro.get(board.get_absolute_url()).content.decode()
    assert 'id="meetings"' not in html


def test_meeting_list_queries_do_not_grow_with_meetings(
    member, board, django_assert_max_num_queries
):
    url = reverse("boards:meetings", args=[board.partnership.slug, board.slug])
    for day in range(1, 4):
        MeetingFactory(board=board, date=datetime.date(2023, 1, day))
    with django_assert_max_num_queries(15):
        first = member.get(url)
    for day in range(4, 20):
        MeetingFactory(board=board, date=datetime.date(2023, 1, day))
    with django_assert_max_num_queries(15):
        second = member.get(url)
    assert first.status_code == second.status_code == 200
    assert "19 January 2023" in second.content.decode()


def test_meeting_page_shows_agenda_and_next_meeting(member, board):
    meeting = MeetingFactory(board=board)
    AgendaItemFactory(meeting=meeting, position=1, title="Action log")
    MeetingFactory(board=board, date=datetime.date(2023, 3, 23))
    response = member.get(meeting.get_absolute_url())
    html = response.content.decode()
    assert "1. Action log" in html
    assert "Thursday 23 March 2023" in html
    assert "Move up" not in html  # members read the agenda, secretaries change it


def test_meeting_page_of_another_partnership_is_404(outsider, board):
    meeting = MeetingFactory(board=board)
    assert outsider.get(meeting.get_absolute_url()).status_code == 404


def test_editing_a_meeting_detects_a_concurrent_change(secretary, board):
    meeting = MeetingFactory(board=board)
    url = reverse("boards:meeting_edit", args=[meeting.pk])
    data = {
        "date": "2023-01-26",
        "starts_at": "10:00",
        "ends_at": "12:00",
        "venue": "Civic Centre",
        "online_link": "",
        "status": "held",
        "version": meeting.version,
    }
    Meeting.objects.filter(pk=meeting.pk).update(version=meeting.version + 1, venue="Room 2")
    response = secretary.post(url, data)
    assert response.status_code == 200
    assert "Their version and yours" in response.content.decode()
    meeting.refresh_from_db()
    assert meeting.venue == "Room 2"
    response = secretary.post(url, {**data, "version": meeting.version})
    meeting.refresh_from_db()
    assert response.status_code == 302 and meeting.venue == "Civic Centre"


def test_meeting_ics_is_an_rfc5545_event_in_utc(member, board):
    meeting = MeetingFactory(
        board=board, date=datetime.date(2023, 6, 1), online_link="https://teams.example.org/x"
    )
    response = member.get(reverse("boards:meeting_ics", args=[meeting.pk]))
    text = response.content.decode()
    assert response["Content-Type"].startswith("text/calendar")
    assert text.startswith("BEGIN:VCALENDAR\r\nVERSION:2.0\r\n")
    assert "DTSTART:20230601T090000Z" in text  # 10am British Summer Time
    assert f"UID:meeting-{meeting.pk}@" in text
    assert "teams.example.org" in text
    assert all(len(line.encode()) <= 75 for line in text.split("\r\n"))


def test_public_calendar_feed_never_gives_the_joining_link(anonymous, board):
    MeetingFactory(board=board, online_link="https://teams.example.org/secret")
    MeetingFactory(board=board, date=datetime.date(2023, 3, 23))
    url = reverse("public:board_calendar", args=[board.partnership.slug, board.slug])
    text = anonymous.get(url).content.decode()
    assert text.count("BEGIN:VEVENT") == 2
    assert "secret" not in text


def test_meeting_ics_reads_back_as_the_meeting_in_london_time(member, board):
    london = ZoneInfo("Europe/London")
    meeting = MeetingFactory(
        board=board,
        date=datetime.date(2023, 6, 1),
        starts_at=datetime.time(10, 0),
        ends_at=datetime.time(12, 30),
        venue="Civic Centre, Room 2; Victoria Avenue",
        online_link="https://teams.example.org/x",
    )
    response = member.get(reverse("boards:meeting_ics", args=[meeting.pk]))
    [event] = Calendar.from_ical(response.content).walk("VEVENT")
    assert event["summary"] == "SEND Strategic Partnership Board"
    assert event.decoded("dtstart") == datetime.datetime(2023, 6, 1, 10, 0, tzinfo=london)
    assert event.decoded("dtend") == datetime.datetime(2023, 6, 1, 12, 30, tzinfo=london)
    assert event["location"] == "Civic Centre, Room 2; Victoria Avenue"
    assert event["description"].endswith("Join online: https://teams.example.org/x")
    assert event["url"] == f"http://testserver/meetings/{meeting.pk}/"
    assert event["status"] == "CONFIRMED"


def test_public_calendar_feed_reads_back_without_the_joining_link(anonymous, board):
    london = ZoneInfo("Europe/London")
    MeetingFactory(
        board=board,
        date=datetime.date(2023, 1, 26),
        starts_at=datetime.time(14, 0),
        ends_at=None,
        venue="",
        online_link="https://teams.example.org/secret",
        status=Meeting.Status.CANCELLED,
    )
    url = reverse("public:board_calendar", args=[board.partnership.slug, board.slug])
    calendar = Calendar.from_ical(anonymous.get(url).content)
    [event] = calendar.walk("VEVENT")
    assert event.decoded("dtstart") == datetime.datetime(2023, 1, 26, 14, 0, tzinfo=london)
    assert event.decoded("dtend") == datetime.datetime(2023, 1, 26, 16, 0, tzinfo=london)
    assert event["location"] == "Online" and event["status"] == "CANCELLED"
    assert all("secret" not in str(value) for value in event.values())


def test_forward_plan_add_and_list(secretary, member, outsider, board):
    meeting = MeetingFactory(board=board)
    owner = PersonFactory(partnership=board.partnership, initials="GB")
    add = reverse("boards:forward_plan_add", args=[board.partnership.slug, board.slug])
    assert outsider.get(add).status_code == 404
    assert member.post(add, {"title": "X"}).status_code == 403
    response = secretary.post(add, {"title": "Draft SEF", "owner": owner.pk, "notes": ""})
    assert response.status_code == 200  # neither a meeting nor a month
    assert "Choose the meeting or the month" in response.content.decode()
    response = secretary.post(
        add,
        {
            "title": "Draft SEF",
            "owner": owner.pk,
            "wanted_month": "2023-06-15",
            "requested_at": meeting.pk,
        },
    )
    assert response.status_code == 302
    entry = ForwardPlanItem.objects.get()
    assert entry.wanted_month == datetime.date(2023, 6, 1) and entry.requested_at == meeting
    listing = member.get(reverse("boards:forward_plan", args=[board.partnership.slug, board.slug]))
    assert "Draft SEF" in listing.content.decode() and "June 2023" in listing.content.decode()


def test_pulling_the_forward_plan_is_post_only(secretary, board):
    meeting = MeetingFactory(board=board)
    url = reverse("boards:forward_plan_pull", args=[meeting.pk])
    assert secretary.get(url).status_code == 405
