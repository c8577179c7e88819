import io

import pytest
from django.core.management import call_command

from strategy.models import (
    HighlightReport,
    Indicator,
    IndicatorValue,
    Plan,
    PlanAction,
    ProgressUpdate,
    SignOffStep,
)

pytestmark = pytest.mark.django_db


def _counts():
    models = [Plan, PlanAction, ProgressUpdate, SignOffStep, HighlightReport, IndicatorValue]
    return [model.objects.count() for model in models]


def test_demo_loads_the_seed_plans_once(monkeypatch):
    monkeypatch.setenv("DEMO_PASSWORD", "board-demo-2026")
    call_command("load_demo", stdout=io.StringIO())
    before = _counts()
    call_command("load_demo", stdout=io.StringIO())
    assert _counts() == before

    plan = Plan.objects.get(title="Post-Inspection Strategic Action Plan")
    assert str(plan.published_on) == "2023-07-21"
    assert plan.priorities.count() == 6
    ehc = plan.priorities.get(number=3)
    assert ehc.sro.initials == "GB" and ehc.sro.user.username == "sro"
    assert ehc.get_rag_display() == "At risk"
    assert ehc.rag_changes.count() == 2
    slipped = [a for a in PlanAction.objects.filter(priority__plan=plan) if a.has_slipped]
    assert len(slipped) == 1 and slipped[0].slippages.get().reason

    strategy = Plan.objects.get(title="SEND Strategy 2021-24")
    assert list(strategy.versions.values_list("number", flat=True)) == [12, 11]
    steps = list(strategy.sign_off_steps.all())
    assert steps[0].activity.startswith("Version 11 of SEND Strategy shared with Joint")
    assert steps[-1].activity == "HWBB sign off" and steps[-1].board.short_name == "HWBB"
    assert not strategy.is_signed_off
    assert strategy.checklist.filter(done_on__isnull=True).count() == 3

    subscribers = Indicator.objects.get(name="Newsletter subscribers")
    assert subscribers.values.order_by("period").last().value == 1834
