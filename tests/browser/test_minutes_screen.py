"""The minute-taking screen of a long meeting: the list of items stays in view and takes the
keyboard to the item chosen; what is typed and captured shows in the list; declarations are
recorded without leaving the screen."""

import datetime
import os

import pytest
from playwright.sync_api import expect

from .conftest import ARTIFACTS, assert_accessible, sign_in

pytestmark = pytest.mark.browser


@pytest.fixture
def long_meeting(demo):
    from boards.models import AgendaItem, Board, Meeting, Minutes

    board = Board.objects.get(partnership__slug="southend", short_name="SSPB")
    meeting = Meeting.objects.create(
        board=board, date=datetime.date(2025, 3, 12), venue="Civic Centre"
    )
    standing = {
        2: AgendaItem.Standing.DECLARATIONS,
        4: AgendaItem.Standing.ACTION_LOG,
        5: AgendaItem.Standing.RISK_LOG,
    }
    for position in range(1, 31):
        AgendaItem.objects.create(
            meeting=meeting,
            position=position,
            title=standing[position].label if position in standing else f"Workstream {position}",
            kind="standing" if position in standing else "discussion",
            standing=standing.get(position, ""),
        )
    Minutes.objects.create(meeting=meeting)
    return meeting


def test_the_list_of_items_stays_in_view_and_takes_the_keyboard_to_an_item(page, long_meeting):
    from actions.models import Action
    from boards.models import Declaration

    item = long_meeting.agenda_items.get(position=9)
    sign_in(page, "secretary")
    page.goto(f"/meetings/{long_meeting.pk}/minutes/take/")
    navigator = page.get_by_role("navigation", name="Agenda items")
    expect(navigator).to_contain_text("9. Workstream 9")
    assert_accessible(page, "minutes-screen-1280")

    # Far down the page the list is still on screen.
    page.locator(
        f"#item-{long_meeting.agenda_items.get(position=25).pk}"
    ).scroll_into_view_if_needed()
    box = navigator.bounding_box()
    assert box is not None and 0 <= box["y"] < 100

    # Chosen from the keyboard, the item's minutes box has the cursor.
    navigator.get_by_role("link", name="9. Workstream 9").focus()
    page.keyboard.press("Enter")
    expect(page.locator(f"#item-{item.pk}-text")).to_be_focused()
    page.keyboard.type("The board agreed the plan.\n")
    page.keyboard.type("Action: GB to circulate the plan by 26/03/2025.")
    entry = page.locator(f"#nav-item-{item.pk}").locator("xpath=..")
    expect(entry).to_contain_text("Typed")  # once saved

    # The action found in the minutes is confirmed right under the box, and counted in the list.
    capture = page.locator(f"#action-capture-{item.pk}")
    # Confirmed once the whole line has been saved and read, not a part typed so far.
    expect(capture).to_contain_text("GB to circulate the plan by 26/03/2025")
    capture.get_by_role("button", name="Add to the action log").click()
    expect(capture).to_contain_text("Created")
    expect(entry).to_contain_text("1 action")
    action = Action.objects.get(raised_at_item=item)
    # Due two weeks after a meeting held last year: accepted, as it was agreed.
    assert action.due_date == datetime.date(2025, 3, 26)

    # A declaration of interest, recorded under its item without leaving the screen.
    panel = page.locator("#declarations-panel")
    panel.get_by_text("Record a declaration").click()
    panel.get_by_label("Person").select_option(label="Gary Bloom (GB)")
    panel.get_by_label("Interest").fill("Governor of a special school")
    panel.get_by_role("button", name="Record the declaration").click()
    expect(page.locator("#declarations-panel")).to_contain_text(
        "Gary Bloom: Governor of a special school"
    )
    assert Declaration.objects.get(meeting=long_meeting).person.initials == "GB"
    assert page.url.endswith(f"/meetings/{long_meeting.pk}/minutes/take/#item-{item.pk}")


def test_on_a_phone_the_list_of_items_starts_folded_above_the_boxes(browser, demo, long_meeting):
    context = browser.new_context(base_url=demo.url, viewport={"width": 390, "height": 844})
    page = context.new_page()
    sign_in(page, "secretary")
    page.goto(f"/meetings/{long_meeting.pk}/minutes/take/")
    navigator = page.get_by_role("navigation", name="Agenda items")
    expect(navigator.get_by_role("link", name="9. Workstream 9")).to_be_hidden()
    navigator.get_by_text("Items").click()
    navigator.get_by_role("link", name="9. Workstream 9").click()
    item = long_meeting.agenda_items.get(position=9)
    expect(page.locator(f"#item-{item.pk}-text")).to_be_focused()
    expect(navigator.get_by_role("link", name="9. Workstream 9")).to_be_hidden()
    os.makedirs(ARTIFACTS, exist_ok=True)
    page.screenshot(path=os.path.join(ARTIFACTS, "minutes-screen-390.png"))
    assert_accessible(page)
    context.close()
