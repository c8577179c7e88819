"""The governance structure: partnerships, organisations, people, boards and who sits on them."""

from functools import cached_property

from django.conf import settings
from django.core.validators import MaxValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from simple_history.models import HistoricalRecords

from core.models import Versioned


class Partnership(Versioned):
    name = models.CharField(max_length=200, unique=True)
    slug = models.SlugField(max_length=80, unique=True)
    area = models.CharField(max_length=120, blank=True, help_text="The local area, e.g. Southend")
    description = models.TextField(blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("boards:partnership", args=[self.slug])


class Organisation(Versioned):
    class Kind(models.TextChoices):
        COUNCIL = "council", "Council"
        ICB = "icb", "Integrated Care Board"
        NHS_TRUST = "nhs_trust", "NHS trust"
        SCHOOL = "school", "School or college"
        FORUM = "forum", "Parent carer forum"
        HEALTHWATCH = "healthwatch", "Healthwatch"
        VOLUNTARY = "voluntary", "Voluntary sector"
        GOVERNMENT = "government", "Government or regulator"
        OTHER = "other", "Other"

    partnership = models.ForeignKey(
        Partnership, on_delete=models.CASCADE, related_name="organisations"
    )
    name = models.CharField(max_length=200)
    short_name = models.CharField(max_length=40, blank=True)
    kind = models.CharField(max_length=20, choices=Kind.choices, default=Kind.OTHER)
    history = HistoricalRecords()

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                fields=["partnership", "name"], name="organisation_name_unique_in_partnership"
            )
        ]

    def __str__(self):
        return self.name


class Person(Versioned):
    """Someone named in papers: not every person signs in, so the login is optional."""

    partnership = models.ForeignKey(Partnership, on_delete=models.CASCADE, related_name="people")
    name = models.CharField(max_length=200)
    initials = models.CharField(
        max_length=12, help_text="As the minutes and action log refer to them, e.g. GB or L-MM"
    )
    job_title = models.CharField(max_length=200, blank=True)
    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="people", null=True, blank=True
    )
    email = models.EmailField(blank=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="people",
        help_text="The login account, if this person signs in",
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["name"]
        verbose_name_plural = "people"
        constraints = [
            models.UniqueConstraint(
                fields=["partnership", "initials"], name="person_initials_unique_in_partnership"
            ),
            models.UniqueConstraint(
                fields=["partnership", "user"],
                condition=Q(user__isnull=False),
                name="person_one_login_per_partnership",
            ),
        ]

    def __str__(self):
        return f"{self.name} ({self.initials})"


class Board(Versioned):
    class Frequency(models.TextChoices):
        MONTHLY = "monthly", "Monthly"
        SIX_WEEKLY = "six_weekly", "Every 6 weeks"
        EIGHT_WEEKLY = "eight_weekly", "Every 8 weeks"
        BI_MONTHLY = "bi_monthly", "Every 2 months"
        QUARTERLY = "quarterly", "Quarterly"
        AS_NEEDED = "as_needed", "As needed"

    class ActionReferences(models.TextChoices):
        RUNNING = "running", "Running numbers across the board (89, 94, 105)"
        PER_MEETING = "per_meeting", "Item number and letter per meeting (8.a, 8.b)"

    class MinutesActions(models.TextChoices):
        UNDER_EACH_ITEM = "under_each_item", "Under each item, after its minutes"
        AT_THE_END = "at_the_end", "Once at the end, all the meeting's actions together"

    class MinutesAttendance(models.TextChoices):
        AT_THE_END = "at_the_end", "At the end, after the last item"
        AT_THE_TOP = "at_the_top", "At the top, before the first item"

    partnership = models.ForeignKey(Partnership, on_delete=models.CASCADE, related_name="boards")
    name = models.CharField(max_length=200)
    short_name = models.CharField(max_length=20, help_text="e.g. SSPB, SENDOPS")
    slug = models.SlugField(max_length=40)
    purpose = models.TextField(blank=True)
    parent = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
        verbose_name="reports to",
    )
    quorum = models.PositiveSmallIntegerField(
        default=3, help_text="Members (or deputies) who must be present for decisions"
    )
    meeting_frequency = models.CharField(
        max_length=20, choices=Frequency.choices, default=Frequency.EIGHT_WEEKLY
    )
    action_references = models.CharField(
        max_length=20, choices=ActionReferences.choices, default=ActionReferences.RUNNING
    )
    minutes_actions = models.CharField(
        "actions table in the minutes",
        max_length=20,
        choices=MinutesActions.choices,
        default=MinutesActions.UNDER_EACH_ITEM,
        help_text="Where the minutes print the table of actions agreed (reference, action, "
        "owners, deadline), beside the action lines as typed",
    )
    minutes_attendance = models.CharField(
        "attendance in the minutes",
        max_length=20,
        choices=MinutesAttendance.choices,
        default=MinutesAttendance.AT_THE_END,
    )
    agenda_pack_clear_days = models.PositiveSmallIntegerField(
        "clear days to publish the agenda pack",
        default=5,
        validators=[MaxValueValidator(60)],
        help_text="The agenda and public papers are due on the public pages this many clear days "
        "before each meeting (neither the day they are published nor the day of the meeting "
        "counts). Council committees, such as a Health and Wellbeing Board, need 5.",
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["partnership", "slug"], name="board_slug_unique"),
            models.UniqueConstraint(
                fields=["partnership", "short_name"], name="board_short_name_unique"
            ),
            models.CheckConstraint(
                condition=~Q(parent=models.F("id")), name="board_not_own_parent"
            ),
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("boards:board", args=[self.partnership.slug, self.slug])

    @cached_property
    def upcoming_meetings(self) -> list:
        """The board's meetings from today on, in order, with their minutes: read once per
        instance, as the board page and the sections other apps add to it ask for them."""
        meetings = self.meetings.select_related("minutes").filter(date__gte=timezone.localdate())
        return list(meetings.order_by("date", "starts_at"))


def terms_of_reference_path(instance, filename):
    return f"terms-of-reference/{instance.board_id}/{filename}"


class TermsOfReference(Versioned):
    """A version of a board's terms of reference, or an appendix to one (co-production charter)."""

    board = models.ForeignKey(Board, on_delete=models.CASCADE, related_name="terms_of_reference")
    title = models.CharField(max_length=200, default="Terms of reference")
    version_label = models.CharField("version", max_length=20, help_text="e.g. v3 or 2024.1")
    approved_on = models.DateField(null=True, blank=True)
    document = models.FileField(upload_to=terms_of_reference_path)
    notes = models.TextField(blank=True)
    appendix_to = models.ForeignKey(
        "self", on_delete=models.CASCADE, null=True, blank=True, related_name="appendices"
    )
    uploaded_at = models.DateTimeField(default=timezone.now, editable=False)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-approved_on", "-uploaded_at"]
        verbose_name = "terms of reference"
        verbose_name_plural = "terms of reference"

    def __str__(self):
        return f"{self.title} {self.version_label}"


class Role(models.TextChoices):
    CHAIR = "chair", "Chair"
    VICE_CHAIR = "vice_chair", "Vice-chair"
    MEMBER = "member", "Member"
    ADVISER = "adviser", "Adviser"
    GUEST = "guest", "Guest"
    SECRETARY = "secretary", "Secretary"


class MembershipQuerySet(models.QuerySet):
    def current(self, on=None):
        on = on or timezone.localdate()
        return self.filter(Q(starts_on__isnull=True) | Q(starts_on__lte=on)).filter(
            Q(ends_on__isnull=True) | Q(ends_on__gte=on)
        )


class Membership(Versioned):
    board = models.ForeignKey(Board, on_delete=models.CASCADE, related_name="memberships")
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="memberships")
    role = models.CharField(max_length=20, choices=Role.choices, default=Role.MEMBER)
    representing = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        help_text="The organisation this seat represents",
    )
    deputy = models.ForeignKey(
        Person,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="deputising_for",
        help_text="May attend with delegated authority to decide",
    )
    starts_on = models.DateField("from", null=True, blank=True)
    ends_on = models.DateField("to", null=True, blank=True)
    history = HistoricalRecords()

    objects = MembershipQuerySet.as_manager()

    class Meta:
        ordering = ["board", "role", "person__name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__isnull=True)
                | Q(starts_on__isnull=True)
                | Q(ends_on__gte=models.F("starts_on")),
                name="membership_ends_after_it_starts",
                violation_error_message="The end date must be on or after the start date.",
            ),
            models.CheckConstraint(
                condition=~Q(deputy=models.F("person")),
                name="membership_deputy_is_someone_else",
                violation_error_message="A member cannot be their own deputy.",
            ),
        ]

    def __str__(self):
        return f"{self.person} – {self.get_role_display()} of {self.board.short_name}"

    @property
    def is_current(self):
        today = timezone.localdate()
        return (self.starts_on is None or self.starts_on <= today) and (
            self.ends_on is None or self.ends_on >= today
        )

    @property
    def organisation(self):
        return self.representing or self.person.organisation
