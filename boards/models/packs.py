"""The chair's meeting pack: one PDF per meeting, built in the background and reused until its
inputs change."""

from django.conf import settings
from django.db import models
from django.utils import timezone

from .meetings import Meeting


def pack_path(instance, filename):
    # A folder per pack: two workers building packs of one meeting at once never pick one name.
    # (A pack is saved before its file is built, so it has its id by then.)
    folder = f"{instance.meeting_id}/{instance.pk}" if instance.pk else instance.meeting_id
    return f"packs/{folder}/{filename}"


class MeetingPack(models.Model):
    class Status(models.TextChoices):
        QUEUED = "queued", "Waiting to be built"
        BUILDING = "building", "Being built"
        READY = "ready", "Ready"
        FAILED = "failed", "Failed"

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="packs")
    public = models.BooleanField(
        default=False, help_text="The public pack leaves confidential items out"
    )
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.QUEUED)
    error = models.TextField(blank=True, help_text="Why the last build failed")
    fingerprint = models.CharField(
        max_length=64, help_text="A hash of everything that goes into the pack"
    )
    file = models.FileField(upload_to=pack_path, blank=True)
    page_count = models.PositiveIntegerField(null=True, blank=True)
    steps_done = models.PositiveSmallIntegerField(default=0)
    steps_total = models.PositiveSmallIntegerField(default=0)
    render_seconds = models.FloatField(
        null=True, blank=True, help_text="Time spent inside WeasyPrint"
    )
    build_seconds = models.FloatField(null=True, blank=True, help_text="The whole build")
    # Builds started; the building worker renews its lease under its own number.
    attempts = models.PositiveSmallIntegerField(default=0)
    lease_expires_at = models.DateTimeField(
        null=True,
        blank=True,
        help_text="The building worker renews this as it goes; once it passes, the worker is "
        "taken to have stopped and the build can be taken over",
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    published_at = models.DateTimeField(
        null=True,
        blank=True,
        help_text="When this public pack was published on the public pages (the agenda pack)",
    )
    created_at = models.DateTimeField(default=timezone.now)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            # Two people (or two app servers) asking at once get the same pack, built once.
            models.UniqueConstraint(
                fields=["meeting", "public", "fingerprint"], name="pack_once_per_fingerprint"
            )
        ]

    def __str__(self):
        kind = "Public pack" if self.public else "Pack"
        return f"{kind} for {self.meeting}"

    @property
    def is_pending(self):
        return self.status in {self.Status.QUEUED, self.Status.BUILDING}

    @property
    def filename(self):
        meeting = self.meeting
        suffix = "-public" if self.public else ""
        return f"{meeting.board.short_name}-{meeting.date:%Y-%m-%d}-pack{suffix}.pdf"
