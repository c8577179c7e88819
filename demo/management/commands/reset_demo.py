from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError

from boards.management.commands.serve import database_location
from core.files import delete_every_file, where_files_live


class Command(BaseCommand):
    help = (
        "Start again from a fresh demo: delete every record in the database and every uploaded "
        "file, then load the demo. Asks first unless --yes is given."
    )

    def add_arguments(self, parser):
        parser.add_argument("--yes", action="store_true", help="Do not ask before deleting.")

    def handle(self, *, yes, **options):
        if not settings.DEBUG:
            raise CommandError("reset_demo only runs with DJANGO_DEBUG on: it deletes everything.")
        self.stdout.write(
            "This deletes every record in the database and every uploaded file:\n"
            f"  Database: {database_location()}\n"
            f"  Uploaded files: {where_files_live()}\n"
            "and then loads the demo partnership again."
        )
        if not yes and _answer("Type yes to go on: ") != "yes":
            raise CommandError("Nothing was deleted.")
        call_command("migrate", interactive=False, verbosity=0)  # a fresh checkout has no tables
        call_command("flush", interactive=False, verbosity=0)
        delete_every_file()
        call_command("load_demo", stdout=self.stdout)


def _answer(question: str) -> str:
    try:
        return input(question).strip().lower()
    except EOFError:  # nobody there to answer
        return ""
