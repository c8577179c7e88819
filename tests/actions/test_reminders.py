import datetime
import io

import pytest
from django.core import mail
from django.core.management import call_command

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
    sent = reminders_send(today=TODAY)
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
    assert reminders_send(today=TODAY) == []
    assert mail.outbox == []


def test_a_failed_send_records_nothing_so_the_next_run_retries(board, owner, monkeypatch):
    ActionFactory(board=board, owners=[owner], due_date=TODAY)

    def broken(**kwargs):
        raise ConnectionError("mail server down")

    monkeypatch.setattr("actions.reminders.send_mail", broken)
    with pytest.raises(ConnectionError):
        reminders_send(today=TODAY)
    assert not ReminderSent.objects.exists()


def test_the_command_reports_what_it_sent(board, owner):
    ActionFactory(board=board, owners=[owner], due_date=datetime.date(2020, 1, 1))
    out = io.StringIO()
    call_command("send_action_reminders", stdout=out)
    assert out.getvalue().strip() == "Sent 1 digest."
