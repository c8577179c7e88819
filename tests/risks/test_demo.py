import io

import pytest
from django.core.management import call_command

from risks.models import Risk, RiskReview

pytestmark = pytest.mark.django_db


def test_demo_loads_registers_with_reviews_and_an_escalation_once(monkeypatch):
    monkeypatch.setenv("DEMO_PASSWORD", "board-demo-2026")
    call_command("load_demo", stdout=io.StringIO())
    counts = (Risk.objects.count(), RiskReview.objects.count())
    assert Risk.objects.filter(board__short_name="SENDOPS").count() >= 5
    assert Risk.objects.filter(board__short_name="SSPB").count() >= 3
    escalated = Risk.objects.get(status=Risk.Status.ESCALATED)
    assert (escalated.board.short_name, escalated.escalated_to.short_name) == ("SENDOPS", "SSPB")
    assert all(risk.reviews.count() == 2 for risk in Risk.objects.all())
    call_command("load_demo", stdout=io.StringIO())
    assert (Risk.objects.count(), RiskReview.objects.count()) == counts
