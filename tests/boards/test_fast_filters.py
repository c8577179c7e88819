"""The quicker date, time and truncatewords filters write exactly what Django's would."""

import datetime
import re
import zoneinfo
from pathlib import Path

import pytest
from django.conf import settings
from django.template import defaultfilters, engines
from django.utils import timezone

from boards.templatetags import fast_filters

TEMPLATES = Path(settings.BASE_DIR) / "templates"
# Every day of a leap year (each ordinal suffix, weekday and month), at two times of day.
DAYS = [datetime.date(2024, 1, 1) + datetime.timedelta(days=n) for n in range(366)]
DATETIMES = [
    datetime.datetime.combine(day, moment)
    for day in DAYS[::7]
    for moment in (datetime.time(0, 5), datetime.time(13, 45))
]
TIMES = [datetime.time(hour, minute) for hour in (0, 9, 12, 23) for minute in (0, 7, 30)]


def _formats_in_templates(filter_name: str) -> set[str]:
    pattern = re.compile(r"\|" + filter_name + r':"([^"]*)"')
    found = set()
    for path in TEMPLATES.rglob("*.html"):
        found.update(pattern.findall(path.read_text()))
    return found


DATE_FORMATS = _formats_in_templates("date") | {"D d/m/y", "n-j", "jS \\o\\f F"}
TIME_FORMATS = _formats_in_templates("time") | {"G:i"}


def test_the_templates_use_the_formats_the_filters_are_checked_with():
    assert {"j F Y", "d/m/Y", "l jS F Y", "j F Y \\a\\t H:i"} <= DATE_FORMATS
    assert {"H:i", "H.i"} <= TIME_FORMATS


@pytest.mark.parametrize("format_string", sorted(DATE_FORMATS))
def test_dates_and_datetimes_come_out_as_djangos_date_filter_writes_them(format_string):
    for value in [*DAYS, *DATETIMES]:
        if type(value) is datetime.date and re.search(r"(?<!\\)[HGi]", format_string):
            continue  # Django refuses time letters for a date: checked below
        expected = defaultfilters.date(value, format_string)
        assert fast_filters.date(value, format_string) == expected, (value, format_string)


@pytest.mark.parametrize("format_string", sorted(TIME_FORMATS))
def test_times_come_out_as_djangos_time_filter_writes_them(format_string):
    for value in [*TIMES, *DATETIMES]:
        expected = defaultfilters.time(value, format_string)
        assert fast_filters.time(value, format_string) == expected, (value, format_string)


@pytest.mark.parametrize(
    "value, arg",
    [
        (None, "j F Y"),
        ("", "j F Y"),
        ("not a date", "j F Y"),
        (datetime.date(2024, 3, 7), None),  # the settings' own format
        (datetime.date(2024, 3, 7), "N jS"),  # a letter the quick path leaves to Django
        (datetime.time(9, 30), "H:i"),
        (datetime.datetime(2024, 3, 7, 9, 30), "j F Y, P"),
    ],
)
def test_what_the_quick_path_does_not_cover_goes_to_djangos_date_filter(value, arg):
    assert fast_filters.date(value, arg) == defaultfilters.date(value, arg)


def test_time_letters_for_a_date_fail_as_in_django():
    with pytest.raises(TypeError):
        defaultfilters.date(datetime.date(2024, 3, 7), "H:i")
    with pytest.raises(TypeError):
        fast_filters.date(datetime.date(2024, 3, 7), "H:i")


def test_date_letters_in_the_time_filter_come_out_as_in_django():
    moment = datetime.datetime(2024, 3, 7, 9, 30)
    assert fast_filters.time(moment, "j F H:i") == defaultfilters.time(moment, "j F H:i")
    assert fast_filters.time(datetime.date(2024, 3, 7), "H:i") == ""


@pytest.mark.parametrize(
    "text, length",
    [
        ("", 3),
        ("one", 3),
        ("one two three", 3),
        ("one  two\nthree four", 3),
        ("one two three four five", 2),
        ("one two … four", 3),
        ("one two three", 0),
        ("one two three", -1),
        ("one two three", "x"),
        (12345, 1),
    ],
)
def test_truncatewords_writes_what_djangos_writes(text, length):
    assert fast_filters.truncatewords(text, length) == defaultfilters.truncatewords(text, length)


def test_templates_use_the_quick_filters_and_convert_to_local_time():
    template = engines["django"].from_string(
        '{{ when|date:"j F Y, H:i" }} / {{ when|time:"H.i" }} / {{ text|truncatewords:2 }}'
    )
    filters = [
        expression.filter_expression.filters[0][0]
        for expression in template.template.nodelist
        if hasattr(expression, "filter_expression")
    ]
    assert filters == [fast_filters.date, fast_filters.time, fast_filters.truncatewords]
    summer = datetime.datetime(2024, 7, 1, 11, 0, tzinfo=datetime.UTC)
    assert timezone.get_current_timezone() == zoneinfo.ZoneInfo("Europe/London")
    page = template.render({"when": summer, "text": "<b>one</b> two three"})
    assert page == "1 July 2024, 12:00 / 12.00 / &lt;b&gt;one&lt;/b&gt; two …"
