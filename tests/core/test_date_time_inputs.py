"""Dates are typed in GOV.UK's day, month and year boxes, times as "10:30" or "2pm"."""

import datetime

import pytest
from django import forms

from boards.forms_base import Form
from core.dates import date_text, time_of_day
from core.forms import DateField, MonthField, TimeField


class DueForm(Form):
    due_date = DateField(label="Due date")
    month = MonthField(label="Wanted in", required=False)
    starts_at = TimeField(label="Start time", required=False)


def _sent(day="", month="", year="", **more) -> DueForm:
    data = {"due_date_day": day, "due_date_month": month, "due_date_year": year, **more}
    return DueForm(data)


def test_a_date_typed_in_three_boxes_is_that_date():
    form = _sent("7", "1", "2027")

    assert form.is_valid(), form.errors
    assert form.cleaned_data["due_date"] == datetime.date(2027, 1, 7)


def test_a_month_may_be_typed_as_its_name():
    form = _sent("7", "Jan", "2027")

    assert form.is_valid(), form.errors
    assert form.cleaned_data["due_date"] == datetime.date(2027, 1, 7)


@pytest.mark.parametrize(
    ("day", "month", "year", "message", "wrong"),
    [
        ("7", "1", "", "Due date must include a year", ["year"]),
        ("", "1", "2027", "Due date must include a day", ["day"]),
        ("7", "", "", "Due date must include a month and a year", ["month", "year"]),
        ("31", "2", "2027", "Due date must be a real date", ["day"]),
        ("7", "13", "2027", "Due date must be a real date", ["month"]),
        ("7", "1", "27", "Year must include 4 numbers", ["year"]),
        ("x", "1", "2027", "Due date must be a real date", ["day"]),
    ],
)
def test_a_wrong_date_says_what_is_wrong_and_marks_only_that_box(day, month, year, message, wrong):
    form = _sent(day, month, year)

    assert not form.is_valid()
    assert form.errors["due_date"] == [message]
    html = str(form["due_date"])
    for part in ("day", "month", "year"):
        box = html[html.index(f'id="id_due_date_{part}"') :].split(">")[0]
        box = html[: html.index(f'id="id_due_date_{part}"')].rsplit("<input", 1)[1] + box
        assert ("govuk-input--error" in box) == (part in wrong), part
    # The error summary links to the first wrong box.
    assert form["due_date"].id_for_label == f"id_due_date_{wrong[0]}"


def test_nothing_typed_asks_for_the_date():
    form = _sent()

    assert form.errors["due_date"] == ["Enter the due date"]


def test_an_error_about_the_whole_date_marks_every_box():
    class Later(DueForm):
        def clean_due_date(self):
            raise forms.ValidationError("Due date must be today or in the future")

    form = Later({"due_date_day": "7", "due_date_month": "1", "due_date_year": "2020"})

    assert not form.is_valid()
    assert str(form["due_date"]).count("govuk-input--error") == 3


def test_the_boxes_show_what_was_typed_and_a_saved_date_in_figures():
    assert 'value="31"' in str(_sent("31", "2", "2027")["due_date"])
    form = DueForm(initial={"due_date": datetime.date(2027, 3, 9)})
    html = str(form["due_date"])
    assert 'name="due_date_day" value="9"' in html
    assert 'name="due_date_month" value="3"' in html
    assert 'name="due_date_year" value="2027"' in html
    assert 'inputmode="numeric"' in html


def test_a_month_field_has_month_and_year_boxes_and_means_the_first_day():
    form = _sent("7", "1", "2027", month_month="6", month_year="2027")

    assert form.is_valid(), form.errors
    assert form.cleaned_data["month"] == datetime.date(2027, 6, 1)
    assert "month_day" not in str(form["month"])


@pytest.mark.parametrize(
    ("typed", "meant"),
    [
        ("10:30", datetime.time(10, 30)),
        ("10.30", datetime.time(10, 30)),
        ("10:30am", datetime.time(10, 30)),
        ("10:30 am", datetime.time(10, 30)),
        ("10:30 PM", datetime.time(22, 30)),
        ("2pm", datetime.time(14, 0)),
        ("2 p.m.", datetime.time(14, 0)),
        ("12pm", datetime.time(12, 0)),
        ("12am", datetime.time(0, 0)),
        ("14:00", datetime.time(14, 0)),
    ],
)
def test_a_time_may_be_typed_as_people_write_it(typed, meant):
    form = _sent("7", "1", "2027", starts_at=typed)

    assert form.is_valid(), form.errors
    assert form.cleaned_data["starts_at"] == meant


@pytest.mark.parametrize("typed", ["25:00", "10:75", "13pm", "10", "noonish"])
def test_a_time_that_is_not_one_says_so(typed):
    form = _sent("7", "1", "2027", starts_at=typed)

    assert form.errors["starts_at"] == ["Start time must be a real time, like 10:30 or 2pm"]


def test_a_saved_time_is_shown_in_its_box_as_people_write_it():
    form = DueForm(initial={"starts_at": datetime.time(14, 30)})

    assert 'value="2:30pm"' in str(form["starts_at"])


@pytest.mark.parametrize(
    ("moment", "words"),
    [
        (datetime.time(10, 30), "10:30am"),
        (datetime.time(14, 0), "2pm"),
        (datetime.time(16, 58), "4:58pm"),
        (datetime.time(12, 0), "midday"),
        (datetime.time(0, 0), "midnight"),
    ],
)
def test_times_are_written_the_govuk_way(moment, words):
    assert time_of_day(moment) == words


def test_dates_are_written_in_full():
    assert date_text(datetime.date(2027, 1, 7)) == "7 January 2027"
