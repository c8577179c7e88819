"""A strategy's versions, its sign-off pathway and the governance checklist before sign-off."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from simple_history.models import HistoricalRecords

from boards.models import Board, Partnership
from core.models import Versioned

from .plans import Plan, strategy_version_path


class StrategyVersion(models.Model):
    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveSmallIntegerField("version number")
    document = models.FileField(upload_to=strategy_version_path, blank=True)
    change_summary = models.TextField(blank=True)
    issued_on = models.DateField(null=True, blank=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    uploaded_at = models.DateTimeField(default=timezone.now)
    history = HistoricalRecords()

    class Meta:
        ordering = ["plan", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["plan", "number"], name="strategy_version_unique"),
        ]

    def __str__(self):
        return f"Version {self.number}"


class SignOffStep(Versioned):
    """A stage of the sign-off pathway: a board here, or an outside body such as Cabinet."""

    class Outcome(models.TextChoices):
        PENDING = "pending", "Not yet"
        AGREED = "agreed", "Agreed"
        AGREED_WITH_CHANGES = "agreed_with_changes", "Agreed with changes"
        NOTED = "noted", "Noted"
        NOT_AGREED = "not_agreed", "Not agreed"

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="sign_off_steps")
    position = models.PositiveSmallIntegerField()
    activity = models.CharField(
        "activity and outcome",
        max_length=300,
        help_text='e.g. "Version 11 shared with SENDOPS", "Scrutiny", "HWBB sign off"',
    )
    board = models.ForeignKey(
        Board,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        help_text="The board, if it is one of the partnership's",
    )
    planned_on = models.DateField("planned date", null=True, blank=True)
    planned_text = models.CharField(
        "by when",
        max_length=100,
        blank=True,
        help_text='As written when no exact date is known, e.g. "TBC March 22"',
    )
    actual_on = models.DateField("actual date", null=True, blank=True)
    outcome = models.CharField(max_length=30, choices=Outcome.choices, default=Outcome.PENDING)
    notes = models.TextField(blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["plan", "position"]
        constraints = [
            models.UniqueConstraint(fields=["plan", "position"], name="sign_off_position_unique"),
        ]

    def __str__(self):
        return self.activity

    @property
    def by_when(self):
        if self.planned_text:
            return self.planned_text
        return self.planned_on.strftime("%-d %B %Y") if self.planned_on else "TBC"


class ChecklistItem(Versioned):
    """What every plan of the partnership must have done before sign-off."""

    partnership = models.ForeignKey(
        Partnership, on_delete=models.CASCADE, related_name="checklist_items"
    )
    position = models.PositiveSmallIntegerField(default=0)
    title = models.CharField(max_length=200)
    guidance = models.TextField(blank=True)
    active = models.BooleanField(default=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["partnership", "position", "title"]
        constraints = [
            models.UniqueConstraint(
                fields=["partnership", "title"], name="checklist_item_title_unique"
            ),
        ]

    def __str__(self):
        return self.title


class PlanChecklistItem(Versioned):
    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="checklist")
    item = models.ForeignKey(ChecklistItem, on_delete=models.PROTECT, related_name="+")
    done_on = models.DateField(null=True, blank=True)
    done_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    evidence = models.TextField(blank=True, help_text="What was done, or where it is recorded")
    history = HistoricalRecords()

    class Meta:
        ordering = ["plan", "item__position", "item__title"]
        constraints = [
            models.UniqueConstraint(fields=["plan", "item"], name="plan_checklist_item_once"),
        ]

    def __str__(self):
        return str(self.item)

    @property
    def is_done(self):
        return self.done_on is not None
