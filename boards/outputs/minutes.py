"""The minutes as every rendering prints them: one context for the web page, the PDF, the Word
file and the meeting pack, so they never disagree, and the record kept with approved minutes.

The public version leaves the text of confidential items out.
"""

import datetime
from dataclasses import asdict, dataclass, field

from core import registry
from core.dates import time_of_day
from core.registry import MinutesAction

from ..minutes_text import minutes_html
from ..models import AgendaItem, Attendance, Board, Meeting, Minutes, Organisation, Person
from ..selectors import meetings as meeting_selectors

WITHHELD_NOTE = "This item was considered in private and is exempt from publication."
DECLARATION_WITHHELD_NOTE = (
    "A declaration of interest on an item considered in private is exempt from publication."
)
CONFIDENTIAL = "Confidential: not for publication"
ACTIONS_HEADINGS = ("Ref", "Action", "Owner(s)", "Deadline")
SIGNATURE = "Signed (Chair) ……………………………………  Date ……………………"


@dataclass
class MinutesItem:
    item: AgendaItem
    number: int
    time: datetime.time | None
    title: str
    withheld: bool
    confidential: bool = False  # shown, marked as exempt from publication (members' copy)
    text: str = ""
    html: str = ""
    decision: str = ""
    lines: list[str] = field(default_factory=list)
    papers: list = field(default_factory=list)
    amendments: list = field(default_factory=list)
    actions: list[MinutesAction] = field(default_factory=list)  # when tabled under each item
    note: str = ""  # a line the minutes add, e.g. where the apologies are listed


@dataclass
class DeclarationLine:
    """A declaration as the minutes print it: `person` as the record keeps them (a stand-in,
    never saved, for approved minutes), None for "None recorded"."""

    person: Person | None
    interest: str
    on_confidential_item: bool

    @property
    def is_none_recorded(self) -> bool:
        return self.person is None


@dataclass
class AttendanceGroup:
    label: str
    rows: list[Attendance]


# The headings of the attendance table, in the order the seed minutes print them. Those who
# were not recorded, or recorded absent, are not listed.
_HEADING_OF_ROLE = {
    Attendance.Role.CHAIR: "Chair",
    Attendance.Role.VICE_CHAIR: "Chair",
    Attendance.Role.MEMBER: "Members",
    Attendance.Role.DEPUTY: "Deputies",
    Attendance.Role.ADVISER: "Advisers",
    Attendance.Role.GUEST: "Guest",
    Attendance.Role.IN_ATTENDANCE: "In attendance",
    Attendance.Role.MINUTE_TAKER: "Administration",
}
APOLOGIES = "Apologies"
NOT_RECORDED = "Not yet recorded"
_GROUPS = [
    "Chair",
    "Members",
    "Deputies",
    "Advisers",
    "Guest",
    "In attendance",
    APOLOGIES,
    "Administration",
    NOT_RECORDED,
]


def attendance_group(row: Attendance, *, unrecorded: bool = False) -> str | None:
    """The heading a row is printed under: apologies together, those present by their role."""
    if row.status == Attendance.Status.APOLOGIES:
        return APOLOGIES
    if row.status == Attendance.Status.NOT_RECORDED:
        return NOT_RECORDED if unrecorded else None
    if row.status == Attendance.Status.PRESENT:
        return _HEADING_OF_ROLE.get(row.role, "In attendance")
    return None


def attendance_groups(rows: list[Attendance], *, unrecorded: bool = False) -> list[AttendanceGroup]:
    """The attendance table's groups. `unrecorded` adds those still to be recorded, last (for
    the secretary's screen; the minutes never list them)."""
    grouped: dict[str, list[Attendance]] = {label: [] for label in _GROUPS}
    for row in rows:
        label = attendance_group(row, unrecorded=unrecorded)
        if label:
            grouped[label].append(row)
    return [AttendanceGroup(label, members) for label, members in grouped.items() if members]


def status_label(minutes: Minutes | None) -> str:
    return "Final minutes" if minutes is not None and minutes.is_frozen else "Draft"


def _person(person: Person | None) -> dict | None:
    if person is None:
        return None
    organisation = person.organisation
    return {
        "name": person.name,
        "initials": person.initials,
        "job_title": person.job_title,
        "organisation": organisation.name if organisation else "",
    }


def minutes_record(meeting: Meeting) -> dict:
    """What the minutes show that is worked out from other records, as it stands now: the lines
    other apps add (what was said of each action, with its due date and successor) and the
    people who attended or declared an interest, with their job titles and organisations, and
    the part each had in the meeting.

    Kept with the minutes when they are approved, so that editing an action or a person later
    does not rewrite an approved record.
    """
    return {
        "lines": _keyed(registry.minutes_lines(meeting, public=False)),
        "public_lines": _keyed(registry.minutes_lines(meeting, public=True)),
        "actions": [asdict(a) for a in registry.minutes_actions(meeting, public=False)],
        "public_actions": [asdict(a) for a in registry.minutes_actions(meeting, public=True)],
        "attendance": {
            str(row.pk): {
                "person": _person(row.person),
                "deputy_for": _person(row.deputy_for),
                "status": row.status,
                "role": row.role,
            }
            for row in meeting_selectors.attendance(meeting)
        },
        "declarations": {
            str(declaration.pk): _person(declaration.person)
            for declaration in meeting_selectors.declarations(meeting)
        },
    }


def _keyed(lines: dict[int, list[str]]) -> dict[str, list[str]]:
    return {str(item_id): item_lines for item_id, item_lines in lines.items()}


def _as_recorded(person: dict) -> Person:
    """A stand-in person, never saved, showing what the record says of them."""
    organisation = Organisation(name=person["organisation"]) if person["organisation"] else None
    return Person(
        name=person["name"],
        initials=person["initials"],
        job_title=person["job_title"],
        organisation=organisation,
    )


def _as_in_record(rows: list[Attendance], record: dict) -> list[Attendance]:
    """The attendance rows as the approved record has them: each person, whom a deputy stood
    for, whether they were there and in what part. A row the record does not know (approved
    minutes do not gain rows) is left as it is; so are the status and role of records kept
    before they held them."""
    for row in rows:
        kept = record.get(str(row.pk))
        if kept is None:
            continue
        for name in ("person", "deputy_for"):
            setattr(row, name, None if kept[name] is None else _as_recorded(kept[name]))
        row.status = kept.get("status", row.status)
        row.role = kept.get("role", row.role)
    return rows


def _declaration_lines(meeting: Meeting, record: dict | None) -> list[DeclarationLine]:
    """The declarations as the minutes print them, each declarant as the approved record has
    them (`record`, None for minutes still open) or as they are now."""
    lines = []
    for declaration in meeting_selectors.declarations(meeting):
        person = declaration.person
        kept = (record or {}).get(str(declaration.pk))
        if person is not None and kept is not None:
            person = _as_recorded(kept)
        item = declaration.agenda_item
        lines.append(
            DeclarationLine(
                person=person,
                interest=declaration.interest,
                on_confidential_item=item is not None and item.confidential,
            )
        )
    return lines


def close_line(close_time: datetime.time | None) -> str:
    return f"The meeting closed at {time_of_day(close_time)}." if close_time else ""


def next_meeting_line(following: Meeting | None) -> str:
    """The next meeting as its own record has it: "Next meeting: Thursday 23 March 2023,
    10am, Civic Centre"."""
    if following is None:
        return ""
    where = f", {following.where}" if following.where else ""
    return f"Next meeting: {following.date:%A %-d %B %Y}, {time_of_day(following.starts_at)}{where}"


def apologies_note(board: Board, rows: list[Attendance]) -> str:
    """Under the welcome item, where the apologies are listed: above when the board prints the
    attendance first, below otherwise."""
    if not any(row.status == Attendance.Status.APOLOGIES for row in rows):
        return ""
    where = "above" if board.minutes_attendance == Board.MinutesAttendance.AT_THE_TOP else "below"
    return f"Apologies were received from those listed under Apologies in the attendance {where}."


def minutes_context(meeting: Meeting, *, public: bool) -> dict:
    """All that any rendering of the minutes needs. `public` withholds confidential text.
    Approved minutes show what was recorded when they were approved (see minutes_record).

    The web page, the PDF, the Word file and the meeting pack all print what this gives, in
    the order the board chose (`attendance_first`, `actions_at_end`)."""
    board = meeting.board
    minutes = Minutes.objects.filter(meeting=meeting).first()
    record = minutes.record if minutes is not None and minutes.is_frozen else None
    if record is None:
        lines = registry.minutes_lines(meeting, public=public)
    else:
        kept = record["public_lines" if public else "lines"]
        lines = {int(item_id): item_lines for item_id, item_lines in kept.items()}
    if record is None or "actions" not in record:  # kept with approvals since the table was
        actions = registry.minutes_actions(meeting, public=public)
    else:
        actions = [
            MinutesAction(**kept) for kept in record["public_actions" if public else "actions"]
        ]
    actions_at_end = board.minutes_actions == Board.MinutesActions.AT_THE_END
    actions_by_item: dict[int, list[MinutesAction]] = {}
    for action in actions:
        actions_by_item.setdefault(action.item_id, []).append(action)
    amendments: dict[int, list] = {}
    if minutes is not None:
        for amendment in minutes.amendments.select_related("author"):
            amendments.setdefault(amendment.agenda_item_id, []).append(amendment)
    items = []
    for item in meeting_selectors.agenda(meeting):
        withheld = public and item.confidential
        entry = MinutesItem(
            item=item,
            number=item.position,
            time=item.actual_start or item.planned_start,
            title=item.title,
            withheld=withheld,
            confidential=item.confidential and not public,
        )
        if not withheld:
            entry.text = item.minutes_text
            entry.html = minutes_html(item.minutes_text)
            entry.decision = item.decision
            entry.lines = lines.get(item.pk, [])
            entry.papers = list(item.papers.all())
            entry.amendments = amendments.get(item.pk, [])
            if not actions_at_end:
                entry.actions = actions_by_item.get(item.pk, [])
        items.append(entry)
    rows = meeting_selectors.attendance(meeting)
    if record is not None:
        rows = _as_in_record(rows, record["attendance"])
    welcome = next((e for e in items if e.item.standing == AgendaItem.Standing.WELCOME), None)
    if welcome is not None and not welcome.withheld and "apolog" not in welcome.text.lower():
        welcome.note = apologies_note(board, rows)
    declarations = _declaration_lines(meeting, record["declarations"] if record else None)
    # The public copy leaves out what was declared on an item considered in private.
    declarations_withheld = public and any(d.on_confidential_item for d in declarations)
    if public:
        declarations = [d for d in declarations if not d.on_confidential_item]
    times = [entry.time for entry in items if entry.time]
    close_time = (
        meeting.ends_at if meeting.ends_at and all(t <= meeting.ends_at for t in times) else None
    )
    following = meeting_selectors.next_meeting(meeting)
    return {
        "meeting": meeting,
        "board": board,
        "minutes": minutes,
        "status_label": status_label(minutes),
        "items": items,
        "actions_headings": ACTIONS_HEADINGS,
        "actions_at_end": actions if actions_at_end else [],
        "attendance_first": board.minutes_attendance == Board.MinutesAttendance.AT_THE_TOP,
        "attendance_groups": attendance_groups(rows),
        "declarations": declarations,
        "declarations_withheld_note": DECLARATION_WITHHELD_NOTE if declarations_withheld else "",
        "public": public,
        "withheld_note": WITHHELD_NOTE,
        "confidential_note": CONFIDENTIAL,
        "next_meeting": following,
        "next_meeting_line": next_meeting_line(following),
        "close_time": close_time,
        "close_line": close_line(close_time),
        "signature": SIGNATURE if minutes is not None and minutes.is_frozen else "",
    }


def minutes_title(meeting: Meeting) -> str:
    return f"{meeting.board.name}: minutes of {meeting.date:%-d %B %Y}"


def minutes_filename(meeting: Meeting, extension: str, *, public: bool) -> str:
    suffix = "-public" if public else ""
    return f"{meeting.board.short_name}-minutes-{meeting.date:%Y-%m-%d}{suffix}.{extension}"
