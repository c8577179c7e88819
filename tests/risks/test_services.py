import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from boards.models import Minutes
from core.concurrency import EditConflict
from risks import services
from risks.models import Risk, RiskEvent, RiskMatrix
from tests.boards.factories import (
    BoardFactory,
    MeetingFactory,
    MinutesFactory,
    PartnershipFactory,
)
from tests.risks.factories import RiskFactory

pytestmark = pytest.mark.django_db

SCORES = {
    "inherent_likelihood": 5,
    "inherent_impact": 5,
    "current_likelihood": 4,
    "current_impact": 4,
    "target_likelihood": 2,
    "target_impact": 3,
}


@pytest.fixture
def sendops(board):
    return BoardFactory(
        partnership=board.partnership,
        name="SEND Operations Group",
        short_name="SENDOPS",
        slug="sendops",
        parent=board,
    )


def test_score_is_likelihood_times_impact_for_each_stage():
    risk = Risk(
        inherent_likelihood=4,
        inherent_impact=5,
        current_likelihood=3,
        current_impact=4,
        target_likelihood=1,
        target_impact=2,
    )
    assert (risk.inherent_score, risk.current_score, risk.target_score) == (20, 12, 2)


@pytest.mark.parametrize(
    ("score", "label"),
    [
        (1, "Low"),
        (3, "Low"),
        (4, "Medium"),
        (6, "Medium"),
        (8, "High"),
        (12, "High"),
        (15, "Very high"),
        (25, "Very high"),
    ],
)
def test_default_bands_place_every_score(partnership, score, label):
    matrix = RiskMatrix.for_partnership(partnership)
    assert matrix.band_for(score).label == label


def test_a_partnership_reads_default_bands_until_it_sets_its_own(partnership):
    assert RiskMatrix.for_partnership(partnership).pk is None
    assert not RiskMatrix.objects.exists()  # reading writes nothing
    stored = RiskMatrix.ensure(partnership)
    assert RiskMatrix.ensure(partnership) == stored and stored.bands.count() == 4
    other = RiskMatrix.ensure(PartnershipFactory())
    other.bands.filter(key="low").update(highest=4, label="Minor")
    assert RiskMatrix.for_partnership(other.partnership).band_for(4).label == "Minor"
    assert RiskMatrix.for_partnership(partnership).band_for(4).label == "Medium"


def test_database_refuses_a_score_outside_one_to_five(board):
    with pytest.raises(IntegrityError), transaction.atomic():
        RiskFactory(board=board, current_impact=6)


def test_risks_are_numbered_r1_r2_per_board(board, sendops):
    first = services.risk_create(board=board, by=None, fields={"title": "A", **SCORES})
    second = services.risk_create(board=board, by=None, fields={"title": "B", **SCORES})
    other = services.risk_create(board=sendops, by=None, fields={"title": "C", **SCORES})
    assert (first.reference, second.reference, other.reference) == ("R1", "R2", "R1")
    assert first.events.get().kind == RiskEvent.Kind.RAISED


def test_creating_with_a_score_out_of_range_saves_nothing(board):
    with pytest.raises(ValidationError) as error:
        services.risk_create(
            board=board, by=None, fields={"title": "A", **SCORES, "current_impact": 7}
        )
    assert "current_impact" in error.value.message_dict
    assert not Risk.objects.exists()


def test_update_checks_the_version(board):
    risk = RiskFactory(board=board)
    services.risk_update(risk=risk, by=None, expected_version=1, fields={"title": "New"})
    with pytest.raises(EditConflict):
        services.risk_update(risk=risk, by=None, expected_version=1, fields={"title": "Other"})
    risk.refresh_from_db()
    assert (risk.title, risk.version) == ("New", 2)


def test_a_closed_risk_cannot_be_edited_or_reviewed(board):
    risk = RiskFactory(board=board)
    services.risk_close(risk=risk, by=None, reason="Places commissioned")
    risk.refresh_from_db()
    with pytest.raises(ValidationError, match="closed"):
        services.risk_update(risk=risk, by=None, expected_version=None, fields={"title": "X"})
    with pytest.raises(ValidationError, match="closed"):
        services.risk_review(risk=risk, by=None, scores=SCORES)
    risk.refresh_from_db()
    assert risk.title != "X" and not risk.reviews.exists()
    assert risk.closed_on == datetime.date.today()


def test_a_review_without_scores_is_refused_and_saves_nothing(board):
    risk = RiskFactory(board=board)
    with pytest.raises(ValidationError) as error:
        services.risk_review(risk=risk, by=None, scores={**SCORES, "current_impact": None})
    assert list(error.value.message_dict) == ["current_impact"]
    assert not risk.reviews.exists()


def test_review_records_scores_meeting_and_trend(board):
    risk = RiskFactory(board=board, current_likelihood=3, current_impact=4)
    meeting = MeetingFactory(board=board)
    up = services.risk_review(
        risk=risk,
        by=None,
        scores=SCORES,
        meeting=meeting,
        commentary="Demand rising",
        next_review=datetime.date(2030, 3, 1),
    )
    same = services.risk_review(risk=risk, by=None, scores=SCORES)
    down = services.risk_review(
        risk=risk, by=None, scores={**SCORES, "current_likelihood": 2, "current_impact": 2}
    )
    assert (up.trend, same.trend, down.trend) == ("up", "same", "down")
    risk.refresh_from_db()
    assert (risk.current_score, risk.review_date) == (4, datetime.date(2030, 3, 1))
    assert up.meeting == meeting and up.previous_score == 12


@pytest.mark.parametrize("status", [Minutes.Status.APPROVED, Minutes.Status.PUBLISHED])
def test_a_review_at_a_meeting_whose_minutes_are_approved_is_refused_and_saves_nothing(
    board, status
):
    risk = RiskFactory(board=board)
    meeting = MeetingFactory(board=board, date=datetime.date(2023, 1, 26))
    MinutesFactory(meeting=meeting, status=status)
    with pytest.raises(ValidationError) as error:
        services.risk_review(risk=risk, by=None, scores=SCORES, meeting=meeting)
    assert "Record the review at the next meeting" in error.value.message_dict["meeting"][0]
    risk.refresh_from_db()
    assert not risk.reviews.exists() and not risk.events.exists()
    assert (risk.current_score, risk.version) == (12, 1)


def test_a_review_at_a_meeting_whose_minutes_are_circulated_is_recorded(board):
    risk = RiskFactory(board=board)
    meeting = MeetingFactory(board=board)
    MinutesFactory(meeting=meeting, status=Minutes.Status.CIRCULATED)
    review = services.risk_review(risk=risk, by=None, scores=SCORES, meeting=meeting)
    assert review.meeting == meeting


def test_escalation_round_trip_is_recorded(board, sendops):
    risk = RiskFactory(board=sendops)
    services.risk_escalate(risk=risk, by=None, reason="Needs partnership funding decision")
    risk.refresh_from_db()
    assert risk.status == Risk.Status.ESCALATED and risk.escalated_to == board
    assert risk.escalated_on == datetime.date.today()
    assert board.risks_escalated_in.get() == risk

    services.risk_deescalate(risk=risk, by=None, reason="Funding agreed at SSPB")
    risk.refresh_from_db()
    assert risk.status == Risk.Status.OPEN and risk.escalated_to is None
    kinds = list(risk.events.values_list("kind", "board__short_name"))
    assert kinds == [("escalated", "SSPB"), ("deescalated", "SSPB")]


def test_a_top_board_has_nowhere_to_escalate(board):
    risk = RiskFactory(board=board.parent)
    with pytest.raises(ValidationError, match="reports to no board"):
        services.risk_escalate(risk=risk, by=None, reason="Because")
    risk.refresh_from_db()
    assert risk.status == Risk.Status.OPEN


def test_escalation_needs_a_reason(sendops):
    risk = RiskFactory(board=sendops)
    with pytest.raises(ValidationError):
        services.risk_escalate(risk=risk, by=None, reason="  ")
    risk.refresh_from_db()
    assert risk.escalated_to is None
