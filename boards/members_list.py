"""Reading a members list: the headings a list may use for each column, rows pasted or uploaded
(CSV or Excel), and initials suggested for a new member."""

import csv
import re
from collections.abc import Sequence

from core.spreadsheets import UnreadableFile, read_table

from .models import Role

MAX_ROWS = 500
DEPUTY = "deputy"  # a row of someone who sits only as another member's deputy

# Field -> the headings a list may give it (compared in lower case, without punctuation).
HEADINGS = {
    "name": {"name", "full name", "member", "member name", "person", "names"},
    "job_title": {"job title", "title", "job", "position", "post", "job role"},
    "organisation": {"organisation", "organization", "org", "agency", "representing", "employer"},
    "role": {"role", "role on the board", "board role", "membership", "member type", "type"},
    "email": {"email", "e mail", "email address", "e mail address", "mail"},
    "initials": {"initials", "init"},
    "deputy_for": {"deputy for", "deputising for", "deputy of", "deputises for", "deputy to"},
}
LABELS = {
    "name": "Name",
    "job_title": "Job title",
    "organisation": "Organisation",
    "role": "Role on the board",
    "email": "E-mail",
    "initials": "Initials",
    "deputy_for": "Deputy for",
}
ROLES = {
    "chair": Role.CHAIR,
    "chairman": Role.CHAIR,
    "chairperson": Role.CHAIR,
    "co chair": Role.CHAIR,
    "vice chair": Role.VICE_CHAIR,
    "vicechair": Role.VICE_CHAIR,
    "deputy chair": Role.VICE_CHAIR,
    "member": Role.MEMBER,
    "members": Role.MEMBER,
    "board member": Role.MEMBER,
    "": Role.MEMBER,
    "adviser": Role.ADVISER,
    "advisor": Role.ADVISER,
    "guest": Role.GUEST,
    "in attendance": Role.GUEST,
    "secretary": Role.SECRETARY,
    "administration": Role.SECRETARY,
    "minutes": Role.SECRETARY,
    "minute taker": Role.SECRETARY,
    "deputy": DEPUTY,
}
MAX_LENGTHS = {"name": 200, "job_title": 200, "organisation": 200, "initials": 12}


class ListProblem(ValueError):
    """The list as a whole cannot be read (no name column, too many rows), with a message."""


def plain_key(heading: str) -> str:
    return " ".join(re.sub(r"[^a-z0-9]+", " ", heading.lower()).split())


def match_headings(headings: Sequence[str]) -> dict[str, int]:
    """Which column holds each field, matched on the headings in any case, with common variants
    ("E-mail address", "Organization", "Role on the board")."""
    found: dict[str, int] = {}
    for index, heading in enumerate(headings):
        plain = plain_key(heading)
        for name, variants in HEADINGS.items():
            if name not in found and plain in variants:
                found[name] = index
    if "name" not in found:
        raise ListProblem(
            'The list needs a "Name" column. Its first row should be the headings: Name, Job '
            "title, Organisation, Role on the board, E-mail, Initials, Deputy for."
        )
    return found


def read_pasted(text: str) -> tuple[list[str], list[list[str]]]:
    """Headings and rows of a list pasted from a spreadsheet (tab separated) or typed as CSV."""
    lines = [line for line in (text or "").splitlines() if line.strip()]
    if not lines:
        raise ListProblem("Paste the list, its headings in the first line.")
    delimiter = "\t" if "\t" in lines[0] else ","
    table = [[cell.strip() for cell in row] for row in csv.reader(lines, delimiter=delimiter)]
    headings, *rows = table
    width = len(headings)
    return headings, [(row + [""] * width)[:width] for row in rows]


def suggest_initials(name: str, taken: set[str]) -> str:
    """Initials for `name` nobody has yet: GB, then GBl (more of the surname), then GB2."""
    words = [w for w in re.split(r"[\s]+", name.strip()) if w]
    if not words:
        return ""
    base = "".join(w[0].upper() for w in words)[:10]
    taken_upper = {t.upper() for t in taken}
    if base.upper() not in taken_upper:
        return base
    surname = words[-1]
    for extra in range(1, len(surname)):
        candidate = base + surname[1 : extra + 1].lower()
        if candidate.upper() not in taken_upper and len(candidate) <= 12:
            return candidate
    number = 2
    while f"{base}{number}".upper() in taken_upper:
        number += 1
    return f"{base}{number}"


def read_list(*, upload=None, pasted: str = "") -> tuple[list[str], list[list[str]]]:
    """Headings and rows from an uploaded file or pasted text."""
    if upload is not None:
        try:
            return read_table(upload)
        except UnreadableFile as error:
            raise ListProblem(str(error)) from error
    return read_pasted(pasted)
