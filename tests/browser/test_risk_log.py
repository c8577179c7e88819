import datetime

import pytest
from django.utils import timezone

from .conftest import assert_accessible, sign_in

pytestmark = pytest.mark.browser


@pytest.fixture
def sendops_meeting(demo):
    from boards.models import AgendaItem, Board, Meeting

    board = Board.objects.get(partnership__slug="southend", short_name="SENDOPS")
    meeting = Meeting.objects.create(
        board=board, date=timezone.localdate() + datetime.timedelta(days=14), venue="MS Teams"
    )
    AgendaItem.objects.create(
        meeting=meeting, position=5, title="Risk log", kind="standing", standing="risk_log"
    )
    return meeting


def test_secretary_reviews_a_risk_at_the_meeting(page, sendops_meeting):
    from risks.models import Risk, RiskReview

    risk = Risk.objects.get(title="Annual review backlog")
    sign_in(page, "secretary")
    page.goto(f"/meetings/{sendops_meeting.pk}/risk-log/")
    assert page.get_by_role("heading", level=1).inner_text() == "Risk log"
    assert_accessible(page, "risk-log")

    # Each risk is one line; its review form is fetched when the line is opened.
    card = page.locator(f"#risk-log-{risk.pk}")
    assert card.locator("form").count() == 0
    card.get_by_text("Record the review").click()
    card.get_by_label("Current (with controls in place): likelihood").select_option("2")
    card.get_by_label("Commentary").fill("Backlog halved; recovery officers in post.")
    with page.expect_response(f"**/risk-log/{risk.pk}/review/") as posted:
        card.get_by_role("button", name=f"Record review of {risk.reference}").click()
    assert posted.value.request.headers.get("hx-request") == "true"  # swapped in, no reload
    status = page.locator(f"#risk-log-{risk.pk} [role=status]")
    status.wait_for()
    assert "Reviewed at this meeting. The current score is now 6 (Medium)" in status.inner_text()
    assert_accessible(page, "risk-log-reviewed")
    review = RiskReview.objects.get(risk=risk, meeting=sendops_meeting)
    assert review.current_score == 6 and review.trend == "down"

    # A review without a current score is refused next to the field, nothing saved.
    other = Risk.objects.get(title="ASD assessment waiting times")
    card = page.locator(f"#risk-log-{other.pk}")
    card.get_by_text("Record the review").click()
    card.get_by_label("Current (with controls in place): impact").select_option("")
    card.get_by_role("button", name=f"Record review of {other.reference}").click()
    error = page.locator(f"#risk-log-{other.pk} .govuk-error-message").first
    error.wait_for()
    assert "Enter the current impact, from 1 to 5" in error.inner_text()
    assert not RiskReview.objects.filter(meeting=sendops_meeting, risk=other).exists()


def test_register_with_heat_map_and_escalated_risk_is_accessible(page):
    sign_in(page, "chair")
    page.goto("/p/southend/b/sspb/risks/")
    assert page.get_by_text("Escalated from SENDOPS").is_visible()
    assert_accessible(page, "risk-register")
    page.locator(".app-heat-map a").first.click()
    page.wait_for_url("**likelihood=*")
    assert_accessible(page, "risk-register-cell")
    page.goto("/p/southend/b/sspb/risks/")
    page.get_by_role("link", name="Statutory EHC timescales", exact=False).first.click()
    page.wait_for_url("**/risks/*/")
    assert "Escalated from SENDOPS to" in page.locator(".govuk-inset-text").inner_text()
    assert_accessible(page, "risk-detail")


def test_secretary_raises_a_risk_and_sees_errors_first(page):
    from risks.models import Risk

    sign_in(page, "secretary")
    page.goto("/p/southend/b/sendops/risks/")
    page.get_by_role("link", name="Add a risk").click()
    page.get_by_role("button", name="Save").click()
    summary = page.locator(".govuk-error-summary")
    assert "Enter the current likelihood, from 1 to 5" in summary.inner_text()
    assert_accessible(page, "risk-form-errors")
    page.get_by_label("Title").fill("Post-16 placement sufficiency")
    for stage, (likelihood, impact) in {
        "Inherent (before controls)": ("4", "4"),
        "Current (with controls in place)": ("3", "4"),
        "Target": ("2", "3"),
    }.items():
        page.get_by_label(f"{stage}: likelihood").select_option(likelihood)
        page.get_by_label(f"{stage}: impact").select_option(impact)
    page.get_by_role("button", name="Save").click()
    page.wait_for_url("**/risks/*/")
    assert page.get_by_role("heading", level=1).inner_text() == "Post-16 placement sufficiency"
    risk = Risk.objects.get(title="Post-16 placement sufficiency")
    assert (risk.reference, risk.current_score) == ("R6", 12)


def test_import_lists_bad_rows_and_imports_nothing(page):
    from risks.models import Risk

    before = Risk.objects.count()
    sign_in(page, "secretary")
    page.goto("/p/southend/b/sendops/risks/import/")
    page.get_by_label("Upload a CSV or Excel file").set_input_files(
        files=[
            {
                "name": "register.csv",
                "mimeType": "text/csv",
                "buffer": (
                    b"Title,Owner,Inherent likelihood,Inherent impact,Current likelihood,"
                    b"Current impact,Target likelihood,Target impact\n"
                    b"Transport costs,GB,4,4,3,3,2,2\n"
                    b"Tribunal appeals,ZZ,4,7,3,3,2,2\n"
                ),
            }
        ]
    )
    page.get_by_role("button", name="Import").click()
    table = page.get_by_role("table", name="Rows that cannot be imported and why")
    assert "Inherent impact must be a whole number from 1 to 5" in table.inner_text()
    assert 'Owner "ZZ" is not a person of the partnership' in table.inner_text()
    assert_accessible(page, "risk-import-errors")
    assert Risk.objects.count() == before
