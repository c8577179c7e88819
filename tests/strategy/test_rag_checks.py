"""A RAG that the dates contradict is flagged: an overdue action, or a priority with overdue
actions, marked On track, until its RAG or its date changes."""

import datetime
import io

import pytest
from django.urls import reverse
from django.utils import timezone

from boards.models import Person
from strategy import selectors
from strategy.models import Plan, Rag
from tests.pdfcheck import pdf_text

from .factories import PlanActionFactory, PlanFactory, PriorityFactory

pytestmark = pytest.mark.django_db

ACTION_FLAG = "Check RAG: overdue but On track"


def days_from_today(days: int) -> datetime.date:
    return timezone.localdate() + datetime.timedelta(days=days)


@pytest.fixture
def plan(board):
    return PlanFactory(owner_board=board, title="Post-Inspection Strategic Action Plan")


@pytest.fixture
def priority(plan, sro):
    sro_person = Person.objects.get(user=sro.user)
    return PriorityFactory(plan=plan, number=2, title="Quality", sro=sro_person, rag=Rag.GREEN)


# The rule, at its edges ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("rag", "due_in_days", "flagged"),
    [
        (Rag.GREEN, -1, True),  # due yesterday, still On track
        (Rag.GREEN, 0, False),  # due today is not overdue
        (Rag.GREEN, 30, False),
        (Rag.COMPLETE, -30, False),  # done: its date no longer matters
        (Rag.AMBER, -30, False),  # overdue and said to be at risk: no contradiction
        (Rag.RED, -30, False),
        ("", -30, False),  # not rated says nothing to contradict
        (Rag.GREEN, None, False),  # no date, nothing overdue
    ],
)
def test_an_action_is_flagged_only_when_on_track_and_overdue(priority, rag, due_in_days, flagged):
    due = None if due_in_days is None else days_from_today(due_in_days)
    action = PlanActionFactory(priority=priority, rag=rag, due_date=due)
    assert action.needs_rag_check is flagged
    assert action.rag_check == (ACTION_FLAG if flagged else "")


@pytest.mark.parametrize(
    ("priority_rag", "action_rag", "due_in_days", "flagged"),
    [
        (Rag.GREEN, Rag.GREEN, -1, True),
        (Rag.GREEN, Rag.RED, -1, True),  # the action owns up; the priority still says On track
        (Rag.GREEN, Rag.GREEN, 0, False),
        (Rag.GREEN, Rag.COMPLETE, -30, False),
        (Rag.AMBER, Rag.GREEN, -30, False),
        (Rag.RED, Rag.AMBER, -30, False),
    ],
)
def test_a_priority_is_flagged_when_on_track_with_overdue_actions(
    priority, priority_rag, action_rag, due_in_days, flagged
):
    priority.rag = priority_rag
    priority.save()
    PlanActionFactory(priority=priority, rag=action_rag, due_date=days_from_today(due_in_days))
    PlanActionFactory(priority=priority, rag=Rag.GREEN, due_date=days_from_today(10))
    assert priority.needs_rag_check is flagged
    expected = "Check RAG: On track but 1 action overdue" if flagged else ""
    assert priority.rag_check == expected


def test_the_checks_of_a_partnership_are_read_in_two_queries(
    plan, priority, django_assert_num_queries
):
    for number in range(1, 6):
        PlanActionFactory(priority=priority, number=number, due_date=days_from_today(-number))
    other = PriorityFactory(plan=plan, number=3, title="Data", rag=Rag.AMBER)
    PlanActionFactory(priority=other, number=1, due_date=days_from_today(-3))
    with django_assert_num_queries(2):
        checks = selectors.rag_checks(Plan.objects.filter(partnership=plan.partnership))
    names = [check.name for check in checks]
    assert names == ["Priority 2. Quality", *[f"Action 2.{n}" for n in range(1, 6)], "Action 3.1"]
    assert checks[0].flag == "Check RAG: On track but 5 actions overdue"


# The pages that show it ---------------------------------------------------------------------


@pytest.fixture
def overdue(priority):
    return PlanActionFactory(
        priority=priority, number=4, rag=Rag.GREEN, due_date=days_from_today(-1)
    )


def test_the_plan_page_flags_the_action_and_its_priority(member, plan, overdue):
    page = member.get(plan.get_absolute_url()).content.decode()
    assert "Marked On track but overdue" in page
    assert ACTION_FLAG in page
    assert "Check RAG: On track but 1 action overdue" in page
    assert reverse("strategy:action", args=[overdue.pk]) in page


def test_the_flag_goes_once_the_rag_is_changed(sro, member, plan, priority, overdue):
    url = reverse("strategy:action_rag", args=[overdue.pk])
    response = sro.post(url, {"rag": Rag.AMBER, "reason": "Late", "version": overdue.version})
    assert response.status_code == 302
    page = member.get(plan.get_absolute_url()).content.decode()
    assert ACTION_FLAG not in page
    # The priority is still On track with an overdue action: that stays flagged.
    assert "Check RAG: On track but 1 action overdue" in page


def test_the_flag_goes_once_the_date_is_moved(sro, member, plan, priority, overdue):
    url = reverse("strategy:reschedule", args=[overdue.pk])
    new_date = days_from_today(60).isoformat()
    response = sro.post(
        url, {"new_date": new_date, "reason": "Waiting on data", "version": overdue.version}
    )
    assert response.status_code == 302
    page = member.get(plan.get_absolute_url()).content.decode()
    assert "Check RAG" not in page and "Marked On track but overdue" not in page


def test_the_plan_page_says_nothing_when_the_dates_agree(member, plan, priority):
    priority.rag = Rag.AMBER
    priority.save()
    PlanActionFactory(priority=priority, rag=Rag.GREEN, due_date=days_from_today(0))
    PlanActionFactory(priority=priority, rag=Rag.RED, due_date=days_from_today(-5))
    page = member.get(plan.get_absolute_url()).content.decode()
    assert "Check RAG" not in page and "Marked On track but overdue" not in page


def test_the_action_and_priority_pages_show_their_flag(member, priority, overdue):
    page = member.get(reverse("strategy:action", args=[overdue.pk])).content.decode()
    assert ACTION_FLAG in page
    page = member.get(priority.get_absolute_url()).content.decode()
    assert "Check RAG: On track but 1 action overdue" in page and ACTION_FLAG in page


def test_the_dashboard_lists_what_to_check_plan_by_plan(member, partnership, plan, overdue):
    page = member.get(reverse("strategy:dashboard", args=[partnership.slug])).content.decode()
    assert "Plans: RAG status to check" in page
    assert plan.title in page
    assert f'href="{reverse("strategy:action", args=[overdue.pk])}">Action 2.4</a>' in page
    assert ACTION_FLAG in page


def test_the_dashboard_has_no_check_section_when_nothing_needs_one(member, partnership, plan):
    page = member.get(reverse("strategy:dashboard", args=[partnership.slug])).content.decode()
    assert "RAG status to check" not in page


def test_the_progress_report_flags_the_priority_and_its_action(member, plan, overdue):
    from docx import Document

    pdf = member.get(reverse("strategy:progress_report_pdf", args=[plan.pk]))
    text = " ".join(pdf_text(pdf.content).split())
    assert "Check RAG: On track but 1 action overdue" in text
    assert "Check RAG: action 2.4 is overdue but On track" in text
    word = member.get(reverse("strategy:progress_report_docx", args=[plan.pk]))
    paragraphs = [p.text for p in Document(io.BytesIO(word.content)).paragraphs]
    assert "Check RAG: On track but 1 action overdue" in paragraphs
    assert "Check RAG: action 2.4 is overdue but On track" in paragraphs
