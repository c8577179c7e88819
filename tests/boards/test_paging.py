"""Long lists come a page at a time; the page links keep the filters and the sort."""

import pytest
from django.urls import reverse

from tests.actions.factories import ActionFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def log_url(board):
    ActionFactory.create_batch(30, board=board, status="open")
    return reverse("actions:board_log", args=[board.partnership.slug, board.slug])


def _numbers(response) -> list[str]:
    return [action.reference for action in response.context["page"]]


def test_the_next_page_link_keeps_the_filter_and_the_sort(member, log_url):
    response = member.get(f"{log_url}?status=open&sort=-due")
    assert response.context["page"].number == 1 and len(_numbers(response)) == 25
    assert 'href="?status=open&amp;sort=-due&amp;page=2"' in response.text
    second = member.get(f"{log_url}?status=open&sort=-due&page=2")
    assert len(_numbers(second)) == 5
    assert not set(_numbers(second)) & set(_numbers(response))
    assert 'href="?status=open&amp;sort=-due&amp;page=1"' in second.text


def test_a_page_past_the_end_shows_the_last_page(member, log_url):
    assert member.get(f"{log_url}?page=99").context["page"].number == 2


@pytest.mark.parametrize("number", ["abc", "", "2.5"])
def test_a_page_number_that_is_not_one_shows_the_first_page(member, log_url, number):
    assert member.get(f"{log_url}?page={number}").context["page"].number == 1
