"""Setting up a board's members in one go from a list: name, job title, organisation, role on the
board, e-mail, initials and whom they deputise for, uploaded (CSV or Excel) or pasted.

`members_plan` works out what each row will do, writing nothing; `members_import` writes the plan
in one transaction. People are matched by e-mail, then by name; organisations by name. So the
same list uploaded twice changes nothing the second time.
"""

import csv
import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction

from .models import Board, Membership, Organisation, Person, Role

CHANGE_REASON = "Members list upload"
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
_ROLES = {
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
_MAX_LENGTHS = {"name": 200, "job_title": 200, "organisation": 200, "initials": 12}


class ListProblem(ValueError):
    """The list as a whole cannot be read (no name column, too many rows), with a message."""


def _plain(heading: str) -> str:
    return " ".join(re.sub(r"[^a-z0-9]+", " ", heading.lower()).split())


def match_headings(headings: Sequence[str]) -> dict[str, int]:
    """Which column holds each field, matched on the headings in any case, with common variants
    ("E-mail address", "Organization", "Role on the board")."""
    found: dict[str, int] = {}
    for index, heading in enumerate(headings):
        plain = _plain(heading)
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


@dataclass
class MemberRow:
    """One row of the list and what it will do."""

    number: int  # as the spreadsheet numbers it: the headings are row 1
    name: str = ""
    job_title: str = ""
    organisation: str = ""
    role_text: str = ""
    email: str = ""
    initials: str = ""
    deputy_for: str = ""
    role: str = Role.MEMBER
    person: Person | None = None  # someone already in the partnership
    organisation_record: Organisation | None = None
    new_organisation: bool = False
    suggestion: str = ""  # initials to use instead of clashing ones
    use_suggestion: bool = False
    already_member: bool = False
    deputy_of: "MemberRow | Person | None" = None
    already_deputy: bool = False
    problems: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems

    @property
    def initials_to_use(self) -> str:
        return self.suggestion if self.use_suggestion and self.suggestion else self.initials

    @property
    def changes_nothing(self) -> bool:
        return (
            self.person is not None
            and (self.already_member or self.role == DEPUTY)
            and (self.deputy_of is None or self.already_deputy)
        )

    @property
    def outcomes(self) -> list[str]:
        """What the row will do, in words, for the preview."""
        if self.person is not None:
            said = [f"Matched existing person: {self.person.name} ({self.person.initials})"]
        else:
            said = [
                f"New person ({self.initials_to_use})" if self.initials_to_use else "New person"
            ]
        if self.new_organisation:
            said.append(f"New organisation: {self.organisation}")
        if self.role != DEPUTY:
            if self.already_member:
                said.append("Already a member – no change")
            else:
                said.append(f"Membership added as {Role(self.role).label}")
        if self.deputy_of is not None:
            said.append(
                f"Already deputy for {self._deputy_name}"
                if self.already_deputy
                else f"Named deputy for {self._deputy_name}"
            )
        return said

    @property
    def _deputy_name(self) -> str:
        return self.deputy_of.name


@dataclass
class MembersPlan:
    board: Board
    rows: list[MemberRow]
    columns: dict[str, str]  # field -> the heading the list gave it

    @property
    def bad(self) -> list[MemberRow]:
        return [row for row in self.rows if not row.ok]

    @property
    def good(self) -> list[MemberRow]:
        return [row for row in self.rows if row.ok]

    @property
    def clashes(self) -> list[MemberRow]:
        return [row for row in self.rows if row.suggestion]


def _column(plan_columns: dict[str, str], name: str) -> str:
    return plan_columns.get(name, LABELS[name])


def members_plan(
    *,
    board: Board,
    headings: Sequence[str],
    rows: Sequence[Sequence[str]],
    accepted: set[int] = frozenset(),
) -> MembersPlan:
    """What each row of the list will do, checked against the partnership; nothing is written.
    `accepted` are the row numbers whose suggested initials the secretary has accepted."""
    if len(rows) > MAX_ROWS:
        raise ListProblem(f"The list has more than {MAX_ROWS} rows: split it.")
    index = match_headings(headings)
    columns = {name: headings[i] for name, i in index.items()}
    partnership = board.partnership
    people = list(Person.objects.filter(partnership=partnership).select_related("organisation"))
    by_email = {p.email.lower(): p for p in people if p.email}
    by_name: dict[str, list[Person]] = {}
    for person in people:
        by_name.setdefault(_plain(person.name), []).append(person)
    taken = {p.initials.upper(): p for p in people}
    organisations = {
        org.name.lower(): org for org in Organisation.objects.filter(partnership=partnership)
    }
    organisations.update(
        {
            org.short_name.lower(): org
            for org in organisations.copy().values()
            if org.short_name and org.short_name.lower() not in organisations
        }
    )
    members = Membership.objects.current().filter(board=board)
    member_ids = set(members.values_list("person_id", flat=True))
    deputies = {m.person_id: m.deputy_id for m in members.only("person_id", "deputy_id")}

    plan = MembersPlan(board=board, rows=[], columns=columns)
    seen_people: dict[int, int] = {}  # person id or row key -> first row
    new_names: dict[str, MemberRow] = {}
    new_initials: dict[str, MemberRow] = {}
    new_organisations: set[str] = set()
    for number, cells in enumerate(rows, start=2):

        def cell(name, cells=cells):
            return cells[index[name]].strip() if name in index else ""

        row = MemberRow(number=number, **{name: cell(name) for name in LABELS if name != "role"})
        row.role_text = cell("role")

        def problem(name, message, row=row):
            row.problems.append(f'Row {row.number}, column "{_column(columns, name)}": {message}')

        if not row.name:
            problem("name", "enter the person's name.")
        for name, limit in _MAX_LENGTHS.items():
            if len(getattr(row, name)) > limit:
                problem(name, f"is longer than {limit} characters.")
        role = _ROLES.get(_plain(row.role_text))
        if role is None:
            problem(
                "role",
                f'"{row.role_text}" is not a role on a board: use chair, vice-chair, member, '
                "adviser, guest, secretary or deputy.",
            )
        else:
            row.role = role
        if row.email:
            try:
                validate_email(row.email)
            except ValidationError:
                problem("email", f'"{row.email}" is not an e-mail address.')
        if row.role == DEPUTY and not row.deputy_for:
            problem("deputy_for", "say whose deputy they are.")

        # Who they are: someone the partnership has already, or a new person.
        if row.name:
            key = _plain(row.name)
            row.person = by_email.get(row.email.lower()) if row.email else None
            if row.person is None:
                named = by_name.get(key, [])
                if len(named) == 1:
                    row.person = named[0]
                elif len(named) > 1:
                    problem(
                        "name",
                        f"{len(named)} people of the partnership are called {row.name}: give "
                        "their e-mail address to say which.",
                    )
            first = seen_people.get(row.person.pk if row.person else key)
            if first is not None:
                row.problems.append(f"Row {number}: {row.name} is also on row {first}.")
            else:
                seen_people[row.person.pk if row.person else key] = number
            if row.person is not None:
                row.already_member = row.person.pk in member_ids
                if row.initials and row.initials.upper() != row.person.initials.upper():
                    row.notes.append(
                        f"Keeps the initials {row.person.initials} the partnership knows them by."
                    )
            else:
                if not row.initials:
                    row.initials = suggest_initials(row.name, set(taken) | set(new_initials))
                clash = taken.get(row.initials.upper()) or new_initials.get(row.initials.upper())
                if clash is not None:
                    row.suggestion = suggest_initials(row.name, set(taken) | set(new_initials))
                    if number in accepted:
                        row.use_suggestion = True
                    else:
                        problem(
                            "initials",
                            f"{row.initials} are the initials of {clash.name} already: use "
                            f"{row.suggestion} instead?",
                        )
                new_initials[row.initials_to_use.upper()] = row
                new_names[key] = row

        if row.organisation:
            row.organisation_record = organisations.get(row.organisation.lower())
            if (
                row.organisation_record is None
                and row.organisation.lower() not in new_organisations
            ):
                row.new_organisation = True
                new_organisations.add(row.organisation.lower())
        plan.rows.append(row)

    # Deputies, once every row is known: the member they stand in for is on the board already
    # or on this list.
    members_by_initials = {p.initials.upper(): p for p in people if p.pk in member_ids}
    for row in plan.rows:
        if not row.deputy_for:
            continue
        wanted = row.deputy_for.strip()
        member = members_by_initials.get(wanted.upper())
        if member is None:
            named = [p for p in by_name.get(_plain(wanted), []) if p.pk in member_ids]
            member = named[0] if len(named) == 1 else None
        if member is None:
            listed = new_names.get(_plain(wanted)) or new_initials.get(wanted.upper())
            if listed is None:
                listed = next(
                    (
                        r
                        for r in plan.rows
                        if r.person is not None
                        and r.role != DEPUTY
                        and (
                            _plain(r.person.name) == _plain(wanted)
                            or r.person.initials.upper() == wanted.upper()
                        )
                    ),
                    None,
                )
            if listed is not None and listed.role != DEPUTY and listed is not row:
                member = listed.person or listed
        if member is None:
            row.problems.append(
                f'Row {row.number}, column "{_column(columns, "deputy_for")}": "{wanted}" is '
                "not a member of this board or a member on this list."
            )
            continue
        row.deputy_of = member
        if isinstance(member, Person) and row.person is not None:
            row.already_deputy = deputies.get(member.pk) == row.person.pk
    return plan


def _saved(record, user):
    record._history_user = user
    record._change_reason = CHANGE_REASON
    record.save()
    return record


@dataclass
class ImportSummary:
    people: int = 0
    organisations: int = 0
    memberships: int = 0
    deputies: int = 0
    unchanged: int = 0
    skipped: int = 0


@transaction.atomic
def members_import(*, plan: MembersPlan, user, skip_bad_rows: bool = False) -> ImportSummary:
    """Write the plan: organisations, people, memberships and deputies, all or nothing. Refused
    while any row has a problem, unless the secretary chose to skip those rows."""
    if plan.bad and not skip_bad_rows:
        count = len(plan.bad)
        raise ListProblem(
            f"{count} row{'s' if count != 1 else ''} {'have' if count != 1 else 'has'} "
            "problems: nothing was added. Put them right, or choose to skip them."
        )
    board = plan.board
    Board.objects.select_for_update().filter(pk=board.pk).first()  # one upload at a time
    summary = ImportSummary(skipped=len(plan.bad))
    organisations = {
        org.name.lower(): org for org in Organisation.objects.filter(partnership=board.partnership)
    }
    made: dict[int, Person] = {}  # row number -> person
    for row in plan.good:
        organisation = row.organisation_record
        if row.organisation and organisation is None:
            organisation = organisations.get(row.organisation.lower())
            if organisation is None:
                organisation = _saved(
                    Organisation(partnership=board.partnership, name=row.organisation), user
                )
                organisations[row.organisation.lower()] = organisation
                summary.organisations += 1
        person = row.person
        if person is None:
            person = _saved(
                Person(
                    partnership=board.partnership,
                    name=row.name,
                    initials=row.initials_to_use,
                    job_title=row.job_title,
                    organisation=organisation,
                    email=row.email,
                ),
                user,
            )
            summary.people += 1
        made[row.number] = person
        if row.role != DEPUTY and not row.already_member:
            _saved(
                Membership(board=board, person=person, role=row.role, representing=organisation),
                user,
            )
            summary.memberships += 1
        if row.changes_nothing:
            summary.unchanged += 1
    for row in plan.good:
        if row.deputy_of is None or row.already_deputy:
            continue
        member = row.deputy_of
        if isinstance(member, MemberRow):
            member = made.get(member.number)
            if member is None:  # the member's own row was skipped
                continue
        membership = Membership.objects.current().filter(board=board, person=member).first()
        if membership is not None and membership.deputy_id != made[row.number].pk:
            membership.deputy = made[row.number]
            membership.version += 1
            _saved(membership, user)
            summary.deputies += 1
    return summary


def read_list(*, upload=None, pasted: str = "") -> tuple[list[str], list[list[str]]]:
    """Headings and rows from an uploaded file or pasted text."""
    from core.spreadsheets import UnreadableFile, read_table

    if upload is not None:
        try:
            return read_table(upload)
        except UnreadableFile as error:
            raise ListProblem(str(error)) from error
    return read_pasted(pasted)
