from django.core.management.base import BaseCommand

from actions.reminders import reminders_send


class Command(BaseCommand):
    help = (
        "E-mail each owner one digest of their overdue and due-soon actions. Safe to run from "
        "cron every hour: a person gets at most one digest a day."
    )

    def handle(self, *args, **options):
        sent = reminders_send()
        self.stdout.write(f"Sent {len(sent)} digest{'s' if len(sent) != 1 else ''}.")
