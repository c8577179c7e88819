"""The action log at a meeting: the standing item's inline forms, and "Action:" capture from the
minutes of any item. Both work on their own pages as well as inside the meeting screens."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods

from boards import access, breadcrumbs
from boards.access import Need
from boards.models import AgendaItem
from core.concurrency import EditConflict

from .. import contributions
from ..forms import CaptureForm, people_by_initials
from ..selectors.meeting import meeting_actions
from ..services import log as action_log
from ..services.base import ActionError
from ..services.meeting import action_record_at_meeting
from .detail import conflict_message


def _action_log_item(meeting):
    return meeting.agenda_items.filter(standing=AgendaItem.Standing.ACTION_LOG).first()


@login_required
def meeting_action_log(request, meeting_id):
    meeting = access.meeting_for_user(request.access, meeting_id, need=Need.VIEW)
    context = contributions.meeting_section_context(request, meeting, _action_log_item(meeting))
    if request.htmx:
        return render(
            request,
            "actions/partials/meeting_section.html#rows",
            {"context": context, "meeting": meeting, "can_record": context["can_record"]},
        )
    return render(
        request,
        "actions/meeting_action_log.html",
        {
            "context": context,
            "meeting": meeting,
            "board": meeting.board,
            "breadcrumbs": breadcrumbs.to_meeting(meeting),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def meeting_action_record(request, meeting_id, pk):
    """The form for one action at the meeting: fetched when its row is opened, and posted back.

    The log shows the forms only when asked, so a log of many actions opens quickly; without
    JavaScript the link in the row leads to the form on a page of its own.
    """
    meeting = access.meeting_for_user(request.access, meeting_id, need=Need.EDIT)
    # Only an action this meeting's log lists, so that nothing is recorded for one it cannot show.
    action = get_object_or_404(meeting_actions(meeting), pk=pk)
    known = people_by_initials(meeting.board.partnership)
    if request.method == "GET":
        if not action.is_open or meeting.minutes_frozen:
            raise Http404
        row = contributions.meeting_row(
            meeting, action, form=contributions.outcome_form(action, meeting, known)
        )
        context = {"row": row, "meeting": meeting, "can_record": True}
        if request.htmx:
            return render(request, "actions/partials/meeting_section.html#row_form", context)
        return _record_page(request, meeting, context)
    form = contributions.outcome_form(action, meeting, known, request.POST)
    message = ""
    if form.is_valid():
        data = form.cleaned_data
        try:
            action_record_at_meeting(
                action=action,
                meeting=meeting,
                author=request.user,
                text=data["text"],
                outcome=data["outcome"],
                expected_version=data["version"],
                new_due_date=data["new_due_date"],
                reason=data["reason"],
                new_description=data["new_description"],
                new_owners=data["new_owners"],
                new_due=data["new_due"],
                item=_action_log_item(meeting),
            )
        except EditConflict as conflict:
            form.data = form.data.copy()
            form.data[form.add_prefix("version")] = conflict.current.version
            form.add_error(None, conflict_message(conflict).replace("Your update was saved; ", ""))
        except ActionError as error:
            form.add_error(None, str(error))
        else:
            form = None
            message = f"Recorded for action {action.reference}."
    fresh = meeting_actions(meeting).filter(pk=action.pk).first()
    if fresh is None:
        raise Http404
    row = contributions.meeting_row(meeting, fresh, form=form, message=message)
    context = {
        "row": row,
        "meeting": meeting,
        "can_record": not meeting.minutes_frozen,
    }
    if request.htmx:
        return render(request, "actions/partials/meeting_section.html#row", context)
    if form is None:
        messages.success(request, message)
        return redirect(f"{meeting.get_absolute_url()}#meeting-action-{fresh.pk}")
    return _record_page(request, meeting, context)


def _record_page(request, meeting, context):
    """The form for one action on a page of its own, for a browser without JavaScript."""
    trail = breadcrumbs.to_meeting(meeting).then(
        "Action log", reverse("actions:meeting_log", args=[meeting.pk])
    )
    return render(request, "actions/meeting_record.html", {**context, "breadcrumbs": trail})


def _item_for_user(user, item_id, need):
    item = (
        AgendaItem.objects.select_related("meeting__board__partnership").filter(pk=item_id).first()
    )
    if item is None:
        raise Http404
    access.meeting_for_user(user, item.meeting_id, need=need)
    return item


@login_required
@require_http_methods(["GET", "POST"])
def action_capture(request, item_id):
    item = _item_for_user(request.access, item_id, Need.EDIT)
    bound, message, captured = None, "", False
    if request.method == "POST":
        index = request.POST.get("index", "")
        known = people_by_initials(item.meeting.board.partnership)
        form = CaptureForm(request.POST, known=known, meeting=item.meeting, prefix=f"c{index}")
        if form.is_valid():
            data = form.cleaned_data
            action = action_log.action_capture(
                item=item,
                source_line=data["source_line"],
                description=data["description"],
                owners=data["owners"],
                owner_note=data["other_owners"],
                due_date=data["due_date"],
                due_precision=form.due_precision,
                author=request.user,
            )
            if action is not None:
                message = f"Action {action.reference} added to the log."
                captured = True
        else:
            bound = form
    context = contributions.capture_context(request, item, bound=bound, message=message)
    response = render(request, "actions/partials/capture_panel.html#body", {"context": context})
    if captured:
        response["HX-Trigger"] = "actionCaptured"  # the screen's list of items counts it
    return response
