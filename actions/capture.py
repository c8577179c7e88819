"""Reading actions out of minute text as secretaries type them: "Action: GB to work with AW and JM
to produce a paper by 31/03/2023", "ACTION: EF/SROs to review the plan by end of June 2025",
"Actions:" over a list of lines. Pure functions, no database: the caller passes the
partnership's initials (and names), and the date of the next meeting if one is scheduled.

Owners are what comes before "to" or "will": initials, full names of the partnership's people,
or groups and roles ("SROs", "Programme Lead", "all members") kept as other owners. Initials
nobody in the partnership has are reported, never guessed, and no person is made up for a name.
Dates are read as UK dates (day first); a month ("June 2025") is due on its last day.
"""

import calendar
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
_MONTH_YEAR = rf"(?:{_MONTH_NAMES})\.?,?\s+\d{{4}}"
_DATE = rf"(?:{_NUMERIC_DATE}|{_WORDED_DATE})"
# What may lead into a deadline at the end of the action: "by", "due", "in", "end of", or a
# dash, bracket or comma before a bare date ("– 01.05.24", "(June 2025)").
_LEAD_IN = (
    r"(?:\b(?:by|before|due(?:\s+by)?|on|in|during|until|deadline:?|no\s+later\s+than)\s+"
    r"(?:the\s+)?(?:end\s+of\s+)?|\b(?:the\s+)?end\s+of\s+|[(–—,;-]\s*(?:by\s+)?"
    # a bare date at the very end, unless it says which meeting or paper ("minutes of 26 ...")
    r"|(?<!\bof)(?<!\bfrom)(?<!\bsince)(?<!\bdated)(?<!\bthe)(?<!\d)\s+)"
)
_DUE = re.compile(
    rf"[\s,;]*{_LEAD_IN}(?P<date>{_DATE}|{_MONTH_YEAR})\s*\)?\s*$",
    re.I,
)
_NEXT_MEETING = re.compile(
    r"[\s,;(–—-]*\b(?:by|at|for|to|before|ahead\s+of|in\s+time\s+for)\s+(?:the\s+)?next\s+"
    r"(?:board\s+|partnership\s+|group\s+)?meeting\s*\)?\s*$",
    re.I,
)

# "Action:", "ACTION:", "Actions:" at the start of a line (after a bullet, if any), or after the
# end of a sentence within a paragraph.
_MARKER = re.compile(
    r"(?:^|(?<=[.!?])\s+|(?<=\n))[ \t]*(?:[-•*–][ \t]*)?Actions?\s*:[ \t]*", re.M | re.I
)
_LIST_ITEM = re.compile(r"^\s*(?:[-•*–]|\d{1,2}[.)]|[a-z][.)])?\s*")
# One token of initials: GB, CMc, L-MM, LMM (at least two capitals, up to six characters).
_INITIALS = re.compile(r"[A-Z](?:[A-Za-z]|-[A-Z]){1,5}")
# A group written as initials in the plural: SROs, DCOs.
_PLURAL_INITIALS = re.compile(r"[A-Z]{2,}s")
_OWNER_SPLIT = re.compile(r"\s*(?:/|,|&|\band\b)\s*")
_VERBS = (
    r"to|will|shall|should|would|was asked to|were asked to|is to|are to|agreed to|has agreed to|"
    r"have agreed to|needs? to|asked to"
)
# Owners written after the action: "Circulate the slides – CJ", "Update the plan (EF/SROs)".
_TRAILING_OWNERS = re.compile(r"(?:\s+[–—-]\s+|\s*\(\s*)(?P<owners>[^()–—]+?)\s*\)?\s*$")
_VERB = re.compile(rf"\s+(?:{_VERBS})\s+", re.I)
_MAX_OWNER_WORDS = 8
# Last words that make a group or a role of the board an owner ("Programme Lead", "all partners").
_ROLE_WORDS = {
    "all", "everyone", "board", "boards", "chair", "chairs", "vice-chair", "secretary",
    "member", "members", "partner", "partners", "lead", "leads", "head", "heads", "officer",
    "officers", "manager", "managers", "director", "directors", "team", "teams", "group",
    "groups", "colleagues", "representative", "representatives", "sro", "sros", "senco",
    "sencos", "commissioner", "commissioners", "forum", "partnership", "council", "icb",
    "coordinator", "co-ordinator", "clinicians", "schools", "headteachers", "teachers",
}  # fmt: skip
_NAME_WORD = re.compile(r"[A-Z][a-zA-Z'’-]+")


@dataclass
class CapturedAction:
    """One "Action:" found in minutes, ready to be confirmed as an action of the log."""

    source_line: str
    description: str
    owner_initials: list[str] = field(default_factory=list)
    other_owners: list[str] = field(default_factory=list)
    due_date: datetime.date | None = None
    due_text: str = ""
    due_by_month: bool = False  # "June 2025": due on its last day, shown as the month
    problems: list[str] = field(default_factory=list)  # to put right before it is added
    notes: list[str] = field(default_factory=list)  # worth knowing, nothing to put right


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


def parse_month(text: str) -> datetime.date | None:
    """ "June 2025" as the last day of June 2025; None when it is not a month and a year."""
    month = re.fullmatch(rf"({_MONTH_NAMES})\.?,?\s+(\d{{4}})", text.strip().rstrip("."), re.I)
    if month is None:
        return None
    number, year = _MONTHS[month.group(1).lower()], int(month.group(2))
    return datetime.date(year, number, calendar.monthrange(year, number)[1])


def _sentence(text: str) -> str:
    """The action runs to the end of its sentence: a full stop followed by a space or the end."""
    end = re.search(r"(?<!\b[A-Za-z])\.(?:\s|$)", text)
    sentence = text[: end.start()] if end else text
    return " ".join(sentence.split())


def _split_initials(owners: str) -> list[str]:
    return [token for token in _OWNER_SPLIT.split(owners) if token]


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


@dataclass
class _Owners:
    initials: list[str] = field(default_factory=list)
    others: list[str] = field(default_factory=list)
    strangers: list[str] = field(default_factory=list)  # names of nobody in the partnership


def _is_group(token: str) -> bool:
    words = token.split()
    last = words[-1].lower().strip("'’")
    if _PLURAL_INITIALS.fullmatch(token) or words[0].lower() == "all":
        return True
    return last in _ROLE_WORDS and (len(words) == 1 or words[0][0].isupper())


def _owners(text: str, names: dict[str, str]) -> _Owners | None:
    """The owners named in `text` ("EF/SROs", "Gary Bloom and HF"), or None when it is not a
    list of owners at all but the start of a sentence ("a draft version of the SEF")."""
    if len(text.split()) > _MAX_OWNER_WORDS:
        return None
    owners = _Owners()
    for token in _split_initials(text):
        if token.lower() in names:
            owners.initials.append(names[token.lower()])
        elif _is_group(token):
            owners.others.append(token)
        elif _INITIALS.fullmatch(token):
            owners.initials.append(token)
        elif 2 <= len(token.split()) <= 3 and all(_NAME_WORD.fullmatch(w) for w in token.split()):
            owners.strangers.append(token)
        else:
            return None
    return owners if owners.initials or owners.others or owners.strangers else None


def _deadline(text: str, captured: CapturedAction, next_meeting: datetime.date | None) -> str:
    """Read a deadline off the end of `text` into `captured`; the text without it."""
    due = _DUE.search(text)
    if due:
        captured.due_text = due.group("date")
        month = parse_month(captured.due_text)
        captured.due_date = month or parse_date(captured.due_text)
        captured.due_by_month = month is not None
        if captured.due_date is None:
            captured.problems.append(f'"{captured.due_text}" is not a date.')
            return text
        return text[: due.start()]
    meeting = _NEXT_MEETING.search(text)
    if meeting:
        captured.due_text = "the next meeting"
        if next_meeting is None:
            # Kept in the words of the action, so the deadline is not lost.
            captured.notes.append(
                "Due by the next meeting, which is not scheduled yet: the due date is left "
                "blank. Add it once the meeting is in the diary."
            )
            return text
        captured.due_date = next_meeting
        return text[: meeting.start()]
    return text


def parse_action(
    source: str,
    known_initials: set[str] | dict,
    *,
    names: dict[str, str] | None = None,
    next_meeting: datetime.date | None = None,
) -> CapturedAction:
    """One action's text (after "Action:") into owners, description and due date.

    `names` maps the partnership's people's full names to their initials, so that "Gary Bloom
    to ..." finds GB; `next_meeting` is the date "by the next meeting" means.
    """
    names = {name.lower(): initials for name, initials in (names or {}).items()}
    text = _sentence(source)
    captured = CapturedAction(source_line=text, description=text)
    text = _deadline(text, captured, next_meeting)
    owners = None
    for verb in _VERB.finditer(text):
        owners = _owners(text[: verb.start()], names)
        if owners is not None:
            text = text[verb.end() :]
            break
    if owners is None and (trailing := _TRAILING_OWNERS.search(text)):
        owners = _owners(trailing.group("owners"), names)
        if owners is not None:
            text = text[: trailing.start()]
    if owners is None:
        captured.problems.append("No owner named: choose who owns it.")
    else:
        captured.owner_initials = owners.initials
        captured.other_owners = owners.others + owners.strangers
        for stranger in owners.strangers:
            captured.notes.append(
                f'Nobody in the partnership is called "{stranger}": kept as an other owner. '
                "Add them to the partnership's people to make them the owner."
            )
    # Kept as typed: a secretary's capitals ("Update the membership list") are hers.
    captured.description = text.strip().rstrip(".;,").strip()
    if captured.owner_initials:
        _, unknown = resolve_initials(
            captured.owner_initials, {initials: initials for initials in known_initials}
        )
        for token in unknown:
            captured.problems.append(f'Nobody has the initials "{token}".')
    return captured


def _bodies(text: str) -> list[str]:
    """The text of each action in the minutes, in order: what follows each marker to the end of
    its line, or, after a marker alone on its line ("Actions:"), each line of the list below it
    up to a blank line."""
    text = text or ""
    bodies = []
    markers = list(_MARKER.finditer(text))
    for index, marker in enumerate(markers):
        end = markers[index + 1].start() if index + 1 < len(markers) else len(text)
        line_end = text.find("\n", marker.end())
        body = text[marker.end() : end if line_end == -1 else min(end, line_end)].strip()
        if body:
            bodies.append(body)
            continue
        listed = False
        for line in text[marker.end() : end].split("\n"):
            item = _LIST_ITEM.sub("", line, count=1).strip()
            if item:
                bodies.append(item)
                listed = True
            elif listed:
                break
    return bodies


def action_sources(text: str) -> list[str]:
    """The source line of each action in these minutes, in the order they are written."""
    return [_sentence(body) for body in _bodies(text)]


def parse_action_lines(
    text: str,
    known_initials: set[str] | dict,
    *,
    names: dict[str, str] | None = None,
    next_meeting: datetime.date | None = None,
) -> list[CapturedAction]:
    """Every action in an item's minutes, in order."""
    return [
        parse_action(body, known_initials, names=names, next_meeting=next_meeting)
        for body in _bodies(text)
    ]
