"""Who attended a meeting, whether it was quorate, and the interests declared."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods, require_POST

from core.concurrency import EditConflict

from .. import access, breadcrumbs
from ..access import Need
from ..meeting_forms import AttendanceAddForm, AttendanceRowForm, DeclarationForm
from ..models import Declaration
from ..selectors import meetings as meeting_selectors
from ..selectors import structure as structure_selectors
from ..services import attendance as services
from ..services import declarations as declaration_services
from ..services import replies as replies_services
from ..services.meetings import MinutesFrozen
from ..services.minutes import LifecycleError


@login_required
@require_http_methods(["GET", "POST"])
def attendance(request, pk):
    meeting = access.meeting_for_user(request.access, pk, need=Need.EDIT)
    rows = meeting_selectors.attendance(meeting)
    members = structure_selectors.board_people(meeting.board)
    data = request.POST if request.method == "POST" else None
    forms = [
        AttendanceRowForm(data, prefix=f"a{row.pk}", attendance=row, members=members)
        for row in rows
    ]
    replies = replies_services.replies_of(meeting)
    received = {row.membership.person_id: row.reply for row in replies.rows if row.reply}
    for form in forms:
        form.reply = received.get(form.attendance.person_id)
    if data is not None and all(form.is_valid() for form in forms):
        changes = [
            services.AttendanceChange(attendance=form.attendance, **form.cleaned_data)
            for form in forms
        ]
        try:
            services.attendance_update(meeting=meeting, changes=changes)
        except EditConflict as conflict:
            messages.error(
                request,
                f"Someone else changed the attendance of {conflict.current.person.name} "
                "meanwhile. The list below is as saved now: check it and save again.",
            )
            return redirect("boards:attendance", meeting.pk)
        except MinutesFrozen as frozen:
            messages.error(request, str(frozen))
            return redirect(meeting)
        messages.success(request, "Attendance saved.")
        return redirect(f"{reverse('boards:minutes_screen', args=[meeting.pk])}#attendance")
    return render(
        request,
        "boards/meetings/attendance.html",
        {
            "partnership": meeting.board.partnership,
            "board": meeting.board,
            "breadcrumbs": breadcrumbs.to_meeting(meeting),
            "meeting": meeting,
            "forms": forms,
            "errors": [form for form in forms if form.errors],
            "add_form": AttendanceAddForm(meeting=meeting, members=members),
            "quorum": services.quorum(meeting, rows),
            "replies": replies,
            "declaration_form": DeclarationForm(meeting=meeting),
            "declarations": meeting_selectors.declarations(meeting),
        },
    )


@login_required
@require_POST
def attendance_add(request, pk):
    meeting = access.meeting_for_user(request.access, pk, need=Need.EDIT)
    members = structure_selectors.board_people(meeting.board)
    form = AttendanceAddForm(request.POST, meeting=meeting, members=members)
    if form.is_valid():
        try:
            row = services.attendance_add(meeting=meeting, **form.cleaned_data)
        except MinutesFrozen as frozen:
            messages.error(request, str(frozen))
        else:
            messages.success(
                request,
                f"{row.person.name} added as {row.get_role_display().lower()}: "
                f"{row.get_status_display().lower()}.",
            )
    else:
        problems = "; ".join(error for errors in form.errors.values() for error in errors)
        messages.error(request, f"Not added: {problems}")
    return redirect("boards:attendance", meeting.pk)


def _declarations_answer(request, meeting, form=None, message="", refused=""):
    """After a declaration is added or removed: the declarations panel for htmx, else back to
    the page the secretary came from (the minute-taking screen or the attendance page)."""
    if request.htmx:
        context = {
            "meeting": meeting,
            "declarations": meeting_selectors.declarations(meeting),
            "declaration_form": form or DeclarationForm(meeting=meeting),
            "from_screen": request.POST.get("from") == "minutes",
            "message": message,
            "refused": refused,
        }
        return render(request, "boards/meetings/partials/declarations.html", context)
    if message:
        messages.success(request, message)
    if refused:
        messages.error(request, refused)
    page = "minutes_screen" if request.POST.get("from") == "minutes" else "attendance"
    return redirect(f"{reverse(f'boards:{page}', args=[meeting.pk])}#declarations")


@login_required
@require_POST
def declaration_add(request, pk):
    meeting = access.meeting_for_user(request.access, pk, need=Need.EDIT)
    form = DeclarationForm(request.POST, meeting=meeting)
    if not form.is_valid():
        problems = "; ".join(error for errors in form.errors.values() for error in errors)
        return _declarations_answer(
            request, meeting, form, refused=f"Declaration not recorded: {problems}"
        )
    try:
        declaration_services.declaration_add(
            meeting=meeting,
            person=form.cleaned_data["person"],
            interest=form.cleaned_data["interest"],
            item=form.cleaned_data["agenda_item"],
        )
    except MinutesFrozen as frozen:
        return _declarations_answer(request, meeting, form, refused=str(frozen))
    return _declarations_answer(request, meeting, message="Declaration recorded.")


@login_required
@require_POST
def declarations_none(request, pk):
    meeting = access.meeting_for_user(request.access, pk, need=Need.EDIT)
    try:
        declaration_services.declarations_none_recorded(meeting=meeting)
    except (LifecycleError, MinutesFrozen) as refused:
        return _declarations_answer(request, meeting, refused=str(refused))
    return _declarations_answer(
        request, meeting, message="Declarations of interest: none recorded."
    )


@login_required
@require_POST
def declaration_remove(request, pk):
    declaration = get_object_or_404(Declaration, pk=pk)
    meeting = access.meeting_for_user(request.access, declaration.meeting_id, need=Need.EDIT)
    try:
        declaration_services.declaration_remove(declaration=declaration)
    except MinutesFrozen as frozen:
        return _declarations_answer(request, meeting, refused=str(frozen))
    return _declarations_answer(request, meeting, message="Declaration removed.")
