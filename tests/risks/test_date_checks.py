"""Dates on the risk form: raised no later than today, next review no earlier than raised."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from risks.models import Risk
from tests.risks.factories import FORM_SCORES, RiskFactory

pytestmark = pytest.mark.django_db

RAISED_IN_FUTURE = "The date raised must be today or in the past."
REVIEW_BEFORE_RAISED = "The next review must be on or after the date raised."
REVIEW_IN_PAST = "The next review must be today or in the future."


def days_from_today(days: int) -> str:
    return (timezone.localdate() + datetime.timedelta(days=days)).isoformat()


def add(client, board, **dates):
    data = {"title": "Health data sharing", **FORM_SCORES, **dates}
    return client.post(reverse("risks:add", args=[board.partnership.slug, board.slug]), data)


def edit(client, risk, **dates):
    data = {
        "title": "Renamed",
        "raised_on": risk.raised_on.isoformat(),
        "review_date": risk.review_date.isoformat() if risk.review_date else "",
        "version": risk.version,
        **FORM_SCORES,
        **dates,
    }
    return client.post(reverse("risks:edit", args=[risk.pk]), data)


def test_a_risk_raised_tomorrow_is_refused_next_to_the_date_raised(secretary, board):
    response = add(secretary, board, raised_on=days_from_today(1))
    assert response.status_code == 200
    assert response.context["form"].errors == {"raised_on": [RAISED_IN_FUTURE]}
    assert RAISED_IN_FUTURE in response.text
    assert not Risk.objects.exists()


def test_a_risk_raised_today_with_a_review_today_is_added(secretary, board):
    response = add(secretary, board, raised_on=days_from_today(0), review_date=days_from_today(0))
    assert response.status_code == 302
    assert Risk.objects.get().review_date == timezone.localdate()


def test_a_next_review_before_the_date_raised_is_refused_next_to_it(secretary, board):
    response = add(
        secretary, board, raised_on=days_from_today(-10), review_date=days_from_today(-11)
    )
    assert response.context["form"].errors["review_date"][0] == REVIEW_BEFORE_RAISED
    assert not Risk.objects.exists()


def test_a_new_risk_with_its_next_review_already_past_is_refused(secretary, board):
    response = add(
        secretary, board, raised_on=days_from_today(-10), review_date=days_from_today(-1)
    )
    assert response.context["form"].errors == {"review_date": [REVIEW_IN_PAST]}
    assert not Risk.objects.exists()


def test_moving_the_date_raised_into_the_future_is_refused(secretary, board):
    risk = RiskFactory(board=board)
    response = edit(secretary, risk, raised_on=days_from_today(1))
    assert response.context["form"].errors == {"raised_on": [RAISED_IN_FUTURE]}
    risk.refresh_from_db()
    assert risk.raised_on == datetime.date(2023, 1, 26)


def test_moving_the_next_review_before_the_date_raised_is_refused(secretary, board):
    risk = RiskFactory(board=board, raised_on=datetime.date(2023, 1, 26))
    response = edit(secretary, risk, review_date="2022-12-01")
    assert response.context["form"].errors == {"review_date": [REVIEW_BEFORE_RAISED]}
    risk.refresh_from_db()
    assert risk.review_date == datetime.date(2030, 1, 1)


def test_moving_the_date_raised_after_the_next_review_is_refused_next_to_it(secretary, board):
    risk = RiskFactory(board=board, raised_on=datetime.date(2023, 1, 26), review_date=None)
    risk.review_date = datetime.date(2023, 3, 1)
    Risk.objects.filter(pk=risk.pk).update(review_date=risk.review_date)
    response = edit(secretary, risk, raised_on="2023-04-01")
    assert response.context["form"].errors == {
        "raised_on": ["The date raised must be on or before the next review."]
    }


def test_a_risk_overdue_for_review_can_be_changed_while_its_dates_stay(secretary, board):
    risk = RiskFactory(
        board=board, raised_on=datetime.date(2023, 1, 26), review_date=datetime.date(2023, 4, 1)
    )
    response = edit(secretary, risk)
    assert response.status_code == 302
    risk.refresh_from_db()
    assert (risk.title, risk.review_date) == ("Renamed", datetime.date(2023, 4, 1))
