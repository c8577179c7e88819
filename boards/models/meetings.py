"""Meetings and what happens at them: agenda, papers, attendance, declarations and minutes."""

import datetime

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import cached_property
from simple_history.models import HistoricalRecords

from core.models import Versioned

from .structure import Board, Person


class Meeting(Versioned):
    class Status(models.TextChoices):
        SCHEDULED = "scheduled", "Scheduled"
        HELD = "held", "Held"
        CANCELLED = "cancelled", "Cancelled"

    board = models.ForeignKey(Board, on_delete=models.CASCADE, related_name="meetings")
    date = models.DateField()
    starts_at = models.TimeField("start time", default=datetime.time(10, 0))
    ends_at = models.TimeField("end time", null=True, blank=True)
    venue = models.CharField(max_length=200, blank=True, help_text="e.g. Civic Centre or MS Teams")
    online_link = models.URLField("online meeting link", blank=True, max_length=500)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.SCHEDULED)
    agenda_pack_published_at = models.DateTimeField(
        null=True,
        blank=True,
        editable=False,
        help_text="When the agenda pack was first published on the public pages",
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["-date", "-starts_at"]
        indexes = [models.Index(fields=["board", "date"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__isnull=True) | Q(ends_at__gt=models.F("starts_at")),
                name="meeting_ends_after_it_starts",
                violation_error_message="The end time must be after the start time.",
            )
        ]

    def __str__(self):
        return f"{self.board.short_name} {self.date:%d/%m/%Y}"

    def meetings_before(self):
        """The board's meetings before this one, latest first, cancelled ones skipped."""
        return self._others().filter(date__lt=self.date).order_by("-date", "-starts_at")

    def meetings_after(self):
        """The board's meetings after this one, earliest first, cancelled ones skipped."""
        return self._others().filter(date__gt=self.date).order_by("date", "starts_at")

    def _others(self):
        return Meeting.objects.filter(board_id=self.board_id).exclude(
            status=Meeting.Status.CANCELLED
        )

    @cached_property
    def previous_meeting(self) -> "Meeting | None":
        """The board's meeting before this one, cancelled ones skipped: read once per instance,
        as the meeting page, its sections and its pack all ask for it."""
        return self.meetings_before().first()

    def get_absolute_url(self):
        return reverse("boards:meeting", args=[self.pk])

    @property
    def minutes_frozen(self) -> bool:
        """Whether the meeting's minutes are approved (or published): nothing more is recorded
        at it then. Reads `minutes` once; the meeting page has it already."""
        minutes = getattr(self, "minutes", None)
        return minutes is not None and minutes.is_frozen

    @property
    def has_arrived(self) -> bool:
        """Whether the meeting's day has come (it can approve the last meeting's minutes)."""
        return self.date <= timezone.localdate()

    @property
    def has_been_held(self) -> bool:
        """Whether the meeting has taken place: marked held on or before today, or still marked
        scheduled once its day has passed (a secretary need not mark every meeting held)."""
        today = timezone.localdate()
        if self.status == Meeting.Status.HELD:
            return self.date <= today
        return self.status == Meeting.Status.SCHEDULED and self.date < today

    @property
    def agenda_pack_due_on(self) -> datetime.date:
        """The last day the agenda pack may be published with the board's clear days to spare:
        clear days leave out both the day it is published and the day of the meeting."""
        return self.date - datetime.timedelta(days=self.board.agenda_pack_clear_days + 1)

    @property
    def where(self):
        if self.venue:
            return self.venue
        return "Online" if self.online_link else ""


class AgendaItem(Versioned):
    class Kind(models.TextChoices):
        STANDING = "standing", "Standing item"
        DECISION = "decision", "For decision"
        DISCUSSION = "discussion", "For discussion"
        NOTING = "noting", "For noting"
        INFORMATION = "information", "For information"

    class Standing(models.TextChoices):
        """What a standing item is for, so other parts of the app can fill it in."""

        WELCOME = "welcome", "Welcome, introductions and apologies"
        DECLARATIONS = "declarations", "Declarations of interest"
        MINUTES = "minutes", "Minutes of the last meeting"
        ACTION_LOG = "action_log", "Action log"
        RISK_LOG = "risk_log", "Risk log"
        AOB = "aob", "Any other business"

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="agenda_items")
    position = models.PositiveSmallIntegerField(help_text="The item's number on the agenda")
    title = models.CharField(max_length=300)
    planned_start = models.TimeField(null=True, blank=True)
    actual_start = models.TimeField(null=True, blank=True)
    presenter = models.ForeignKey(
        Person, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    kind = models.CharField(max_length=20, choices=Kind.choices, default=Kind.DISCUSSION)
    standing = models.CharField(max_length=20, choices=Standing.choices, blank=True)
    confidential = models.BooleanField(
        default=False, help_text="Exempt from publication: left out of the public minutes and pack"
    )
    minutes_text = models.TextField(blank=True)
    decision = models.TextField(
        blank=True, help_text='What was resolved, e.g. "Agreed", "Noted", "Approved subject to..."'
    )
    minutes_saved_at = models.DateTimeField(null=True, blank=True)
    minutes_saved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["meeting", "position"]
        constraints = [
            # Renumbering moves items out of the way first (see services), so no deferral needed.
            models.UniqueConstraint(fields=["meeting", "position"], name="agenda_position_unique")
        ]

    def __str__(self):
        return f"{self.position}. {self.title}"


def paper_path(instance, filename):
    return f"papers/{instance.agenda_item.meeting_id}/{instance.agenda_item_id}/{filename}"


class Paper(Versioned):
    class TextStatus(models.TextChoices):
        WAITING = "waiting", "Waiting to be read"
        READ = "read", "Read"
        FAILED = "failed", "Could not be read"

    agenda_item = models.ForeignKey(AgendaItem, on_delete=models.CASCADE, related_name="papers")
    label = models.CharField(max_length=10, help_text='As in the pack, e.g. "4a"')
    title = models.CharField(max_length=300)
    document = models.FileField(upload_to=paper_path)
    original_name = models.CharField(max_length=255)
    content_type = models.CharField(max_length=120)
    size = models.PositiveBigIntegerField()
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    uploaded_at = models.DateTimeField(default=timezone.now)
    # Its text, read by the background worker after upload so that search finds what it says.
    text = models.TextField(blank=True, editable=False)
    text_status = models.CharField(
        max_length=10, choices=TextStatus.choices, default=TextStatus.WAITING, editable=False
    )
    text_problem = models.CharField(max_length=300, blank=True, editable=False)
    history = HistoricalRecords(excluded_fields=["text"])

    class Meta:
        ordering = ["agenda_item", "label"]
        constraints = [
            models.UniqueConstraint(fields=["agenda_item", "label"], name="paper_label_unique")
        ]

    def __str__(self):
        return f"{self.label}) {self.title}"

    @property
    def is_pdf(self):
        return self.content_type == "application/pdf"


class ForwardPlanItem(Versioned):
    """Something the board has asked to see at a future meeting."""

    board = models.ForeignKey(Board, on_delete=models.CASCADE, related_name="forward_plan")
    title = models.CharField(max_length=300)
    notes = models.TextField(blank=True)
    owner = models.ForeignKey(
        Person, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    wanted_at = models.ForeignKey(
        Meeting,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="forward_plan_items",
        help_text="The meeting it is wanted at, if known",
    )
    wanted_month = models.DateField(
        null=True, blank=True, help_text="Or the month it is wanted in (first of the month)"
    )
    requested_at = models.ForeignKey(
        Meeting, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    agenda_item = models.ForeignKey(
        AgendaItem,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        help_text="Set once it is on an agenda",
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["wanted_month", "id"]

    def __str__(self):
        return self.title


class Attendance(Versioned):
    """Whether someone was at a meeting (as recorded, never assumed) and the part they had in it."""

    class Status(models.TextChoices):
        NOT_RECORDED = "not_recorded", "Not recorded"
        PRESENT = "present", "Present"
        APOLOGIES = "apologies", "Apologies"
        ABSENT = "absent", "Absent"

    class Role(models.TextChoices):
        """The part someone had in this meeting, which the minutes print under its own heading."""

        CHAIR = "chair", "Chair"
        VICE_CHAIR = "vice_chair", "Vice-chair"
        MEMBER = "member", "Member"
        DEPUTY = "deputy", "Deputy"
        ADVISER = "adviser", "Adviser"
        GUEST = "guest", "Guest"
        IN_ATTENDANCE = "in_attendance", "In attendance"
        MINUTE_TAKER = "minute_taker", "Minute-taker"

    # The roles whose presence makes the meeting quorate.
    VOTING = (Role.CHAIR, Role.VICE_CHAIR, Role.MEMBER, Role.DEPUTY)

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="attendance")
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="attendance")
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.NOT_RECORDED)
    deputy_for = models.ForeignKey(
        Person,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        help_text="The member this person attends for, with delegated authority",
    )
    role = models.CharField(
        "attended as",
        max_length=20,
        choices=Role.choices,
        default=Role.MEMBER,
        help_text="The part they had in the meeting (from the membership at first)",
    )
    joined_at = models.TimeField("joined late at", null=True, blank=True)
    left_at = models.TimeField("left early at", null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["meeting", "person__name"]
        constraints = [
            models.UniqueConstraint(fields=["meeting", "person"], name="attendance_once"),
            models.CheckConstraint(
                condition=Q(role="deputy", deputy_for__isnull=False) | ~Q(role="deputy"),
                name="attendance_deputy_names_member",
                violation_error_message="Say whom the deputy attends for.",
            ),
        ]

    def __str__(self):
        return f"{self.person} – {self.get_status_display()}"

    @property
    def counts_for_quorum(self):
        return self.status == self.Status.PRESENT and self.role in self.VOTING


class Declaration(models.Model):
    """A declaration of interest. An entry with no person means "None recorded"."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="declarations")
    agenda_item = models.ForeignKey(
        AgendaItem, on_delete=models.CASCADE, null=True, blank=True, related_name="declarations"
    )
    person = models.ForeignKey(Person, on_delete=models.PROTECT, null=True, blank=True)
    interest = models.TextField(blank=True)
    recorded_at = models.DateTimeField(default=timezone.now)
    history = HistoricalRecords()

    class Meta:
        ordering = ["meeting", "recorded_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(person__isnull=True) | ~Q(interest=""),
                name="declaration_states_interest",
                violation_error_message="Describe the interest declared.",
            )
        ]

    def __str__(self):
        return f"{self.person}: {self.interest}" if self.person else "None recorded"

    @property
    def is_none_recorded(self):
        return self.person_id is None


class Minutes(Versioned):
    """The lifecycle of a meeting's minutes; the text itself is recorded per agenda item."""

    class Status(models.TextChoices):
        DRAFT = "draft", "Draft"
        CIRCULATED = "circulated", "Circulated"
        APPROVED = "approved", "Approved"
        PUBLISHED = "published", "Published"

    FROZEN = (Status.APPROVED, Status.PUBLISHED)  # a record from then on: nothing in them changes

    meeting = models.OneToOneField(Meeting, on_delete=models.CASCADE, related_name="minutes")
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.DRAFT)
    circulated_at = models.DateTimeField(null=True, blank=True)
    approved_on = models.DateField(null=True, blank=True)
    approved_at_meeting = models.ForeignKey(
        Meeting, on_delete=models.SET_NULL, null=True, blank=True, related_name="approved_minutes"
    )
    published_at = models.DateTimeField(null=True, blank=True)
    # What the minutes show that is worked out from other records (the lines of the action log,
    # who attended with their job titles), as it stood when they were approved: see
    # outputs.minutes.minutes_record. Empty for minutes approved before it was kept.
    record = models.JSONField(null=True, blank=True, editable=False)
    history = HistoricalRecords()

    class Meta:
        verbose_name_plural = "minutes"
        indexes = [models.Index(fields=["status"])]

    def __str__(self):
        return f"Minutes of {self.meeting}"

    @property
    def is_frozen(self):
        return self.status in self.FROZEN


class MinutesAmendment(models.Model):
    """A correction to approved minutes: recorded beside them, never written over them."""

    minutes = models.ForeignKey(Minutes, on_delete=models.CASCADE, related_name="amendments")
    agenda_item = models.ForeignKey(AgendaItem, on_delete=models.CASCADE, related_name="amendments")
    text = models.TextField(help_text="The corrected wording")
    reason = models.TextField()
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    made_at = models.DateTimeField(default=timezone.now)
    history = HistoricalRecords()

    class Meta:
        ordering = ["made_at"]

    def __str__(self):
        return f"Amendment to {self.agenda_item}"
