"""Members' replies before a meeting (attending, apologies, a deputy) and the invitations that
ask for them, each with the member's own signed link."""

import datetime
from collections.abc import Callable
from dataclasses import dataclass

from django.conf import settings
from django.contrib.auth.base_user import AbstractBaseUser
from django.core import signing
from django.core.mail import EmailMessage
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone

from ..models import Attendance, Meeting, MeetingReply, Membership, Minutes, Person, Role

_SALT = "boards.meeting-reply"
# However far a meeting is moved, a link stops working after this; normally it stops at the
# end of the meeting's day (see replies_closed).
LINK_LIFETIME = datetime.timedelta(days=366)


class ReplyLinkInvalid(Exception):
    """A link that was not made here, or was changed."""


class ReplyRefused(Exception):
    """A reply that can no longer be taken (the meeting is over, cancelled, or not theirs)."""


def reply_token(meeting: Meeting, person: Person) -> str:
    """The member's own token for replying to this meeting without signing in."""
    return signing.TimestampSigner(salt=_SALT).sign_object(
        {"meeting": meeting.pk, "person": person.pk}
    )


def reply_link_read(token: str) -> tuple[Meeting, Person]:
    """The meeting and member a link was made for. Raises ReplyLinkInvalid if it was tampered
    with, ReplyRefused once replies to the meeting are closed."""
    try:
        data = signing.TimestampSigner(salt=_SALT).unsign_object(token, max_age=LINK_LIFETIME)
    except signing.SignatureExpired:
        raise ReplyRefused("This link has expired.") from None
    except signing.BadSignature:
        raise ReplyLinkInvalid() from None
    meeting = (
        Meeting.objects.select_related("board__partnership").filter(pk=data.get("meeting")).first()
    )
    person = Person.objects.filter(pk=data.get("person")).first()
    if meeting is None or person is None or person.partnership_id != meeting.board.partnership_id:
        raise ReplyLinkInvalid()
    closed = replies_closed(meeting)
    if closed:
        raise ReplyRefused(closed)
    if not is_invitee(meeting, person):
        raise ReplyRefused(
            f"{person.name} is not a member of {meeting.board.name} for this meeting."
        )
    return meeting, person


def replies_closed(meeting: Meeting) -> str:
    """Why replies to the meeting are no longer taken, or "" while they are."""
    if meeting.status == Meeting.Status.CANCELLED:
        return f"The meeting of {meeting.date:%-d %B %Y} was cancelled."
    if meeting.date < timezone.localdate():
        return f"The meeting of {meeting.date:%-d %B %Y} has taken place: replies are closed."
    if Minutes.objects.filter(meeting=meeting, status__in=Minutes.FROZEN).exists():
        return "The minutes of this meeting are approved: replies are closed."
    return ""


def invitees(meeting: Meeting) -> list[Membership]:
    """The members asked to reply: everyone on the board on the meeting's day but its
    secretary, who asks. One each, by name."""
    memberships = (
        Membership.objects.current(on=meeting.date)
        .filter(board_id=meeting.board_id)
        .exclude(role=Role.SECRETARY)
        .select_related("person__organisation", "representing")
        .order_by("person__name")
    )
    seen: dict[int, Membership] = {}
    for membership in memberships:
        seen.setdefault(membership.person_id, membership)
    return list(seen.values())


def is_invitee(meeting: Meeting, person: Person) -> bool:
    return any(membership.person_id == person.pk for membership in invitees(meeting))


def deputy_choices(meeting: Meeting, person: Person):
    """Whom a member may name as deputy from the list: the people of the organisation they
    represent on the board (anyone else is typed in by name)."""
    membership = next((m for m in invitees(meeting) if m.person_id == person.pk), None)
    organisation = membership.organisation if membership else person.organisation
    if organisation is None:
        return Person.objects.none()
    return Person.objects.filter(
        partnership_id=meeting.board.partnership_id, organisation=organisation
    ).exclude(pk=person.pk)


@transaction.atomic
def meeting_reply(
    *,
    meeting: Meeting,
    person: Person,
    answer: str,
    deputy: Person | None = None,
    deputy_name: str = "",
    note: str = "",
    user: AbstractBaseUser | None = None,
) -> MeetingReply:
    """Record (or change) a member's reply. Apologies and a deputy who is one of the
    partnership's people go into the attendance list if the secretary has started it."""
    closed = replies_closed(meeting)
    if closed:
        raise ReplyRefused(closed)
    if not is_invitee(meeting, person):
        raise ReplyRefused(f"{person.name} is not a member of {meeting.board.name}.")
    deputy_name = deputy_name.strip()
    if answer != MeetingReply.Answer.DEPUTY:
        deputy, deputy_name = None, ""
    elif deputy is None and deputy_name:
        # A typed name that is exactly one of the partnership's people is that person.
        named = list(
            Person.objects.filter(
                partnership_id=meeting.board.partnership_id, name__iexact=deputy_name
            )[:2]
        )
        deputy = named[0] if len(named) == 1 else None
    if deputy is not None:
        if deputy.pk == person.pk or deputy.partnership_id != meeting.board.partnership_id:
            raise ReplyRefused("Name someone else as your deputy.")
        deputy_name = ""
    if answer == MeetingReply.Answer.DEPUTY and deputy is None and not deputy_name:
        raise ReplyRefused("Name the deputy.")
    reply, _ = MeetingReply.objects.update_or_create(
        meeting=meeting,
        person=person,
        defaults={
            "answer": answer,
            "deputy": deputy,
            "deputy_name": deputy_name,
            "note": note.strip(),
            "replied_at": timezone.now(),
            "replied_by": user,
        },
    )
    _into_attendance(reply)
    return reply


def _into_attendance(reply: MeetingReply) -> None:
    """Once the attendance list is started, a reply fills in only what is still not recorded:
    whatever the secretary recorded stands."""
    rows = {row.person_id: row for row in reply.meeting.attendance.select_for_update()}
    if not rows:
        return  # the list starts from the replies when the minutes are started
    row = rows.get(reply.person_id)
    if row is not None and row.status == Attendance.Status.NOT_RECORDED and reply.sends_apologies:
        row.status = Attendance.Status.APOLOGIES
        row.version += 1
        row.save(update_fields=["status", "version"])
    if reply.deputy_id and reply.deputy_id not in rows:
        Attendance.objects.create(
            meeting=reply.meeting,
            person_id=reply.deputy_id,
            role=Attendance.Role.DEPUTY,
            deputy_for_id=reply.person_id,
        )


@dataclass(frozen=True)
class ReplyRow:
    membership: Membership
    reply: MeetingReply | None


@dataclass(frozen=True)
class Replies:
    """The secretary's view: every member asked, with their reply or none yet."""

    rows: list[ReplyRow]

    def _count(self, answer: str) -> int:
        return sum(1 for row in self.rows if row.reply and row.reply.answer == answer)

    @property
    def attending(self) -> int:
        return self._count(MeetingReply.Answer.ATTENDING)

    @property
    def apologies(self) -> int:
        return self._count(MeetingReply.Answer.APOLOGIES)

    @property
    def deputies(self) -> int:
        return self._count(MeetingReply.Answer.DEPUTY)

    @property
    def received(self) -> int:
        return sum(1 for row in self.rows if row.reply)

    @property
    def waiting(self) -> int:
        return sum(1 for row in self.rows if row.reply is None)

    @property
    def sending_apologies(self) -> list[MeetingReply]:
        return [row.reply for row in self.rows if row.reply and row.reply.sends_apologies]


def replies_of(meeting: Meeting) -> Replies:
    received = {
        reply.person_id: reply
        for reply in meeting.replies.select_related("person", "deputy", "replied_by")
    }
    return Replies(
        rows=[
            ReplyRow(membership=membership, reply=received.get(membership.person_id))
            for membership in invitees(meeting)
        ]
    )


@dataclass(frozen=True)
class Invitations:
    sent: int
    without_email: list[Person]


@transaction.atomic
def invitations_send(*, meeting: Meeting, link_for: Callable[[str], str]) -> Invitations:
    """E-mail each member their own invitation, with a link (`link_for(token)`) to reply
    without signing in. Sent once the transaction commits."""
    closed = replies_closed(meeting)
    if closed:
        raise ReplyRefused(closed)
    subject = f"{meeting.board.name}: meeting on {meeting.date:%A %-d %B %Y}"
    messages, without_email = [], []
    for membership in invitees(meeting):
        person = membership.person
        if not person.email:
            without_email.append(person)
            continue
        body = render_to_string(
            "boards/meetings/email_invitation.txt",
            {"meeting": meeting, "person": person, "link": link_for(reply_token(meeting, person))},
        )
        messages.append(EmailMessage(subject, body, settings.DEFAULT_FROM_EMAIL, [person.email]))

    def send():
        from django.core.mail import mailers

        mailers.default.send_messages(messages)

    transaction.on_commit(send)
    return Invitations(sent=len(messages), without_email=without_email)
