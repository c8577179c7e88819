import datetime
import io
import smtplib

import pytest
from django.core import mail
from django.core.mail.backends.base import BaseEmailBackend
from django.core.management import CommandError, call_command

from actions import reminders
from actions.models import ReminderSent
from actions.reminders import reminders_send
from tests.actions.factories import ActionFactory
from tests.boards.factories import PersonFactory

pytestmark = pytest.mark.django_db
TODAY = datetime.date(2023, 3, 20)


@pytest.fixture
def owner(board):
    return PersonFactory(partnership=board.partnership, initials="GB", email="gb@example.org")


def test_one_digest_per_owner_with_overdue_and_due_soon(board, owner):
    late = ActionFactory(board=board, owners=[owner], due_date=TODAY - datetime.timedelta(days=5))
    soon = ActionFactory(board=board, owners=[owner], due_date=TODAY + datetime.timedelta(days=3))
    ActionFactory(board=board, owners=[owner], due_date=TODAY + datetime.timedelta(days=30))
    ActionFactory(board=board, owners=[owner], due_date=TODAY, status="closed", closed_on=TODAY)
    sent, failed = reminders_send(today=TODAY)
    assert failed == []
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["gb@example.org"]
    assert message.subject == "Your actions: 1 overdue and 1 due in the next 7 days"
    assert "5 days late" in message.body
    assert set(sent[0].actions.all()) == {late, soon}


def test_at_most_once_a_day_however_often_it_runs(board, owner):
    ActionFactory(board=board, owners=[owner], due_date=TODAY)
    reminders_send(today=TODAY)
    reminders_send(today=TODAY)
    assert len(mail.outbox) == 1
    reminders_send(today=TODAY + datetime.timedelta(days=1))
    assert len(mail.outbox) == 2
    assert ReminderSent.objects.count() == 2


def test_people_without_email_or_due_actions_get_nothing(board):
    no_email = PersonFactory(partnership=board.partnership, email="")
    ActionFactory(board=board, owners=[no_email], due_date=TODAY)
    quiet = PersonFactory(partnership=board.partnership, email="q@example.org")
    ActionFactory(board=board, owners=[quiet], due_date=TODAY + datetime.timedelta(days=60))
    assert reminders_send(today=TODAY) == ([], [])
    assert mail.outbox == []


class RefusingBackend(BaseEmailBackend):
    """A mail server that is down."""

    def send_messages(self, messages):
        raise smtplib.SMTPServerDisconnected("Connection unexpectedly closed")


REFUSING = {"default": {"BACKEND": "tests.actions.test_reminders.RefusingBackend"}}
WORKING = {"default": {"BACKEND": "django.core.mail.backends.locmem.EmailBackend"}}


def test_a_failed_send_records_nothing_so_the_next_run_retries(board, owner, settings):
    ActionFactory(board=board, owners=[owner], due_date=TODAY)
    settings.MAILERS = REFUSING
    sent, failed = reminders_send(today=TODAY)
    assert sent == []
    assert [person for person, error in failed] == [owner]
    assert "SMTPServerDisconnected" in failed[0][1]
    assert not ReminderSent.objects.exists()

    settings.MAILERS = WORKING
    sent, failed = reminders_send(today=TODAY)
    assert len(sent) == 1 and failed == []
    assert len(mail.outbox) == 1


def test_one_refused_digest_does_not_stop_the_others(board, owner, monkeypatch):
    other = PersonFactory(partnership=board.partnership, email="other@example.org")
    ActionFactory(board=board, owners=[owner], due_date=TODAY)
    ActionFactory(board=board, owners=[other], due_date=TODAY)
    real = reminders.send_mail

    def refuse_gb(**kwargs):
        if kwargs["recipient_list"] == [owner.email]:
            raise smtplib.SMTPRecipientsRefused({owner.email: (550, b"no")})
        return real(**kwargs)

    monkeypatch.setattr(reminders, "send_mail", refuse_gb)
    sent, failed = reminders_send(today=TODAY)
    assert [reminder.person for reminder in sent] == [other]
    assert [person for person, error in failed] == [owner]
    assert list(ReminderSent.objects.values_list("person", flat=True)) == [other.pk]


def test_the_command_reports_a_failure_and_the_next_run_retries(board, owner, settings):
    ActionFactory(board=board, owners=[owner], due_date=datetime.date(2020, 1, 1))
    settings.MAILERS = REFUSING
    out, err = io.StringIO(), io.StringIO()
    with pytest.raises(CommandError, match="1 digest not sent; the next run will try again"):
        call_command("send_action_reminders", stdout=out, stderr=err)
    assert out.getvalue().strip() == "Sent 0 digests."
    assert "Not sent to" in err.getvalue() and "gb@example.org" in err.getvalue()
    assert "SMTPServerDisconnected" in err.getvalue()
    assert not ReminderSent.objects.exists()

    settings.MAILERS = WORKING
    out = io.StringIO()
    call_command("send_action_reminders", stdout=out)
    assert out.getvalue().strip() == "Sent 1 digest."
    assert ReminderSent.objects.count() == 1


def test_the_command_reports_what_it_sent(board, owner):
    ActionFactory(board=board, owners=[owner], due_date=datetime.date(2020, 1, 1))
    out = io.StringIO()
    call_command("send_action_reminders", stdout=out)
    assert out.getvalue().strip() == "Sent 1 digest."
