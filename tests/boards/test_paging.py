import datetime

import pytest

from boards.models import Meeting
from boards.paging import in_order, page_of
from tests.boards.factories import BoardFactory, MeetingFactory, MembershipFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def meetings(board):
    first = datetime.date(2020, 1, 1)
    return [
        MeetingFactory(board=board, date=first + datetime.timedelta(days=day)) for day in range(45)
    ]


def by_date(board):
    return Meeting.objects.filter(board=board).order_by("date")


def test_a_page_reads_its_ids_and_the_count_in_one_query_then_its_rows(
    board, meetings, django_assert_num_queries
):
    with django_assert_num_queries(2):
        page = page_of(by_date(board), "2", 20, columns=Meeting.objects.select_related("board"))
        rows = list(page)
    assert [m.pk for m in rows] == [m.pk for m in meetings[20:40]]
    assert page.paginator.count == 45 and page.paginator.num_pages == 3
    assert page.has_next() and page.start_index() == 21


def test_the_rows_of_a_page_are_put_in_order_here_not_sorted_by_the_database(board, meetings):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    wanted = [meetings[7].pk, meetings[2].pk, meetings[30].pk]
    columns = Meeting.objects.select_related("board")  # Meeting's own order is newest first
    with CaptureQueriesContext(connection) as queries:
        rows = in_order(columns, [*wanted, 10**9])
    assert [m.pk for m in rows] == wanted
    assert "ORDER BY" not in queries[0]["sql"]


def test_a_page_past_the_end_shows_the_last_page(board, meetings):
    page = page_of(by_date(board), "99", 20, columns=Meeting.objects.all())
    assert page.number == 3 and [m.pk for m in page] == [m.pk for m in meetings[40:]]


@pytest.mark.parametrize("number", ["abc", None, "", "2.5"])
def test_a_page_number_that_is_not_one_shows_the_first_page(board, meetings, number):
    page = page_of(by_date(board), number, 20, columns=Meeting.objects.all())
    assert page.number == 1 and [m.pk for m in page] == [m.pk for m in meetings[:20]]


def test_an_empty_list_has_one_empty_page(board):
    BoardFactory(partnership=board.partnership)
    page = page_of(by_date(board), "1", 20, columns=Meeting.objects.all())
    assert page.number == 1 and list(page) == [] and page.paginator.count == 0


def test_a_distinct_list_is_counted_without_duplicates(board, meetings):
    MembershipFactory.create_batch(2, board=board)  # the join below gives each meeting twice
    rows = Meeting.objects.filter(board=board, board__memberships__isnull=False)
    assert rows.count() == 90
    page = page_of(rows.distinct().order_by("date"), "3", 20, columns=Meeting.objects.all())
    assert page.paginator.count == 45 and [m.pk for m in page] == [m.pk for m in meetings[40:]]


def test_a_page_number_too_large_for_the_database_shows_the_last_page(board, meetings):
    page = page_of(by_date(board), "9" * 30, 20, columns=Meeting.objects.all())
    assert page.number == 3 and [m.pk for m in page] == [m.pk for m in meetings[40:]]
