"""The server stops and restarts while the secretary types: nothing typed is lost."""

import re

import pytest
from playwright.sync_api import expect

from boards.models import Meeting
from boards.services.minutes import minutes_of

from .conftest import sign_in

pytestmark = pytest.mark.browser
AUTOSAVE = re.compile(r".*/items/\d+/minutes/$")


def test_text_typed_while_the_server_is_down_is_sent_when_it_is_back(page):
    meeting = Meeting.objects.get(board__short_name="SSPB", date="2023-03-23")
    minutes_of(meeting)
    item = meeting.agenda_items.get(position=6)
    sign_in(page, "secretary")
    page.goto(f"/meetings/{meeting.pk}/minutes/take/")
    box = page.get_by_label("Minutes of item 6")
    status = page.locator(f"#item-{item.pk}-status")

    # The server stops: nothing answers on its port.
    page.route(AUTOSAVE, lambda route: route.abort("connectionrefused"))
    box.fill("JM highlighted the pressure on special school places.")
    box.blur()
    expect(status).to_contain_text("Not saved yet")
    # It is restarting behind the proxy, which answers 502 for a while.
    page.unroute(AUTOSAVE)
    page.route(AUTOSAVE, lambda route: route.fulfill(status=502, body="Bad gateway"))
    box.press_sequentially(" AW supported this concern.")
    box.blur()
    expect(status).to_contain_text("Not saved yet")
    item.refresh_from_db()
    assert "JM highlighted" not in item.minutes_text

    # Back: the kept text is sent again by itself, without the secretary doing anything.
    page.unroute(AUTOSAVE)
    expect(status).to_have_text(re.compile("Saved at"), timeout=15_000)
    item.refresh_from_db()
    assert item.minutes_text == (
        "JM highlighted the pressure on special school places. AW supported this concern."
    )
