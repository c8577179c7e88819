import datetime

import pytest
from django.core.exceptions import ValidationError

from core.concurrency import EditConflict
from strategy.models import PlanChecklistItem, Rag, RagChange, Slippage
from strategy.services import (
    SignOffRefused,
    checklist_item_mark,
    plan_action_create,
    plan_action_reschedule,
    plan_create,
    plan_sign_off,
    rag_set,
)

from .factories import (
    ChecklistItemFactory,
    PlanActionFactory,
    PlanFactory,
    PriorityFactory,
)

pytestmark = pytest.mark.django_db


def test_rag_change_is_recorded_with_reason_author_and_previous_status(chair):
    priority = PriorityFactory(rag=Rag.GREEN)
    rag_set(
        target=priority,
        rag=Rag.AMBER,
        reason="EP vacancies delay assessments",
        user=chair.user,
        expected_version=priority.version,
    )
    priority.refresh_from_db()
    assert priority.rag == Rag.AMBER
    assert priority.version == 2
    change = RagChange.objects.get(priority=priority)
    assert (change.old_rag, change.new_rag) == (Rag.GREEN, Rag.AMBER)
    assert change.reason == "EP vacancies delay assessments"
    assert change.author == chair.user
    assert str(change) == "On track → At risk"


def test_rag_change_needs_a_reason_and_a_different_status(chair):
    action = PlanActionFactory(rag=Rag.GREEN)
    with pytest.raises(ValidationError):
        rag_set(target=action, rag=Rag.RED, reason="  ", user=chair.user, expected_version=None)
    with pytest.raises(ValidationError):
        rag_set(target=action, rag=Rag.GREEN, reason="x", user=chair.user, expected_version=None)
    assert not RagChange.objects.exists()


def test_rag_change_from_a_stale_page_is_a_conflict(chair):
    priority = PriorityFactory()
    rag_set(target=priority, rag=Rag.RED, reason="a", user=chair.user, expected_version=1)
    with pytest.raises(EditConflict):
        rag_set(target=priority, rag=Rag.AMBER, reason="b", user=chair.user, expected_version=1)
    assert RagChange.objects.count() == 1


def test_rescheduling_keeps_the_original_date_and_records_the_reason(chair):
    priority = PriorityFactory()
    action = plan_action_create(
        action=PlanActionFactory.build(
            priority=priority, number=None, lead=None, due_date=datetime.date(2023, 11, 30)
        )
    )
    assert action.number == 1 and action.original_due_date == datetime.date(2023, 11, 30)
    plan_action_reschedule(
        action=action,
        new_date=datetime.date(2024, 2, 29),
        reason="EPS staffing",
        user=chair.user,
        expected_version=action.version,
    )
    plan_action_reschedule(
        action=action,
        new_date=datetime.date(2024, 4, 30),
        reason="Recruitment of trainees",
        user=chair.user,
        expected_version=None,
    )
    action.refresh_from_db()
    assert action.due_date == datetime.date(2024, 4, 30)
    assert action.original_due_date == datetime.date(2023, 11, 30)
    assert action.has_slipped
    assert [s.reason for s in Slippage.objects.filter(action=action)] == [
        "Recruitment of trainees",
        "EPS staffing",
    ]


def test_rescheduling_without_a_reason_changes_nothing(chair):
    action = PlanActionFactory(due_date=datetime.date(2024, 1, 31))
    with pytest.raises(ValidationError):
        plan_action_reschedule(
            action=action,
            new_date=datetime.date(2024, 5, 1),
            reason="",
            user=chair.user,
            expected_version=None,
        )
    action.refresh_from_db()
    assert action.due_date == datetime.date(2024, 1, 31)
    assert not action.has_slipped


def test_sign_off_is_refused_while_checklist_items_are_open(chair, board):
    ChecklistItemFactory(partnership=board.partnership, title="Co-production")
    ChecklistItemFactory(partnership=board.partnership, title="Equality impact assessment")
    plan = plan_create(plan=PlanFactory.build(owner_board=board, partnership=board.partnership))
    entries = list(plan.checklist.select_related("item"))
    assert [str(e) for e in entries] == ["Co-production", "Equality impact assessment"]

    checklist_item_mark(
        entry=entries[0], done=True, evidence="SSIF", user=chair.user, expected_version=1
    )
    with pytest.raises(SignOffRefused) as refused:
        plan_sign_off(plan=plan, user=chair.user)
    assert "Equality impact assessment" in str(refused.value)
    assert "Co-production" not in str(refused.value)
    plan.refresh_from_db()
    assert not plan.is_signed_off

    checklist_item_mark(
        entry=entries[1], done=True, evidence="EIA v2", user=chair.user, expected_version=1
    )
    plan_sign_off(plan=plan, user=chair.user, on=datetime.date(2023, 7, 21))
    plan.refresh_from_db()
    assert plan.signed_off_on == datetime.date(2023, 7, 21)
    assert plan.signed_off_by == chair.user
    assert PlanChecklistItem.objects.filter(plan=plan, done_on__isnull=False).count() == 2


def test_only_the_owner_boards_chair_or_vice_chair_signs_a_plan_off(board, secretary, member):
    from django.core.exceptions import PermissionDenied

    from boards.models import Role
    from tests.boards.factories import BoardFactory, UserFactory, member_user

    plan = PlanFactory(owner_board=board)
    other_board_chair = member_user(BoardFactory(partnership=board.partnership), Role.CHAIR)
    staff = UserFactory(is_staff=True, is_superuser=True)
    for user in (secretary.user, member.user, other_board_chair, staff):
        with pytest.raises(PermissionDenied, match="Only the chair or vice-chair of SSPB"):
            plan_sign_off(plan=plan, user=user)
    plan.refresh_from_db()
    assert not plan.is_signed_off and plan.signed_off_by is None

    vice_chair = member_user(board, Role.VICE_CHAIR)
    plan_sign_off(plan=plan, user=vice_chair)
    plan.refresh_from_db()
    assert plan.is_signed_off and plan.signed_off_by == vice_chair
