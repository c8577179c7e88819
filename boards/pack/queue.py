"""Asking for a pack: a ready one is reused, a new one is queued for the worker, a stalled one
is handed on or failed, a failed one retried; and publishing the agenda pack."""

import datetime
import logging

from django.db import transaction
from django.utils import timezone

from ..models import Meeting, MeetingPack
from ..tasks import build_abandoned, build_meeting_pack
from .build import discard_older, lease_expired
from .contents import pack_contents, pack_fingerprint

logger = logging.getLogger(__name__)

STOPS_BEFORE_FAILING = 2  # builds whose worker died before the pack is shown failed, with Retry


def _enqueue(pack: MeetingPack) -> None:
    pack_id = pack.pk
    transaction.on_commit(lambda: build_meeting_pack.enqueue(pack_id))


def pack_request(
    *, meeting: Meeting, public: bool, user, published_on: datetime.date | None = None
) -> MeetingPack:
    """The pack for the meeting as it is now: a ready one if nothing has changed since it was
    built, the one already being built, or a new one queued once this transaction commits."""
    # Rendered before the transaction opens, so no write lock is held while templates render.
    contents = pack_contents(meeting, public=public, published_on=published_on)
    fingerprint = pack_fingerprint(contents)
    with transaction.atomic():
        pack, created = MeetingPack.objects.get_or_create(
            meeting=meeting, public=public, fingerprint=fingerprint, defaults={"requested_by": user}
        )
        if created:
            _enqueue(pack)
        elif pack.status == MeetingPack.Status.READY and not pack.file:
            _requeue(pack, MeetingPack.Status.READY)
        elif pack.status == MeetingPack.Status.BUILDING and pack_recover_stalled(meeting=meeting):
            pack.refresh_from_db()
    return pack


def pack_publish(*, meeting: Meeting, user) -> MeetingPack:
    """Publish the agenda pack (the public pack, as it is today) on the public pages. It is
    listed there once built; the meeting keeps the day it was first published."""
    now = timezone.now()
    pack = pack_request(
        meeting=meeting, public=True, user=user, published_on=timezone.localdate(now)
    )
    with transaction.atomic():
        MeetingPack.objects.filter(pk=pack.pk, published_at__isnull=True).update(published_at=now)
        Meeting.objects.filter(pk=meeting.pk, agenda_pack_published_at__isnull=True).update(
            agenda_pack_published_at=now
        )
    pack.refresh_from_db()
    meeting.refresh_from_db(fields=["agenda_pack_published_at"])
    if pack.status == MeetingPack.Status.READY:
        discard_older(pack)
    return pack


STOPPED = (
    "The build stopped without finishing: the worker building it stopped. Try again; if it "
    "stops again, tell the site's administrators."
)


def pack_recover_stalled(*, meeting: Meeting) -> int:
    """Builds of the meeting's packs whose worker stopped renewing its lease (killed, or its
    machine lost): queued again for the next worker, or failed, with Retry, once they have
    stopped STOPS_BEFORE_FAILING times. Returns how many were found."""
    found = 0
    for stalled in MeetingPack.objects.filter(lease_expired(timezone.now()), meeting=meeting):
        with transaction.atomic():
            # Only if no worker renewed or took it over since it was read.
            same = MeetingPack.objects.filter(
                lease_expired(timezone.now()), pk=stalled.pk, attempts=stalled.attempts
            )
            if stalled.attempts < STOPS_BEFORE_FAILING:
                recovered = same.update(
                    status=MeetingPack.Status.QUEUED, steps_done=0, lease_expires_at=None
                )
                if recovered:
                    _enqueue(stalled)
            else:
                recovered = same.update(
                    status=MeetingPack.Status.FAILED,
                    error=STOPPED,
                    finished_at=timezone.now(),
                    lease_expires_at=None,
                )
            if recovered:
                logger.warning(
                    "Meeting pack %s: its worker stopped renewing the lease (attempt %s)",
                    stalled.pk,
                    stalled.attempts,
                )
                build_abandoned(stalled.pk)
                found += 1
    return found


def _requeue(pack: MeetingPack, from_status: str) -> bool:
    queued = MeetingPack.objects.filter(pk=pack.pk, status=from_status).update(
        status=MeetingPack.Status.QUEUED, error="", steps_done=0
    )
    if queued:
        _enqueue(pack)
        pack.refresh_from_db()
    return bool(queued)


@transaction.atomic
def pack_retry(*, pack: MeetingPack) -> bool:
    """Queue a failed pack again; False if it was not failed (someone else retried it)."""
    return _requeue(pack, MeetingPack.Status.FAILED)
