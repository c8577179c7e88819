"""Setting up a board's members in one go from a list: name, job title, organisation, role on the
board, e-mail, initials and whom they deputise for, uploaded (CSV or Excel) or pasted.

`members_plan` works out what each row will do, writing nothing; `members_import` writes the plan
in one transaction. People are matched by e-mail, then by name; organisations by name. So the
same list uploaded twice changes nothing the second time.
"""

from collections.abc import Sequence
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction

from .members_list import (
    DEPUTY,
    LABELS,
    MAX_LENGTHS,
    MAX_ROWS,
    ROLES,
    ListProblem,
    match_headings,
    plain_key,
    suggest_initials,
)
from .models import Board, Membership, Organisation, Person, Role

CHANGE_REASON = "Members list upload"


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
        by_name.setdefault(plain_key(person.name), []).append(person)
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
        for name, limit in MAX_LENGTHS.items():
            if len(getattr(row, name)) > limit:
                problem(name, f"is longer than {limit} characters.")
        role = ROLES.get(plain_key(row.role_text))
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
            key = plain_key(row.name)
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
            named = [p for p in by_name.get(plain_key(wanted), []) if p.pk in member_ids]
            member = named[0] if len(named) == 1 else None
        if member is None:
            listed = new_names.get(plain_key(wanted)) or new_initials.get(wanted.upper())
            if listed is None:
                listed = next(
                    (
                        r
                        for r in plan.rows
                        if r.person is not None
                        and r.role != DEPUTY
                        and (
                            plain_key(r.person.name) == plain_key(wanted)
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
