"""The secretary's journey: agenda, paper, attendance, live minutes, lifecycle, outputs."""

import re
import subprocess

import pytest
from playwright.sync_api import expect

from boards.models import AgendaItem, Meeting
from tests.boards.factories import PDF_BYTES
from tests.boards.readers import docx_text, pdf_text

from .conftest import ARTIFACTS, assert_accessible, fill_date, sign_in

pytestmark = pytest.mark.browser


def stored_text(meeting, title):
    return AgendaItem.objects.get(meeting=meeting, title=title).minutes_text


def test_secretary_records_a_meeting_from_agenda_to_published_minutes(page, tmp_path):
    sign_in(page, "secretary")
    page.goto("/p/southend/b/sspb/")
    page.get_by_role("link", name="Schedule a meeting").click()
    fill_date(page.get_by_role("group", name="Date"), "2023-02-16")
    page.get_by_label("Start time").fill("10:00")
    page.get_by_label("End time").fill("12:00")
    page.get_by_label("Venue").fill("Civic Centre, Committee Room 1")
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Meeting of Thursday 16 February 2023"
    )
    meeting = Meeting.objects.get(date="2023-02-16")
    assert meeting.agenda_items.count() == 6  # the standing items

    # Build the agenda: two items, one confidential, then reorder with the keyboard.
    for title, confidential in (("Contract award", True), ("SEND Strategy", False)):
        page.get_by_role("link", name="Add an item").click()
        page.get_by_label("Title").fill(title)
        page.get_by_label("Presenter").select_option(label="Michael Marks (MM)")
        if confidential:
            page.get_by_label("Confidential").check()
        page.get_by_role("button", name="Save").click()
    agenda = page.locator(".app-agenda")
    expect(agenda).to_contain_text("6. Contract award")
    expect(agenda).to_contain_text("7. SEND Strategy")
    page.get_by_role("button", name="Move up item 7, SEND Strategy").focus()
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"moved="))
    expect(agenda).to_contain_text("6. SEND Strategy")
    assert page.evaluate("document.activeElement.dataset.move") == "up"
    assert_accessible(page, "meeting-agenda")

    # A paper for the action log, numbered after its item.
    page.get_by_role("link", name="Upload a paper for item 4").click()
    expect(page.get_by_label("Label")).to_have_value("4a")
    page.get_by_label("Title").fill("Action log")
    page.get_by_label("Document").set_input_files(
        {"name": "action-log.pdf", "mimeType": "application/pdf", "buffer": PDF_BYTES}
    )
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_role("link", name="4a) Action log")).to_be_visible()

    # Attendance: apologies from HF, Brin Martin deputising for her.
    page.get_by_role("button", name="Start taking the minutes").click()
    page.get_by_role("link", name="Record attendance and declarations of interest").click()
    # Everyone starts not recorded: nobody is present until the secretary says so.
    expect(page.locator(".app-quorum")).to_contain_text("Attendance not yet recorded")
    page.get_by_label("Attendance – Helen Farmer").select_option(label="Apologies")
    for name in ("Michael Marks", "Amanda Wiley", "Gary Bloom"):
        page.get_by_label(f"Attendance – {name}").select_option(label="Present")
    page.get_by_role("button", name="Save attendance").click()
    page.get_by_role("link", name="Record attendance and declarations of interest").click()
    page.get_by_label("Person").select_option(label="Brin Martin (BM)")
    page.get_by_label("Attended as", exact=True).select_option(label="Deputy")
    page.get_by_label("Deputy for (if a deputy)").select_option(label="Helen Farmer (HF)")
    page.get_by_role("button", name="Add to attendance").click()
    page.get_by_role("button", name="None recorded").click()
    assert_accessible(page, "attendance")
    page.get_by_role("link", name="Back to the minutes").click()
    attendance = page.locator("#attendance")
    expect(attendance).to_contain_text("BM (for HF)")
    expect(attendance).to_contain_text("Quorum met")

    # Minutes typed live, saved automatically, the item's start stamped with one key.
    strategy = page.get_by_label("Minutes of item 6")
    strategy.click()
    strategy.type("MM provided a verbal update on the Strategy.\n")
    strategy.type("Action: GB to work with AW and JM to produce a paper by 31/03/2023\n")
    strategy.type("Action: MM to circulate the revised draft\n")
    status = page.locator(f"#item-{meeting.agenda_items.get(title='SEND Strategy').pk}-status")
    expect(status).to_have_text(re.compile(r"Saved at \d{1,2}(:\d\d)?[ap]m"))
    page.keyboard.press("Alt+s")
    expect(page.locator("strong[id$='-start']").nth(5)).to_have_text(
        re.compile(r"^(\d{1,2}(:\d\d)?[ap]m|midday|midnight)$")
    )
    page.get_by_label("Minutes of item 7").fill("Supplier Z was preferred on price.")
    page.get_by_label("Decision of item 7").fill("Agreed")
    page.get_by_label("Decision of item 7").blur()
    assert_accessible(page, "minutes-screen")

    # The connection drops: the text is kept in the browser and sent when it returns.
    page.context.set_offline(True)
    strategy.click()
    strategy.press("End")
    strategy.type("Members noted the timetable to Cabinet.")
    expect(status).to_contain_text("no connection", timeout=10_000)
    drafts = page.evaluate("Object.keys(localStorage).filter(k => k.startsWith('minutes-draft'))")
    assert drafts
    assert "Cabinet" not in stored_text(meeting, "SEND Strategy")
    page.context.set_offline(False)
    expect(status).to_have_text(re.compile(r"Saved at"), timeout=10_000)
    text = stored_text(meeting, "SEND Strategy")
    assert "Members noted the timetable to Cabinet." in text
    assert text.count("Action:") == 2
    assert "Supplier Z" in stored_text(meeting, "Contract award")

    # Circulate, approve at the next meeting (23 March 2023), publish.
    page.get_by_role("link", name="Back to the meeting").click()
    page.get_by_role("link", name="Circulate the draft to members").click()
    expect(page.get_by_role("heading", name="Circulate the draft minutes")).to_be_visible()
    expect(page.get_by_text("Draft minutes: ")).to_be_visible()
    page.get_by_role("button", name=re.compile(r"^Send to \d+ members?$")).click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text("circulated by e-mail")
    page.get_by_label("Approved at the meeting of").select_option(label="23 March 2023")
    page.get_by_role("button", name="Record approval").click()
    page.get_by_role("button", name="Publish the minutes").click()
    expect(page.locator("#minutes ~ p").first).to_contain_text("Published")

    # The documents hold the right items, actions and attendance; the public ones no secrets.
    pdf = page.request.get(f"/meetings/{meeting.pk}/minutes.pdf").body()
    text = " ".join(pdf_text(pdf).split())
    assert "Final minutes" in text
    assert "6. SEND Strategy" in text and "Action: GB to work with AW and JM" in text
    assert "Brin Martin (deputy for Helen Farmer)" in text
    assert "Supplier Z" in text
    assert "Signed (Chair)" in text  # approved minutes, printed for the chair to sign
    word = docx_text(page.request.get(f"/meetings/{meeting.pk}/minutes.docx").body())
    assert "Action: MM to circulate the revised draft" in word and "Helen Farmer" in word

    public_pdf = page.request.get(f"/public/southend/minutes/{meeting.pk}/pdf/").body()
    public_word = page.request.get(f"/public/southend/minutes/{meeting.pk}/docx/").body()
    for public_text in (pdf_text(public_pdf), docx_text(public_word)):
        assert "Supplier Z" not in public_text and "Contract award" in public_text
        assert "Members noted the timetable to Cabinet." in public_text
    (tmp_path / "minutes.pdf").write_bytes(pdf)
    subprocess.run(
        [
            "pdftoppm",
            "-png",
            "-r",
            "60",
            "-f",
            "1",
            "-l",
            "1",
            str(tmp_path / "minutes.pdf"),
            f"{ARTIFACTS}/journey-minutes",
        ],
        check=True,
    )

    page.context.clear_cookies()
    page.goto("/public/southend/")
    page.get_by_role("link", name="Minutes of 16 February 2023", exact=True).click()
    expect(page.get_by_role("heading", level=2, name=re.compile("SEND Strategy"))).to_be_visible()
    assert "Supplier Z" not in page.content()
    assert_accessible(page, "public-minutes")
