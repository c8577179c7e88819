"""Demo meetings: the SSPB meeting of 26 January 2023 from the seed minutes, and the next one."""

import datetime

from django.db import transaction
from django.utils import timezone

from boards.models import (
    AgendaItem,
    Attendance,
    Board,
    Declaration,
    ForwardPlanItem,
    Meeting,
    Minutes,
    Partnership,
    Person,
)
from boards.services import meetings as meeting_services
from boards.services.attendance import role_in_meeting

from .minutes_2023_01 import ITEMS

JANUARY = datetime.date(2023, 1, 26)
MARCH = datetime.date(2023, 3, 23)

# As in the attendance table at the end of the seed minutes: whether each was there, and the
# part they had (as their seat on the board gives it, unless said here).
ATTENDANCE = [
    ("MM", Attendance.Status.PRESENT, None),
    ("AW", Attendance.Status.PRESENT, None),
    ("HF", Attendance.Status.PRESENT, None),
    ("CMc", Attendance.Status.PRESENT, None),
    ("GB", Attendance.Status.PRESENT, None),
    ("JM", Attendance.Status.PRESENT, None),
    ("PJ", Attendance.Status.PRESENT, None),
    ("OR", Attendance.Status.PRESENT, None),
    ("SG", Attendance.Status.PRESENT, Attendance.Role.GUEST),
    ("KR", Attendance.Status.APOLOGIES, None),
    ("SD", Attendance.Status.APOLOGIES, None),
    ("L-MM", Attendance.Status.APOLOGIES, None),
    ("SL", Attendance.Status.APOLOGIES, None),
    ("TP", Attendance.Status.APOLOGIES, None),
    ("CC", Attendance.Status.APOLOGIES, None),
    ("CJ", Attendance.Status.PRESENT, Attendance.Role.MINUTE_TAKER),
]

# title, owner, wanted at March (True) or in the month given, notes
FORWARD_PLAN = [
    ("SEND Co-Production Charter update", "CJ", True, None, "Agreed under action 104."),
    (
        "Special school places: pressures, numbers and options",
        "GB",
        True,
        None,
        "Paper with AW and JM: tribunal decisions, causes, impact on mainstream, expansion.",
    ),
    (
        "Alternative Provision pilots: update",
        "SG",
        False,
        datetime.date(2023, 4, 1),
        "Return to Board in the new financial year once the pilots are up and running.",
    ),
    (
        "Draft self-evaluation framework (SEF)",
        "GB",
        False,
        datetime.date(2023, 6, 1),
        "A draft version to Board in the summer term.",
    ),
]


def _at(time: str) -> datetime.time:
    hours, minutes = time.split(".")
    return datetime.time(int(hours), int(minutes))


def _aware(date: datetime.date, hour: int = 9) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(date, datetime.time(hour)))


@transaction.atomic
def load_meetings(partnership: Partnership) -> None:
    board = Board.objects.filter(partnership=partnership, short_name="SSPB").first()
    if board is None:
        return
    people = {person.initials: person for person in partnership.people.all()}
    january, created = Meeting.objects.get_or_create(
        board=board,
        date=JANUARY,
        defaults={
            "starts_at": datetime.time(10, 0),
            "ends_at": datetime.time(12, 0),
            "venue": "Via MS Teams",
            "status": Meeting.Status.HELD,
        },
    )
    march, _ = Meeting.objects.get_or_create(
        board=board,
        date=MARCH,
        defaults={
            "starts_at": datetime.time(10, 0),
            "ends_at": datetime.time(12, 0),
            "venue": "Via MS Teams",
        },
    )
    if not created:
        return
    _january_minutes(january, people)
    _forward_plan(board, january, march, people)
    meeting_services.standing_items_add(meeting=march)
    meeting_services.forward_plan_pull(meeting=march)
    Minutes.objects.create(
        meeting=january,
        status=Minutes.Status.PUBLISHED,
        circulated_at=_aware(datetime.date(2023, 2, 2)),
        approved_on=MARCH,
        approved_at_meeting=march,
        published_at=_aware(datetime.date(2023, 3, 24)),
    )
    march_minutes_item = march.agenda_items.get(standing=AgendaItem.Standing.MINUTES)
    march_minutes_item.decision = (
        "The minutes of the meeting held on 26 January 2023 were approved as an accurate record."
    )
    march_minutes_item.save(update_fields=["decision"])


def _january_minutes(meeting: Meeting, people: dict[str, Person]) -> None:
    for position, (time, title, kind, standing, presenter, text) in enumerate(ITEMS, start=1):
        AgendaItem.objects.create(
            meeting=meeting,
            position=position,
            title=title,
            planned_start=_at(time),
            actual_start=_at(time),
            kind=kind,
            standing=standing,
            presenter=people.get(presenter),
            minutes_text=text,
        )
    seats = dict(meeting.board.memberships.values_list("person__initials", "role"))
    Attendance.objects.bulk_create(
        Attendance(
            meeting=meeting,
            person=people[initials],
            status=status,
            role=role or role_in_meeting(seats.get(initials, "")),
        )
        for initials, status, role in ATTENDANCE
        if initials in people
    )
    Declaration.objects.create(meeting=meeting)


def _forward_plan(board, january, march, people) -> None:
    for title, owner, at_march, month, notes in FORWARD_PLAN:
        ForwardPlanItem.objects.get_or_create(
            board=board,
            title=title,
            defaults={
                "owner": people.get(owner),
                "wanted_at": march if at_march else None,
                "wanted_month": month,
                "requested_at": january,
                "notes": notes,
            },
        )
