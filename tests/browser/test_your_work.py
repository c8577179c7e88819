import pytest
from playwright.sync_api import expect

from .conftest import assert_accessible, sign_in

pytestmark = pytest.mark.browser

SECTIONS = [
    "Next meetings",
    "Minutes to write",
    "Minutes to approve",
    "Your actions from the action log",
    "Your plan actions",
    "Highlight reports to write",
    "Your risks due for review",
]


@pytest.mark.parametrize("username", ["secretary", "chair", "sro", "member"])
def test_each_demo_role_lands_on_your_work(page, username):
    sign_in(page, username)
    page.wait_for_url("**/your-work/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Your work")
    for title in SECTIONS:
        expect(page.get_by_role("heading", level=2, name=title)).to_be_visible()
    menu = page.get_by_role("navigation", name="Menu")
    expect(menu.get_by_role("link", name="Boards")).to_have_attribute("href", "/p/southend/")
    assert_accessible(page, f"your-work-{username}")


def test_site_staff_land_on_the_partnerships(page):
    sign_in(page, "admin")
    expect(page.get_by_role("heading", level=1, name="Your work")).to_have_count(0)
