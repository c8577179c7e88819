"""Dates typed in day, month and year boxes: a wrong part is named, marked and reachable."""

import re

import pytest
from playwright.sync_api import expect

from .conftest import assert_accessible, sign_in

pytestmark = pytest.mark.browser

NEW_MEETING = "/p/southend/b/sspb/meetings/new/"
MARKED = re.compile(r"\bgovuk-input--error\b")


def _type_date(page, day, month, year):
    group = page.get_by_role("group", name="Date")
    group.get_by_label("Day").fill(day)
    group.get_by_label("Month").fill(month)
    group.get_by_label("Year").fill(year)


def test_a_date_that_is_not_real_is_named_and_its_box_marked(page):
    sign_in(page, "secretary")
    page.goto(NEW_MEETING)
    _type_date(page, "31", "02", "2027")
    page.get_by_label("Start time").fill("10:30am")
    page.get_by_role("button", name="Save").click()

    summary = page.locator(".govuk-error-summary")
    expect(summary).to_be_focused()
    assert page.title().startswith("Error: ")
    expect(summary.get_by_role("link", name="Date must be a real date")).to_be_visible()
    day = page.locator("#id_date_day")
    expect(day).to_have_class(MARKED)
    expect(page.locator("#id_date_month")).not_to_have_class(MARKED)
    expect(page.locator("#id_date_year")).not_to_have_class(MARKED)
    # The time typed is kept as it was written.
    expect(page.get_by_label("Start time")).to_have_value("10:30am")

    summary.get_by_role("link", name="Date must be a real date").click()
    expect(day).to_be_focused()
    assert_accessible(page, "date-input-not-real")


def test_a_missing_year_is_asked_for_and_the_link_goes_to_the_year(page):
    sign_in(page, "secretary")
    page.goto(NEW_MEETING)
    _type_date(page, "7", "1", "")
    page.get_by_role("button", name="Save").click()

    summary = page.locator(".govuk-error-summary")
    expect(summary).to_be_focused()
    link = summary.get_by_role("link", name="Date must include a year")
    expect(link).to_have_attribute("href", "#id_date_year")
    year = page.locator("#id_date_year")
    expect(year).to_have_class(MARKED)
    expect(page.locator("#id_date_day")).not_to_have_class(MARKED)
    expect(page.locator(".govuk-error-message")).to_contain_text(
        ["Error: Date must include a year"]
    )
    link.click()
    expect(year).to_be_focused()
    assert_accessible(page, "date-input-missing-year")


def test_a_date_and_time_typed_as_people_write_them_are_saved(page):
    from boards.models import Meeting

    sign_in(page, "secretary")
    page.goto(NEW_MEETING)
    _type_date(page, "15", "3", "2028")
    page.get_by_label("Start time").fill("2pm")
    page.get_by_role("button", name="Save").click()
    expect(page.locator(".govuk-error-summary")).to_have_count(0)

    meeting = Meeting.objects.get(board__short_name="SSPB", date="2028-03-15")
    assert meeting.starts_at.strftime("%H:%M") == "14:00"
