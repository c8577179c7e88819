"""Highlight reports: the SRO writes one per meeting, the secretary tracks and chases them."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods, require_POST

from boards import access as board_access
from boards import breadcrumbs
from boards.access import Need
from core.concurrency import Difference, EditConflict, mark_conflict
from core.dates import date_text
from core.documents import pdf_response
from strategy.access import PlanNeed

from .. import access, documents, selectors_reports, services
from ..forms.reports import HighlightReportForm, NextStepFormSet
from ..models import HighlightReport
from .common import trail_to


@login_required
def meeting_reports(request, pk):
    meeting = board_access.meeting_for_user(request.access, pk, need=Need.VIEW)
    rows = selectors_reports.meeting_report_status(meeting)
    return render(
        request,
        "strategy/meeting_reports.html",
        {
            "partnership": meeting.board.partnership,
            "breadcrumbs": breadcrumbs.to_meeting(meeting),
            "meeting": meeting,
            "rows": rows,
            "submitted": sum(row.state == "submitted" for row in rows),
            "can_remind": board_access.can(request.access, meeting.board, Need.EDIT),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def report_write(request, meeting_pk, priority_pk):
    meeting, priority = access.report_target_for_user(request.access, meeting_pk, priority_pk)
    report = HighlightReport.objects.filter(meeting=meeting, priority=priority).first()
    instance = report or HighlightReport(meeting=meeting, priority=priority)
    initial_steps = [
        {"activity": step.activity, "by_when": step.by_when}
        for step in (report.next_steps.all() if report else [])
    ]
    form = HighlightReportForm(
        request.POST or None,
        instance=instance,
        meeting=meeting,
        user=request.user,
        initial={} if report else {"rag": priority.rag},
    )
    steps = NextStepFormSet(request.POST or None, initial=initial_steps, prefix="steps")
    if request.method == "POST" and form.is_valid() & steps.is_valid():
        submit = "submit" in request.POST
        next_steps = [
            (row["activity"], row["by_when"]) for row in steps.cleaned_data if row.get("activity")
        ]
        try:
            saved = services.highlight_report_save(
                priority=priority,
                meeting=meeting,
                fields=form.cleaned_data,
                next_steps=next_steps,
                submit=submit,
                user=request.user,
                expected_version=form.cleaned_data["version"],
            )
        except EditConflict as conflict:
            report = conflict.current
            _show_conflict(form, report, next_steps)
        except ValidationError as error:
            for text in error.messages:
                form.add_error(None, text)
        else:
            messages.success(
                request,
                "Highlight report submitted." if submit else "Highlight report saved as a draft.",
            )
            return redirect(saved)
    return render(
        request,
        "strategy/report_form.html",
        {
            "partnership": meeting.board.partnership,
            # The SRO who writes it may have no seat on the board: the way back is their priority.
            "breadcrumbs": trail_to(priority),
            "meeting": meeting,
            "priority": priority,
            "report": report,
            "form": form,
            "steps": steps,
            "deadline": report.deadline if report else None,
        },
    )


def _show_conflict(form, current: HighlightReport, next_steps) -> None:
    """Their report and yours side by side, the rows for the next period included."""
    mark_conflict(form, current)
    theirs = _steps_text((step.activity, step.by_when) for step in current.next_steps.all())
    yours = _steps_text(next_steps)
    if theirs != yours:
        form.conflict.append(
            Difference(
                label="Activities and outcomes for the next period", theirs=theirs, yours=yours
            )
        )


def _steps_text(steps) -> str:
    return "\n".join(f"{activity} (by {date_text(by_when)})" for activity, by_when in steps)


@login_required
def report_detail(request, pk):
    report = access.report_for_user(request.access, pk)
    return render(
        request,
        "strategy/report.html",
        {
            "partnership": report.meeting.board.partnership,
            "breadcrumbs": trail_to(report.priority),
            "report": report,
            "next_steps": report.next_steps.all(),
            "can_write": access.can_write_report(request.access, report.priority, report.meeting),
        },
    )


@login_required
def report_pdf(request, pk):
    report = access.report_for_user(request.access, pk)
    return pdf_response(
        documents.highlight_report_pdf(report),
        f"highlight-report-{report.priority.number}-{report.meeting.date:%Y-%m-%d}.pdf",
    )


@login_required
@require_POST
def report_remind(request, meeting_pk, priority_pk):
    meeting, priority = access.report_target_for_user(
        request.access, meeting_pk, priority_pk, need=PlanNeed.VIEW
    )
    if not board_access.can(request.access, meeting.board, Need.EDIT):
        raise PermissionDenied
    url = request.build_absolute_uri(
        reverse("strategy:report_write", args=[meeting.pk, priority.pk])
    )
    try:
        reminder = services.highlight_report_remind(
            priority=priority, meeting=meeting, user=request.user, report_url=url
        )
        messages.success(request, f"Reminder sent to {priority.sro.name} ({reminder.sent_to}).")
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    return redirect("strategy:meeting_reports", meeting.pk)
