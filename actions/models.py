"""The action log: actions agreed at meetings, carried from meeting to meeting."""

import datetime
import re

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from simple_history.models import HistoricalRecords

from boards.models import AgendaItem, Board, Meeting, Person
from core.dates import date_text
from core.models import Versioned

DUE_SOON_DAYS = 7
OWNER_SEPARATOR = "\x1f"  # between owners' initials in the owner_initials annotation
_TIMES = {1: "once", 2: "twice"}


def slippage_summary(
    *,
    original_due_date: datetime.date | None,
    due_date: datetime.date | None,
    revisions: int,
    finished_on: datetime.date | None = None,
    today: datetime.date | None = None,
) -> str:
    """ "due 01/05/24, revised twice, 49 days late": lateness counts from the original date."""
    first = original_due_date or due_date
    if first is None:
        return "no due date"
    parts = [f"due {first:%d/%m/%y}"]
    if revisions:
        parts.append(f"revised {_TIMES.get(revisions, f'{revisions} times')}")
        if due_date and due_date != first:
            parts.append(f"now due {due_date:%d/%m/%y}")
    end = finished_on or today or timezone.localdate()
    late = (end - first).days
    if late > 0:
        parts.append(f"{late} day{'s' if late != 1 else ''} late")
    elif finished_on:
        parts.append("done on time")
    return ", ".join(parts)


def _natural_part(match: re.Match) -> str:
    """Numbers padded to compare as numbers; letters led by their length, so z comes before aa
    as the letters of references run on."""
    part = match.group()
    return part.zfill(10) if part.isdigit() else f"{len(part):02d}{part}"


def reference_sort_key(reference: str, raised_on: datetime.date | None = None) -> str:
    """The key every list of actions sorts references by: naturally, numbers as numbers (9
    before 10, 5.f before 12.a). References of the item-and-letter kind repeat from meeting to
    meeting, so theirs starts with the date of the meeting that raised them."""
    key = re.sub(r"\d+|[a-z]+", _natural_part, reference.strip().lower())
    if raised_on is not None and not reference.strip().isdigit():
        key = f"{raised_on}~{key}"  # ISO dates sort as dates
    return key[:80]


class Action(Versioned):
    class Status(models.TextChoices):
        OPEN = "open", "Open"
        PROPOSED_CLOSURE = "proposed_closure", "Proposed for closure"
        CLOSED = "closed", "Closed"
        SUPERSEDED = "superseded", "Superseded"

    class DuePrecision(models.TextChoices):
        DAY = "day", "The date (e.g. 30/06/2025)"
        MONTH = "month", "The month (e.g. June 2025): due by its last day"

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
    due_precision = models.CharField(
        "show the due date as",
        max_length=5,
        choices=DuePrecision.choices,
        default=DuePrecision.DAY,
        help_text="An action due in a month is shown as the month, and due by its last day",
    )
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
    sort_key = models.CharField(
        max_length=80,
        blank=True,
        editable=False,
        help_text="The reference as lists sort it (see reference_sort_key)",
    )
    source_line = models.TextField(
        blank=True,
        editable=False,
        help_text='The "Action:" line of the minutes it was captured from, so it is created once',
    )
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(auto_now=True)
    history = HistoricalRecords(m2m_fields=[owners])

    class Meta:
        ordering = ["board", "sort_key", "number"]
        indexes = [
            models.Index(fields=["board", "status", "due_date"]),
            models.Index(fields=["status", "due_date"]),
            models.Index(fields=["board", "sort_key"]),
        ]
        constraints = [
            # Per-meeting references ("8.a") repeat from meeting to meeting; running numbers are
            # handed out under a lock on the board (services.log.action_create).
            models.UniqueConstraint(
                fields=["board", "raised_at", "reference"], name="action_reference_unique"
            ),
            models.UniqueConstraint(
                fields=["board", "reference"],
                condition=Q(raised_at__isnull=True),
                name="action_reference_unique_unraised",
            ),
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

    def days_past_due(self) -> int | None:
        """Days since an open action's due date (negative before it); None when it is closed
        or has no due date."""
        if not self.is_open or self.due_date is None:
            return None
        return (timezone.localdate() - self.due_date).days

    @property
    def is_overdue(self):
        return (self.days_past_due() or 0) > 0

    @property
    def owners_display(self):
        """Initials as the action log shows them, e.g. "CF/SROs". Reads the `owner_initials`
        annotation when the selector added one (see selectors.log.with_log_columns)."""
        if hasattr(self, "owner_initials"):
            initials = self.owner_initials
            names = sorted(initials.split(OWNER_SEPARATOR)) if initials else []
        else:
            names = sorted(person.initials for person in self.owners.all())
        if self.owner_note:
            names.append(self.owner_note)
        return "/".join(names)

    @property
    def due_display(self) -> str:
        """ "30 June 2025", or "June 2025" for an action due in a month; "" without a date."""
        if self.due_date is None:
            return ""
        if self.due_precision == self.DuePrecision.MONTH:
            return f"{self.due_date:%B %Y}"
        return date_text(self.due_date)

    @property
    def is_due_soon(self):
        past = self.days_past_due()
        return past is not None and -DUE_SOON_DAYS <= past <= 0

    @property
    def slippage(self):
        """Uses a `revisions` annotation when the selector added one (see selectors.log)."""
        revisions = getattr(self, "revisions", None)
        if revisions is None:
            revisions = self.due_date_changes.count()
        return slippage_summary(
            original_due_date=self.original_due_date,
            due_date=self.due_date,
            revisions=revisions,
            finished_on=None if self.is_open else self.closed_on,
        )

    @property
    def days_late(self):
        return max(self.days_past_due() or 0, 0)


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
