"""Recording a meeting: the minutes per item, when each item started, and their lifecycle."""

import datetime
from dataclasses import dataclass

from django.conf import settings
from django.contrib.auth.base_user import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.core.mail import EmailMessage
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone

from core.concurrency import EditConflict

from .. import search_index
from ..meeting_dates import recorded_after
from ..minutes_text import clean_minutes
from ..models import AgendaItem, Meeting, Membership, Minutes, MinutesAmendment, Person
from ..outputs import minutes as minutes_output
from .meetings import MinutesFrozen


class LifecycleError(Exception):
    """A step of the minutes' lifecycle taken out of order."""


def minutes_of(meeting: Meeting) -> Minutes:
    minutes, _ = Minutes.objects.get_or_create(meeting=meeting)
    return minutes


def ensure_draft(meeting: Meeting) -> None:
    """Refuse (MinutesFrozen) once the meeting's minutes are approved; starts them if need be."""
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
    ensure_draft(item.meeting)
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
    ensure_draft(item.meeting)
    current = AgendaItem.objects.select_for_update().get(pk=item.pk)
    now = timezone.localtime()
    current.actual_start = at or now.time().replace(second=0, microsecond=0)
    current.save(update_fields=["actual_start"])
    return current


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
