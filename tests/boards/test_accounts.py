import re

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse

from tests.boards.factories import UserFactory

pytestmark = pytest.mark.django_db


def _sign_in(client, username, password):
    return client.post(reverse("login"), {"username": username, "password": password})


def test_sign_in_and_out():
    UserFactory(username="carron")
    client = Client()
    response = _sign_in(client, "carron", "correct-horse-battery")
    assert response.status_code == 302
    assert client.get(reverse("home")).status_code in (200, 302)
    client.post(reverse("logout"))
    assert client.get(reverse("home")).status_code == 302


def test_wrong_password_is_reported_next_to_the_form():
    UserFactory(username="carron")
    response = _sign_in(Client(), "carron", "nope")
    assert response.status_code == 200
    assert "There is a problem" in response.content.decode()


def test_repeated_failures_lock_the_account_from_that_address():
    UserFactory(username="carron")
    client = Client()
    for _ in range(5):
        _sign_in(client, "carron", "nope")
    response = _sign_in(client, "carron", "correct-horse-battery")
    assert "Too many failed sign-in attempts" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_password_reset_by_email():
    UserFactory(username="carron", email="carron@example.org")
    client = Client()
    client.post(reverse("password_reset"), {"email": "carron@example.org"})
    assert len(mail.outbox) == 1
    link = re.search(r"http://testserver(/accounts/reset/\S+/)", mail.outbox[0].body).group(1)
    form_page = client.get(link, follow=True)
    assert form_page.status_code == 200
    response = client.post(
        form_page.redirect_chain[-1][0],
        {"new_password1": "a-new-long-passphrase", "new_password2": "a-new-long-passphrase"},
    )
    assert response.status_code == 302
    assert _sign_in(Client(), "carron", "a-new-long-passphrase").status_code == 302
