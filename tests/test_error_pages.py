"""When something goes wrong the page still looks like the service, says what happened in plain
words and offers a way back: to the user's partnership when we know it, else the start."""

import pytest
from django.template import loader
from django.test import Client, override_settings
from django.urls import reverse

from boards.models import Membership, Role
from tests.boards.factories import PersonFactory, member_user

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("debug_off")]


@pytest.fixture
def debug_off():
    with override_settings(DEBUG=False):
        yield


def _in_the_layout(page: str) -> None:
    assert 'class="govuk-header' in page and 'class="govuk-footer' in page
    assert 'href="/accessibility/"' in page


def test_a_missing_page_says_so_and_leads_back_to_the_partnership(member, partnership):
    response = member.get("/no-such-page/")
    page = response.content.decode()
    assert response.status_code == 404
    assert '<h1 class="govuk-heading-l">Page not found</h1>' in page
    assert "If you typed the web address, check it is correct." in page
    assert f'href="{partnership.get_absolute_url()}">Go to {partnership.name}</a>' in page
    _in_the_layout(page)


def test_a_guessed_board_of_another_partnership_leads_back_to_ones_own(outsider, board):
    response = outsider.get(board.get_absolute_url())
    page = response.content.decode()
    assert response.status_code == 404
    assert "Page not found" in page
    assert "Go to Elsewhere" in page and board.partnership.name not in page


def test_a_missing_page_asks_a_visitor_to_sign_in(client):
    response = client.get("/no-such-page/")
    page = response.content.decode()
    assert response.status_code == 404
    assert f'<a class="govuk-link" href="{reverse("login")}">sign in</a>' in page
    _in_the_layout(page)


def test_a_page_beyond_ones_role_says_so_and_leads_back(member, board, partnership):
    url = reverse("boards:membership_add", args=[partnership.slug, board.slug])
    response = member.get(url)
    page = response.content.decode()
    assert response.status_code == 403
    assert "You do not have access to this page" in page
    assert "ask the board secretary" in page
    assert f"Go to {partnership.name}" in page
    _in_the_layout(page)


def test_a_problem_with_the_service_shows_the_styled_page(member, partnership, monkeypatch):
    def broken(*args, **kwargs):
        raise RuntimeError("the database went away")

    monkeypatch.setattr("boards.access.partnership_for_user", broken)
    client = Client(raise_request_exception=False)
    client.force_login(member.user)
    response = client.get(partnership.get_absolute_url())
    page = response.content.decode()
    assert response.status_code == 500
    assert "Sorry, there is a problem with the service" in page
    assert "Try again later." in page
    assert '<a class="govuk-link" href="/">Go to the start page</a>' in page
    assert "the database went away" not in page
    _in_the_layout(page)


def test_the_problem_page_renders_with_no_request_and_no_query(django_assert_num_queries):
    with django_assert_num_queries(0):
        page = loader.get_template("500.html").render()
    assert "Sorry, there is a problem with the service" in page


def test_a_form_sent_without_its_token_is_refused_in_words_and_saves_nothing(board, partnership):
    secretary = Client(enforce_csrf_checks=True)
    secretary.force_login(member_user(board, Role.SECRETARY, "secretary"))
    person = PersonFactory(partnership=partnership)
    url = reverse("boards:membership_add", args=[partnership.slug, board.slug])
    response = secretary.post(url, {"person": person.pk, "role": Role.MEMBER})
    page = response.content.decode()
    assert response.status_code == 403
    assert "Your changes were not saved" in page
    assert "reload the page" in page
    assert f"Go to {partnership.name}" in page
    assert "CSRF verification failed" not in page
    assert not Membership.objects.filter(person=person).exists()
    _in_the_layout(page)
