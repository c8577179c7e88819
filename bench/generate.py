"""A large generated partnership for the benchmarks, written with bulk inserts.

`grow()` tops every board up to the requested numbers of meetings and actions, so the runner can
measure at a tenth of the data and then again at the full size.
"""

import datetime
import random
from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from boards.models import (
    AgendaItem,
    Attendance,
    Board,
    Meeting,
    Membership,
    Minutes,
    Organisation,
    Partnership,
    Person,
    Role,
)

PASSWORD = "bench-not-secret-2026"
BATCH = 2000

STANDING_ITEMS = [
    ("Welcome, introductions and apologies", "welcome"),
    ("Declarations of interest", "declarations"),
    ("Minutes of the last meeting", "minutes"),
    ("Action log", "action_log"),
    ("Risk log", "risk_log"),
]
TOPICS = [
    "EHC plan timeliness: 20-week performance",
    "Written Statement of Action: progress against priority 2",
    "Alternative provision pilots",
    "Preparing for adulthood highlight report",
    "ASD assessment waiting times",
    "Co-production charter refresh",
    "SEND sufficiency and capital programme",
    "Parent carer forum feedback",
]
MINUTE = (
    "The board noted the update and asked for assurance that the actions agreed with the ICB "
    "would be completed before the next inspection visit, with a report on the EHCNA backlog."
)
WORDS = MINUTE.split()


@dataclass
class Scale:
    boards: int
    people: int
    meetings_per_board: int
    actions_per_board: int
    risks: int
    plans: int

    @classmethod
    def of(cls, factor: float) -> "Scale":
        return cls(
            boards=max(2, round(50 * factor)),
            people=max(20, round(500 * factor)),
            meetings_per_board=40,
            actions_per_board=2000,
            risks=round(5000 * factor),
            plans=max(1, round(20 * factor)),
        )


def sentence(rng: random.Random, words: int = 18) -> str:
    return " ".join(rng.choice(WORDS) for _ in range(words)).capitalize() + "."


def structure(scale: Scale, rng: random.Random) -> Partnership:
    """The partnership, its people and boards, and the signed-in bench user."""
    partnership = Partnership.objects.create(name="Bench SEND Partnership", slug="bench")
    organisations = Organisation.objects.bulk_create(
        Organisation(partnership=partnership, name=f"Organisation {n}") for n in range(20)
    )
    user = get_user_model().objects.create_user("bench", password=PASSWORD)
    people = [
        Person(
            partnership=partnership,
            name=f"Person {n}",
            initials=f"P{n}",
            job_title="Head of Service",
            organisation=rng.choice(organisations),
        )
        for n in range(scale.people)
    ]
    people[0].user = user
    people[0].name = "Bench Secretary"
    Person.objects.bulk_create(people, batch_size=BATCH)
    top = Board.objects.create(partnership=partnership, name="Board 0", short_name="B0", slug="b0")
    Board.objects.bulk_create(
        Board(
            partnership=partnership, name=f"Board {n}", short_name=f"B{n}", slug=f"b{n}", parent=top
        )
        for n in range(1, scale.boards)
    )
    boards = list(partnership.boards.order_by("pk"))
    people = list(partnership.people.order_by("pk"))
    memberships = [Membership(board=boards[1], person=people[0], role=Role.SECRETARY)]
    memberships += [Membership(board=b, person=people[0], role=Role.MEMBER) for b in boards[2:]]
    for board in boards:
        seats = rng.sample(people[1:], 12)
        memberships += [Membership(board=board, person=p) for p in seats]
        memberships[-1].role = Role.CHAIR
    Membership.objects.bulk_create(memberships, batch_size=BATCH)
    return partnership


def _meetings(board: Board, have: int, want: int) -> None:
    start = datetime.date(2020, 1, 9)
    meetings = []
    for n in range(have, want):
        meetings.append(
            Meeting(
                board=board,
                date=start + datetime.timedelta(days=42 * n),
                starts_at=datetime.time(10, 0),
                ends_at=datetime.time(12, 0),
                venue="Civic Centre" if n % 2 else "Via MS Teams",
                status=Meeting.Status.HELD,
            )
        )
    Meeting.objects.bulk_create(meetings, batch_size=BATCH)


def _meeting_contents(meetings: list, people: list, rng: random.Random) -> None:
    items, attendance, minutes = [], [], []
    for meeting in meetings:
        titles = (
            STANDING_ITEMS
            + [(t, "") for t in rng.sample(TOPICS, 3)]
            + [("Any other business", "aob")]
        )
        for position, (title, standing) in enumerate(titles, start=1):
            items.append(
                AgendaItem(
                    meeting=meeting,
                    position=position,
                    title=title,
                    standing=standing,
                    kind=AgendaItem.Kind.STANDING if standing else AgendaItem.Kind.DISCUSSION,
                    confidential=position == 7 and meeting.pk % 5 == 0,
                    minutes_text=sentence(rng, 60),
                    decision="Noted",
                )
            )
        for person in rng.sample(people, 10):
            attendance.append(
                Attendance(
                    meeting=meeting,
                    person=person,
                    role=Attendance.Role.MEMBER,
                    status=Attendance.Status.PRESENT,
                )
            )
        # The latest minutes wait, circulated, for the board's next meeting to approve them.
        latest = meeting is meetings[-1]
        status = Minutes.Status.CIRCULATED if latest else Minutes.Status.PUBLISHED
        minutes.append(Minutes(meeting=meeting, status=status))
    AgendaItem.objects.bulk_create(items, batch_size=BATCH)
    Attendance.objects.bulk_create(attendance, batch_size=BATCH)
    Minutes.objects.bulk_create(minutes, batch_size=BATCH)


def _actions(
    board: Board, have: int, want: int, meetings: list, people: list, rng, owned_up_to: int
) -> int:
    from actions.models import Action, ActionUpdate

    today = timezone.localdate()
    # Boards close most of what they agree: about one action in fourteen is still open.
    statuses = [Action.Status.OPEN] + [Action.Status.CLOSED] * 12 + [Action.Status.SUPERSEDED]
    new = []
    for number in range(have + 1, want + 1):
        meeting = rng.choice(meetings)
        status = rng.choice(statuses)
        due = meeting.date + datetime.timedelta(days=rng.randint(14, 120))
        new.append(
            Action(
                board=board,
                reference=str(number),
                number=number,
                description=sentence(rng, 25),
                raised_at=meeting,
                due_date=due,
                original_due_date=due,
                status=status,
                closed_on=min(due, today) if status == Action.Status.CLOSED else None,
            )
        )
    new = Action.objects.bulk_create(new, batch_size=BATCH)
    owners, updates = [], []
    through = Action.owners.through
    bench_person = people[0]
    for action in new:
        for person in rng.sample(people[1:], rng.choice((1, 1, 2))):
            owners.append(through(action_id=action.pk, person_id=person.pk))
        # What one person owns does not grow with the partnership: the bench's person owns
        # actions among each board's first tenth only, enough to fill the first page of "My
        # actions" with a tenth of the data already.
        if action.number <= owned_up_to and rng.random() < 0.4:
            owners.append(through(action_id=action.pk, person_id=bench_person.pk))
        for _ in range(2):
            updates.append(
                ActionUpdate(action=action, text=sentence(rng), meeting=rng.choice(meetings))
            )
    through.objects.bulk_create(owners, batch_size=BATCH, ignore_conflicts=True)
    ActionUpdate.objects.bulk_create(updates, batch_size=BATCH)
    return len(new)


def _risks(boards: list, people: list, count: int, rng: random.Random) -> int:
    from risks.models import Risk

    made = 0
    per_board = max(1, count // len(boards))
    for board in boards:
        have = Risk.objects.filter(board=board).count()
        rows = []
        for number in range(have + 1, per_board + 1):
            scores = [rng.randint(1, 5) for _ in range(6)]
            rows.append(
                Risk(
                    board=board,
                    number=number,
                    reference=f"R{number}",
                    title=sentence(rng, 6),
                    description=sentence(rng),
                    owner=rng.choice(people),
                    review_date=timezone.localdate() + datetime.timedelta(rng.randint(-30, 90)),
                    inherent_likelihood=max(scores[0], scores[2]),
                    inherent_impact=max(scores[1], scores[3]),
                    current_likelihood=scores[2],
                    current_impact=scores[3],
                    target_likelihood=min(scores[4], scores[2]),
                    target_impact=min(scores[5], scores[3]),
                )
            )
        Risk.objects.bulk_create(rows, batch_size=BATCH)
        made += len(rows)
    return made


def _plans(partnership, boards: list, people: list, count: int, rng: random.Random) -> int:
    from strategy.models import Plan, PlanAction, Priority

    have = Plan.objects.filter(partnership=partnership).count()
    for n in range(have, count):
        plan = Plan.objects.create(
            partnership=partnership,
            kind=rng.choice(Plan.Kind.values),
            title=f"Plan {n + 1}",
            owner_board=boards[n % len(boards)],
        )
        priorities = Priority.objects.bulk_create(
            Priority(
                plan=plan,
                number=p,
                title=sentence(rng, 3),
                text=sentence(rng),
                sro=rng.choice(people),
                working_group=rng.choice(boards),
            )
            for p in range(1, 7)
        )
        PlanAction.objects.bulk_create(
            PlanAction(
                priority=priority,
                number=a,
                text=sentence(rng),
                lead=rng.choice(people),
                due_date=timezone.localdate() + datetime.timedelta(rng.randint(-60, 300)),
            )
            for priority in priorities
            for a in range(1, 9)
        )
    return max(0, count - have)


def optional_models(scale: Scale, partnership: Partnership, fraction: float, say) -> None:
    """Risks and plans up to `fraction` of their numbers."""
    rng = random.Random(11)
    boards = list(partnership.boards.all())
    people = list(partnership.people.all())
    with transaction.atomic():
        say(f"note: generated {_risks(boards, people, round(scale.risks * fraction), rng)} risks")
        made = _plans(partnership, boards, people, round(scale.plans * fraction), rng)
        say(f"note: generated {made} plans")


def grow(partnership: Partnership, scale: Scale, fraction: float, seed: int = 7) -> dict:
    """Top every board up to `fraction` of its meetings and actions."""
    rng = random.Random(seed + int(fraction * 100))
    people = list(partnership.people.order_by("pk"))
    want_meetings = max(2, round(scale.meetings_per_board * fraction))
    want_actions = round(scale.actions_per_board * fraction)
    owned_up_to = round(scale.actions_per_board * 0.1)
    totals = {"meetings": 0, "actions": 0}
    for board in partnership.boards.order_by("pk"):
        with transaction.atomic():
            have = board.meetings.count()
            _meetings(board, have, want_meetings)
            made = list(Meeting.objects.filter(board=board).order_by("date")[have:])
            if made:  # the minutes waiting for approval were approved at the first of these
                Minutes.objects.filter(
                    meeting__board=board, status=Minutes.Status.CIRCULATED
                ).update(status=Minutes.Status.PUBLISHED)
            _meeting_contents(made, people, rng)
            meetings = list(Meeting.objects.filter(board=board))
            have_actions = board.actions.count()
            totals["actions"] += _actions(
                board, have_actions, want_actions, meetings, people, rng, owned_up_to
            )
            totals["meetings"] += len(made)
    return totals
