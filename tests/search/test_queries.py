"""The search syntax people type: English stemming, "phrases", -word, or, references as typed.
Nothing typed makes an error page: a query with nothing to find says so on the search box."""

import datetime

import pytest
from django.db import connection
from django.urls import reverse

from boards import search
from boards.services import minutes as minutes_services
from tests.boards.factories import AgendaItemFactory, MeetingFactory, PersonFactory

from .helpers import results, titles

pytestmark = pytest.mark.django_db


def _minuted(board, position, title, text, date=datetime.date(2025, 3, 6)):
    meeting = MeetingFactory(board=board, date=date)
    item = AgendaItemFactory(meeting=meeting, position=position, title=title)
    minutes_services.minutes_record(
        item=item, minutes_text=text, decision="", expected_version=None, user=None
    )
    return item


@pytest.fixture
def minuted(board):
    _minuted(board, 1, "Commissioning", "The board agreed to commission short breaks for R12.")
    _minuted(board, 2, "Transport", "Home to school transport costs; minute taken by GB.")
    _minuted(board, 3, "Respite", "Breaks were short this year; the review is late.")


def test_stemming_finds_other_forms_of_a_word(member, minuted):
    assert titles(member, "commissioning") == ["1. Commissioning"]
    assert titles(member, "minutes") == ["2. Transport"]


def test_a_phrase_in_quotes_finds_the_words_together(member, minuted):
    assert titles(member, '"short breaks"') == ["1. Commissioning"]
    assert set(titles(member, "short breaks")) == {"1. Commissioning", "3. Respite"}


def test_a_word_after_a_minus_is_left_out(member, minuted):
    assert titles(member, "breaks -review") == ["1. Commissioning"]


def test_or_finds_either(member, minuted):
    assert set(titles(member, "transport or review")) == {"2. Transport", "3. Respite"}


def test_references_and_initials_are_found_as_typed(member, minuted):
    assert titles(member, "R12") == ["1. Commissioning"]
    assert titles(member, "GB") == ["2. Transport"]


@pytest.mark.parametrize(
    "typed",
    ['"', "-", "-review", "NEAR(", "a AND OR", "*", "'; DROP TABLE x; --", '"unclosed phrase'],
)
def test_nothing_typed_makes_an_error_page(member, minuted, typed):
    response = member.get(reverse("search:results"), {"q": typed})
    assert response.status_code == 200


def test_a_query_with_nothing_to_find_says_so_on_the_search_box(member, minuted):
    response = member.get(reverse("search:results"), {"q": "-review"})
    assert response.context["form"].errors["q"] == [
        "Type a word to search for (a word after - is left out of results)."
    ]
    assert "There is a problem" in response.text


def test_operators_typed_are_words_to_find(member, board, minuted):
    _minuted(board, 4, "Near", "We will NEAR the end of the plan")
    assert titles(member, "NEAR") == ["4. Near"]


def test_the_snippet_marks_the_words_and_escapes_everything_else(member, board):
    search.index_document(
        search.Entry(
            kind=search.Kind.RISK,
            key=1,
            partnership_id=board.partnership_id,
            board_id=board.pk,
            title="Escaping",
            body="<script>alert(1)</script> the sufficiency statement",
            url="/",
        )
    )
    [result] = results(member, "sufficiency")
    assert "<mark>sufficiency</mark>" in result.snippet
    assert "<script>" not in result.snippet
    response = member.get(reverse("search:results"), {"q": "sufficiency"})
    # SQLite shows the tags typed, escaped; PostgreSQL's headline leaves markup out.
    assert "&lt;script&gt;" in response.text or connection.vendor == "postgresql"
    assert "<script>alert" not in response.text


def test_filters_by_board_kind_dates_and_owner(member, board, partnership):
    from boards.models import SearchDocument

    early = _minuted(board, 1, "Early", "Inclusion plan", date=datetime.date(2024, 1, 10))
    _minuted(board, 1, "Late", "Inclusion plan", date=datetime.date(2025, 6, 10))
    owner = PersonFactory(partnership=partnership)
    type(early).objects.filter(pk=early.pk).update(presenter=owner)
    search.rebuild()
    assert titles(member, "inclusion", date_from="2025-01-01") == ["1. Late"]
    assert titles(member, "inclusion", date_to="2024-12-31") == ["1. Early"]
    assert titles(member, "inclusion", owner=owner.pk) == ["1. Early"]
    assert titles(member, "inclusion", kind=SearchDocument.Kind.DECISION) == []
    assert len(titles(member, "inclusion", board=board.pk)) == 2
    assert titles(member, "inclusion", sort="date") == ["1. Late", "1. Early"]


def test_a_date_range_that_ends_before_it_starts_is_an_error_on_the_end(member, minuted):
    response = member.get(
        reverse("search:results"),
        {"q": "breaks", "date_from": "2025-02-01", "date_to": "2025-01-01"},
    )
    assert response.context["form"].errors["date_to"] == [
        "The end date must be on or after the start date."
    ]
    assert response.context["page"] is None


def test_results_come_a_page_at_a_time(member, board):
    for position in range(1, 26):
        _minuted(board, position, f"Item {position}", "Preparing for adulthood")
    first = member.get(reverse("search:results"), {"q": "adulthood"})
    assert len(first.context["results"]) == 20
    second = member.get(reverse("search:results"), {"q": "adulthood", "page": 2})
    assert len(second.context["results"]) == 5


def test_a_search_reads_the_database_a_bounded_number_of_times(
    member, board, django_assert_max_num_queries
):
    for position in range(1, 31):
        _minuted(board, position, f"Item {position}", "Preparing for adulthood")
    # The session, the user, their seats, the count, the page, and the filters' choices:
    # the same however many results there are.
    with django_assert_max_num_queries(16):
        member.get(reverse("search:results"), {"q": "adulthood", "sort": "date"})


def test_every_signed_in_page_has_the_search_box(member, board):
    response = member.get(reverse("boards:your_work"))
    assert 'id="header-search"' in response.text
    assert 'action="/search/"' in response.text


def test_the_search_page_marks_no_section_of_the_menu(member, minuted):
    """Search belongs to no section: the menu must not say the reader is in Boards."""
    response = member.get(reverse("search:results"), {"q": "sufficiency"})
    assert response.status_code == 200
    assert 'aria-current="page"' not in response.text
    assert "govuk-service-navigation__item--active" not in response.text
