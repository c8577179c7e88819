"""Pages anyone may read without signing in: only published material, never confidential text."""

from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, render

from core.documents import pdf_response
from core.downloads import as_download

from ..models import Board, Meeting, Minutes, Partnership
from ..outputs.calendar import calendar
from ..outputs.minutes import minutes_context, minutes_filename
from ..pack.published import published_download, published_packs
from ..published_minutes import published_minutes_file
from ..selectors import meetings as meeting_selectors
from .minutes import docx_response


def partnership(request, slug):
    partnership = get_object_or_404(Partnership, slug=slug)
    published = meeting_selectors.published_minutes(partnership)
    by_board = {board: [] for board in partnership.boards.all()}
    for meeting in published:
        by_board.setdefault(meeting.board, []).append(meeting)
    packs = {board: [] for board in by_board}
    for agenda_pack in published_packs(partnership):
        packs.setdefault(agenda_pack.meeting.board, []).append(agenda_pack)
    boards = [(board, meetings, packs.get(board, [])) for board, meetings in by_board.items()]
    return render(
        request, "public/partnership.html", {"partnership": partnership, "boards": boards}
    )


def _published(slug: str, pk: int) -> Meeting:
    meeting = (
        Meeting.objects.select_related("board__partnership", "minutes")
        .filter(pk=pk, board__partnership__slug=slug, minutes__status=Minutes.Status.PUBLISHED)
        .first()
    )
    if meeting is None:
        raise Http404("No published minutes")
    return meeting


def minutes(request, slug, pk):
    meeting = _published(slug, pk)
    context = minutes_context(meeting, public=True)
    return render(
        request,
        "public/minutes.html",
        {**context, "partnership": meeting.board.partnership},
    )


def minutes_pdf(request, slug, pk):
    meeting = _published(slug, pk)
    return pdf_response(
        published_minutes_file(meeting, "pdf"),
        minutes_filename(meeting, "pdf", public=True),
    )


def minutes_docx(request, slug, pk):
    meeting = _published(slug, pk)
    return docx_response(
        published_minutes_file(meeting, "docx"),
        minutes_filename(meeting, "docx", public=True),
    )


def agenda_pack(request, slug, pk):
    """The meeting's agenda pack as last published: agenda and public papers, never an item
    considered in private."""
    meeting = get_object_or_404(
        Meeting.objects.select_related("board"), pk=pk, board__partnership__slug=slug
    )
    published = published_download(meeting)
    if published is None:
        raise Http404("No published agenda pack")
    return as_download(
        FileResponse(published.file.open("rb"), content_type="application/pdf"),
        f"{meeting.board.short_name}-{meeting.date:%Y-%m-%d}-agenda-pack.pdf",
    )


def board_calendar(request, slug, board_slug):
    """A feed calendar apps subscribe to: dates, times and venues, never the joining link."""
    board = get_object_or_404(Board, partnership__slug=slug, slug=board_slug)
    meetings = board.meetings.select_related("board").order_by("date")
    text = calendar(
        meetings,
        name=board.name,
        host=request.get_host().split(":")[0],
        include_link=False,
    )
    response = HttpResponse(text, content_type="text/calendar; charset=utf-8")
    return as_download(response, f"{board.short_name}.ics", inline=True)
