"""Abstract models the apps build on; core has no tables of its own."""

from django.db import models


class Versioned(models.Model):
    """A row that two people may edit at once: the version guards against silent overwrites
    (see boards/concurrency.py)."""

    version = models.PositiveIntegerField(default=1, editable=False)

    class Meta:
        abstract = True
