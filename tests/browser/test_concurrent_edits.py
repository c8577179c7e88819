"""Two people at work on the same record in two browsers: whoever saves second sees both
versions, and nobody's words are lost."""

import pytest
from playwright.sync_api import expect

from .conftest import assert_accessible, sign_in

pytestmark = pytest.mark.browser


@pytest.fixture
def second(browser, demo):
    """Another secretary of SSPB, signed in in a browser of their own."""
    from boards.models import Board, Role
    from tests.boards.factories import member_user

    user = member_user(Board.objects.get(short_name="SSPB"), Role.SECRETARY, "secretary2")
    user.set_password("board-demo-2026")
    user.save()
    context = browser.new_context(base_url=demo.url, viewport={"width": 1280, "height": 900})
    other = context.new_page()
    other.set_default_timeout(10_000)
    yield other
    context.close()


def _both_open(page, second, url):
    sign_in(page, "secretary")
    sign_in(second, "secretary2")
    page.goto(url)
    second.goto(url)


def test_second_save_of_an_action_shows_both_versions(page, second):
    from actions.models import Action

    action = Action.objects.get(board__short_name="SSPB", reference="89")
    _both_open(page, second, f"/actions/{action.pk}/edit/")

    page.locator("[name=description]").fill("First secretary's wording of action 89.")
    page.get_by_role("button", name="Save").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text("Action 89 saved")

    second.locator("[name=description]").fill("Second secretary's wording of action 89.")
    second.get_by_role("button", name="Save").click()
    conflict = second.locator(".app-conflict")
    expect(conflict).to_contain_text("First secretary's wording of action 89.")
    expect(conflict).to_contain_text("Second secretary's wording of action 89.")
    assert_accessible(second, "concurrent-action-conflict")
    action.refresh_from_db()
    assert action.description == "First secretary's wording of action 89."

    # Having seen both, the second secretary saves theirs on purpose.
    second.get_by_role("button", name="Save").click()
    expect(second.locator(".govuk-notification-banner")).to_contain_text("Action 89 saved")
    action.refresh_from_db()
    assert action.description == "Second secretary's wording of action 89."
    assert action.history.filter(description__startswith="First secretary").exists()


def test_second_save_of_a_risk_shows_both_versions(page, second):
    from risks.models import Risk

    risk = Risk.objects.filter(board__short_name="SSPB", closed_on__isnull=True).first()
    _both_open(page, second, f"/risks/{risk.pk}/edit/")

    page.locator("[name=title]").fill("Risk as the first secretary words it")
    page.get_by_role("button", name="Save").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text("saved")

    second.locator("[name=title]").fill("Risk as the second secretary words it")
    second.get_by_role("button", name="Save").click()
    conflict = second.locator(".app-conflict")
    expect(conflict).to_contain_text("Risk as the first secretary words it")
    expect(conflict).to_contain_text("Risk as the second secretary words it")
    risk.refresh_from_db()
    assert risk.title == "Risk as the first secretary words it"


def test_two_updates_to_one_action_at_once_are_both_kept(page, second):
    from actions.models import Action

    action = Action.objects.get(board__short_name="SSPB", reference="89")
    before = action.updates.count()
    sign_in(page, "sro")
    page.goto("/my-actions/")
    sign_in(second, "secretary2")
    second.goto(f"/actions/{action.pk}/")

    card = page.locator(f"#action-{action.pk}")
    card.get_by_text("Write an update").click()
    card.get_by_label("Update", exact=True).fill("GB: the owner's own update.")
    second.get_by_label("Update", exact=True).fill("Secretary: what the office heard.")

    card.get_by_role("button", name="Save update").click()
    expect(page.locator(f"#action-{action.pk} [role=status]")).to_contain_text("saved")
    second.get_by_role("button", name="Save update").click()
    second.wait_for_load_state()

    texts = list(action.updates.values_list("text", flat=True))
    assert len(texts) == before + 2
    assert "GB: the owner's own update." in texts
    assert "Secretary: what the office heard." in texts
