"""Plans and strategies: priorities (recommendations), actions and milestones, RAG and slippage.
A strategy's versions, sign-off and checklist are in `governance`."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from simple_history.models import HistoricalRecords

from boards.models import Board, Partnership, Person
from core.models import Versioned


class Rag(models.TextChoices):
    """The values match the `.app-rag--*` colours; the labels are the words shown beside them."""

    GREEN = "green", "On track"
    AMBER = "amber", "At risk"
    RED = "red", "Off track"
    COMPLETE = "complete", "Complete"


class Plan(Versioned):
    class Kind(models.TextChoices):
        STRATEGY = "strategy", "Strategy"
        STRATEGIC_ACTION_PLAN = "strategic_action_plan", "Strategic action plan"
        PRIORITY_ACTION_PLAN = "priority_action_plan", "Priority action plan (PAP)"
        WSOA = "wsoa", "Written statement of action (WSOA)"
        IMPROVEMENT_PLAN = "improvement_plan", "Improvement plan"

    partnership = models.ForeignKey(Partnership, on_delete=models.CASCADE, related_name="plans")
    kind = models.CharField(max_length=30, choices=Kind.choices)
    title = models.CharField(max_length=200)
    owner_board = models.ForeignKey(
        Board,
        on_delete=models.PROTECT,
        related_name="plans",
        help_text="The board that owns the plan and signs it off",
    )
    period_start = models.DateField("period from", null=True, blank=True)
    period_end = models.DateField("period to", null=True, blank=True)
    published_on = models.DateField("published", null=True, blank=True)
    signed_off_on = models.DateField(null=True, blank=True, editable=False)
    signed_off_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["-period_start", "title"]
        constraints = [
            models.CheckConstraint(
                condition=Q(period_end__isnull=True)
                | Q(period_start__isnull=True)
                | Q(period_end__gte=models.F("period_start")),
                name="plan_period_ends_after_it_starts",
                violation_error_message="The period must end on or after it starts.",
            ),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("strategy:plan", args=[self.pk])

    @property
    def is_signed_off(self):
        return self.signed_off_on is not None


class Priority(Versioned):
    """A recommendation or priority area, delivered by a working group under its SRO."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="priorities")
    number = models.PositiveSmallIntegerField()
    title = models.CharField(max_length=200, help_text='A short name, e.g. "Leadership"')
    text = models.TextField("recommendation or priority", blank=True)
    sro = models.ForeignKey(
        Person,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="priorities",
        verbose_name="SRO",
        help_text="The senior responsible officer",
    )
    working_group = models.ForeignKey(
        Board,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="priorities",
        help_text="The board or group that delivers it",
    )
    outcome = models.TextField("outcome statement", blank=True)
    rag = models.CharField("RAG status", max_length=10, choices=Rag.choices, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["plan", "number"]
        verbose_name_plural = "priorities"
        constraints = [
            models.UniqueConstraint(fields=["plan", "number"], name="priority_number_unique"),
        ]

    def __str__(self):
        return f"{self.number}. {self.title}"

    def get_absolute_url(self):
        return reverse("strategy:priority", args=[self.pk])

    @property
    def report_board_ids(self) -> list[int]:
        """The boards its highlight reports go to: the plan's owner and the working group."""
        boards = [self.plan.owner_board_id]
        if self.working_group_id and self.working_group_id not in boards:
            boards.append(self.working_group_id)
        return boards

    @property
    def overdue_actions(self) -> list["PlanAction"]:
        """Reads the priority's actions: prefetch them for a list of priorities."""
        return [action for action in self.actions.all() if action.is_overdue]

    @property
    def needs_rag_check(self) -> bool:
        """On track while some of its actions are overdue: the RAG or their dates are wrong."""
        return self.rag == Rag.GREEN and bool(self.overdue_actions)

    @property
    def rag_check(self) -> str:
        """The flag shown beside the RAG while it needs checking, else ""."""
        if not self.needs_rag_check:
            return ""
        count = len(self.overdue_actions)
        return f"Check RAG: On track but {count} action{'s' if count != 1 else ''} overdue"


class PlanAction(Versioned):
    class Milestone(models.TextChoices):
        FOUR_MONTH = "4_month", "4-month"
        EIGHT_MONTH = "8_month", "8-month"
        YEARLY = "yearly", "Yearly"
        OTHER = "other", "Other"

    priority = models.ForeignKey(Priority, on_delete=models.CASCADE, related_name="actions")
    number = models.PositiveSmallIntegerField()
    text = models.TextField("action")
    lead = models.ForeignKey(
        Person, on_delete=models.SET_NULL, null=True, blank=True, related_name="plan_actions"
    )
    due_date = models.DateField(null=True, blank=True)
    original_due_date = models.DateField(null=True, blank=True, editable=False)
    milestone = models.CharField(max_length=10, choices=Milestone.choices, blank=True)
    rag = models.CharField("RAG status", max_length=10, choices=Rag.choices, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["priority", "number"]
        verbose_name = "plan action"
        constraints = [
            models.UniqueConstraint(
                fields=["priority", "number"], name="plan_action_number_unique"
            ),
        ]

    def __str__(self):
        return f"{self.reference} {self.text[:60]}"

    @property
    def reference(self):
        return f"{self.priority.number}.{self.number}"

    @property
    def has_slipped(self):
        return self.original_due_date is not None and self.due_date != self.original_due_date

    @property
    def is_overdue(self):
        return (
            self.rag != Rag.COMPLETE
            and self.due_date is not None
            and self.due_date < timezone.localdate()
        )

    @property
    def needs_rag_check(self) -> bool:
        """On track yet past its due date and not complete: the RAG or the date is wrong, and it
        stays flagged until one of them is changed."""
        return self.rag == Rag.GREEN and self.is_overdue

    @property
    def rag_check(self) -> str:
        """The flag shown beside the RAG while it needs checking, else ""."""
        return "Check RAG: overdue but On track" if self.needs_rag_check else ""


def _one_of_priority_or_action(name):
    return models.CheckConstraint(
        condition=Q(priority__isnull=False, action__isnull=True)
        | Q(priority__isnull=True, action__isnull=False),
        name=name,
    )


class ProgressUpdate(models.Model):
    """A dated update on a priority or an action: the progress bullets of the scrutiny report."""

    priority = models.ForeignKey(
        Priority, on_delete=models.CASCADE, null=True, blank=True, related_name="updates"
    )
    action = models.ForeignKey(
        PlanAction, on_delete=models.CASCADE, null=True, blank=True, related_name="updates"
    )
    written_on = models.DateField("date", default=timezone.localdate)
    text = models.TextField("update")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-written_on", "created_at", "id"]
        constraints = [_one_of_priority_or_action("progress_update_on_one_thing")]

    def __str__(self):
        return self.text[:60]


class RagChange(models.Model):
    """Each change of RAG status, with who made it and why."""

    priority = models.ForeignKey(
        Priority, on_delete=models.CASCADE, null=True, blank=True, related_name="rag_changes"
    )
    action = models.ForeignKey(
        PlanAction, on_delete=models.CASCADE, null=True, blank=True, related_name="rag_changes"
    )
    old_rag = models.CharField("from", max_length=10, choices=Rag.choices, blank=True)
    new_rag = models.CharField("to", max_length=10, choices=Rag.choices)
    reason = models.TextField()
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    changed_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-changed_at", "-id"]
        constraints = [
            _one_of_priority_or_action("rag_change_on_one_thing"),
            models.CheckConstraint(condition=~Q(reason=""), name="rag_change_has_reason"),
        ]

    def __str__(self):
        return f"{self.get_old_rag_display() or 'Not rated'} → {self.get_new_rag_display()}"


class Slippage(models.Model):
    """A moved due date, always with its reason; the original stays on the action."""

    action = models.ForeignKey(PlanAction, on_delete=models.CASCADE, related_name="slippages")
    old_date = models.DateField(null=True, blank=True)
    new_date = models.DateField()
    reason = models.TextField()
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    changed_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-changed_at", "-id"]
        verbose_name_plural = "slippage"
        constraints = [
            models.CheckConstraint(condition=~Q(reason=""), name="plan_slippage_has_reason"),
        ]

    def __str__(self):
        return f"{self.old_date} → {self.new_date}"


# Where a strategy version's document is stored (named in migrations).
def strategy_version_path(instance, filename):
    return f"strategy-versions/{instance.plan_id}/{filename}"
