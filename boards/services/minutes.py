"""Recording a meeting: attendance, declarations, the minutes per item, and their lifecycle."""

import datetime
from dataclasses import dataclass

from django.conf import settings
from django.contrib.auth.base_user import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.core.mail import EmailMessage
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone
from simple_history.utils import bulk_create_with_history

from core.concurrency import EditConflict

from .. import search_index
from ..meeting_dates import recorded_after
from ..minutes_text import clean_minutes
from ..models import (
    AgendaItem,
    Attendance,
    Declaration,
    Meeting,
    Membership,
    Minutes,
    MinutesAmendment,
    Person,
    Role,
)
from ..outputs import minutes as minutes_output
from .meetings import MinutesFrozen


class LifecycleError(Exception):
    """A step of the minutes' lifecycle taken out of order."""


def minutes_of(meeting: Meeting) -> Minutes:
    minutes, _ = Minutes.objects.get_or_create(meeting=meeting)
    return minutes


def _ensure_draft(meeting: Meeting) -> None:
    if minutes_of(meeting).is_frozen:
        raise MinutesFrozen()


def _cleaned(text: str, *, field: str) -> str:
    """The text as stored; ValidationError under `field` if it is beyond the limits."""
    try:
        return clean_minutes(text)
    except ValidationError as error:
        raise ValidationError({field: error.error_list}) from error


@transaction.atomic
def minutes_record(
    *,
    item: AgendaItem,
    minutes_text: str,
    decision: str,
    expected_version: int | None,
    user: AbstractBaseUser,
) -> AgendaItem:
    """Save what the secretary typed under an item, unless someone else saved it meanwhile.

    Raises EditConflict with the stored item when the version moved on and the stored text is
    not what was sent: the secretary then sees both and chooses. Raises ValidationError, by
    field, for text beyond the limits of minutes_text.check_minutes.
    """
    _ensure_draft(item.meeting)
    text = _cleaned(minutes_text, field="minutes_text")
    decision = _cleaned(decision, field="decision")
    current = AgendaItem.objects.select_for_update().get(pk=item.pk)
    unchanged = (current.minutes_text, current.decision) == (text, decision)
    if unchanged:
        return current
    if expected_version is not None and current.version != expected_version:
        raise EditConflict(current)
    current.minutes_text, current.decision = text, decision
    current.minutes_saved_at = timezone.now()
    current.minutes_saved_by = user
    current.version += 1
    current.save(
        update_fields=[
            "minutes_text",
            "decision",
            "minutes_saved_at",
            "minutes_saved_by",
            "version",
        ]
    )
    search_index.agenda_item_indexed(current)
    return current


@transaction.atomic
def item_start_stamp(*, item: AgendaItem, at: datetime.time | None = None) -> AgendaItem:
    """Record when the item actually started. The minutes text's version is left alone."""
    _ensure_draft(item.meeting)
    current = AgendaItem.objects.select_for_update().get(pk=item.pk)
    now = timezone.localtime()
    current.actual_start = at or now.time().replace(second=0, microsecond=0)
    current.save(update_fields=["actual_start"])
    return current


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
    _ensure_draft(meeting)
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
    _ensure_draft(meeting)
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


@transaction.atomic
def declaration_add(
    *, meeting: Meeting, person: Person, interest: str, item: AgendaItem | None = None
) -> Declaration:
    _ensure_draft(meeting)
    meeting.declarations.filter(person__isnull=True).delete()
    return Declaration.objects.create(
        meeting=meeting, person=person, interest=interest.strip(), agenda_item=item
    )


@transaction.atomic
def declarations_none_recorded(*, meeting: Meeting) -> Declaration:
    """ "None recorded" is itself a record, and only stands when nobody declared anything."""
    _ensure_draft(meeting)
    if meeting.declarations.filter(person__isnull=False).exists():
        raise LifecycleError("Interests have been declared: remove them first.")
    existing = meeting.declarations.filter(person__isnull=True).first()
    return existing or Declaration.objects.create(meeting=meeting)


@transaction.atomic
def declaration_remove(*, declaration: Declaration) -> None:
    _ensure_draft(declaration.meeting)
    declaration.delete()


def _lock_minutes(meeting: Meeting) -> Minutes:
    minutes_of(meeting)
    return Minutes.objects.select_for_update().get(meeting=meeting)


@dataclass(frozen=True)
class Circulation:
    """The draft minutes' e-mail exactly as it is sent, and to whom: each recipient privately.
    `without_email` names the members (and deputies) it cannot reach."""

    subject: str
    body: str
    recipients: list[Person]
    without_email: list[Person]


def _check_circulable(meeting: Meeting, minutes: Minutes | None) -> None:
    if meeting.status == Meeting.Status.CANCELLED:
        raise LifecycleError("The meeting was cancelled: there are no minutes to circulate.")
    if not meeting.has_been_held:
        raise LifecycleError(
            f"The meeting of {meeting.date:%-d %B %Y} has not been held yet: its minutes are "
            "circulated after it. If it has taken place, mark it as held first."
        )
    if minutes is None:
        raise LifecycleError("There are no minutes to circulate yet: take the minutes first.")
    if minutes.status not in {Minutes.Status.DRAFT, Minutes.Status.CIRCULATED}:
        raise LifecycleError("Only draft minutes can be circulated.")


def circulation(meeting: Meeting, *, link: str) -> Circulation:
    """What circulating the draft would send now, for the secretary to check first. Raises
    LifecycleError when the minutes cannot be circulated (not draft, or the meeting not held)."""
    _check_circulable(meeting, Minutes.objects.filter(meeting=meeting).first())
    memberships = (
        Membership.objects.current(on=timezone.localdate())
        .filter(board_id=meeting.board_id)
        .select_related("person", "deputy")
    )
    people = {}
    for membership in memberships:
        for person in (membership.person, membership.deputy):
            if person is not None:
                people[person.pk] = person
    recipients, without_email, addresses = [], [], set()
    for person in sorted(people.values(), key=lambda person: person.name):
        if not person.email:
            without_email.append(person)
        elif person.email.lower() not in addresses:  # one e-mail each, whatever their seats
            addresses.add(person.email.lower())
            recipients.append(person)
    return Circulation(
        subject=f"Draft minutes: {meeting.board.name}, {meeting.date:%-d %B %Y}",
        body=render_to_string(
            "boards/meetings/email_circulate.txt", {"meeting": meeting, "link": link}
        ),
        recipients=recipients,
        without_email=without_email,
    )


@transaction.atomic
def minutes_circulate(*, meeting: Meeting, link: str) -> Circulation:
    """Send the draft to the board's members and deputies, each privately, with a link, and
    keep the date it went. Raises LifecycleError as `circulation` does."""
    sent = circulation(meeting, link=link)
    minutes = _lock_minutes(meeting)
    _check_circulable(meeting, minutes)  # again, now that no one else can change them
    minutes.status = Minutes.Status.CIRCULATED
    minutes.circulated_at = timezone.now()
    minutes.version += 1
    minutes.save()
    messages = [
        EmailMessage(sent.subject, sent.body, settings.DEFAULT_FROM_EMAIL, [person.email])
        for person in sent.recipients
    ]

    def send():
        from django.core.mail import mailers

        mailers.default.send_messages(messages)

    transaction.on_commit(send)
    return sent


@transaction.atomic
def minutes_approve(*, meeting: Meeting, at_meeting: Meeting) -> Minutes:
    """Approved at a later meeting of the same board, recorded under its minutes item."""
    minutes = _lock_minutes(meeting)
    if minutes.status != Minutes.Status.CIRCULATED:
        raise LifecycleError("Circulate the minutes before they are approved.")
    if at_meeting.board_id != meeting.board_id or at_meeting.date <= meeting.date:
        raise LifecycleError("Minutes are approved at a later meeting of the same board.")
    if not at_meeting.has_arrived:
        raise LifecycleError(
            f"The meeting of {at_meeting.date:%-d %B %Y} has not taken place yet: record the "
            "approval on its day or after."
        )
    if at_meeting.status == Meeting.Status.CANCELLED:
        raise LifecycleError("The meeting chosen was cancelled: choose the one that approved them.")
    # The approval is written into the minutes of the meeting that gave it: those must be open.
    theirs = Minutes.objects.select_for_update().filter(meeting=at_meeting).first()
    if theirs is not None and theirs.is_frozen:
        raise LifecycleError(
            f"The minutes of the meeting of {at_meeting.date:%-d %B %Y} are approved already, "
            "so the approval can no longer be recorded in them."
        )
    minutes.status = Minutes.Status.APPROVED
    minutes.approved_on = at_meeting.date
    minutes.approved_at_meeting = at_meeting
    minutes.record = minutes_output.minutes_record(meeting)  # the action lines and people as now
    minutes.version += 1
    minutes._change_reason = recorded_after(at_meeting) or None
    minutes.save()
    record = (
        f"The minutes of the meeting held on {meeting.date:%-d %B %Y} were approved "
        "as an accurate record."
    )
    item = (
        at_meeting.agenda_items.select_for_update()
        .filter(standing=AgendaItem.Standing.MINUTES)
        .first()
    )
    if item is not None and record not in item.decision:
        item.decision = f"{item.decision}\n{record}".strip()
        item.version += 1
        item.save(update_fields=["decision", "version"])
    return minutes


@transaction.atomic
def minutes_publish(*, meeting: Meeting) -> Minutes:
    minutes = _lock_minutes(meeting)
    if minutes.status != Minutes.Status.APPROVED:
        raise LifecycleError("Only approved minutes can be published.")
    minutes.status = Minutes.Status.PUBLISHED
    minutes.published_at = timezone.now()
    minutes.version += 1
    minutes.save()
    return minutes


@transaction.atomic
def minutes_amend(
    *, item: AgendaItem, text: str, reason: str, user: AbstractBaseUser
) -> MinutesAmendment:
    """A correction to approved minutes, kept beside the original wording."""
    text = _cleaned(text, field="text")
    minutes = _lock_minutes(item.meeting)
    if not minutes.is_frozen:
        raise LifecycleError("Draft minutes are corrected directly, not amended.")
    amendment = MinutesAmendment.objects.create(
        minutes=minutes,
        agenda_item=item,
        text=text,
        reason=reason.strip(),
        author=user,
    )
    search_index.agenda_item_indexed(item)
    return amendment
