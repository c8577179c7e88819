from django.core.management.base import BaseCommand, CommandError

from actions.reminders import reminders_send


class Command(BaseCommand):
    help = (
        "E-mail each owner one digest of their overdue and due-soon actions. Safe to run from "
        "cron every hour: a person gets at most one digest a day, and a digest the mail server "
        "refused is sent again on the next run."
    )

    def handle(self, *args, **options):
        sent, failed = reminders_send()
        self.stdout.write(f"Sent {len(sent)} digest{'s' if len(sent) != 1 else ''}.")
        for person, error in failed:
            self.stderr.write(f"Not sent to {person} <{person.email}>: {error}")
        if failed:
            raise CommandError(
                f"{len(failed)} digest{'s' if len(failed) != 1 else ''} not sent; "
                "the next run will try again."
            )
