"""Taking the minutes live, recording attendance and declarations, and the minutes' lifecycle."""

import json

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.template.defaultfilters import pluralize
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.text import get_text_list
from django.views.decorators.http import require_http_methods, require_POST

from core import registry
from core.concurrency import EditConflict
from core.documents import pdf_response
from core.downloads import as_download

from .. import access, breadcrumbs
from ..access import Need
from ..meeting_forms import (
    AmendmentForm,
    ApproveForm,
    DeclarationForm,
    MinutesItemForm,
)
from ..models import AgendaItem, Minutes
from ..outputs import minutes_docx as docx_output
from ..outputs import minutes_pdf as pdf_output
from ..outputs.minutes import attendance_groups, minutes_context, minutes_filename
from ..selectors import meetings as meeting_selectors
from ..services import minutes as services
from ..services.attendance import quorum
from ..services.meetings import MinutesFrozen
from .agenda import item_for_user

DECLARATIONS = AgendaItem.Standing.DECLARATIONS
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def render_contribution(request, meeting, item, contribution: registry.Section) -> str:
    """What another app adds under an item: its context given flat, as `context`, and the whole
    contribution as `section` (or `panel`)."""
    context = {
        **contribution.context,
        "context": contribution.context,
        "section": contribution,
        "panel": contribution,
        "meeting": meeting,
        "item": item,
    }
    return render_to_string(contribution.template, context, request=request)


def standing_section(request, meeting, item) -> str:
    section = registry.meeting_section(item.standing) if item.standing else None
    contribution = section(request, meeting, item) if section else None
    return render_contribution(request, meeting, item, contribution) if contribution else ""


def _panels(request, meeting, item) -> list[str]:
    """Under the item's box first what was captured from its own minutes, then its standing
    section (the action log, the risk log), each record one line."""
    panels = [
        render_contribution(request, meeting, item, panel)
        for panel in registry.item_panels(request, meeting, item)
    ]
    section = standing_section(request, meeting, item)
    return [*panels, section] if section else panels


def _declarations_context(meeting, form=None) -> dict:
    return {
        "meeting": meeting,
        "declarations": meeting_selectors.declarations(meeting),
        "declaration_form": form or DeclarationForm(meeting=meeting),
    }


@login_required
def minutes_screen(request, pk):
    meeting = access.meeting_for_user(request.access, pk, need=Need.EDIT)
    minutes = Minutes.objects.filter(meeting=meeting).first()
    if minutes is None:
        return redirect(f"{meeting.get_absolute_url()}#minutes")
    if minutes.is_frozen:
        messages.info(request, "These minutes are approved: record any correction as an amendment.")
        return redirect(meeting)
    attendance = meeting_selectors.attendance(meeting)
    previous = meeting.previous_meeting
    items = meeting_selectors.agenda(meeting)
    for item in items:
        item.panels = _panels(request, meeting, item)
    return render(
        request,
        "boards/meetings/minutes_screen.html",
        {
            "partnership": meeting.board.partnership,
            "board": meeting.board,
            "breadcrumbs": breadcrumbs.to_meeting(meeting),
            "meeting": meeting,
            "minutes": minutes,
            "items": items,
            "progress": meeting_selectors.minutes_progress(meeting, items),
            "attendance_groups": attendance_groups(attendance, unrecorded=True),
            "quorum": quorum(meeting, attendance),
            **_declarations_context(meeting),
            "declarations_item": any(item.standing == DECLARATIONS for item in items),
            "from_screen": True,
            "previous_meeting": previous,
            "previous_minutes": Minutes.objects.filter(meeting=previous).first()
            if previous
            else None,
            "can_approve": True,
        },
    )


@login_required
def minutes_navigator(request, pk):
    """The screen's list of items as it stands now, fetched again after each save."""
    meeting = access.meeting_for_user(request.access, pk, need=Need.EDIT)
    return render(
        request,
        "boards/meetings/minutes_screen.html#navigator",
        {"meeting": meeting, "progress": meeting_selectors.minutes_progress(meeting)},
    )


def _saved_response(request, item, template_partial, context, *, trigger):
    response = render(request, f"boards/meetings/minutes_screen.html#{template_partial}", context)
    response["HX-Trigger"] = json.dumps({trigger: {"item": item.pk}})
    return response


def _refused(request, item, form):
    """The save refused, with the reason at each field; the text typed stays where it was."""
    if not request.htmx:
        screen = reverse("boards:minutes_screen", args=[item.meeting_id])
        return render(
            request,
            "boards/form_page.html",
            {
                "partnership": item.meeting.board.partnership,
                "breadcrumbs": breadcrumbs.to_meeting(item.meeting),
                "form": form,
                "title": f"Minutes of item {item.position}, {item.title}: not saved",
                "back": f"{screen}#item-{item.pk}",
            },
        )
    # Shown by htmx in the item's save status (a 2xx is swapped in), with the reasons placed
    # beside the boxes; the browser keeps the text until a save succeeds.
    context = {"item": item, "form": form}
    return _saved_response(request, item, "status_refused", context, trigger="minutesRefused")


@login_required
@require_POST
def minutes_autosave(request, pk):
    """One item's minutes, sent every few seconds while the secretary types."""
    item = item_for_user(request.access, pk, need=Need.EDIT)
    form = MinutesItemForm(request.POST)
    if not form.is_valid():
        return _refused(request, item, form)
    data = form.cleaned_data
    expected = data["overwrite"] if data["overwrite"] is not None else data["version"]
    try:
        saved = services.minutes_record(
            item=item,
            minutes_text=data["minutes_text"],
            decision=data["decision"],
            expected_version=expected,
            user=request.user,
        )
    except ValidationError as refused:
        form.add_error(None, refused)
        return _refused(request, item, form)
    except EditConflict as conflict:
        context = {"item": conflict.current, "theirs": conflict.current}
        if not request.htmx:
            return render(
                request, "boards/meetings/minutes_conflict.html", {**context, "yours": data}
            )
        return _saved_response(request, item, "status_conflict", context, trigger="minutesConflict")
    except MinutesFrozen as frozen:
        if not request.htmx:
            messages.error(request, str(frozen))
            return redirect(item.meeting)
        return HttpResponse(str(frozen), status=409)
    if not request.htmx:
        messages.success(request, f"Minutes of item {item.position} saved.")
        return redirect(f"{reverse('boards:minutes_screen', args=[item.meeting_id])}#item-{pk}")
    return _saved_response(request, item, "status_saved", {"item": saved}, trigger="minutesSaved")


@login_required
def minutes_editor(request, pk):
    """The item's editor as stored now: the secretary chose the other person's version."""
    item = item_for_user(request.access, pk, need=Need.EDIT)
    return render(request, "boards/meetings/minutes_screen.html#editor", {"item": item})


@login_required
@require_POST
def item_start(request, pk):
    item = item_for_user(request.access, pk, need=Need.EDIT)
    try:
        item = services.item_start_stamp(item=item)
    except MinutesFrozen as frozen:
        messages.error(request, str(frozen))
        return redirect(item.meeting)
    if request.htmx:
        return render(request, "boards/meetings/minutes_screen.html#start", {"item": item})
    return redirect(f"{reverse('boards:minutes_screen', args=[item.meeting_id])}#item-{pk}")


@login_required
@require_http_methods(["GET", "POST"])
def minutes_circulate(request, pk):
    """The e-mail as it will be sent and to whom, first; confirming sends it."""
    meeting = access.meeting_for_user(request.access, pk, need=Need.EDIT)
    link = request.build_absolute_uri(reverse("boards:minutes_read", args=[meeting.pk]))
    try:
        if request.method == "POST":
            sent = services.minutes_circulate(meeting=meeting, link=link)
        else:
            preview = services.circulation(meeting, link=link)
    except services.LifecycleError as refused:
        messages.error(request, str(refused))
        return redirect(meeting)
    if request.method == "GET":
        return render(
            request,
            "boards/meetings/circulate.html",
            {
                "partnership": meeting.board.partnership,
                "board": meeting.board,
                "meeting": meeting,
                "circulation": preview,
                "breadcrumbs": breadcrumbs.to_meeting(meeting),
            },
        )
    count = len(sent.recipients)
    message = f"Draft minutes circulated by e-mail to {count} member{pluralize(count)}."
    if sent.without_email:
        names = get_text_list([person.name for person in sent.without_email], "and")
        message += f" Not sent to {names}: no e-mail address."
    messages.success(request, message)
    return redirect(meeting)


@login_required
@require_POST
def minutes_approve(request, pk):
    meeting = access.meeting_for_user(request.access, pk, need=Need.APPROVE)
    form = ApproveForm(request.POST, meeting=meeting)
    if not form.is_valid():
        messages.error(request, "Choose the later meeting at which the minutes were approved.")
        return redirect(meeting)
    try:
        services.minutes_approve(meeting=meeting, at_meeting=form.cleaned_data["at_meeting"])
    except services.LifecycleError as refused:
        messages.error(request, str(refused))
    else:
        messages.success(request, "Minutes approved. They can no longer be changed.")
    return redirect(meeting)


@login_required
@require_POST
def minutes_publish(request, pk):
    meeting = access.meeting_for_user(request.access, pk, need=Need.EDIT)
    try:
        services.minutes_publish(meeting=meeting)
    except services.LifecycleError as refused:
        messages.error(request, str(refused))
    else:
        messages.success(request, "Minutes published on the public pages.")
    return redirect(meeting)


@login_required
@require_http_methods(["GET", "POST"])
def minutes_amend(request, pk):
    item = item_for_user(request.access, pk, need=Need.EDIT)
    form = AmendmentForm(request.POST or None, initial={"text": item.minutes_text})
    if request.method == "POST" and form.is_valid():
        try:
            services.minutes_amend(item=item, user=request.user, **form.cleaned_data)
        except services.LifecycleError as refused:
            form.add_error(None, str(refused))
        except ValidationError as refused:
            form.add_error(None, refused)
        else:
            messages.success(request, f"Amendment to item {item.position} recorded.")
            return redirect(item.meeting)
    return render(
        request,
        "boards/form_page.html",
        {
            "partnership": item.meeting.board.partnership,
            "breadcrumbs": breadcrumbs.to_meeting(item.meeting),
            "form": form,
            "title": f"Amend the approved minutes of item {item.position}, {item.title}",
            "back": item.meeting.get_absolute_url(),
        },
    )


@login_required
def minutes_read(request, pk):
    meeting = access.meeting_for_user(request.access, pk, need=Need.VIEW)
    context = minutes_context(meeting, public=False)
    return render(
        request,
        "boards/meetings/minutes_read.html",
        {
            **context,
            "partnership": meeting.board.partnership,
            "breadcrumbs": breadcrumbs.to_meeting(meeting),
        },
    )


def _public_flag(request) -> bool:
    return request.GET.get("version") == "public"


@login_required
def minutes_pdf(request, pk):
    meeting = access.meeting_for_user(request.access, pk, need=Need.VIEW)
    public = _public_flag(request)
    return pdf_response(
        pdf_output.minutes_pdf(meeting, public=public),
        minutes_filename(meeting, "pdf", public=public),
    )


def docx_response(data: bytes, filename: str) -> HttpResponse:
    return as_download(HttpResponse(data, content_type=DOCX), filename)


@login_required
def minutes_docx(request, pk):
    meeting = access.meeting_for_user(request.access, pk, need=Need.VIEW)
    public = _public_flag(request)
    return docx_response(
        docx_output.minutes_docx(meeting, public=public),
        minutes_filename(meeting, "docx", public=public),
    )
