"""The daily digest to each owner of their due-soon and overdue actions. Safe to run hourly:
a person gets at most one a day, and each digest sent is recorded."""

import datetime
import logging
from collections import defaultdict
from typing import NamedTuple

from django.conf import settings
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.utils import timezone

from boards.models import Person

from .models import DUE_SOON_DAYS, Action, ReminderSent
from .selectors.log import OPEN_STATUSES

logger = logging.getLogger(__name__)


class ReminderRun(NamedTuple):
    """What one run did: the digests sent, and the people whose digest failed (with why)."""

    sent: list[ReminderSent]
    failed: list[tuple[Person, str]]


def _due_by_person(today: datetime.date) -> dict[int, list[Action]]:
    cutoff = today + datetime.timedelta(days=DUE_SOON_DAYS)
    already = ReminderSent.objects.filter(sent_on=today).values("person_id")
    actions = (
        Action.objects.filter(status__in=OPEN_STATUSES, due_date__lte=cutoff)
        .select_related("board__partnership")
        .prefetch_related("owners")
        .order_by("due_date", "board__short_name", "sort_key", "number")
    )
    by_person: dict[int, list[Action]] = defaultdict(list)
    skip = set(already.values_list("person_id", flat=True))
    for action in actions:
        for owner in action.owners.all():
            if owner.pk not in skip:
                by_person[owner.pk].append(action)
    return by_person


def reminders_send(*, today: datetime.date | None = None) -> ReminderRun:
    """Each digest is recorded in the same transaction as it is sent: when the mail server
    refuses one, nothing is recorded for that person, the others still go, and the next run
    tries again."""
    today = today or timezone.localdate()
    by_person = _due_by_person(today)
    people = Person.objects.filter(pk__in=list(by_person)).exclude(email="")
    sent, failed = [], []
    for person in people:
        actions = by_person[person.pk]
        overdue = [(a, (today - a.due_date).days) for a in actions if a.due_date < today]
        due_soon = [a for a in actions if a.due_date >= today]
        try:
            with transaction.atomic():
                reminder = ReminderSent.objects.create(person=person, sent_on=today)
                reminder.actions.set(actions)
                send_mail(
                    subject=_subject(overdue, due_soon),
                    message=render_to_string(
                        "actions/email/reminder.txt",
                        {
                            "person": person,
                            "overdue": overdue,
                            "due_soon": due_soon,
                            "today": today,
                            "site": getattr(settings, "SITE_URL", ""),
                        },
                    ),
                    from_email=None,
                    recipient_list=[person.email],
                )
        except IntegrityError:
            continue  # another run sent today's digest to this person a moment ago
        except Exception as error:  # the mail server's refusal, whatever its kind
            logger.exception("Reminder to %s failed", person.email)
            failed.append((person, f"{type(error).__name__}: {error}"))
            continue
        sent.append(reminder)
    return ReminderRun(sent, failed)


def _subject(overdue, due_soon) -> str:
    parts = []
    if overdue:
        parts.append(f"{len(overdue)} overdue")
    if due_soon:
        parts.append(f"{len(due_soon)} due in the next {DUE_SOON_DAYS} days")
    return "Your actions: " + " and ".join(parts)
