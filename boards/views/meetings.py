"""Meetings of a board: scheduling, the meeting page, calendar entries and the forward plan."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods, require_POST

from core.concurrency import save_or_conflict
from core.downloads import as_download

from .. import access, breadcrumbs, search_index
from ..access import Need
from ..meeting_forms import ForwardPlanItemForm, MeetingForm, NewMeetingForm
from ..models import ForwardPlanItem, Minutes
from ..outputs.calendar import calendar
from ..pack.published import agenda_pack_notice
from ..selectors import meetings as meeting_selectors
from ..services import meetings as services
from ..services import replies as replies_services
from ..services.attendance import attendance_prefill
from ..services.minutes import minutes_of
from .minutes import standing_section


@login_required
def meeting_list(request, slug, board_slug):
    board = access.board_for_user(request.access, slug, board_slug, need=Need.VIEW)
    return render(
        request,
        "boards/meetings/list.html",
        {
            "partnership": board.partnership,
            "board": board,
            "breadcrumbs": breadcrumbs.to_board(board),
            "meetings": meeting_selectors.board_meetings(board, past_limit=100),
            "can_edit": access.can(request.access, board, Need.EDIT),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def meeting_add(request, slug, board_slug):
    board = access.board_for_user(request.access, slug, board_slug, need=Need.EDIT)
    form = NewMeetingForm(request.POST or None, board=board)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        meeting = services.meeting_schedule(
            board=board,
            date=data["date"],
            starts_at=data["starts_at"],
            ends_at=data["ends_at"],
            venue=data["venue"],
            online_link=data["online_link"],
            add_standing_items=data["add_standing_items"],
            add_forward_plan=data["add_forward_plan"],
        )
        messages.success(request, f"Meeting scheduled for {meeting.date:%-d %B %Y}.")
        return redirect(meeting)
    return render(
        request,
        "boards/form_page.html",
        {
            "partnership": board.partnership,
            "board": board,
            "form": form,
            "breadcrumbs": breadcrumbs.to_meetings(board),
            "title": "Schedule a meeting",
            "back": reverse("boards:meetings", args=[slug, board_slug]),
        },
    )


DETAILS_FROZEN = (
    "The minutes of this meeting are approved: its date, times and place are part of the record "
    "and can no longer be changed."
)


@login_required
@require_http_methods(["GET", "POST"])
def meeting_edit(request, pk):
    meeting = access.meeting_for_user(request.access, pk, need=Need.EDIT)
    if Minutes.objects.filter(meeting=meeting, status__in=Minutes.FROZEN).exists():
        messages.error(request, DETAILS_FROZEN)
        return redirect(meeting)
    form = MeetingForm(request.POST or None, instance=meeting, board=meeting.board)
    if request.method == "POST" and form.is_valid():
        try:
            with transaction.atomic():
                services.lock_minutes_open(meeting, DETAILS_FROZEN)  # approved meanwhile?
                saved = save_or_conflict(form, then=search_index.meeting_indexed)
        except services.MinutesFrozen as frozen:
            messages.error(request, str(frozen))
            return redirect(meeting)
        if saved:
            messages.success(request, "Meeting saved.")
            return redirect(meeting)
    return render(
        request,
        "boards/form_page.html",
        {
            "partnership": meeting.board.partnership,
            "board": meeting.board,
            "form": form,
            "breadcrumbs": breadcrumbs.to_meeting(meeting),
            "title": f"Change the meeting of {meeting.date:%-d %B %Y}",
            "back": meeting.get_absolute_url(),
        },
    )


@login_required
def meeting_detail(request, pk):
    meeting = access.meeting_for_user(request.access, pk, need=Need.VIEW)
    board = meeting.board
    around = meeting_selectors.around_meeting(meeting)
    minutes = around.minutes
    can_edit = access.can(request.access, board, Need.EDIT)
    items = meeting_selectors.agenda(meeting)
    for item in items:
        item.section = standing_section(request, meeting, item)
    replies = replies_services.replies_of(meeting)
    replies_closed = replies_services.replies_closed(meeting)
    own = set(access.person_ids(request.access))
    my_row = next((row for row in replies.rows if row.membership.person_id in own), None)
    return render(
        request,
        "boards/meetings/meeting.html",
        {
            "partnership": board.partnership,
            "board": board,
            "breadcrumbs": breadcrumbs.to_meetings(board),
            "meeting": meeting,
            "items": items,
            "minutes": minutes,
            "frozen": minutes is not None and minutes.is_frozen,
            "next_meeting": around.next,
            "previous_meeting": around.previous,
            "previous_minutes": around.previous_minutes,
            "wanted": services.forward_plan_wanted_list(meeting) if can_edit else [],
            "notice": agenda_pack_notice(meeting),
            "can_edit": can_edit,
            "can_approve": access.can(request.access, board, Need.APPROVE),
            "replies": replies,
            "replies_open": not replies_closed,
            "can_invite": can_edit and not replies_closed,
            "my_reply": my_row,
            "can_reply": my_row is not None and not replies_closed,
            # No query where the next meeting is still to come: no later one can approve yet.
            "later_meetings": meeting_selectors.approval_meetings(meeting)
            if around.next is not None and around.next.has_arrived
            else [],
        },
    )


@login_required
@require_POST
def standing_items_add(request, pk):
    meeting = access.meeting_for_user(request.access, pk, need=Need.EDIT)
    try:
        added = services.standing_items_add(meeting=meeting)
    except services.MinutesFrozen as frozen:
        messages.error(request, str(frozen))
    else:
        messages.success(request, f"{len(added)} standing items added.")
    return redirect(meeting)


@login_required
@require_POST
def forward_plan_pull(request, pk):
    meeting = access.meeting_for_user(request.access, pk, need=Need.EDIT)
    try:
        added = services.forward_plan_pull(meeting=meeting)
    except services.MinutesFrozen as frozen:
        messages.error(request, str(frozen))
    else:
        messages.success(request, f"{len(added)} forward plan items added to the agenda.")
    return redirect(meeting)


@login_required
@require_POST
def minutes_start(request, pk):
    """Open the minutes of a meeting (creating their record) and go to the minute-taking screen."""
    meeting = access.meeting_for_user(request.access, pk, need=Need.EDIT)
    if minutes_of(meeting).is_frozen:
        messages.info(request, "These minutes are approved: record any correction as an amendment.")
        return redirect(meeting)
    attendance_prefill(meeting=meeting)
    return redirect("boards:minutes_screen", meeting.pk)


def _ics_response(text: str, filename: str) -> HttpResponse:
    return as_download(HttpResponse(text, content_type="text/calendar; charset=utf-8"), filename)


@login_required
def meeting_ics(request, pk):
    meeting = access.meeting_for_user(request.access, pk, need=Need.VIEW)
    text = calendar(
        [meeting],
        name=meeting.board.name,
        host=request.get_host().split(":")[0],
        url_for=lambda m: request.build_absolute_uri(m.get_absolute_url()),
        include_link=True,
    )
    return _ics_response(text, f"{meeting.board.short_name}-{meeting.date:%Y-%m-%d}.ics")


@login_required
def forward_plan(request, slug, board_slug):
    board = access.board_for_user(request.access, slug, board_slug, need=Need.VIEW)
    return render(
        request,
        "boards/meetings/forward_plan.html",
        {
            "partnership": board.partnership,
            "board": board,
            "breadcrumbs": breadcrumbs.to_board(board),
            "plan": meeting_selectors.forward_plan(board),
            "can_edit": access.can(request.access, board, Need.EDIT),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def forward_plan_edit(request, slug, board_slug, pk=None):
    board = access.board_for_user(request.access, slug, board_slug, need=Need.EDIT)
    entry = get_object_or_404(ForwardPlanItem, pk=pk, board=board) if pk else None
    form = ForwardPlanItemForm(request.POST or None, instance=entry, board=board)
    back = reverse("boards:forward_plan", args=[slug, board_slug])
    if request.method == "POST" and form.is_valid() and save_or_conflict(form):
        messages.success(request, "Forward plan saved.")
        return redirect(back)
    return render(
        request,
        "boards/form_page.html",
        {
            "partnership": board.partnership,
            "board": board,
            "form": form,
            "breadcrumbs": breadcrumbs.to_board(board).then("Forward plan", back),
            "title": "Change a forward plan item" if entry else "Add to the forward plan",
            "back": back,
        },
    )
