"""Two people saving the same item: the secretary sees both texts and chooses."""

import re

import pytest
from django.db.models import F
from playwright.sync_api import expect

from boards.models import AgendaItem, Meeting
from boards.services.minutes import minutes_of

from .conftest import sign_in

pytestmark = pytest.mark.browser


def someone_else_saves(item, text):
    AgendaItem.objects.filter(pk=item.pk).update(minutes_text=text, version=F("version") + 1)


def test_a_concurrent_save_shows_both_texts_and_the_secretary_chooses(page):
    meeting = Meeting.objects.get(board__short_name="SSPB", date="2023-03-23")
    minutes_of(meeting)
    item = meeting.agenda_items.get(position=6)
    sign_in(page, "secretary")
    page.goto(f"/meetings/{meeting.pk}/minutes/take/")
    box = page.get_by_label("Minutes of item 6")
    status = page.locator(f"#item-{item.pk}-status")
    box.fill("CJ advised the first meeting has taken place.")
    box.blur()
    expect(status).to_have_text(re.compile("Saved at"))

    someone_else_saves(item, "Their words about the charter.")
    box.press_sequentially(" Mine.")
    box.blur()
    expect(status).to_contain_text("someone else saved this item")
    expect(status).to_contain_text("Their words about the charter.")
    status.get_by_role("button", name="Keep my version").click()
    expect(status).to_have_text(re.compile("Saved at"))
    item.refresh_from_db()
    assert item.minutes_text == "CJ advised the first meeting has taken place. Mine."

    someone_else_saves(item, "Their second words.")
    box.press_sequentially(" More of mine.")
    box.blur()
    expect(status).to_contain_text("Their second words.")
    status.get_by_role("button", name="Use their version").click()
    expect(page.get_by_label("Minutes of item 6")).to_have_value("Their second words.")
    item.refresh_from_db()
    assert item.minutes_text == "Their second words."
    assert not page.evaluate("Object.keys(localStorage).filter(k => k.startsWith('minutes-draft'))")


def test_text_left_in_the_browser_is_sent_when_the_screen_opens_again(page):
    meeting = Meeting.objects.get(board__short_name="SSPB", date="2023-03-23")
    minutes_of(meeting)
    item = meeting.agenda_items.get(position=6)
    sign_in(page, "secretary")
    url = f"/meetings/{meeting.pk}/minutes/take/"
    page.goto(url)
    draft = {"text": "Typed before the laptop closed.", "decision": "Noted", "version": "1"}
    page.evaluate(
        "([key, draft]) => localStorage.setItem(key, JSON.stringify(draft))",
        [f"minutes-draft:{url}:{item.pk}", draft],
    )
    page.reload()
    expect(page.get_by_label("Minutes of item 6")).to_have_value("Typed before the laptop closed.")
    expect(page.locator(f"#item-{item.pk}-status")).to_have_text(re.compile("Saved at"))
    item.refresh_from_db()
    assert (item.minutes_text, item.decision) == ("Typed before the laptop closed.", "Noted")
