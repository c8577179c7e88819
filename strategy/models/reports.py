"""Highlight reports: what each SRO tells a meeting about their priority area."""

import datetime

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from simple_history.models import HistoricalRecords

from boards.models import AgendaItem, Meeting
from core.models import Versioned

from .plans import Priority, Rag

DEADLINE_DAYS_BEFORE = 7


def default_deadline(meeting: Meeting) -> datetime.date:
    """Reports are due a week before the meeting, in time for the pack."""
    return meeting.date - datetime.timedelta(days=DEADLINE_DAYS_BEFORE)


class HighlightReport(Versioned):
    class Status(models.TextChoices):
        DRAFT = "draft", "Draft"
        SUBMITTED = "submitted", "Submitted"

    priority = models.ForeignKey(
        Priority, on_delete=models.CASCADE, related_name="highlight_reports"
    )
    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="highlight_reports")
    agenda_item = models.ForeignKey(
        AgendaItem,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="highlight_reports",
        help_text="The agenda item it is presented under, for the meeting pack",
    )
    rag = models.CharField("overall RAG status", max_length=10, choices=Rag.choices)
    summary = models.TextField("summary of progress since the last period")
    achievements = models.TextField(blank=True)
    risks_and_issues = models.TextField(
        blank=True, help_text="Risks and issues, with their risk register references"
    )
    risk_references = models.CharField(
        max_length=200, blank=True, help_text='References on the risk register, e.g. "R4, R11"'
    )
    decisions_required = models.TextField("decisions required of the board", blank=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.DRAFT)
    deadline = models.DateField()
    submitted_at = models.DateTimeField(null=True, blank=True, editable=False)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    updated_at = models.DateTimeField(default=timezone.now)
    history = HistoricalRecords()

    class Meta:
        ordering = ["meeting", "priority__plan", "priority__number"]
        constraints = [
            models.UniqueConstraint(
                fields=["priority", "meeting"], name="highlight_report_once_per_meeting"
            ),
        ]

    def __str__(self):
        return f"Highlight report: {self.priority.title}, {self.meeting}"

    def get_absolute_url(self):
        return reverse("strategy:highlight_report", args=[self.pk])

    @property
    def is_submitted(self):
        return self.status == self.Status.SUBMITTED

    @property
    def is_late(self):
        if self.is_submitted:
            return timezone.localdate(self.submitted_at) > self.deadline
        return timezone.localdate() > self.deadline


class NextStep(models.Model):
    """A row of "activities and outcomes for the next period", with its by-when date."""

    report = models.ForeignKey(HighlightReport, on_delete=models.CASCADE, related_name="next_steps")
    activity = models.TextField("activity and outcome")
    by_when = models.DateField("by when")

    class Meta:
        ordering = ["report", "by_when", "id"]

    def __str__(self):
        return self.activity[:60]


class HighlightReportReminder(models.Model):
    """An e-mail reminding an SRO that a highlight report is due."""

    priority = models.ForeignKey(Priority, on_delete=models.CASCADE, related_name="+")
    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="+")
    sent_to = models.EmailField()
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    sent_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-sent_at"]

    def __str__(self):
        return f"Reminder to {self.sent_to}"
