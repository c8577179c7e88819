"""Highlight reports: saved as drafts, submitted by the deadline, chased by the secretary."""

import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.utils import timezone

from boards import access
from boards.models import Meeting
from core.concurrency import lock_current

from ..models import HighlightReport, HighlightReportReminder, NextStep, Priority
from ..models.reports import default_deadline

REPORT_FIELDS = (
    "rag",
    "summary",
    "achievements",
    "risks_and_issues",
    "risk_references",
    "decisions_required",
    "agenda_item",
)


@transaction.atomic
def highlight_report_save(
    *,
    priority: Priority,
    meeting: Meeting,
    fields: dict,
    next_steps: list[tuple[str, datetime.date]],
    submit: bool,
    user,
    expected_version: int,
) -> HighlightReport:
    """Create or update the report of a priority for a meeting, as a draft or submitted.

    `expected_version` is the version the form was opened at, 0 if the report did not exist
    yet: no stored report has version 0, so a report someone else started meanwhile is a
    conflict rather than overwritten. The rows of next steps are replaced as a whole: the form
    always shows all of them.
    """
    item = fields.get("agenda_item")
    if item is not None and (
        item.meeting_id != meeting.pk or not access.item_visible_to(user, item, meeting.board)
    ):
        raise ValidationError("Choose an item of this meeting's agenda.")
    report = HighlightReport.objects.filter(priority=priority, meeting=meeting).first()
    if report is None:
        report = HighlightReport(
            priority=priority, meeting=meeting, deadline=default_deadline(meeting)
        )
    else:
        report = lock_current(report, expected_version)
        report.version += 1
    for name in REPORT_FIELDS:
        if name in fields:
            setattr(report, name, fields[name])
    if submit:
        if not report.is_submitted:
            report.submitted_at = timezone.now()
        report.status = HighlightReport.Status.SUBMITTED
    else:
        report.status = HighlightReport.Status.DRAFT
        report.submitted_at = None
    report.author = user
    report.updated_at = timezone.now()
    try:
        with transaction.atomic():
            report.save()
    except IntegrityError:
        raise ValidationError(
            "Someone else started this report at the same time: reload the page to see it."
        ) from None
    report.next_steps.all().delete()
    NextStep.objects.bulk_create(
        NextStep(report=report, activity=activity, by_when=by_when)
        for activity, by_when in next_steps
    )
    return report


@transaction.atomic
def highlight_report_remind(
    *, priority: Priority, meeting: Meeting, user, report_url: str
) -> HighlightReportReminder:
    """E-mail the SRO that their highlight report for the meeting is due."""
    sro = priority.sro
    if sro is None or not sro.email:
        raise ValidationError(f"Priority {priority.number} has no SRO with an e-mail address.")
    report = HighlightReport.objects.filter(priority=priority, meeting=meeting).first()
    if report is not None and report.is_submitted:
        raise ValidationError("The highlight report is already submitted.")
    deadline = report.deadline if report else default_deadline(meeting)
    context = {
        "sro": sro,
        "priority": priority,
        "meeting": meeting,
        "deadline": deadline,
        "report_url": report_url,
        "sender": user,
    }
    send_mail(
        subject=f"Highlight report due {deadline:%-d %B}: {priority.title}, {meeting}",
        message=render_to_string("strategy/email/highlight_report_reminder.txt", context),
        from_email=settings.DEFAULT_FROM_EMAIL,
        recipient_list=[sro.email],
    )
    return HighlightReportReminder.objects.create(
        priority=priority, meeting=meeting, sent_to=sro.email, sent_by=user
    )
