"""Times on the attendance and meeting forms: nobody leaves before they join, and no meeting
ends before it starts; each refused next to the field."""

import datetime

import pytest
from django.urls import reverse

from boards.models import Meeting
from tests.boards.factories import AttendanceFactory, MeetingFactory

pytestmark = pytest.mark.django_db

LEFT_BEFORE_JOINED = "The time they left must be after the time they joined."
ENDS_BEFORE_STARTS = "The end time must be after the start time."


def attendance_data(row, **times):
    data = {
        f"a{row.pk}-status": row.status,
        f"a{row.pk}-role": row.role,
        f"a{row.pk}-deputy_for": "",
        f"a{row.pk}-joined_at": row.joined_at.strftime("%H:%M") if row.joined_at else "",
        f"a{row.pk}-left_at": row.left_at.strftime("%H:%M") if row.left_at else "",
        f"a{row.pk}-version": row.version,
    }
    data.update({f"a{row.pk}-{name}": value for name, value in times.items()})
    return data


def test_leaving_before_joining_is_refused_next_to_the_time_left(secretary, board):
    row = AttendanceFactory(meeting=MeetingFactory(board=board), person__name="Helen Farmer")
    url = reverse("boards:attendance", args=[row.meeting.pk])
    response = secretary.post(url, attendance_data(row, joined_at="10:40", left_at="10:15"))
    assert response.status_code == 200
    [form] = response.context["forms"]
    assert form.errors == {"left_at": [LEFT_BEFORE_JOINED]}
    assert f"Helen Farmer: {LEFT_BEFORE_JOINED}" in response.text  # the error summary
    row.refresh_from_db()
    assert (row.joined_at, row.left_at) == (None, None)


def test_joining_late_and_leaving_early_is_saved(secretary, board):
    row = AttendanceFactory(meeting=MeetingFactory(board=board))
    url = reverse("boards:attendance", args=[row.meeting.pk])
    response = secretary.post(url, attendance_data(row, joined_at="10:15", left_at="11:40"))
    assert response.status_code == 302
    row.refresh_from_db()
    assert (row.joined_at, row.left_at) == (datetime.time(10, 15), datetime.time(11, 40))


def test_a_row_saved_with_its_times_the_wrong_way_round_does_not_block_the_others(secretary, board):
    meeting = MeetingFactory(board=board)
    muddled = AttendanceFactory(
        meeting=meeting, joined_at=datetime.time(11, 0), left_at=datetime.time(10, 0)
    )
    other = AttendanceFactory(meeting=meeting)
    data = {**attendance_data(muddled), **attendance_data(other, status="apologies")}
    response = secretary.post(reverse("boards:attendance", args=[meeting.pk]), data)
    assert response.status_code == 302
    other.refresh_from_db()
    assert other.status == "apologies"


MEETING = {"date": "2023-03-23", "starts_at": "10:00", "venue": "Civic Centre", "online_link": ""}


@pytest.mark.parametrize("ends_at", ["09:00", "10:00"])
def test_a_new_meeting_ending_before_it_starts_is_refused_next_to_the_end_time(
    secretary, board, ends_at
):
    url = reverse("boards:meeting_add", args=[board.partnership.slug, board.slug])
    response = secretary.post(url, {**MEETING, "ends_at": ends_at})
    assert response.status_code == 200
    assert response.context["form"].errors == {"ends_at": [ENDS_BEFORE_STARTS]}
    assert not Meeting.objects.exists()


def test_changing_a_meeting_to_end_before_it_starts_is_refused_next_to_the_end_time(
    secretary, board
):
    meeting = MeetingFactory(board=board)
    data = {**MEETING, "ends_at": "09:30", "status": "scheduled", "version": meeting.version}
    response = secretary.post(reverse("boards:meeting_edit", args=[meeting.pk]), data)
    assert response.status_code == 200
    assert response.context["form"].errors == {"ends_at": [ENDS_BEFORE_STARTS]}
    meeting.refresh_from_db()
    assert meeting.ends_at == datetime.time(12, 0)
