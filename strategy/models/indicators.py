"""Indicators on the partnership's dashboard, their values per period and RAG against target."""

import datetime
from decimal import Decimal

from django.conf import settings
from django.db import models
from django.utils import timezone
from simple_history.models import HistoricalRecords

from boards.models import Partnership, Person
from core.models import Versioned

from .plans import Priority, Rag


def period_start(day: datetime.date, frequency: str) -> datetime.date:
    """The first day of the month, or of the calendar quarter, that `day` falls in."""
    if frequency == Indicator.Frequency.QUARTERLY:
        return datetime.date(day.year, 3 * ((day.month - 1) // 3) + 1, 1)
    return day.replace(day=1)


def period_label(start: datetime.date, frequency: str) -> str:
    if frequency == Indicator.Frequency.QUARTERLY:
        # Financial-year quarters, as councils and the NHS report them: Q1 is April to June.
        quarter = (start.month - 4) % 12 // 3 + 1
        year = start.year if start.month >= 4 else start.year - 1
        return f"Q{quarter} {year}/{str(year + 1)[-2:]}"
    return start.strftime("%b %Y")


class Indicator(Versioned):
    class Polarity(models.TextChoices):
        HIGHER = "higher", "Higher is better"
        LOWER = "lower", "Lower is better"

    class Frequency(models.TextChoices):
        MONTHLY = "monthly", "Monthly"
        QUARTERLY = "quarterly", "Quarterly"

    partnership = models.ForeignKey(
        Partnership, on_delete=models.CASCADE, related_name="indicators"
    )
    name = models.CharField(max_length=200)
    description = models.TextField(blank=True)
    owner = models.ForeignKey(
        Person, on_delete=models.SET_NULL, null=True, blank=True, related_name="indicators"
    )
    unit = models.CharField(max_length=30, blank=True, help_text='e.g. "%", "weeks", "people"')
    target = models.DecimalField(max_digits=12, decimal_places=2, null=True, blank=True)
    tolerance = models.PositiveSmallIntegerField(
        "amber tolerance (%)",
        default=10,
        help_text="How far from target (as % of the target) is still amber rather than red",
    )
    polarity = models.CharField(max_length=10, choices=Polarity.choices, default=Polarity.HIGHER)
    frequency = models.CharField(
        max_length=10, choices=Frequency.choices, default=Frequency.QUARTERLY
    )
    priority = models.ForeignKey(
        Priority,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="indicators",
        help_text="The priority it evidences",
    )
    position = models.PositiveSmallIntegerField(default=0)
    history = HistoricalRecords()

    class Meta:
        ordering = ["partnership", "position", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["partnership", "name"], name="indicator_name_unique_in_partnership"
            ),
        ]

    def __str__(self):
        return self.name

    def rag_for(self, value: Decimal | None) -> str:
        """RAG of a value against the target: empty when there is no target or no value."""
        if value is None or self.target is None:
            return ""
        margin = abs(self.target) * Decimal(self.tolerance) / 100
        if self.polarity == self.Polarity.HIGHER:
            if value >= self.target:
                return Rag.GREEN
            return Rag.AMBER if value >= self.target - margin else Rag.RED
        if value <= self.target:
            return Rag.GREEN
        return Rag.AMBER if value <= self.target + margin else Rag.RED

    def format(self, value: Decimal | None) -> str:
        if value is None or value == "":
            return "No value"
        text = f"{value.normalize():f}"
        if self.unit == "%":
            return f"{text}%"
        return f"{text} {self.unit}".strip()


class IndicatorValue(models.Model):
    indicator = models.ForeignKey(Indicator, on_delete=models.CASCADE, related_name="values")
    period = models.DateField(help_text="The first day of the month or quarter")
    value = models.DecimalField(max_digits=12, decimal_places=2)
    narrative = models.TextField(blank=True)
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    entered_at = models.DateTimeField(default=timezone.now)
    history = HistoricalRecords()

    class Meta:
        ordering = ["indicator", "period"]
        constraints = [
            models.UniqueConstraint(
                fields=["indicator", "period"], name="indicator_value_once_per_period"
            ),
        ]

    def __str__(self):
        return f"{self.indicator}: {self.value} ({self.period_label})"

    @property
    def period_label(self):
        return period_label(self.period, self.indicator.frequency)

    @property
    def rag(self):
        return self.indicator.rag_for(self.value)
