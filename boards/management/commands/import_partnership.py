from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from boards.archive_placement import ArchiveError
from boards.archive_restore import import_partnership


class Command(BaseCommand):
    help = "Restore a partnership from an archive written by export_partnership."

    def add_arguments(self, parser):
        parser.add_argument("archive", help="the zip file to read")

    def handle(self, *args, archive, **options):
        try:
            restored = import_partnership(Path(archive).read_bytes())
        except (ArchiveError, OSError) as error:
            raise CommandError(str(error)) from error
        for label, rows in restored.tables.items():
            if rows:
                self.stdout.write(f"  {label:<40} {rows:>7,} rows")
        self.stdout.write(
            f"  {'accounts':<40} {restored.users_created:>7,} created, "
            f"{restored.users_matched:,} already here"
        )
        self.stdout.write(f"  {'files':<40} {restored.files:>7,}")
        for name, saved in restored.renamed_files.items():
            self.stdout.write(f"  {name} was taken here: restored as {saved}")
        rows = sum(restored.tables.values())
        self.stdout.write(
            self.style.SUCCESS(
                f"Restored {restored.partnership.name}: {rows:,} rows, every table as its "
                "manifest counts."
            )
        )
