"""A member searches from the header and opens a minutes result at its item."""

import os

import pytest
from playwright.sync_api import expect

from .conftest import ARTIFACTS, assert_accessible, sign_in

pytestmark = pytest.mark.browser


def test_member_searches_and_opens_the_minutes_at_the_item(page):
    sign_in(page, "member")
    box = page.get_by_role("searchbox", name="Search minutes, actions, risks, plans and papers")
    box.fill('"leave the meeting early"')
    box.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_have_text("Search")
    result = page.get_by_role("link", name="1. Welcome, introductions and apologies")
    expect(result).to_be_visible()
    expect(page.locator(".app-search-result mark", has_text="leave").first).to_be_visible()
    assert_accessible(page, "search-results")
    page.set_viewport_size({"width": 390, "height": 844})
    os.makedirs(ARTIFACTS, exist_ok=True)
    page.screenshot(path=os.path.join(ARTIFACTS, "search-results-390.png"), full_page=True)
    page.set_viewport_size({"width": 1280, "height": 900})

    result.click()
    assert page.url.endswith("#minutes-item-1")
    item = page.locator("#minutes-item-1")
    expect(item).to_contain_text("Welcome, introductions and apologies")
    expect(item).to_be_in_viewport()
