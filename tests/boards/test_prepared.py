"""Prepared queries: compiled once, each call reads with its own values."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from actions import selectors as action_selectors
from boards import access, selectors
from boards.models import AgendaItem, Meeting, Membership, Paper
from boards.paging import Columns, PreparedPages, in_order, page_of
from boards.prepared import Literal, NotPrepared, Prepared
from tests.actions.factories import ActionFactory
from tests.boards.factories import (
    AgendaItemFactory,
    BoardFactory,
    MeetingFactory,
    MembershipFactory,
)

pytestmark = pytest.mark.django_db

FIRST = datetime.date(2026, 1, 5)


@pytest.fixture
def meetings(board):
    return [
        MeetingFactory(board=board, date=FIRST + datetime.timedelta(weeks=week))
        for week in range(45)
    ]


def test_each_call_reads_with_its_own_values_not_those_it_was_first_prepared_with(board):
    other = BoardFactory(partnership=board.partnership)
    mine, theirs = MeetingFactory(board=board), MeetingFactory(board=other)
    by_board = Prepared(
        lambda board_id: Meeting.objects.filter(board_id=board_id).select_related("board")
    )

    assert [m.pk for m in by_board(board_id=board.pk)] == [mine.pk]
    with CaptureQueriesContext(connection) as queries:
        found = by_board(board_id=other.pk)
    assert [m.pk for m in found] == [theirs.pk]
    assert found[0].board.name == other.name  # select_related rows came back too
    assert len(queries) == 1


def test_dates_are_bound_as_the_database_expects_them(board):
    ended = MembershipFactory(board=board, ends_on=datetime.date(2026, 3, 31))
    on = Prepared(
        lambda board_id, today: Membership.objects.filter(board_id=board_id).current(on=today)
    )

    assert ended in on(board_id=board.pk, today=datetime.date(2026, 3, 31))
    assert ended not in on(board_id=board.pk, today=datetime.date(2026, 4, 1))


def test_lists_of_any_length_are_bound_and_repeats_dropped(board, meetings):
    by_ids = Prepared(lambda ids: Meeting.objects.filter(pk__in=ids).values_list("pk", flat=True))
    wanted = [meetings[3].pk, meetings[9].pk]

    assert sorted(by_ids(ids=wanted)) == sorted(wanted)
    assert sorted(by_ids(ids=[meetings[1].pk, meetings[1].pk])) == [meetings[1].pk]
    assert sorted(by_ids(ids=[m.pk for m in meetings[:5]])) == [m.pk for m in meetings[:5]]
    assert by_ids(ids=[]) == []


def test_a_literal_shapes_the_sql_and_each_shape_is_kept_apart(board, meetings):
    page = Prepared(
        lambda board_id, start: (
            Meeting.objects.filter(board_id=board_id)
            .order_by("date")
            .values_list("pk", flat=True)[start : start + 10]
        )
    )

    assert page(board_id=board.pk, start=Literal(0)) == [m.pk for m in meetings[:10]]
    assert page(board_id=board.pk, start=Literal(20)) == [m.pk for m in meetings[20:30]]
    assert page(board_id=board.pk, start=Literal(0)) == [m.pk for m in meetings[:10]]


def test_a_value_changed_on_its_way_to_the_sql_is_refused():
    # The month would be kept in the SQL as worked out from the first call's date.
    by_month = Prepared(lambda day: Meeting.objects.filter(date__gte=day.replace(day=1)))

    with pytest.raises(NotPrepared, match="day does not reach the SQL"):
        by_month(day=datetime.date(2026, 5, 17))


def test_a_flag_must_be_given_as_a_literal():
    flagged = Prepared(lambda held: Meeting.objects.filter(status="held" if held else "scheduled"))

    with pytest.raises(NotPrepared, match="Literal"):
        flagged(held=True)


def test_prefetched_rows_still_come_with_a_prepared_query(board):
    meeting = MeetingFactory(board=board)
    item = AgendaItemFactory(meeting=meeting)
    for label in ("B", "A"):
        Paper.objects.create(
            agenda_item=item,
            label=label,
            title=f"Paper {label}",
            document="papers/p.pdf",
            original_name="p.pdf",
            content_type="application/pdf",
            size=1,
        )

    (found,) = selectors.agenda(meeting)
    with CaptureQueriesContext(connection) as queries:
        labels = [paper.label for paper in found.papers.all()]
        assert found.meeting is meeting
    assert labels == ["A", "B"] and len(queries) == 0


def test_columns_read_the_rows_of_a_page_in_its_order(board, meetings):
    columns = Columns(lambda: Meeting.objects.select_related("board"))
    wanted = [meetings[7].pk, meetings[2].pk, meetings[30].pk]

    assert [m.pk for m in in_order(columns, [*wanted, 10**9])] == wanted
    assert [m.pk for m in in_order(columns, wanted[:1])] == wanted[:1]
    assert in_order(columns, []) == []


@pytest.mark.parametrize("number", ["1", "2", "3", "99", "abc", "12"])
def test_prepared_pages_are_the_pages_page_of_gives(board, meetings, number, monkeypatch):
    monkeypatch.setattr("boards.paging.PREPARED_PAGES", 2)  # page 3 and on take the plain path
    by_date = PreparedPages(
        rows=lambda board_id: Meeting.objects.filter(board_id=board_id).order_by("date"),
        columns=lambda: Meeting.objects.all(),
        per_page=20,
    )
    expected = page_of(
        Meeting.objects.filter(board=board).order_by("date"), number, 20, columns=Meeting.objects
    )

    page = by_date.page(number, rows={"board_id": board.pk}, columns={})

    assert [m.pk for m in page] == [m.pk for m in expected]
    assert page.number == expected.number and page.paginator.count == 45
    assert page.has_next() == expected.has_next()


def test_prepared_pages_of_an_empty_list(board):
    by_date = PreparedPages(
        rows=lambda board_id: Meeting.objects.filter(board_id=board_id).order_by("date"),
        columns=lambda: Meeting.objects.all(),
        per_page=20,
    )

    page = by_date.page("1", rows={"board_id": board.pk}, columns={})

    assert page.number == 1 and list(page) == [] and page.paginator.count == 0


def test_a_stand_in_out_of_a_columns_range_leaves_the_query_unprepared_not_empty(board):
    # The ORM drops a value outside a column's range as matching nothing (here a small positive
    # integer column): the stand-in must not make every later call answer "no rows".
    meeting = MeetingFactory(board=board)
    item = AgendaItemFactory(meeting=meeting, position=7)
    at = Prepared(lambda position: AgendaItem.objects.filter(position=position))

    assert at(position=7) == [item]
    assert at(position=8) == []


def test_an_id_too_large_for_the_database_is_a_404(member):
    assert member.get(reverse("boards:meeting", args=[10**20])).status_code == 404


def test_a_function_that_picks_its_query_by_the_value_is_refused():
    picky = Prepared(
        lambda pk: (
            Meeting.objects.filter(pk=pk)
            if pk < 1_950_000_000
            else Meeting.objects.filter(pk=pk, status="held")
        )
    )

    with pytest.raises(NotPrepared, match="depends on the values"):
        picky(pk=5)


def test_the_raised_on_date_of_a_log_row_is_a_date(board):
    meeting = MeetingFactory(board=board, date=datetime.date(2026, 2, 3))
    action = ActionFactory(board=board, raised_at=meeting)
    for with_board in (True, False):
        (row,) = in_order(action_selectors.LOG_PAGE_COLUMNS[with_board], [action.pk])
        assert row.raised_on == datetime.date(2026, 2, 3)


def test_the_log_opens_empty_and_past_its_prepared_pages(member, board):
    url = reverse("actions:board_log", args=[board.partnership.slug, board.slug])
    assert member.get(url).status_code == 200
    ActionFactory(board=board)
    assert member.get(url, {"page": "99"}).context["page"].number == 1


@pytest.mark.django_db(transaction=True)
def test_threads_each_read_their_own_rows_through_the_same_prepared_queries(partnership):
    import threading

    from django.db import connection as _c
    from django.db import connections

    from boards import selectors
    from boards.models import Paper
    from tests.boards.factories import AgendaItemFactory, BoardFactory

    if _c.vendor == "sqlite":
        pytest.skip("threads against the test database: run on PostgreSQL")
    meetings = []
    for n in range(4):
        meeting = MeetingFactory(board=BoardFactory(partnership=partnership))
        item = AgendaItemFactory(meeting=meeting, title=f"item {n}")
        Paper.objects.create(
            agenda_item=item,
            label=f"L{n}",
            title="t",
            document="p.pdf",
            original_name="p.pdf",
            content_type="application/pdf",
            size=1,
        )
        meetings.append(meeting)
    errors = []

    def work(meeting, n):
        try:
            for _ in range(40):
                (item,) = selectors._agenda(meeting_id=meeting.pk)
                got = access._meeting(pk=meeting.pk)[0]
                if item.title != f"item {n}" or [p.label for p in item.papers.all()] != [f"L{n}"]:
                    errors.append((n, item.title))
                if got.pk != meeting.pk or got.board.partnership_id != partnership.pk:
                    errors.append((n, got.pk))
        except Exception as e:  # noqa: BLE001
            errors.append(e)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=work, args=(m, n % 4)) for n, m in enumerate(meetings * 2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
