"""The plan's recent changes read as sentences, with the reason given for a RAG or a new date."""

import datetime
import re

import pytest
from django.urls import reverse

from boards.models import Person
from strategy.models import Rag

from .factories import PlanActionFactory, PlanFactory, PriorityFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def priority(board, sro):
    plan = PlanFactory(owner_board=board, title="Post-Inspection Strategic Action Plan")
    return PriorityFactory(
        plan=plan, number=3, title="EHC plans", sro=Person.objects.get(user=sro.user)
    )


def changes_text(client, plan) -> str:
    page = client.get(reverse("strategy:governance", args=[plan.pk])).content.decode()
    section = page[page.index('id="changes"') : page.index("</main>")]
    return " ".join(re.sub(r"<[^>]+>", " ", section).split())


def test_a_rag_change_reads_as_labels_with_its_reason(secretary, sro, priority):
    url = reverse("strategy:priority_rag", args=[priority.pk])
    sro.post(url, {"rag": Rag.AMBER, "reason": "EP shortage", "version": priority.version})
    text = changes_text(secretary, priority.plan)
    assert (
        "Priority 3. EHC plans RAG status changed from On track to At risk by Gary Bloom: "
        "EP shortage"
    ) in text
    assert "Priority:" not in text


def test_a_new_date_for_an_action_reads_in_words_with_its_reason(secretary, sro, priority):
    action = PlanActionFactory(priority=priority, number=2, due_date=datetime.date(2023, 11, 21))
    url = reverse("strategy:reschedule", args=[action.pk])
    reason = "Recovery plan agreed late"
    sro.post(url, {"new_date": "2024-03-31", "reason": reason, "version": action.version})
    text = changes_text(secretary, priority.plan)
    assert (
        "Action 3.2 Due date changed from 21 November 2023 to 31 March 2024 by Gary Bloom: "
        "Recovery plan agreed late"
    ) in text
    assert not re.search(r"\d{4}-\d{2}-\d{2}", text)
