import os

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from boards import search
from demo import actions, meetings, risks, strategy
from demo.boards import LOGINS, load_structure


class Command(BaseCommand):
    help = "Load the Southend SEND partnership demo. Running it twice changes nothing."

    def handle(self, *args, **options):
        password = os.environ.get("DEMO_PASSWORD")
        if not password:
            if not settings.DEBUG:
                raise CommandError("Set DEMO_PASSWORD to load demo logins when DEBUG is off.")
            password = "board-demo-2026"
        partnership = load_structure(password)
        # Meetings first: the action log and risk reviews attach to them.
        meetings.load_meetings(partnership)
        actions.load_actions(partnership)
        risks.load(partnership)
        strategy.load_strategy_demo(partnership)
        search.rebuild()  # the demo is written straight to the tables, not through the services
        self.stdout.write(self.style.SUCCESS(f"Demo partnership ready: {partnership.name}"))
        self.stdout.write("Demo logins (username / password):")
        for username, _initials, _staff in LOGINS:
            self.stdout.write(f"  {username:<10} {password}")
