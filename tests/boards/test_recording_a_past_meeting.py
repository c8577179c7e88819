"""A meeting already held is recorded as it was: dates typed for it are checked against its own
date, and the history says the record was entered after the event. A meeting still to come
keeps today's rules."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from actions.models import Action
from boards.meeting_dates import check_not_before_meeting, history_reason, recorded_after
from boards.models import AgendaItem, Minutes
from boards.services import minutes as minutes_services
from risks.models import RiskReview
from tests.actions.factories import ActionFactory
from tests.boards.factories import (
    AgendaItemFactory,
    MeetingFactory,
    MinutesFactory,
    PersonFactory,
)
from tests.risks.factories import FORM_SCORES, RiskFactory

pytestmark = pytest.mark.django_db
HTMX = {"HTTP_HX_REQUEST": "true"}
HELD = datetime.date(2025, 3, 12)
NOTE = "Recorded after the meeting of 12 March 2025"
TODAY_RULE = "The due date must be today or in the future."


def from_today(days: int) -> datetime.date:
    return timezone.localdate() + datetime.timedelta(days=days)


@pytest.fixture
def held(board):
    """Last year's meeting, being typed up now."""
    meeting = MeetingFactory(board=board, date=HELD)
    MinutesFactory(meeting=meeting)
    return meeting


@pytest.fixture
def to_come(board):
    meeting = MeetingFactory(board=board, date=from_today(7))
    MinutesFactory(meeting=meeting)
    return meeting


@pytest.fixture
def gb(board):
    return PersonFactory(partnership=board.partnership, initials="GB")


# The shared rule


def test_a_date_after_a_past_meeting_is_accepted_though_it_is_before_today(held):
    check_not_before_meeting(HELD + datetime.timedelta(days=14), held, label="The due date")


def test_a_date_before_a_past_meeting_is_refused_naming_the_meeting(held):
    with pytest.raises(ValidationError) as refused:
        check_not_before_meeting(HELD - datetime.timedelta(days=1), held, label="The due date")
    assert refused.value.messages == [
        "The due date must be on or after the date of the meeting, 12 March 2025."
    ]


def test_a_meeting_still_to_come_keeps_todays_rule(to_come):
    with pytest.raises(ValidationError) as refused:
        check_not_before_meeting(from_today(-1), to_come, label="The due date")
    assert refused.value.messages == [TODAY_RULE]
    check_not_before_meeting(from_today(0), to_come, label="The due date")


def test_the_history_note_is_only_for_a_meeting_already_held(held, to_come):
    assert recorded_after(held) == NOTE
    assert recorded_after(to_come) == "" and recorded_after(None) == ""
    assert history_reason("Winter pressures", held) == (
        "Winter pressures (recorded after the meeting of 12 March 2025)"
    )
    assert history_reason("", held) == NOTE
    assert history_reason("Winter pressures", to_come) == "Winter pressures"
    assert len(history_reason("x" * 100, held)) == 100


# Actions captured from the minutes


def capture(client, item, due: datetime.date):
    line = f"GB to write to schools by {due:%d/%m/%Y}"
    item.minutes_text = f"Action: {line}."
    item.save()
    data = {
        "index": "0",
        "c0-description": "Write to schools",
        "c0-owners": "GB",
        "c0-due_date": due.isoformat(),
        "c0-source_line": line,
    }
    return client.post(reverse("actions:capture", args=[item.pk]), data, **HTMX)


def test_an_action_due_two_weeks_after_last_years_meeting_is_captured(secretary, held, gb):
    item = AgendaItemFactory(meeting=held, position=5)
    capture(secretary, item, HELD + datetime.timedelta(days=14))
    action = Action.objects.get()
    assert action.due_date == datetime.date(2025, 3, 26)
    assert action.history.earliest().history_change_reason == NOTE


def test_an_action_due_before_last_years_meeting_is_refused_at_its_due_date(secretary, held, gb):
    item = AgendaItemFactory(meeting=held, position=5)
    html = capture(secretary, item, HELD - datetime.timedelta(days=1)).content.decode()
    assert "must be on or after the date of the meeting, 12 March 2025" in html
    assert not Action.objects.exists()


def test_at_a_meeting_to_come_a_past_due_date_is_still_refused(secretary, to_come, gb):
    item = AgendaItemFactory(meeting=to_come, position=5)
    html = capture(secretary, item, from_today(-1)).content.decode()
    assert TODAY_RULE in html
    assert not Action.objects.exists()
    capture(secretary, item, from_today(14))
    assert Action.objects.get().history.earliest().history_change_reason is None


# The action log reviewed at the meeting


def test_a_revised_date_at_last_years_meeting_is_accepted_and_noted(secretary, held, board):
    AgendaItemFactory(meeting=held, position=4, standing=AgendaItem.Standing.ACTION_LOG)
    action = ActionFactory(board=board, due_date=datetime.date(2025, 3, 1))
    data = {
        "text": "Delayed by the consultation",
        "outcome": "keep_open",
        "new_due_date": "2025-04-30",
        "reason": "Consultation extended",
        "version": 1,
    }
    url = reverse("actions:meeting_record", args=[held.pk, action.pk])
    secretary.post(url, {f"a{action.pk}-{k}": v for k, v in data.items()}, **HTMX)
    action.refresh_from_db()
    assert action.due_date == datetime.date(2025, 4, 30)
    assert action.history.latest().history_change_reason == (
        "Consultation extended (recorded after the meeting of 12 March 2025)"
    )
    assert action.due_date_changes.get().reason == "Consultation extended"


def test_a_revised_date_before_a_meeting_to_come_is_refused(secretary, to_come, board):
    AgendaItemFactory(meeting=to_come, position=4, standing=AgendaItem.Standing.ACTION_LOG)
    action = ActionFactory(board=board, due_date=from_today(3))
    data = {
        "text": "Delayed",
        "outcome": "keep_open",
        "new_due_date": from_today(-2).isoformat(),
        "reason": "Late",
        "version": 1,
    }
    url = reverse("actions:meeting_record", args=[to_come.pk, action.pk])
    response = secretary.post(url, {f"a{action.pk}-{k}": v for k, v in data.items()}, **HTMX)
    assert "The new due date must be today or in the future." in response.content.decode()
    action.refresh_from_db()
    assert action.due_date == from_today(3)


# The action added on its own page, raised at a meeting


def test_an_action_added_for_last_years_meeting_may_be_due_after_it(secretary, board, held):
    url = reverse("actions:add", args=[board.partnership.slug, board.slug])
    data = {"description": "Produce a paper", "due_date": "2025-03-26", "raised_at": held.pk}
    assert secretary.post(url, data).status_code == 302
    action = Action.objects.get()
    assert action.history.earliest().history_change_reason == NOTE
    data["due_date"] = "2025-03-11"
    response = secretary.post(url, data)
    assert response.context["form"].errors["due_date"] == [
        "The due date must be on or after the date of the meeting, 12 March 2025."
    ]


# The risk log reviewed at the meeting


def review(client, meeting, risk, next_review: str):
    data = {
        **FORM_SCORES,
        "reviewed_on": meeting.date.isoformat(),
        "next_review": next_review,
        "version": str(risk.version),
    }
    return client.post(
        reverse("risks:meeting_review", args=[meeting.pk, risk.pk]),
        {f"risk-{risk.pk}-{key}": value for key, value in data.items()},
        **HTMX,
    )


def test_a_risk_reviewed_at_last_years_meeting_takes_its_next_review_then(secretary, board, held):
    risk = RiskFactory(board=board, review_date=HELD)
    review(secretary, held, risk, "2025-06-12")
    risk.refresh_from_db()
    assert risk.review_date == datetime.date(2025, 6, 12)
    assert risk.history.latest().history_change_reason == NOTE
    assert RiskReview.objects.get().history.get().history_change_reason == NOTE


def test_a_next_review_before_the_meeting_is_refused(secretary, board, held, to_come):
    risk = RiskFactory(board=board, review_date=HELD)
    html = review(secretary, held, risk, "2025-03-01").content.decode()
    assert "The next review must be on or after the date of the meeting, 12 March 2025." in html
    html = review(secretary, to_come, risk, from_today(-1).isoformat()).content.decode()
    assert "The next review must be today or in the future." in html
    assert not RiskReview.objects.exists()


# The minutes approved at a later meeting already held


def test_an_approval_recorded_after_the_approving_meeting_is_noted(board, held):
    earlier = MeetingFactory(board=board, date=datetime.date(2025, 1, 15))
    MinutesFactory(meeting=earlier, status=Minutes.Status.CIRCULATED)
    minutes = minutes_services.minutes_approve(meeting=earlier, at_meeting=held)
    assert minutes.approved_on == HELD
    assert minutes.history.latest().history_change_reason == NOTE
