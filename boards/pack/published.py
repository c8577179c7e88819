"""The agenda pack on the public pages: when it is due, whether it is out, which one to offer."""

import datetime
from dataclasses import dataclass

from django.utils import timezone

from ..models import Meeting, MeetingPack, Minutes


def is_published(meeting: Meeting) -> bool:
    """Whether the meeting's minutes have been published."""
    minutes = Minutes.objects.filter(meeting=meeting).only("status").first()
    return minutes is not None and minutes.status == Minutes.Status.PUBLISHED


def public_pack_open(meeting: Meeting) -> bool:
    """Whether everyone of the partnership may read the meeting's public pack: its agenda pack
    has been published, or its minutes have."""
    return meeting.agenda_pack_published_at is not None or is_published(meeting)


@dataclass
class AgendaPackNotice:
    text: str
    late: bool


def agenda_pack_notice(
    meeting: Meeting, *, today: datetime.date | None = None
) -> AgendaPackNotice | None:
    """When the agenda pack is due on the public pages, was due (late), or was published."""
    due = meeting.agenda_pack_due_on
    if meeting.agenda_pack_published_at is not None:
        on = timezone.localdate(meeting.agenda_pack_published_at)
        text = f"The agenda pack was published on {on:%-d %B %Y}."
        if on > due:
            text += f" It was due to be published by {due:%-d %B %Y}."
        return AgendaPackNotice(text, late=on > due)
    today = today or timezone.localdate()
    if meeting.date < today or meeting.status == Meeting.Status.CANCELLED:
        return None
    if today > due:
        return AgendaPackNotice(
            f"The agenda pack was due to be published by {due:%-d %B %Y}.", late=True
        )
    return AgendaPackNotice(f"The agenda pack is due to be published by {due:%-d %B %Y}.", False)


def published_pack(meeting: Meeting) -> MeetingPack | None:
    """The agenda pack as last published, built or still being built."""
    return (
        meeting.packs.filter(public=True, published_at__isnull=False)
        .order_by("-published_at", "-pk")
        .first()
    )


def _downloadable_published():
    return MeetingPack.objects.filter(
        public=True, published_at__isnull=False, status=MeetingPack.Status.READY
    ).exclude(file="")


def published_download(meeting: Meeting) -> MeetingPack | None:
    """The agenda pack as last published and built, for anyone to download."""
    return (
        _downloadable_published().filter(meeting=meeting).order_by("-published_at", "-pk").first()
    )


def published_packs(partnership) -> list[MeetingPack]:
    """The published agenda packs of the partnership's boards that are ready to download, the
    latest of each meeting, latest meeting first."""
    packs = (
        _downloadable_published()
        .filter(meeting__board__partnership=partnership)
        .select_related("meeting__board")
        .order_by("-meeting__date", "-published_at", "-pk")
    )
    latest: dict[int, MeetingPack] = {}
    for meeting_pack in packs:
        latest.setdefault(meeting_pack.meeting_id, meeting_pack)
    return list(latest.values())


def current_pack(meeting: Meeting, *, public: bool) -> MeetingPack | None:
    return meeting.packs.filter(public=public).order_by("-created_at", "-pk").first()
