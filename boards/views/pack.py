"""The chair's meeting pack: build it, watch it being built, download it.

Members of the board (anyone with "view") build and read the full pack, confidential items
included, and the public pack, which lists them as exempt. The board's secretary publishes the
public pack as the agenda pack on the public pages; once it is published, or the meeting's minutes
are, the public pack is open to everyone of the partnership.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_POST

from core.downloads import as_download

from .. import access, breadcrumbs
from ..access import Need
from ..models import Meeting, MeetingPack
from ..pack import queue
from ..pack.contents import contents_of, pack_fingerprint
from ..pack.published import (
    agenda_pack_notice,
    current_pack,
    is_published,
    public_pack_open,
    published_pack,
)

PAGE = "boards/pack/meeting_pack.html"


def _meeting_for_pack(user, pk: int, *, public: bool) -> Meeting:
    """The meeting, if the user may have its full pack (or its public one when `public`)."""
    meeting = Meeting.objects.select_related("board__partnership").filter(pk=pk).first()
    if meeting is None or access.level_on(user, meeting.board) is None:
        raise Http404("No such meeting")
    if access.can(user, meeting.board, Need.VIEW):
        return meeting
    if public and public_pack_open(meeting):
        return meeting
    raise PermissionDenied


def _pack_for_user(user, pk: int) -> MeetingPack:
    meeting_pack = MeetingPack.objects.filter(pk=pk).first()
    if meeting_pack is None:
        raise Http404("No such pack")
    meeting = _meeting_for_pack(user, meeting_pack.meeting_id, public=meeting_pack.public)
    # Without a seat, only a published pack: not a copy the board built to check.
    if not access.can(user, meeting.board, Need.VIEW) and not (
        meeting_pack.published_at or is_published(meeting)
    ):
        raise PermissionDenied
    meeting_pack.meeting = meeting
    return meeting_pack


def _entry(meeting: Meeting, *, public: bool, meeting_pack=None, up_to_date=None) -> dict:
    if meeting_pack is None:
        meeting_pack = current_pack(meeting, public=public)
    if up_to_date is None and meeting_pack is not None:
        contents = contents_of(meeting_pack)
        up_to_date = meeting_pack.fingerprint == pack_fingerprint(contents)
    return {"public": public, "pack": meeting_pack, "up_to_date": up_to_date, "meeting": meeting}


@login_required
@require_GET
def meeting_pack(request, pk):
    meeting = _meeting_for_pack(request.access, pk, public=True)
    full = access.can(request.access, meeting.board, Need.VIEW)
    # A build whose worker died would otherwise wait for ever: hand it on, or show it failed.
    queue.pack_recover_stalled(meeting=meeting)
    entries = []
    if full:
        entries.append(_entry(meeting, public=False))
        entries.append(_entry(meeting, public=True))
    elif is_published(meeting):
        entries.append(_entry(meeting, public=True))
    published = published_pack(meeting)
    return render(
        request,
        PAGE,
        {
            "meeting": meeting,
            "board": meeting.board,
            "breadcrumbs": breadcrumbs.to_meeting(meeting),
            "entries": entries,
            "published": _entry(meeting, public=True, meeting_pack=published)
            if published
            else None,
            "notice": agenda_pack_notice(meeting),
            "can_build": full,
            "can_publish": access.can(request.access, meeting.board, Need.EDIT),
        },
    )


@login_required
@require_POST
def pack_build(request, pk):
    public = request.POST.get("public") == "1"
    meeting = _meeting_for_pack(request.access, pk, public=public)
    if not access.can(request.access, meeting.board, Need.VIEW):
        raise PermissionDenied
    queue.pack_request(meeting=meeting, public=public, user=request.user)
    return redirect(reverse("boards:meeting_pack", args=[meeting.pk]))


@login_required
@require_POST
def pack_publish(request, pk):
    """The secretary publishes the agenda pack on the public pages."""
    meeting = _meeting_for_pack(request.access, pk, public=True)
    if not access.can(request.access, meeting.board, Need.EDIT):
        raise PermissionDenied
    queue.pack_publish(meeting=meeting, user=request.user)
    messages.success(
        request,
        "The agenda pack is published. It is listed on the public pages once it is built.",
    )
    return redirect(reverse("boards:meeting_pack", args=[meeting.pk]))


@login_required
@require_GET
def pack_status(request, pk):
    """The status partial, polled by htmx while the pack is being built."""
    meeting_pack = _pack_for_user(request.access, pk)
    meeting = meeting_pack.meeting
    if meeting_pack.status == MeetingPack.Status.BUILDING and queue.pack_recover_stalled(
        meeting=meeting
    ):
        meeting_pack.refresh_from_db()
    entry = _entry(meeting, public=meeting_pack.public, meeting_pack=meeting_pack, up_to_date=True)
    can_build = access.can(request.access, meeting.board, Need.VIEW)
    return render(request, f"{PAGE}#status", {"entry": entry, "can_build": can_build})


@login_required
@require_POST
def pack_retry(request, pk):
    meeting_pack = _pack_for_user(request.access, pk)
    if not access.can(request.access, meeting_pack.meeting.board, Need.VIEW):
        raise PermissionDenied
    queue.pack_retry(pack=meeting_pack)
    return redirect(reverse("boards:meeting_pack", args=[meeting_pack.meeting_id]))


@login_required
@require_GET
def pack_download(request, pk):
    meeting_pack = _pack_for_user(request.access, pk)
    if meeting_pack.status != MeetingPack.Status.READY or not meeting_pack.file:
        raise Http404("The pack is not ready")
    return as_download(
        FileResponse(meeting_pack.file.open("rb"), content_type="application/pdf"),
        meeting_pack.filename,
    )
