"""Reads for the indicator dashboard, and the geometry of its server-drawn trend charts."""

import datetime
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Prefetch

from .models import Indicator, IndicatorValue, Rag
from .models.indicators import period_label, period_start

CHART_WIDTH, CHART_HEIGHT = 400, 160
_PAD_LEFT, _PAD_RIGHT, _PAD_TOP, _PAD_BOTTOM = 64, 12, 14, 28


@dataclass
class Point:
    x: float
    y: float
    label: str
    text: str


@dataclass
class Chart:
    points: list[Point] = field(default_factory=list)
    target_y: float | None = None
    ticks: list[tuple[float, str]] = field(default_factory=list)
    width: int = CHART_WIDTH
    height: int = CHART_HEIGHT
    left: int = _PAD_LEFT
    right: int = CHART_WIDTH - _PAD_RIGHT
    bottom: int = CHART_HEIGHT - _PAD_BOTTOM

    @property
    def polyline(self) -> str:
        return " ".join(f"{p.x:.1f},{p.y:.1f}" for p in self.points)


def trend_chart(indicator: Indicator, values: list[IndicatorValue]) -> Chart:
    """A line chart of the values, with the target as a dashed line, scaled to fit both."""
    chart = Chart()
    if not values:
        return chart
    numbers = [v.value for v in values]
    if indicator.target is not None:
        numbers.append(indicator.target)
    low, high = min(numbers + [Decimal(0)]), max(numbers)
    if high == low:
        high = low + 1
    span = float(high - low)
    plot_height = chart.bottom - _PAD_TOP
    plot_width = chart.right - chart.left

    def y_of(value) -> float:
        return chart.bottom - float(value - low) / span * plot_height

    step = plot_width / max(len(values) - 1, 1)
    for i, value in enumerate(values):
        x = chart.left + (step * i if len(values) > 1 else plot_width / 2)
        chart.points.append(
            Point(x, y_of(value.value), value.period_label, indicator.format(value.value))
        )
    if indicator.target is not None:
        chart.target_y = y_of(indicator.target)
    chart.ticks = [(y_of(low), indicator.format(low)), (y_of(high), indicator.format(high))]
    return chart


@dataclass
class IndicatorCard:
    indicator: Indicator
    values: list[IndicatorValue]
    chart: Chart

    @property
    def latest(self) -> IndicatorValue | None:
        return self.values[-1] if self.values else None

    @property
    def previous(self) -> IndicatorValue | None:
        return self.values[-2] if len(self.values) > 1 else None

    @property
    def rag(self) -> str:
        return self.latest.rag if self.latest else ""

    @property
    def rag_label(self) -> str:
        return Rag(self.rag).label if self.rag else "Not rated"

    @property
    def direction(self) -> str:
        """Whether the latest value moved the right way, in words."""
        if not self.previous:
            return ""
        change = self.latest.value - self.previous.value
        if change == 0:
            return "No change"
        better = (change > 0) == (self.indicator.polarity == Indicator.Polarity.HIGHER)
        return "Improving" if better else "Worsening"


def dashboard_cards(partnership, *, until: datetime.date | None = None, last: int = 8):
    """Every indicator with its last few values (up to `until`), in two queries."""
    values = IndicatorValue.objects.order_by("period")
    if until:
        values = values.filter(period__lte=until)
    indicators = (
        Indicator.objects.filter(partnership=partnership)
        .select_related("owner", "priority__plan")
        .prefetch_related(Prefetch("values", queryset=values))
    )
    cards = []
    for indicator in indicators:
        shown = list(indicator.values.all())[-last:]
        cards.append(IndicatorCard(indicator, shown, trend_chart(indicator, shown)))
    return cards


def recent_periods(frequency: str, count: int, today: datetime.date) -> list[tuple[str, str]]:
    """The last `count` periods as (iso date, label), newest first, for choosing a period."""
    start = period_start(today, frequency)
    months = 3 if frequency == Indicator.Frequency.QUARTERLY else 1
    periods = []
    for _ in range(count):
        periods.append((start.isoformat(), period_label(start, frequency)))
        month = start.month - months
        year = start.year + (month - 1) // 12
        start = datetime.date(year, (month - 1) % 12 + 1, 1)
    return periods


def reported_quarters(partnership, today: datetime.date) -> list[tuple[str, str]]:
    """Quarters that have values, newest first (or the latest quarters when none have)."""
    starts = {
        period_start(day, Indicator.Frequency.QUARTERLY)
        for day in IndicatorValue.objects.filter(indicator__partnership=partnership)
        .values_list("period", flat=True)
        .distinct()
    }
    if not starts:
        return recent_periods(Indicator.Frequency.QUARTERLY, 4, today)
    return [
        (start.isoformat(), period_label(start, Indicator.Frequency.QUARTERLY))
        for start in sorted(starts, reverse=True)
    ]
