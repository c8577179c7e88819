"""What the app accepts as input, wherever text and dates come in (forms and imports alike).

Text: characters that XML cannot carry (the control characters other than tab and line breaks)
would make every Word, Excel and PDF output that holds the text fail, so they are removed on the
way in; a vertical tab (Word's line break), form feed or next-line character becomes a line break.
Dates: from 1 January 1990 to 31 December 2100; outside that range a date is a typing slip, and
some outputs cannot hold it (a meeting on 31/12/9999 ends in the year 10000).
"""

import datetime
import re

from django.core.exceptions import ValidationError

_LINE_BREAKS = str.maketrans({"\x0b": "\n", "\x0c": "\n", "\x85": "\n"})
# C0 controls but tab, LF and CR; DEL and the C1 controls; lone surrogates; the non-characters
# U+FFFE and U+FFFF. The first three lines of XML 1.0's Char production, plus what no reader wants.
_UNWANTED = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff]")
_BREAKS = re.compile(r"[\r\n]+")

EARLIEST_DATE = datetime.date(1990, 1, 1)
LATEST_DATE = datetime.date(2100, 12, 31)
DATE_RANGE = "from 1 January 1990 to 31 December 2100"
DATE_RANGE_MESSAGE = f"Enter a date {DATE_RANGE}"


def clean_text(text: str, *, single_line: bool = False) -> str:
    """`text` with the characters removed that no output can hold; with `single_line`, a line
    break (which only a tampered request can put in a one-line box) becomes a space."""
    if _UNWANTED.search(text):
        text = _UNWANTED.sub("", text.translate(_LINE_BREAKS))
    if single_line and ("\n" in text or "\r" in text):
        text = _BREAKS.sub(" ", text)
    return text


def date_in_range(value: datetime.date) -> bool:
    if isinstance(value, datetime.datetime):
        value = value.date()
    return EARLIEST_DATE <= value <= LATEST_DATE


def validate_date_range(value) -> None:
    """A form validator for every date and date-time field."""
    if value is not None and not date_in_range(value):
        raise ValidationError(DATE_RANGE_MESSAGE, code="date_range")
