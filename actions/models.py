"""The action log: actions agreed at meetings, carried from meeting to meeting."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from simple_history.models import HistoricalRecords

from boards.models import AgendaItem, Board, Meeting, Person


class Action(models.Model):
    class Status(models.TextChoices):
        OPEN = "open", "Open"
        PROPOSED_CLOSURE = "proposed_closure", "Proposed for closure"
        CLOSED = "closed", "Closed"
        SUPERSEDED = "superseded", "Superseded"

    board = models.ForeignKey(Board, on_delete=models.CASCADE, related_name="actions")
    reference = models.CharField(max_length=20, help_text='e.g. "105" or "8.b"')
    number = models.PositiveIntegerField(
        help_text="Orders the log; the running number on boards that use them"
    )
    description = models.TextField()
    owners = models.ManyToManyField(Person, related_name="actions", blank=True)
    owner_note = models.CharField(
        max_length=60, blank=True, help_text='Owners not in the system, e.g. "SROs" in "CF/SROs"'
    )
    raised_at = models.ForeignKey(
        Meeting, on_delete=models.SET_NULL, null=True, blank=True, related_name="actions_raised"
    )
    raised_at_item = models.ForeignKey(
        AgendaItem, on_delete=models.SET_NULL, null=True, blank=True, related_name="actions_raised"
    )
    due_date = models.DateField(null=True, blank=True)
    original_due_date = models.DateField(null=True, blank=True, editable=False)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.OPEN)
    closed_on = models.DateField(null=True, blank=True)
    closed_at = models.ForeignKey(
        Meeting, on_delete=models.SET_NULL, null=True, blank=True, related_name="actions_closed"
    )
    successor = models.OneToOneField(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="predecessor",
        help_text="The new action created when this one was closed",
    )
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(auto_now=True)
    version = models.PositiveIntegerField(default=1, editable=False)
    history = HistoricalRecords(m2m_fields=[owners])

    class Meta:
        ordering = ["board", "number"]
        indexes = [
            models.Index(fields=["board", "status", "due_date"]),
            models.Index(fields=["status", "due_date"]),
        ]
        constraints = [
            models.UniqueConstraint(fields=["board", "reference"], name="action_reference_unique"),
            models.CheckConstraint(
                condition=~Q(status="closed") | Q(closed_on__isnull=False),
                name="closed_action_has_date",
            ),
        ]

    def __str__(self):
        return f"{self.reference} – {self.description[:60]}"

    def get_absolute_url(self):
        return reverse("actions:detail", args=[self.pk])

    @property
    def is_open(self):
        return self.status in {self.Status.OPEN, self.Status.PROPOSED_CLOSURE}

    @property
    def is_overdue(self):
        return self.is_open and self.due_date is not None and self.due_date < timezone.localdate()

    @property
    def days_late(self):
        if not self.is_overdue:
            return 0
        return (timezone.localdate() - self.due_date).days


class ActionUpdate(models.Model):
    """One entry in an action's trail: what was said, by whom, and at which meeting if any."""

    class Outcome(models.TextChoices):
        NOTE = "note", "Update"
        KEEP_OPEN = "keep_open", "Keep action open"
        PROPOSE_CLOSE = "propose_close", "Proposed for closure"
        CLOSE = "close", "Agree to close action"
        CLOSE_AND_REPLACE = "close_and_replace", "Agree to close and create new action"
        REOPEN = "reopen", "Reopened"

    action = models.ForeignKey(Action, on_delete=models.CASCADE, related_name="updates")
    text = models.TextField()
    outcome = models.CharField(max_length=20, choices=Outcome.choices, default=Outcome.NOTE)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    meeting = models.ForeignKey(
        Meeting, on_delete=models.SET_NULL, null=True, blank=True, related_name="action_updates"
    )
    created_at = models.DateTimeField(default=timezone.now)
    history = HistoricalRecords()

    class Meta:
        ordering = ["created_at", "id"]
        indexes = [models.Index(fields=["action", "-created_at"])]

    def __str__(self):
        return f"Update to {self.action.reference}"


class DueDateChange(models.Model):
    """Slippage: a revised due date, always with its reason; the original is kept on the action."""

    action = models.ForeignKey(Action, on_delete=models.CASCADE, related_name="due_date_changes")
    old_date = models.DateField(null=True, blank=True)
    new_date = models.DateField()
    reason = models.TextField()
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    meeting = models.ForeignKey(
        Meeting, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    changed_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["changed_at", "id"]
        constraints = [
            models.CheckConstraint(condition=~Q(reason=""), name="slippage_has_reason"),
        ]

    def __str__(self):
        return f"{self.action.reference}: {self.old_date} → {self.new_date}"


class ReminderSent(models.Model):
    """The digest e-mailed to an owner: at most one a day, recorded so cron can run hourly."""

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="+")
    sent_on = models.DateField()
    sent_at = models.DateTimeField(default=timezone.now)
    actions = models.ManyToManyField(Action, related_name="+")

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["person", "sent_on"], name="one_reminder_a_day"),
        ]

    def __str__(self):
        return f"Reminder to {self.person} on {self.sent_on}"
