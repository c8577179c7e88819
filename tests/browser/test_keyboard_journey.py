"""The secretary's core journey with the keyboard alone: no mouse click anywhere in this test."""

import re

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser

FOCUSED_NAME = """() => {
  const element = document.activeElement;
  if (!element || element === document.body) return "";
  const label = element.labels && element.labels.length ? element.labels[0].innerText : "";
  const name = element.getAttribute("aria-label") || label || element.innerText || element.value;
  return (name || "").replace(/\\s+/g, " ").trim();
}"""

# GOV.UK Frontend shows focus as a yellow outline or a box shadow (links, buttons, fields).
FOCUS_VISIBLE = """() => {
  const style = getComputedStyle(document.activeElement);
  const outline = style.outlineStyle !== "none" && style.outlineWidth !== "0px"
    && style.outlineColor !== "rgba(0, 0, 0, 0)";
  return outline || style.boxShadow !== "none";
}"""


def tab_to(page, name, *, key="Tab", limit=400):
    """Press Tab (or Shift+Tab) until the focused element's name starts with `name`."""
    for _ in range(limit):
        page.keyboard.press(key)
        if page.evaluate(FOCUSED_NAME).startswith(name):
            return
    raise AssertionError(f"{name!r} cannot be reached with {key} on {page.url}")


def assert_focus_visible(page):
    assert page.evaluate(FOCUS_VISIBLE), f"focus not visible on {page.evaluate(FOCUSED_NAME)!r}"


def activate(page, name, *, key="Tab"):
    """Move to a link or button with the keyboard, check its focus shows, and press Enter."""
    tab_to(page, name, key=key)
    assert_focus_visible(page)
    with page.expect_navigation():
        page.keyboard.press("Enter")


def test_secretary_takes_minutes_with_the_keyboard_alone(page):
    from boards.models import Attendance, Meeting

    meeting = Meeting.objects.filter(board__short_name="SSPB").order_by("-date").first()

    page.goto("/accounts/login/")
    tab_to(page, "Username")
    assert_focus_visible(page)
    page.keyboard.type("secretary")
    page.keyboard.press("Tab")
    page.keyboard.type("board-demo-2026")
    with page.expect_navigation():
        page.keyboard.press("Enter")

    activate(page, "Southend SEND Area Partnership")
    activate(page, "SEND Strategic Partnership Board")
    expect(page.get_by_role("heading", level=1)).to_have_text("SEND Strategic Partnership Board")

    activate(page, meeting.date.strftime("%A %-d %B %Y"))
    expect(page).to_have_url(re.compile(f"/meetings/{meeting.pk}/$"))
    activate(page, "Add missing standing items")
    activate(page, "Start taking the minutes")
    expect(page.get_by_role("heading", level=1)).to_have_text("Take the minutes")

    tab_to(page, "Minutes of item 1")
    assert_focus_visible(page)
    page.keyboard.type("Everyone was welcomed. Apologies as listed.")
    status = page.locator(".app-minutes-form").first.get_by_role("status")
    expect(status).to_contain_text("Saved at", timeout=8_000)
    page.keyboard.press("Alt+s")
    item = meeting.agenda_items.order_by("position").first()
    started = page.locator(f"#item-{item.pk}-start")
    expect(started).to_have_text(re.compile(r"^(\d{1,2}(:\d\d)?[ap]m|midday|midnight)$"))
    # The new time is read out: the sentence around it is a live region.
    assert started.locator("xpath=..").get_attribute("aria-live") == "polite"
    item.refresh_from_db()
    assert item.minutes_text == "Everyone was welcomed. Apologies as listed."
    assert item.actual_start is not None

    activate(page, "Record attendance and declarations of interest", key="Shift+Tab")
    tab_to(page, "Attendance – Amanda Wiley")
    assert_focus_visible(page)
    page.keyboard.press("ArrowDown")  # Not recorded -> Present
    page.keyboard.press("ArrowDown")  # Present -> Apologies
    activate(page, "Save attendance")
    expect(page.get_by_role("heading", level=1)).to_have_text("Take the minutes")
    expect(page.locator("#attendance")).to_contain_text("Apologies")
    attendance = Attendance.objects.get(meeting=meeting, person__name="Amanda Wiley")
    assert attendance.status == Attendance.Status.APOLOGIES
