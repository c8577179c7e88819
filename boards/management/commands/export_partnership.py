from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from boards.archive import ArchiveError, export_partnership


class Command(BaseCommand):
    help = "Write a partnership's whole record (data, history and files) to one zip archive."

    def add_arguments(self, parser):
        parser.add_argument("slug", help="the partnership's slug, e.g. southend")
        parser.add_argument("archive", help="the zip file to write")

    def handle(self, *args, slug, archive, **options):
        try:
            data = export_partnership(slug)
        except ArchiveError as error:
            raise CommandError(str(error)) from error
        Path(archive).write_bytes(data)
        self.stdout.write(self.style.SUCCESS(f"Wrote {archive} ({len(data):,} bytes)."))
