"""Reading actions out of minute text: "Action: GB to work with AW and JM to produce a paper by
31/03/2023". Pure functions, no database: the caller passes the partnership's initials.

Owners are the initials that open the sentence; initials nobody in the partnership has are
reported, never guessed. Dates are read as UK dates (day first).
"""

import datetime
import re
from dataclasses import dataclass, field

_MONTHS = {
    name: number
    for number, names in enumerate(
        [
            ("january", "jan"),
            ("february", "feb"),
            ("march", "mar"),
            ("april", "apr"),
            ("may",),
            ("june", "jun"),
            ("july", "jul"),
            ("august", "aug"),
            ("september", "sep", "sept"),
            ("october", "oct"),
            ("november", "nov"),
            ("december", "dec"),
        ],
        start=1,
    )
    for name in names
}
_MONTH_NAMES = "|".join(sorted(_MONTHS, key=len, reverse=True))

_NUMERIC_DATE = r"\d{1,2}[/.-]\d{1,2}[/.-]\d{2,4}"
_WORDED_DATE = rf"\d{{1,2}}(?:st|nd|rd|th)?\s+(?:{_MONTH_NAMES})\.?,?\s+\d{{4}}"
_DATE = rf"(?:{_NUMERIC_DATE}|{_WORDED_DATE})"
_DUE = re.compile(rf"[\s,;]*\b(?:by|before|due(?: by)?|on)\s+(?P<date>{_DATE})\s*$", re.I)

# "Action:" at the start of a line, or after the end of a sentence within a paragraph.
_MARKER = re.compile(r"(?:^|(?<=[.!?])\s+|(?<=\n))\s*Action\s*:\s*", re.M)
# One token of initials: GB, CMc, L-MM, LMM (at least two capitals, up to six characters).
_INITIALS = r"[A-Z](?:[A-Za-z]|-[A-Z]){1,5}"
_OWNERS = re.compile(
    rf"^(?P<owners>{_INITIALS}(?:\s*(?:/|,|&|\band\b)\s*{_INITIALS})*)\s+"
    r"(?P<verb>to|will|was asked to|were asked to|is to|are to|agreed to|has agreed to)\s+"
    r"(?P<rest>.+)$",
    re.S,
)


@dataclass
class CapturedAction:
    """One "Action:" found in minutes, ready to be confirmed as an action of the log."""

    source_line: str
    description: str
    owner_initials: list[str] = field(default_factory=list)
    due_date: datetime.date | None = None
    due_text: str = ""
    problems: list[str] = field(default_factory=list)


def parse_date(text: str) -> datetime.date | None:
    """31/03/2023, 31.03.23, "31 March 2023", "31st Mar 2023": None when it is not a date."""
    text = text.strip().rstrip(".")
    numeric = re.fullmatch(r"(\d{1,2})[/.-](\d{1,2})[/.-](\d{2,4})", text)
    try:
        if numeric:
            day, month, year = (int(part) for part in numeric.groups())
            if year < 100:
                year += 2000
            return datetime.date(year, month, day)
        worded = re.fullmatch(
            rf"(\d{{1,2}})(?:st|nd|rd|th)?\s+({_MONTH_NAMES})\.?,?\s+(\d{{4}})", text, re.I
        )
        if worded:
            day, month, year = worded.groups()
            return datetime.date(int(year), _MONTHS[month.lower()], int(day))
    except ValueError:
        return None
    return None


def _sentence(text: str) -> str:
    """The action runs to the end of its sentence: a full stop followed by a space or the end."""
    end = re.search(r"(?<!\b[A-Za-z])\.(?:\s|$)", text)
    sentence = text[: end.start()] if end else text
    return " ".join(sentence.split())


def _split_initials(owners: str) -> list[str]:
    return [token for token in re.split(r"\s*(?:/|,|&|\band\b)\s*", owners) if token]


def _squash(initials: str) -> str:
    return initials.replace("-", "").upper()


def resolve_initials(tokens: list[str], known: dict[str, object]) -> tuple[list[object], list[str]]:
    """(people, unknown tokens). Exact initials first; "LMM" finds "L-MM" only if unambiguous."""
    squashed: dict[str, list[object]] = {}
    for initials, person in known.items():
        squashed.setdefault(_squash(initials), []).append(person)
    found, unknown = [], []
    for token in tokens:
        person = known.get(token)
        if person is None:
            candidates = squashed.get(_squash(token), [])
            person = candidates[0] if len(candidates) == 1 else None
        if person is None:
            unknown.append(token)
        elif person not in found:
            found.append(person)
    return found, unknown


def split_owner_text(text: str) -> list[str]:
    """ "GB/HF", "GB, HF" or "GB and HF" typed in a form, as tokens."""
    return _split_initials(text.strip())


def _lower_first(text: str) -> str:
    if len(text) > 1 and text[0].isupper() and not text[1].isupper():
        return text[0].lower() + text[1:]
    return text


def parse_action(source: str, known_initials: set[str] | dict) -> CapturedAction:
    """One action's text (after "Action:") into owners, description and due date."""
    text = _sentence(source)
    captured = CapturedAction(source_line=text, description=text)
    due = _DUE.search(text)
    if due:
        captured.due_text = due.group("date")
        captured.due_date = parse_date(captured.due_text)
        if captured.due_date is None:
            captured.problems.append(f'"{captured.due_text}" is not a date.')
        else:
            text = text[: due.start()]
    owners = _OWNERS.match(text)
    if owners:
        captured.owner_initials = _split_initials(owners.group("owners"))
        text = owners.group("rest")
    else:
        captured.problems.append("No owner named: choose who owns it.")
    captured.description = _lower_first(text.strip().rstrip(".;,").strip())
    if captured.owner_initials:
        _, unknown = resolve_initials(
            captured.owner_initials, {initials: initials for initials in known_initials}
        )
        for token in unknown:
            captured.problems.append(f'Nobody has the initials "{token}".')
    return captured


def parse_action_lines(text: str, known_initials: set[str] | dict) -> list[CapturedAction]:
    """Every "Action:" in an item's minutes, in order."""
    found = []
    markers = list(_MARKER.finditer(text or ""))
    for index, marker in enumerate(markers):
        end = markers[index + 1].start() if index + 1 < len(markers) else len(text)
        line_end = text.find("\n", marker.end())
        if line_end != -1:
            end = min(end, line_end)
        body = text[marker.end() : end].strip()
        if body:
            found.append(parse_action(body, known_initials))
    return found
