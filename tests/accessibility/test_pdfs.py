"""Every PDF the app prints is tagged: title, language, headings, table headers and real text.

Each is fetched through its real view, as the secretary (or the public, for published minutes),
from the demo partnership, so the documents hold what a board actually prints.
"""

import io

import pytest
from django.contrib.auth.models import User
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from pypdf import PdfReader

from boards.models import Meeting
from risks.models import Risk
from strategy.models import HighlightReport, Indicator, Plan
from tests.pdfcheck import assert_accessible_pdf, pdf_text, structure_tags

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo(monkeypatch):
    monkeypatch.setenv("DEMO_PASSWORD", "board-demo-2026")
    call_command("load_demo", stdout=io.StringIO())


@pytest.fixture
def secretary(demo):
    client = Client()
    client.force_login(User.objects.get(username="secretary"))
    return client


@pytest.fixture
def january(demo):
    return Meeting.objects.get(board__short_name="SSPB", date__year=2023, date__month=1)


def fetch(client, url):
    response = client.get(url)
    assert response.status_code == 200, url
    assert response["Content-Type"] == "application/pdf"
    # One document, one top-level heading, as on the web page.
    assert structure_tags(response.content).count("/H1") == 1, url
    return response.content


def test_minutes_pdfs_are_tagged(secretary, january):
    title = "SEND Strategic Partnership Board: minutes of 26 January 2023"
    internal = reverse("boards:minutes_pdf", args=[january.pk])
    for client, url in (
        (secretary, internal),
        (secretary, f"{internal}?version=public"),
        (Client(), reverse("public:minutes_pdf", args=["southend", january.pk])),
    ):
        data = fetch(client, url)
        assert_accessible_pdf(data, title=title)
        assert "Attendance" in pdf_text(data)


def test_action_log_pdfs_are_tagged(secretary):
    for url, title in (
        (reverse("actions:board_log_export", args=["southend", "sspb", "pdf"]), "SSPB action log"),
        (
            reverse("actions:log_export", args=["southend", "pdf"]),
            "Action log – Southend SEND Area Partnership",
        ),
    ):
        data = fetch(secretary, url)
        assert_accessible_pdf(data, title=title)
        assert "Overdue by" in pdf_text(data)


def test_risk_register_pdfs_are_tagged(secretary):
    risk = Risk.objects.filter(board__short_name="SSPB").order_by("pk").first()
    for url, title in (
        (
            reverse("risks:board_export", args=["southend", "sspb", "pdf"]),
            "Risk register – SEND Strategic Partnership Board",
        ),
        (
            reverse("risks:partnership_export", args=["southend", "pdf"]),
            "Risk register – Southend SEND Area Partnership",
        ),
    ):
        data = fetch(secretary, url)
        assert_accessible_pdf(data, title=title)
        assert risk.title in " ".join(pdf_text(data).split())


def test_highlight_report_pdf_is_tagged(secretary):
    report = HighlightReport.objects.filter(status=HighlightReport.Status.SUBMITTED).first()
    data = fetch(secretary, reverse("strategy:report_pdf", args=[report.pk]))
    assert_accessible_pdf(
        data, title=f"Highlight report: {report.priority.title}, {report.meeting}"
    )
    assert report.priority.title.split()[0] in pdf_text(data)


def test_plan_progress_report_pdf_is_tagged(secretary):
    plan = Plan.objects.order_by("pk").first()
    data = fetch(secretary, reverse("strategy:progress_report_pdf", args=[plan.pk]))
    # The progress report is headings and bullets: it has no table.
    assert_accessible_pdf(data, title=f"{plan.title}: progress report", tables=False)
    assert "RAG" in pdf_text(data)


def test_dashboard_pdf_is_tagged(secretary):
    data = fetch(secretary, reverse("strategy:dashboard_pdf", args=["southend"]))
    title = PdfReader(io.BytesIO(data)).metadata.title
    assert title.startswith("Southend SEND Area Partnership: performance dashboard, ")
    # Each indicator's chart comes with its values as a table.
    assert_accessible_pdf(data, title=title)
    assert structure_tags(data).count("/Table") == 1 + Indicator.objects.count()
