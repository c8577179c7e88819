"""Due dates on the secretary's add and edit pages: a new action cannot already be late."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from actions.models import Action
from tests.actions.factories import ActionFactory

pytestmark = pytest.mark.django_db

PAST_DUE = "The due date must be today or in the future."


def add_url(board):
    return reverse("actions:add", args=[board.partnership.slug, board.slug])


def days_from_today(days: int) -> datetime.date:
    return timezone.localdate() + datetime.timedelta(days=days)


def test_a_new_action_due_yesterday_is_refused_next_to_the_due_date(secretary, board):
    data = {"description": "Produce a paper", "due_date": days_from_today(-1).isoformat()}
    response = secretary.post(add_url(board), data)
    assert response.status_code == 200
    assert response.context["form"].errors == {"due_date": [PAST_DUE]}
    assert PAST_DUE in response.text
    assert not Action.objects.exists()


def test_a_new_action_due_today_is_added(secretary, board):
    data = {"description": "Produce a paper", "due_date": days_from_today(0).isoformat()}
    assert secretary.post(add_url(board), data).status_code == 302
    assert Action.objects.get().due_date == days_from_today(0)


def test_moving_the_due_date_into_the_past_is_refused(secretary, board):
    action = ActionFactory(board=board, due_date=days_from_today(10))
    data = {
        "description": action.description,
        "due_date": days_from_today(-3).isoformat(),
        "due_date_reason": "Agreed at the meeting",
        "version": action.version,
    }
    response = secretary.post(reverse("actions:edit", args=[action.pk]), data)
    assert response.status_code == 200
    assert response.context["form"].errors == {"due_date": [PAST_DUE]}
    action.refresh_from_db()
    assert action.due_date == days_from_today(10)


def test_giving_an_undated_action_a_past_due_date_is_refused(secretary, board):
    action = ActionFactory(board=board, due_date=None, original_due_date=None)
    data = {
        "description": action.description,
        "due_date": days_from_today(-1).isoformat(),
        "version": action.version,
    }
    response = secretary.post(reverse("actions:edit", args=[action.pk]), data)
    assert response.context["form"].errors == {"due_date": [PAST_DUE]}
    action.refresh_from_db()
    assert action.due_date is None


def test_an_overdue_action_can_be_edited_while_its_due_date_stays(secretary, board):
    overdue = datetime.date(2023, 3, 31)
    action = ActionFactory(board=board, due_date=overdue, description="Old wording")
    data = {"description": "New wording", "due_date": overdue.isoformat(), "version": 1}
    response = secretary.post(reverse("actions:edit", args=[action.pk]), data)
    assert response.status_code == 302
    action.refresh_from_db()
    assert (action.description, action.due_date) == ("New wording", overdue)


def test_an_overdue_action_can_be_given_a_new_future_date(secretary, board):
    action = ActionFactory(board=board, due_date=datetime.date(2023, 3, 31))
    data = {
        "description": action.description,
        "due_date": days_from_today(14).isoformat(),
        "due_date_reason": "Waiting for the census data",
        "version": 1,
    }
    assert secretary.post(reverse("actions:edit", args=[action.pk]), data).status_code == 302
    action.refresh_from_db()
    assert action.due_date == days_from_today(14)
