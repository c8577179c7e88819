"""Dates and times as people read them, the GOV.UK way: "7 January 2027", "10:30am", "2pm",
"midday". Templates use Django's `date` filter (DATE_FORMAT in core/formats) and the
`time_of_day` filter (core/templatetags/govuk.py); Python code that writes text (PDF, Word,
e-mail, history) uses these, so a date or time reads the same wherever it is shown."""

import datetime

from django.utils import formats, timezone


def date_text(value: datetime.date) -> str:
    """ "7 January 2027"."""
    return formats.date_format(value)


def short_date_text(value: datetime.date) -> str:
    """ "7 Jan 2027": for a table's narrow column, where GOV.UK style allows the short month."""
    return formats.date_format(value, "j M Y")


def time_of_day(value: datetime.time | datetime.datetime | None) -> str:
    """ "10:30am", "9am", "midday", "midnight": Django's "a" format writes "a.m.", which GOV.UK
    style does not; "" for no time."""
    if value is None:
        return ""
    if value.minute == 0 and value.hour in (0, 12):
        return "midnight" if value.hour == 0 else "midday"
    hour = value.hour % 12 or 12
    suffix = "am" if value.hour < 12 else "pm"
    return f"{hour}{suffix}" if value.minute == 0 else f"{hour}:{value.minute:02d}{suffix}"


def date_time_text(value: datetime.datetime) -> str:
    """ "1 July 2024 at 4:58pm", in local time."""
    if timezone.is_aware(value):
        value = timezone.localtime(value)
    return f"{date_text(value)} at {time_of_day(value)}"
