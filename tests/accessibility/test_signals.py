"""Colour is never the only signal: RAG and overdue come with words, charts with tables."""

import io
import re

import pytest
from django.contrib.auth.models import User
from django.core.management import call_command
from django.test import Client

from actions.models import Action
from strategy.models import Indicator, Plan, Rag

pytestmark = pytest.mark.django_db


@pytest.fixture
def secretary(monkeypatch):
    monkeypatch.setenv("DEMO_PASSWORD", "board-demo-2026")
    call_command("load_demo", stdout=io.StringIO())
    client = Client()
    client.force_login(User.objects.get(username="secretary"))
    return client


def page(client, url):
    response = client.get(url)
    assert response.status_code == 200, url
    return response.content.decode()


def rag_words(html):
    return re.findall(r'class="app-rag app-rag--(\w+)">([^<]*)<', html)


def test_every_rag_status_is_written_out(secretary):
    plan = Plan.objects.order_by("pk").first()
    for url in (plan.get_absolute_url(), "/p/southend/dashboard/"):
        shown = rag_words(page(secretary, url))
        assert shown, url
        for colour, word in shown:
            expected = dict(Rag.choices).get(colour, "Not rated")
            assert word.strip() == expected, (url, colour, word)


def test_every_chart_has_its_values_as_a_table(secretary):
    html = page(secretary, "/p/southend/dashboard/")
    charts = html.count('<svg class="app-chart"')
    assert charts == Indicator.objects.filter(values__isnull=False).distinct().count()
    assert html.count("as a table</span></summary>") == Indicator.objects.count()

    indicator = Indicator.objects.filter(values__isnull=False).first()
    html = page(secretary, f"/indicators/{indicator.pk}/")
    assert '<svg class="app-chart"' in html
    assert f"Values of {indicator.name}</caption>" in html
    for value in indicator.values.all():
        assert indicator.format(value.value) in html


def test_heat_maps_come_with_tables(secretary):
    for url in ("/p/southend/b/sspb/", "/p/southend/b/sspb/risks/"):
        html = page(secretary, url)
        assert 'class="app-heat-map__svg"' in html
        assert "The heat map as a table" in html and 'class="govuk-table app-heat-table"' in html


def test_overdue_actions_say_so_in_words(secretary):
    html = page(secretary, "/p/southend/b/sspb/actions/")
    overdue = [a for a in Action.objects.filter(board__short_name="SSPB") if a.is_overdue]
    assert overdue
    assert html.count('<span class="app-overdue">Overdue by') == len(overdue)
