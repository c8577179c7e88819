import pytest
from playwright.sync_api import expect

from .conftest import assert_accessible, sign_in

pytestmark = pytest.mark.browser


def test_secretary_adds_a_member_with_a_deputy_and_sees_it_in_history(page):
    sign_in(page, "secretary")
    page.goto("/p/southend/")
    assert_accessible(page, "partnership-tree")
    tree = page.get_by_role("list", name="Board tree")
    assert tree.get_by_role("link", name="Health and Wellbeing Board").is_visible()
    tree.get_by_role("link", name="SEND Strategic Partnership Board").click()
    page.wait_for_url("**/b/sspb/")
    assert page.get_by_role("heading", level=1).inner_text() == "SEND Strategic Partnership Board"
    assert_accessible(page, "board")
    members = page.get_by_role("table", name="Members of SEND Strategic Partnership Board")
    assert members.get_by_role("row", name="Michael Marks").is_visible()

    page.get_by_role("link", name="Add a member").click()
    assert_accessible(page, "membership-form")
    page.get_by_label("Person").select_option(label="Brin Martin (BM)")
    page.get_by_label("Role").select_option(label="Adviser")
    page.get_by_label("Deputy").select_option(label="Gary Bloom (GB)")
    page.get_by_role("button", name="Save").click()
    page.wait_for_url("**/b/sspb/")
    row = members.get_by_role("row", name="Brin Martin")
    assert "Adviser" in row.inner_text() and "Gary Bloom" in row.inner_text()
    history = page.locator("#history ~ ul").first
    assert "Brin Martin (BM) as adviser" in history.inner_text()
    assert "Carron Jacobs" in history.inner_text()


def test_invalid_member_form_shows_error_summary_linked_to_field(page):
    sign_in(page, "secretary")
    page.goto("/p/southend/b/sspb/members/new/")
    page.get_by_role("button", name="Save").click()
    summary = page.locator(".govuk-error-summary")
    expect(summary).to_be_visible()  # waits for the page the form returns
    assert_accessible(page, "membership-form-errors")
    summary.get_by_role("link").first.click()
    assert page.evaluate("document.activeElement.id") == "id_person"


def test_board_tree_reads_at_320px(page):
    sign_in(page, "member")
    page.set_viewport_size({"width": 320, "height": 800})
    page.goto("/p/southend/")
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 320
    assert_accessible(page, "partnership-tree-320")
