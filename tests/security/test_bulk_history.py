"""Bulk changes leave an audit record of every row they touch, as one-at-a-time edits do."""

import datetime

import pytest

from actions.imports import actions_import, import_validate
from actions.models import Action, ActionUpdate
from actions.services.meeting import action_record_at_meeting
from boards.models import AgendaItem, Attendance
from boards.services.attendance import attendance_prefill
from risks.models import Risk, RiskMatrix
from tests.actions.factories import ActionFactory
from tests.boards.factories import (
    AgendaItemFactory,
    MeetingFactory,
    MembershipFactory,
    PersonFactory,
)
from tests.risks.test_transfer import GOOD, csv_file, import_url
from tests.strategy.factories import ChecklistItemFactory, PlanFactory

pytestmark = pytest.mark.django_db
MAPPING = {"reference": 0, "description": 1, "owners": 2, "due_date": 3, "status": 4, "update": 5}


def test_an_action_import_records_history_for_every_row(board, secretary):
    PersonFactory(partnership=board.partnership, initials="GB")
    ActionFactory(board=board, reference="89", number=89, description="Old wording")
    rows = [
        ["89", "New wording", "GB", "31/03/2023", "Closed", "Done"],
        ["90", "Second", "GB", "31/03/2023", "Open", ""],
        ["91", "Third", "GB", "30/04/2023", "Open", "Started"],
    ]
    actions_import(
        board=board,
        results=import_validate(board=board, rows=rows, mapping=MAPPING),
        author=secretary.user,
        skip_bad_rows=False,
    )
    for action in Action.objects.filter(board=board):
        latest = action.history.first()
        assert latest.history_user == secretary.user, action.reference
        assert latest.description == action.description
    changed = Action.objects.get(reference="89")
    assert changed.history.filter(status="closed", description="New wording").exists()
    assert ActionUpdate.history.filter(history_type="+").count() == 2


def test_agreeing_to_close_several_actions_records_each(board, secretary):
    meeting = MeetingFactory(board=board, date=datetime.date(2023, 3, 23), status="held")
    actions = [ActionFactory(board=board) for _ in range(4)]
    for action in actions:
        action_record_at_meeting(
            action=action,
            meeting=meeting,
            author=secretary.user,
            text="Complete.",
            outcome=ActionUpdate.Outcome.CLOSE,
        )
    for action in actions:
        closed = action.history.filter(status="closed")
        assert closed.count() == 1, action.reference
        assert closed.get().history_user == secretary.user
    assert ActionUpdate.history.count() == 4


def test_a_risk_import_records_history_for_every_row(secretary, board):
    PersonFactory(partnership=board.partnership, initials="GB", name="Gary Bloom")
    second = [*GOOD]
    second[0], second[2] = "R8", "Transport budget"
    secretary.post(import_url(board), {"file": csv_file([GOOD, second])})
    risks = list(Risk.objects.filter(board=board))
    assert len(risks) == 2
    for risk in risks:
        assert risk.history.filter(history_type="+", history_user=secretary.user).count() == 1


def test_rows_made_together_each_have_a_created_record(board, partnership):
    for _ in range(3):
        MembershipFactory(board=board)
    meeting = MeetingFactory(board=board)
    assert attendance_prefill(meeting=meeting) == 3
    assert Attendance.history.filter(history_type="+").count() == 3

    matrix = RiskMatrix.ensure(partnership)
    assert matrix.bands.count() > 0
    assert type(matrix.bands.first()).history.count() == matrix.bands.count()

    plan = PlanFactory(partnership=partnership)
    ChecklistItemFactory(partnership=partnership)
    ChecklistItemFactory(partnership=partnership)
    from strategy.models import PlanChecklistItem
    from strategy.services.plans import plan_checklist_sync

    created = plan_checklist_sync(plan=plan)
    assert created >= 2
    assert PlanChecklistItem.history.count() == PlanChecklistItem.objects.count()


def test_renumbering_the_agenda_records_each_item_moved(board):
    from boards.services import meetings as agenda

    meeting = MeetingFactory(board=board)
    first, second, third = (
        AgendaItemFactory(meeting=meeting, position=n, title=f"Item {n}") for n in (1, 2, 3)
    )
    agenda.agenda_item_move(item=first, direction="down")
    assert first.history.first().position == 2
    assert second.history.first().position == 1
    agenda.agenda_item_remove(item=AgendaItem.objects.get(pk=second.pk))
    assert first.history.first().position == 1
    assert third.history.first().position == 2
