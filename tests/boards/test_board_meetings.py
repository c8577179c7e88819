import datetime

import pytest

from boards.models import Meeting
from boards.selectors.meetings import board_meetings
from tests.boards.factories import MeetingFactory

pytestmark = pytest.mark.django_db

TODAY = datetime.date(2023, 6, 1)
HELD, SCHEDULED, CANCELLED = Meeting.Status.HELD, Meeting.Status.SCHEDULED, Meeting.Status.CANCELLED


def meeting(board, month, day, status=SCHEDULED):
    return MeetingFactory(board=board, date=datetime.date(2023, month, day), status=status)


def test_the_next_meeting_is_the_first_scheduled_one_from_today(board):
    meeting(board, 5, 1, HELD)
    meeting(board, 6, 1, CANCELLED)
    following = meeting(board, 7, 1)
    meeting(board, 8, 1)
    assert board_meetings(board, today=TODAY).next == following


def test_a_past_meeting_still_scheduled_after_the_last_held_is_the_next_to_hold(board):
    meeting(board, 1, 1)  # never marked held, but a later meeting was: not the next
    meeting(board, 2, 1, HELD)
    awaiting = meeting(board, 3, 1)
    meeting(board, 4, 1)
    assert board_meetings(board, today=TODAY).next == awaiting


def test_with_no_meeting_held_yet_the_first_scheduled_is_the_next(board):
    first = meeting(board, 1, 1)
    meeting(board, 2, 1)
    assert board_meetings(board, today=TODAY).next == first


def test_a_board_with_only_held_meetings_has_no_next_meeting(board, django_assert_num_queries):
    meeting(board, 1, 1, HELD)
    with django_assert_num_queries(1):  # the last held meeting is among the latest: no search
        found = board_meetings(board, today=TODAY)
    assert found.next is None and [m.date.month for m in found.past] == [1]


def test_a_last_held_meeting_older_than_the_latest_ones_is_searched_for(board):
    meeting(board, 1, 1, HELD)
    awaiting = meeting(board, 2, 1)
    for month in (3, 4, 5):
        meeting(board, month, 1)
    found = board_meetings(board, today=TODAY, past_limit=3)
    assert found.next == awaiting and [m.date.month for m in found.past] == [5, 4, 3]


def test_scheduled_meetings_before_the_last_held_one_are_not_the_next(board):
    meeting(board, 1, 1)
    meeting(board, 2, 1)
    meeting(board, 3, 1, HELD)
    assert board_meetings(board, today=TODAY).next is None


def test_around_a_meeting_are_its_minutes_and_its_neighbours_in_one_query(
    board, django_assert_num_queries
):
    from boards.models import Minutes
    from boards.selectors.meetings import around_meeting

    earlier = meeting(board, 1, 1, HELD)
    meeting(board, 2, 1, CANCELLED)  # skipped both ways
    this = meeting(board, 3, 1, HELD)
    meeting(board, 4, 1, CANCELLED)
    later = meeting(board, 5, 1)
    meeting(board, 6, 1)
    earlier_minutes = Minutes.objects.create(meeting=earlier)
    these_minutes = Minutes.objects.create(meeting=this)
    this = Meeting.objects.get(pk=this.pk)
    with django_assert_num_queries(1):
        around = around_meeting(this)
        assert this.previous_meeting == earlier  # kept for the meeting's sections
    assert (around.minutes, around.previous, around.previous_minutes, around.next) == (
        these_minutes,
        earlier,
        earlier_minutes,
        later,
    )


def test_the_first_meeting_without_minutes_has_nothing_around_it(board):
    from boards.selectors.meetings import around_meeting

    first = meeting(board, 1, 1)
    around = around_meeting(first)
    assert (around.minutes, around.previous, around.previous_minutes, around.next) == (
        None,
        None,
        None,
        None,
    )


def test_a_meeting_held_today_leaves_no_older_scheduled_one_as_the_next(board):
    meeting(board, 5, 1, HELD)
    meeting(board, 5, 15)  # never marked held
    meeting(board, 6, 1, HELD)  # today
    assert board_meetings(board, today=TODAY).next is None
