"""Members' replies to a meeting's invitation: attending, apologies, or sending a deputy."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from simple_history.models import HistoricalRecords

from .meetings import Meeting
from .structure import Person


class MeetingReply(models.Model):
    """What a member said before the meeting. Not attendance: the secretary records that on the
    day; apologies and deputies sent here are where the attendance list starts from."""

    class Answer(models.TextChoices):
        ATTENDING = "attending", "Attending"
        APOLOGIES = "apologies", "Apologies"
        DEPUTY = "deputy", "Sending a deputy"

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="replies")
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="meeting_replies")
    answer = models.CharField(max_length=20, choices=Answer.choices)
    deputy = models.ForeignKey(
        Person,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        help_text="The deputy, if one of the partnership's people",
    )
    deputy_name = models.CharField(
        max_length=200, blank=True, help_text="The deputy's name, if not on the list"
    )
    note = models.CharField(max_length=300, blank=True)
    replied_at = models.DateTimeField(default=timezone.now)
    replied_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        help_text="Who sent it signed in; empty when sent through the invitation's link",
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["meeting", "person__name"]
        verbose_name_plural = "meeting replies"
        constraints = [
            models.UniqueConstraint(fields=["meeting", "person"], name="meeting_reply_once"),
            models.CheckConstraint(
                condition=~Q(answer="deputy") | Q(deputy__isnull=False) | ~Q(deputy_name=""),
                name="meeting_reply_names_deputy",
                violation_error_message="Name the deputy.",
            ),
        ]

    def __str__(self):
        return f"{self.person} – {self.get_answer_display()}"

    @property
    def sends_apologies(self) -> bool:
        """A member who sends a deputy sends their apologies too."""
        return self.answer in {self.Answer.APOLOGIES, self.Answer.DEPUTY}

    @property
    def deputy_label(self) -> str:
        return self.deputy.name if self.deputy else self.deputy_name
