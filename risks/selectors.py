"""Reads shared by the register, the heat map, the meeting's risk log, exports and the pack."""

import datetime
from collections.abc import Iterable
from dataclasses import dataclass, field

import django_filters
from django import forms
from django.db.models import Count, F, OuterRef, Q, QuerySet, Subquery
from django.http import QueryDict
from django.utils import timezone

from boards import access
from boards.access import Need
from boards.forms_base import Form
from boards.models import Board, Meeting, Partnership, Person

from .models import (
    IMPACT_WORDS,
    LIKELIHOOD_WORDS,
    Risk,
    RiskBand,
    RiskMatrix,
    RiskReview,
    trend_between,
)

SCORE = F("current_likelihood") * F("current_impact")


def _raised_on_or_escalated_to(boards: Iterable[Board] | QuerySet) -> Q:
    return Q(board__in=boards) | Q(escalated_to__in=boards, status=Risk.Status.ESCALATED)


def risks_of(boards: Iterable[Board] | QuerySet) -> QuerySet[Risk]:
    """The bare rows of register_queryset, for counting and finding ids."""
    return Risk.objects.filter(_raised_on_or_escalated_to(boards))


def register_rows() -> QuerySet[Risk]:
    """Every risk with the register's columns; filter it to the rows to show."""
    latest = RiskReview.objects.filter(risk=OuterRef("pk")).order_by(
        "-reviewed_on", "-created_at", "-id"
    )
    return Risk.objects.select_related("board", "owner", "escalated_to").annotate(
        score=SCORE,
        latest_previous=Subquery(latest.values("previous_score")[:1]),
        latest_score=Subquery(
            latest.annotate(s=F("current_likelihood") * F("current_impact")).values("s")[:1]
        ),
    )


def register_queryset(boards: Iterable[Board] | QuerySet) -> QuerySet[Risk]:
    """Risks raised on these boards, and those escalated to them from the boards below."""
    return register_rows().filter(_raised_on_or_escalated_to(boards))


def register_page_columns(risks: QuerySet[Risk]) -> QuerySet[Risk]:
    """The register page's rows: its columns, with the few words it shows of the board, the
    board escalated to and the owner (`board_short_name`, `escalated_to_short_name`,
    `owner_initials`) rather than their whole rows."""
    return risks.select_related(None).annotate(
        board_short_name=F("board__short_name"),
        escalated_to_short_name=F("escalated_to__short_name"),
        owner_initials=F("owner__initials"),
    )


def with_bands(risks: Iterable[Risk], matrix: RiskMatrix) -> list[Risk]:
    """Attach each risk's bands (and its latest trend, when annotated) without more queries."""
    risks = list(risks)
    for risk in risks:
        risk.inherent_band = matrix.band_for(risk.inherent_score)
        risk.current_band = matrix.band_for(risk.current_score)
        risk.target_band = matrix.band_for(risk.target_score)
        latest = getattr(risk, "latest_score", None)
        risk.trend = trend_between(risk.latest_previous, latest) if latest is not None else None
    return risks


STATUS_CHOICES = [
    ("open", "Open"),
    ("escalated", "Escalated"),
    ("closed", "Closed"),
    ("all", "All, closed included"),
]


def _areas(risks: QuerySet[Risk]) -> QuerySet:
    return (
        risks.exclude(priority_area="")
        .order_by("priority_area")
        .values_list("priority_area", flat=True)
        .distinct()
    )


class RiskFilter(django_filters.FilterSet):
    board = django_filters.ModelChoiceFilter(
        queryset=Board.objects.none(), empty_label="All boards", label="Board"
    )
    area = django_filters.ChoiceFilter(
        field_name="priority_area", label="Priority area", empty_label="All areas"
    )
    owner = django_filters.ModelChoiceFilter(
        queryset=Person.objects.none(), empty_label="Anyone", label="Owner"
    )
    band = django_filters.ChoiceFilter(
        method="filter_band", label="Band (current score)", empty_label="All bands"
    )
    status = django_filters.ChoiceFilter(
        method="filter_status",
        choices=STATUS_CHOICES,
        label="Status",
        empty_label="Open and escalated",
    )
    overdue = django_filters.BooleanFilter(
        method="filter_overdue", label="Review overdue only", widget=forms.CheckboxInput
    )
    likelihood = django_filters.NumberFilter(
        field_name="current_likelihood", widget=forms.HiddenInput
    )
    impact = django_filters.NumberFilter(field_name="current_impact", widget=forms.HiddenInput)
    sort = django_filters.OrderingFilter(
        label="Sort by",
        empty_label="Reference",
        fields=(
            ("score", "score"),
            ("review_date", "review_date"),
            ("title", "title"),
            ("owner__name", "owner"),
            ("raised_on", "raised_on"),
        ),
        field_labels={
            "score": "Current score (lowest first)",
            "-score": "Current score (highest first)",
            "review_date": "Next review (soonest first)",
            "-review_date": "Next review (latest first)",
            "title": "Title (A to Z)",
            "-title": "Title (Z to A)",
            "owner": "Owner (A to Z)",
            "-owner": "Owner (Z to A)",
            "raised_on": "Date raised (oldest first)",
            "-raised_on": "Date raised (newest first)",
        },
    )

    class Meta:
        model = Risk
        fields: list[str] = []
        form = Form

    def __init__(self, data=None, *args, matrix: RiskMatrix, partnership, boards=None, **kw):
        super().__init__(data, *args, **kw)
        self.matrix = matrix
        self.bands = {band.key: band for band in matrix.band_list()}
        self.filters["band"].extra["choices"] = [(b.key, b.label) for b in self.bands.values()]
        self.filters["area"].extra["choices"] = [(a, a) for a in _areas(self.queryset)]
        # The owners of the risks on this register, not everyone who owns a risk anywhere.
        self.filters["owner"].queryset = Person.objects.filter(
            partnership=partnership, pk__in=self.queryset.order_by().values("owner_id")
        )
        if boards is None:
            del self.filters["board"]
        else:
            self.filters["board"].queryset = boards

    def filter_band(self, queryset, name, value):
        band = self.bands[value]
        return queryset.filter(score__gte=band.lowest, score__lte=band.highest)

    def filter_status(self, queryset, name, value):
        return queryset if value == "all" else queryset.filter(status=value)

    def filter_overdue(self, queryset, name, value):
        if not value:
            return queryset
        return queryset.filter(review_date__lt=timezone.localdate()).exclude(
            status=Risk.Status.CLOSED
        )

    def filter_queryset(self, queryset):
        queryset = super().filter_queryset(queryset)
        if not self.form.cleaned_data.get("status"):
            queryset = queryset.exclude(status=Risk.Status.CLOSED)
        if not self.form.cleaned_data.get("sort"):
            queryset = queryset.order_by("board__short_name", "number")
        return queryset


@dataclass
class BandCount:
    band: RiskBand
    count: int


def band_counts(heat: "HeatMap", matrix: RiskMatrix) -> list[BandCount]:
    """How many risks sit in each band, highest band first, from the heat map's counts."""
    totals = {band.key: 0 for band in matrix.band_list()}
    for row in heat.rows:
        for cell in row.cells:
            if cell.band is not None:
                totals[cell.band.key] += cell.count
    return [BandCount(band, totals[band.key]) for band in reversed(matrix.band_list())]


# The heat map's drawing (templates/risks/partials/heat_map.html): squares of 68 on a 70 grid,
# likelihood 1 to 5 from left to right after the impact labels, impact 5 to 1 from the top.
_SQUARE_LEFT, _SQUARE_TOP, _GRID = 120, 6, 70
_EMPTY_FILL, _INK = "#b1b4b6", "#0b0c0c"


@dataclass
class Cell:
    likelihood: int
    impact: int
    count: int
    band: RiskBand | None
    url: str = ""

    @property
    def score(self):
        return self.likelihood * self.impact

    @property
    def x(self) -> int:
        return (self.likelihood - 1) * _GRID + _SQUARE_LEFT

    @property
    def y(self) -> int:
        return (5 - self.impact) * _GRID + _SQUARE_TOP

    @property
    def fill(self) -> str:
        return (self.band.colour if self.band else "") or _EMPTY_FILL

    @property
    def ink(self) -> str:
        """The colour of the count: the band's text colour on a square with risks."""
        return ((self.band.text_colour if self.band else "") or _INK) if self.count else _INK


@dataclass
class HeatRow:
    impact: int
    word: str
    cells: list[Cell]


@dataclass
class HeatMap:
    rows: list[HeatRow] = field(default_factory=list)  # impact 5 at the top
    total: int = 0

    likelihoods = [(n, LIKELIHOOD_WORDS[n]) for n in range(1, 6)]

    @property
    def impacts(self):
        return [(n, IMPACT_WORDS[n]) for n in range(5, 0, -1)]

    @property
    def impact_axis(self) -> list[tuple[int, int, str]]:
        """(y, number, word) of each impact label, level with its row of squares."""
        return [(i * _GRID + 38, n, word) for i, (n, word) in enumerate(self.impacts)]

    @property
    def likelihood_axis(self) -> list[tuple[int, int, str]]:
        """(x, number, word) of each likelihood label, below the middle of its column."""
        return [
            (i * _GRID + _SQUARE_LEFT + 34, n, word) for i, (n, word) in enumerate(self.likelihoods)
        ]


def _heat_rows(risks: QuerySet[Risk]) -> QuerySet:
    return risks.order_by().values("current_likelihood", "current_impact").annotate(n=Count("pk"))


def heat_map(
    risks: QuerySet[Risk] | None,
    matrix: RiskMatrix,
    *,
    query: QueryDict | None = None,
    base: str = "",
    rows: list[dict] | None = None,
):
    """Counts of risks per (likelihood, impact) of their current score, in one query (or from
    `rows` read already); each cell links to the register filtered to it
    when a query string is given."""
    rows = _heat_rows(risks) if rows is None else rows
    counts = {(row["current_likelihood"], row["current_impact"]): row["n"] for row in rows}
    result = HeatMap(total=sum(counts.values()))
    if query is not None:
        others = query.copy()
        for name in ("page", "likelihood", "impact"):
            others.pop(name, None)
        prefix = f"{base}?{others.urlencode()}{'&' if others else ''}"
    for impact in range(5, 0, -1):
        row = []
        for likelihood in range(1, 6):
            cell = Cell(
                likelihood,
                impact,
                counts.get((likelihood, impact), 0),
                matrix.band_for(likelihood * impact),
            )
            if query is not None:
                cell.url = f"{prefix}likelihood={likelihood}&impact={impact}"
            row.append(cell)
        result.rows.append(HeatRow(impact, IMPACT_WORDS[impact], row))
    return result


def readable_boards(user, partnership: Partnership) -> QuerySet[Board]:
    return access.boards_visible_to(user, Need.VIEW).filter(partnership=partnership)


def risk_log_rows(meeting: Meeting) -> QuerySet[Risk]:
    """The risks a meeting's risk log item goes through, in the log's order: those due for
    review by its date, and those already reviewed at it. The bare rows: the register's
    columns (owner, latest review) are read for the risks shown (see register_rows)."""
    due = Q(review_date__isnull=True) | Q(review_date__lte=meeting.date)
    return (
        risks_of([meeting.board])
        .filter((due & ~Q(status=Risk.Status.CLOSED)) | Q(reviews__meeting=meeting))
        .order_by("board__short_name", "number")
        .distinct()
    )


def risk_log(meeting: Meeting) -> list[Risk]:
    ids = risk_log_rows(meeting).values("pk")
    return list(register_rows().filter(pk__in=ids).order_by("board__short_name", "number"))


def reviewed_ids(meeting: Meeting) -> set[int]:
    return set(RiskReview.objects.filter(meeting=meeting).values_list("risk_id", flat=True))


REVIEW_SOON_DAYS = 14  # a risk whose review falls within this many days is due for review


def risks_due_for_review(people: list[int], *, today) -> tuple[QuerySet[Risk], dict]:
    """The risks these people own, not closed, whose review is overdue or due within
    REVIEW_SOON_DAYS, the longest overdue first; and how many there are and how many overdue."""
    due = Risk.objects.filter(
        owner_id__in=people,
        review_date__lte=today + datetime.timedelta(days=REVIEW_SOON_DAYS),
    ).exclude(status=Risk.Status.CLOSED)
    counts = due.aggregate(count=Count("pk"), late=Count("pk", filter=Q(review_date__lt=today)))
    rows = due.select_related("board").order_by("review_date", "board__short_name", "number")
    return rows, counts
