"""Who attended a meeting, in which part, and whether it was quorate."""

import datetime
from dataclasses import dataclass

from django.db import transaction
from simple_history.utils import bulk_create_with_history

from core.concurrency import EditConflict

from ..models import Attendance, Meeting, Membership, Minutes, Person, Role
from .meetings import MinutesFrozen
from .minutes import ensure_draft

_ROLE_IN_MEETING = {
    Role.CHAIR: Attendance.Role.CHAIR,
    Role.VICE_CHAIR: Attendance.Role.VICE_CHAIR,
    Role.MEMBER: Attendance.Role.MEMBER,
    Role.ADVISER: Attendance.Role.ADVISER,
    Role.GUEST: Attendance.Role.GUEST,
    Role.SECRETARY: Attendance.Role.MINUTE_TAKER,
}


def role_in_meeting(board_role: str) -> str:
    """The part a seat on the board gives in its meetings (a secretary takes the minutes)."""
    return _ROLE_IN_MEETING.get(board_role, Attendance.Role.IN_ATTENDANCE)


@transaction.atomic
def attendance_prefill(*, meeting: Meeting) -> int:
    """One attendance row per current member, not recorded, unless the list was started already.

    Nobody is assumed present: members who sent apologies (or a deputy) start as apologies, a
    deputy they named starts as expected, and everyone else waits for the secretary to record
    them. A reply saying "attending" marks no one present.
    """
    if Minutes.objects.filter(meeting=meeting, status__in=Minutes.FROZEN).exists():
        raise MinutesFrozen()
    if meeting.attendance.exists():
        return 0
    memberships = Membership.objects.current(on=meeting.date).filter(board_id=meeting.board_id)
    replies = {reply.person_id: reply for reply in meeting.replies.all()}
    rows: dict[int, Attendance] = {}
    for membership in memberships.order_by("person__name"):
        reply = replies.get(membership.person_id)
        rows.setdefault(
            membership.person_id,
            Attendance(
                meeting=meeting,
                person_id=membership.person_id,
                role=role_in_meeting(membership.role),
                status=Attendance.Status.APOLOGIES
                if reply is not None and reply.sends_apologies
                else Attendance.Status.NOT_RECORDED,
            ),
        )
    for reply in replies.values():
        if reply.person_id in rows and reply.deputy_id and reply.deputy_id not in rows:
            rows[reply.deputy_id] = Attendance(
                meeting=meeting,
                person_id=reply.deputy_id,
                role=Attendance.Role.DEPUTY,
                deputy_for_id=reply.person_id,
            )
    bulk_create_with_history(list(rows.values()), Attendance, ignore_conflicts=True)
    return len(rows)


@dataclass
class AttendanceChange:
    attendance: Attendance
    status: str
    role: str
    deputy_for: Person | None
    joined_at: datetime.time | None
    left_at: datetime.time | None
    version: int | None


@transaction.atomic
def attendance_update(*, meeting: Meeting, changes: list[AttendanceChange]) -> None:
    """Save the attendance list as a whole; refused whole if anyone changed a row meanwhile."""
    ensure_draft(meeting)
    for change in changes:
        current = Attendance.objects.select_for_update().get(
            pk=change.attendance.pk, meeting=meeting
        )
        deputy_for = change.deputy_for if change.role == Attendance.Role.DEPUTY else None
        new = (change.status, change.role, deputy_for, change.joined_at, change.left_at)
        old = (current.status, current.role, current.deputy_for, current.joined_at, current.left_at)
        if new == old:
            continue
        if change.version is not None and current.version != change.version:
            raise EditConflict(current)
        current.status, current.role, current.deputy_for, current.joined_at, current.left_at = new
        current.version += 1
        current.full_clean(exclude=["meeting", "person"])
        current.save()


@transaction.atomic
def attendance_add(
    *,
    meeting: Meeting,
    person: Person,
    role: str,
    status: str = Attendance.Status.PRESENT,
    deputy_for: Person | None = None,
    joined_at: datetime.time | None = None,
) -> Attendance:
    """Someone not on the list: a deputy, a guest, an adviser or an officer in attendance."""
    ensure_draft(meeting)
    return Attendance.objects.create(
        meeting=meeting,
        person=person,
        status=status,
        role=role,
        deputy_for=deputy_for if role == Attendance.Role.DEPUTY else None,
        joined_at=joined_at,
    )


@dataclass(frozen=True)
class Quorum:
    needed: int
    counted: int  # members and deputies recorded present
    recorded: bool  # whether anyone has been recorded present or absent yet
    unrecorded: int  # rows still not recorded

    @property
    def met(self) -> bool:
        return self.recorded and self.counted >= self.needed

    @property
    def undecided(self) -> bool:
        """Not met so far, but some are still to be recorded."""
        return not self.met and self.unrecorded > 0


def quorum(meeting: Meeting, attendance: list[Attendance]) -> Quorum:
    """Counts only what was recorded: until someone is recorded present or absent, there is no
    answer (apologies sent before the meeting do not make one)."""
    status = Attendance.Status
    return Quorum(
        needed=meeting.board.quorum,
        counted=sum(1 for row in attendance if row.counts_for_quorum),
        recorded=any(row.status in {status.PRESENT, status.ABSENT} for row in attendance),
        unrecorded=sum(1 for row in attendance if row.status == status.NOT_RECORDED),
    )
