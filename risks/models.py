"""Risk registers: scored risks per board, their reviews, and escalation up the board tree."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from simple_history.models import HistoricalRecords
from simple_history.utils import bulk_create_with_history

from actions.models import Action
from boards.models import Board, Meeting, Partnership, Person
from core.models import Versioned

SCALE = range(1, 6)
SCORE_CHOICES = [(n, str(n)) for n in SCALE]
LIKELIHOOD_WORDS = {1: "Rare", 2: "Unlikely", 3: "Possible", 4: "Likely", 5: "Almost certain"}
IMPACT_WORDS = {1: "Negligible", 2: "Minor", 3: "Moderate", 4: "Major", 5: "Severe"}

# (key, lowest score, highest score, label, colour, text colour): the usual 5x5 council matrix.
DEFAULT_BANDS = [
    ("low", 1, 3, "Low", "#00703c", "#ffffff"),
    ("medium", 4, 6, "Medium", "#ffdd00", "#0b0c0c"),
    ("high", 8, 12, "High", "#f47738", "#0b0c0c"),
    ("very_high", 15, 25, "Very high", "#d4351c", "#ffffff"),
]


def _bands_of(partnership_id):
    return list(
        RiskBand.objects.filter(matrix__partnership_id=partnership_id).select_related("matrix")
    )


def _default_bands() -> list[dict]:
    return [
        {
            "key": key,
            "lowest": lowest,
            "highest": highest,
            "label": label,
            "colour": colour,
            "text_colour": text,
        }
        for key, lowest, highest, label, colour, text in DEFAULT_BANDS
    ]


class RiskMatrix(Versioned):
    """How a partnership turns a score (likelihood x impact) into a band with a label and colour."""

    partnership = models.OneToOneField(
        Partnership, on_delete=models.CASCADE, related_name="risk_matrix"
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name_plural = "risk matrices"

    def __str__(self):
        return f"Risk matrix of {self.partnership}"

    @classmethod
    def for_partnership(cls, partnership: Partnership) -> "RiskMatrix":
        """The partnership's matrix with its bands, in one query. A partnership that never
        changed its bands reads the defaults, unsaved, so showing a register writes nothing."""
        bands = _bands_of(partnership_id=partnership.pk)
        if bands:
            matrix = bands[0].matrix
        else:
            matrix = cls(partnership=partnership)
            bands = [RiskBand(matrix=matrix, **values) for values in _default_bands()]
        matrix._bands = bands
        return matrix

    @classmethod
    def ensure(cls, partnership: Partnership) -> "RiskMatrix":
        """The partnership's stored matrix, created with the default bands when first edited."""
        matrix, created = cls.objects.get_or_create(partnership=partnership)
        if created:
            bulk_create_with_history(
                [RiskBand(matrix=matrix, **values) for values in _default_bands()], RiskBand
            )
        return matrix

    def band_list(self) -> list["RiskBand"]:
        if not hasattr(self, "_bands"):
            self._bands = list(self.bands.all())
        return self._bands

    def band_for(self, score: int) -> "RiskBand | None":
        return next((b for b in self.band_list() if b.lowest <= score <= b.highest), None)


class RiskBand(models.Model):
    matrix = models.ForeignKey(RiskMatrix, on_delete=models.CASCADE, related_name="bands")
    key = models.SlugField(max_length=20, help_text="Used in links and filters, e.g. very_high")
    lowest = models.PositiveSmallIntegerField("lowest score")
    highest = models.PositiveSmallIntegerField("highest score")
    label = models.CharField(max_length=40)
    colour = models.CharField(max_length=7, help_text="Background colour, e.g. #d4351c")
    text_colour = models.CharField(max_length=7, default="#0b0c0c")
    history = HistoricalRecords()

    class Meta:
        ordering = ["matrix", "lowest"]
        constraints = [
            models.UniqueConstraint(fields=["matrix", "key"], name="risk_band_key_unique"),
            models.CheckConstraint(
                condition=Q(lowest__gte=1)
                & Q(highest__lte=25)
                & Q(lowest__lte=models.F("highest")),
                name="risk_band_range_valid",
                violation_error_message="A band runs from a lower to a higher score within 1-25.",
            ),
        ]

    def __str__(self):
        return f"{self.label} ({self.lowest}-{self.highest})"

    @property
    def css_modifier(self):
        return self.key.replace("_", "-")


def _score_range(name: str) -> models.CheckConstraint:
    return models.CheckConstraint(
        condition=Q(**{f"{name}__gte": 1, f"{name}__lte": 5}),
        name=f"risk_{name}_1_to_5",
        violation_error_message="Scores run from 1 to 5.",
    )


class Risk(Versioned):
    class Status(models.TextChoices):
        OPEN = "open", "Open"
        ESCALATED = "escalated", "Escalated"
        CLOSED = "closed", "Closed"

    class Category(models.TextChoices):
        STRATEGIC = "strategic", "Strategic"
        STATUTORY = "statutory", "Statutory duty"
        OPERATIONAL = "operational", "Operational and capacity"
        FINANCIAL = "financial", "Financial"
        QUALITY = "quality", "Quality and outcomes"
        DATA = "data", "Data and information"
        REPUTATION = "reputation", "Reputation and confidence"
        WORKFORCE = "workforce", "Workforce"

    board = models.ForeignKey(Board, on_delete=models.CASCADE, related_name="risks")
    number = models.PositiveIntegerField(help_text="Orders the register")
    reference = models.CharField(max_length=20, help_text="R1, R2... per board")
    priority_area = models.CharField(max_length=200, blank=True)
    title = models.CharField(max_length=300)
    description = models.TextField(blank=True)
    cause = models.TextField(blank=True)
    effect = models.TextField(blank=True)
    owner = models.ForeignKey(
        Person, on_delete=models.SET_NULL, null=True, blank=True, related_name="risks_owned"
    )
    category = models.CharField(max_length=20, choices=Category.choices, blank=True)
    raised_on = models.DateField("date raised", default=timezone.localdate)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.OPEN)
    controls = models.TextField("controls in place", blank=True)
    mitigating_actions = models.ManyToManyField(Action, blank=True, related_name="risks")
    review_date = models.DateField("next review", null=True, blank=True)
    inherent_likelihood = models.PositiveSmallIntegerField(choices=SCORE_CHOICES)
    inherent_impact = models.PositiveSmallIntegerField(choices=SCORE_CHOICES)
    current_likelihood = models.PositiveSmallIntegerField(choices=SCORE_CHOICES)
    current_impact = models.PositiveSmallIntegerField(choices=SCORE_CHOICES)
    target_likelihood = models.PositiveSmallIntegerField(choices=SCORE_CHOICES)
    target_impact = models.PositiveSmallIntegerField(choices=SCORE_CHOICES)
    escalated_to = models.ForeignKey(
        Board, on_delete=models.PROTECT, null=True, blank=True, related_name="risks_escalated_in"
    )
    escalation_reason = models.TextField(blank=True)
    escalated_on = models.DateField(null=True, blank=True)
    closed_on = models.DateField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    updated_at = models.DateTimeField(auto_now=True)
    history = HistoricalRecords(m2m_fields=[mitigating_actions])

    class Meta:
        ordering = ["board", "number"]
        indexes = [
            models.Index(fields=["board", "status", "review_date"]),
            models.Index(fields=["escalated_to", "status"]),
        ]
        constraints = [
            models.UniqueConstraint(fields=["board", "number"], name="risk_number_unique"),
            models.UniqueConstraint(fields=["board", "reference"], name="risk_reference_unique"),
            *(
                _score_range(f"{stage}_{axis}")
                for stage in ("inherent", "current", "target")
                for axis in ("likelihood", "impact")
            ),
            models.CheckConstraint(
                condition=~Q(status="escalated")
                | (Q(escalated_to__isnull=False) & Q(escalated_on__isnull=False)),
                name="escalated_risk_names_board_and_date",
            ),
            models.CheckConstraint(
                condition=~Q(status="closed") | Q(closed_on__isnull=False),
                name="closed_risk_has_date",
            ),
        ]

    def __str__(self):
        return f"{self.reference} – {self.title}"

    def get_absolute_url(self):
        return reverse("risks:detail", args=[self.pk])

    @property
    def inherent_score(self) -> int:
        return self.inherent_likelihood * self.inherent_impact

    @property
    def current_score(self) -> int:
        return self.current_likelihood * self.current_impact

    @property
    def target_score(self) -> int:
        return self.target_likelihood * self.target_impact

    @property
    def is_closed(self) -> bool:
        return self.status == self.Status.CLOSED

    @property
    def is_review_overdue(self) -> bool:
        return (
            not self.is_closed
            and self.review_date is not None
            and self.review_date < timezone.localdate()
        )


class RiskReview(models.Model):
    """One review of a risk: the three scores as they stood then, what was said, and where."""

    class Trend(models.TextChoices):
        UP = "up", "Increasing"
        DOWN = "down", "Decreasing"
        SAME = "same", "No change"

    risk = models.ForeignKey(Risk, on_delete=models.CASCADE, related_name="reviews")
    reviewed_on = models.DateField(default=timezone.localdate)
    reviewer = models.ForeignKey(
        Person, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    meeting = models.ForeignKey(
        Meeting, on_delete=models.SET_NULL, null=True, blank=True, related_name="risk_reviews"
    )
    inherent_likelihood = models.PositiveSmallIntegerField(choices=SCORE_CHOICES)
    inherent_impact = models.PositiveSmallIntegerField(choices=SCORE_CHOICES)
    current_likelihood = models.PositiveSmallIntegerField(choices=SCORE_CHOICES)
    current_impact = models.PositiveSmallIntegerField(choices=SCORE_CHOICES)
    target_likelihood = models.PositiveSmallIntegerField(choices=SCORE_CHOICES)
    target_impact = models.PositiveSmallIntegerField(choices=SCORE_CHOICES)
    previous_score = models.PositiveSmallIntegerField(
        help_text="The current score at the previous review (or when raised), for the trend"
    )
    commentary = models.TextField(blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    history = HistoricalRecords()

    class Meta:
        ordering = ["reviewed_on", "created_at", "id"]
        indexes = [models.Index(fields=["risk", "-reviewed_on"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(**{f"{stage}_{axis}__gte": 1, f"{stage}_{axis}__lte": 5}),
                name=f"risk_review_{stage}_{axis}_1_to_5",
            )
            for stage in ("inherent", "current", "target")
            for axis in ("likelihood", "impact")
        ]

    def __str__(self):
        return f"Review of {self.risk.reference} on {self.reviewed_on:%d/%m/%Y}"

    @property
    def inherent_score(self) -> int:
        return self.inherent_likelihood * self.inherent_impact

    @property
    def current_score(self) -> int:
        return self.current_likelihood * self.current_impact

    @property
    def target_score(self) -> int:
        return self.target_likelihood * self.target_impact

    @property
    def trend(self) -> str:
        return trend_between(self.previous_score, self.current_score)

    def get_trend_display(self) -> str:
        return self.Trend(self.trend).label


def trend_between(before: int | None, after: int) -> str:
    if before is None or before == after:
        return RiskReview.Trend.SAME
    return RiskReview.Trend.UP if after > before else RiskReview.Trend.DOWN


class RiskEvent(models.Model):
    """The risk's own log of what happened to it: raised, changed, escalated, returned, closed."""

    class Kind(models.TextChoices):
        RAISED = "raised", "Raised"
        CHANGED = "changed", "Changed"
        REVIEWED = "reviewed", "Reviewed"
        ESCALATED = "escalated", "Escalated"
        DEESCALATED = "deescalated", "De-escalated"
        CLOSED = "closed", "Closed"
        IMPORTED = "imported", "Imported"

    risk = models.ForeignKey(Risk, on_delete=models.CASCADE, related_name="events")
    kind = models.CharField(max_length=20, choices=Kind.choices)
    text = models.TextField(blank=True)
    board = models.ForeignKey(
        Board,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        help_text="The board escalated to or returned from",
    )
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["at", "id"]

    def __str__(self):
        return f"{self.get_kind_display()} {self.risk.reference}"
