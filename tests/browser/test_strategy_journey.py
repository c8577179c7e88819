import re

import pytest
from playwright.sync_api import expect

from .conftest import assert_accessible, fill_date, sign_in

pytestmark = pytest.mark.browser


def test_sro_writes_and_submits_a_highlight_report(page):
    sign_in(page, "sro")
    page.goto("/p/southend/plans/")
    page.get_by_role("link", name="Post-Inspection Strategic Action Plan").click()
    assert_accessible(page, "strategy-plan")
    page.get_by_role("link", name="3. EHC plans and annual reviews").click()
    expect(page.get_by_text("At risk").first).to_be_visible()
    assert_accessible(page, "strategy-priority")

    page.get_by_role("link", name=re.compile("Write the highlight report for SSPB")).click()
    assert_accessible(page, "strategy-highlight-form")
    page.get_by_label("At risk").check()
    page.get_by_label("Summary of progress since the last period").fill(
        "Recovery plan in place for EPS with successful recruitment of PEP and SEPs."
    )
    page.locator("#id_steps-0-activity").fill("Annual review backlog cleared")
    fill_date(page.locator("#id_steps-0-by_when"), "2027-03-31")
    page.get_by_label("Risks and issues").fill("Shortage of educational psychologists")
    page.get_by_label("Decisions required of the board").fill("To note the recovery plan")
    page.get_by_role("button", name="Submit to the board").click()

    assert page.get_by_role("heading", level=1).inner_text().startswith("Highlight report: 3.")
    expect(page.get_by_text("Highlight report submitted.")).to_be_visible()
    table = page.get_by_role("table", name="Activities and outcomes for the next period")
    assert "Annual review backlog cleared" in table.inner_text()
    assert "31 March 2027" in table.inner_text()
    assert_accessible(page, "strategy-highlight-report")


def test_secretary_tracks_reports_and_reminds_a_missing_sro(page):
    sign_in(page, "secretary")
    page.goto("/p/southend/b/sspb/")
    page.get_by_role("link", name=re.compile("Highlight reports for")).click()
    table = page.get_by_role("table", name="Submitted and missing reports")
    row = table.get_by_role("row", name=re.compile("Shared data and joint commissioning"))
    assert "Not started" in row.inner_text()
    assert (
        "Draft"
        in table.get_by_role("row", name=re.compile("Clear information for families")).inner_text()
    )
    assert_accessible(page, "strategy-report-tracking")
    row.get_by_role("button", name=re.compile("Remind")).click()
    expect(page.get_by_text("Reminder sent to Caroline McCarron")).to_be_visible()


def test_dashboard_and_strategy_timetable_read_well(page):
    sign_in(page, "member")
    page.goto("/p/southend/dashboard/")
    assert page.get_by_role("img", name=re.compile("Trend of ASD assessment waiting time")).count()
    assert_accessible(page, "strategy-dashboard")
    page.goto("/p/southend/plans/")
    page.get_by_role("link", name="SEND Strategy 2021-24").click()
    page.get_by_role("link", name="versions, sign-off pathway and checklist").click()
    expect(page.get_by_role("cell", name="TBC March 22")).to_be_visible()
    assert_accessible(page, "strategy-governance")
    page.set_viewport_size({"width": 320, "height": 800})
    page.goto("/p/southend/dashboard/")
    assert page.evaluate("document.documentElement.scrollWidth") <= 320
    page.goto("/p/southend/plans/")
    page.get_by_role("link", name="Post-Inspection Strategic Action Plan").click()
    page.get_by_text("Only actions whose date has slipped").click()
    page.get_by_role("button", name="Apply filter").click()
    page.wait_for_url("**slipped=on**")
    expect(page.get_by_role("link", name="Deliver the annual review recovery plan")).to_be_visible()
    assert page.get_by_role("link", name=re.compile("Revise the membership")).count() == 0
    assert page.evaluate("document.documentElement.scrollWidth") <= 320
    assert_accessible(page, "strategy-plan-slipped-320")
