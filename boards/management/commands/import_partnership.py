from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from boards.archive import ArchiveError, import_partnership


class Command(BaseCommand):
    help = "Restore a partnership from an archive written by export_partnership."

    def add_arguments(self, parser):
        parser.add_argument("archive", help="the zip file to read")

    def handle(self, *args, archive, **options):
        try:
            partnership = import_partnership(Path(archive).read_bytes())
        except (ArchiveError, OSError) as error:
            raise CommandError(str(error)) from error
        self.stdout.write(self.style.SUCCESS(f"Restored {partnership.name}."))
