import datetime

import pytest
from django.utils import timezone

from actions.models import Action
from actions.templatetags.action_marks import due

TODAY = timezone.localdate()


def action(days_from_today, status=Action.Status.OPEN):
    return Action(status=status, due_date=TODAY + datetime.timedelta(days=days_from_today))


@pytest.mark.parametrize(
    ("days", "status", "words"),
    [
        (-1, Action.Status.OPEN, "Overdue by 1 day<"),
        (-3, Action.Status.PROPOSED_CLOSURE, "Overdue by 3 days"),
        (0, Action.Status.OPEN, "Due soon"),
        (7, Action.Status.OPEN, "Due soon"),
        (8, Action.Status.OPEN, None),
        (-5, Action.Status.CLOSED, None),
    ],
)
def test_due_says_overdue_or_due_soon_in_words(days, status, words):
    html = due(action(days, status))
    assert f"{TODAY.day} {TODAY:%b %Y}" in due(action(0))
    if words is None:
        assert "Overdue" not in html and "Due soon" not in html
    else:
        assert words in html
        assert ("Overdue" in html) == (days < 0)


def test_the_model_agrees_with_the_column():
    assert action(-2).is_overdue and action(-2).days_late == 2
    assert not action(0).is_overdue and action(0).is_due_soon and action(0).days_late == 0
    assert not action(8).is_due_soon
    closed = action(-2, Action.Status.CLOSED)
    assert not closed.is_overdue and not closed.is_due_soon and closed.days_late == 0
    assert Action(status=Action.Status.OPEN, due_date=None).days_past_due() is None
