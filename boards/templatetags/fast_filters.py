"""Django's `date`, `time` and `truncatewords` filters, quicker for what this app writes.

Installed as a template builtin (settings, TEMPLATES), so they take the place of Django's own
under the same names in every template. Django's formats a date through the locale machinery on
every call, about ten microseconds each, which lists pay once or twice per row. Here each format
string is read once into a list of parts; the month and day names are English, as the app is
(LANGUAGE_CODE en-gb, no translations). A format with a letter not covered below, no format at
all (the settings' default) and any value other than a date, datetime or time go to Django's
filter, so the output is always what Django's would be: a test holds the two side by side for
every format the templates use.
"""

import datetime
import functools
from collections.abc import Callable

from django import template
from django.template import defaultfilters
from django.template.defaultfilters import stringfilter
from django.utils.dateformat import re_escaped, re_formatchars

register = template.Library()

_MONTHS = (
    "January", "February", "March", "April", "May", "June", "July", "August", "September",
    "October", "November", "December",
)  # fmt: skip
_DAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")


def _ordinal_suffix(day: int) -> str:
    if day in (11, 12, 13):
        return "th"
    return {1: "st", 2: "nd", 3: "rd"}.get(day % 10, "th")


_DATE_PARTS: dict[str, Callable] = {
    "d": lambda v: f"{v.day:02d}",
    "j": lambda v: str(v.day),
    "S": lambda v: _ordinal_suffix(v.day),
    "l": lambda v: _DAYS[v.weekday()],
    "D": lambda v: _DAYS[v.weekday()][:3],
    "m": lambda v: f"{v.month:02d}",
    "n": lambda v: str(v.month),
    "F": lambda v: _MONTHS[v.month - 1],
    "M": lambda v: _MONTHS[v.month - 1][:3],
    "Y": lambda v: f"{v.year:04d}",
    "y": lambda v: f"{v.year % 100:02d}",
}
_TIME_PARTS: dict[str, Callable] = {
    "H": lambda v: f"{v.hour:02d}",
    "G": lambda v: str(v.hour),
    "i": lambda v: f"{v.minute:02d}",
}
_LETTERS = {"date": _DATE_PARTS, "datetime": _DATE_PARTS | _TIME_PARTS, "time": _TIME_PARTS}
# What each filter formats itself, by the value's type: the letters it may use on it.
_DATE_FILTER = {datetime.date: "date", datetime.datetime: "datetime"}
_TIME_FILTER = {datetime.time: "time", datetime.datetime: "time"}


@functools.cache
def _parts(format_string: str, letters: str) -> tuple | None:
    """The format as literal strings and part functions, or None where a letter is not one of
    `letters`."""
    known = _LETTERS[letters]
    parts = []
    for index, piece in enumerate(re_formatchars.split(format_string)):
        if index % 2:
            if piece not in known:
                return None
            parts.append(known[piece])
        elif piece:
            parts.append(re_escaped.sub(r"\1", piece))
    return tuple(parts)


def _formatted(value, format_string, kinds: dict) -> str | None:
    letters = kinds.get(type(value))
    if letters is None or not isinstance(format_string, str):
        return None
    parts = _parts(format_string, letters)
    if parts is None:
        return None
    return "".join(part if isinstance(part, str) else part(value) for part in parts)


@register.filter(expects_localtime=True, is_safe=False)
def date(value, arg=None):
    """Django's `date` filter."""
    text = _formatted(value, arg, _DATE_FILTER)
    return defaultfilters.date(value, arg) if text is None else text


@register.filter(expects_localtime=True, is_safe=False)
def time(value, arg=None):
    """Django's `time` filter."""
    text = _formatted(value, arg, _TIME_FILTER)
    return defaultfilters.time(value, arg) if text is None else text


@register.filter(is_safe=True)
@stringfilter
def truncatewords(value, arg):
    """Django's `truncatewords` filter, without building a lazy Truncator per call."""
    try:
        length = int(arg)
    except ValueError:
        return value
    if length <= 0:
        return ""
    words = value.split()
    if len(words) <= length:
        return " ".join(words)
    text = " ".join(words[:length])
    return text if text.endswith(" …") else f"{text} …"
