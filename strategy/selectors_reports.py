"""Reads for highlight reports: which a meeting expects, and which are in or missing."""

from dataclasses import dataclass

from django.db.models import Q
from django.utils import timezone

from boards.models import Meeting

from .models import HighlightReport, HighlightReportReminder, Priority
from .models.reports import default_deadline


@dataclass
class ReportStatus:
    priority: Priority
    report: HighlightReport | None
    last_reminder: HighlightReportReminder | None
    deadline: object

    @property
    def state(self) -> str:
        if self.report is None:
            return "missing"
        return "submitted" if self.report.is_submitted else "draft"

    @property
    def label(self) -> str:
        return {"missing": "Not started", "draft": "Draft", "submitted": "Submitted"}[self.state]

    @property
    def is_late(self) -> bool:
        if self.report is not None:
            return self.report.is_late
        return timezone.localdate() > self.deadline


def expected_priorities(meeting: Meeting):
    """Priorities reported to this board: of plans it owns, or that it delivers."""
    return (
        Priority.objects.filter(
            Q(plan__owner_board=meeting.board_id) | Q(working_group=meeting.board_id)
        )
        .filter(plan__partnership=meeting.board.partnership_id)
        .select_related("plan", "sro")
        .order_by("plan__title", "number")
    )


def meeting_report_status(meeting: Meeting) -> list[ReportStatus]:
    reports = {
        report.priority_id: report
        for report in HighlightReport.objects.filter(meeting=meeting).select_related(
            "priority__plan", "priority__sro", "author"
        )
    }
    reminders = {}
    for reminder in HighlightReportReminder.objects.filter(meeting=meeting).order_by("sent_at"):
        reminders[reminder.priority_id] = reminder
    priorities = list(expected_priorities(meeting))
    seen = {priority.pk for priority in priorities}
    priorities += [report.priority for pk, report in reports.items() if pk not in seen]
    fallback = default_deadline(meeting)
    return [
        ReportStatus(
            priority=priority,
            report=reports.get(priority.pk),
            last_reminder=reminders.get(priority.pk),
            deadline=reports[priority.pk].deadline if priority.pk in reports else fallback,
        )
        for priority in priorities
    ]
