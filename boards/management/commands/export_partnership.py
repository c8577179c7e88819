from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from boards.archive import ArchiveError, export_partnership


class Command(BaseCommand):
    help = "Write a partnership's whole record (data, history and files) to one zip archive."

    def add_arguments(self, parser):
        parser.add_argument("slug", help="the partnership's slug, e.g. southend")
        parser.add_argument("archive", help="the zip file to write")
        parser.add_argument(
            "--allow-missing-files",
            action="store_true",
            help="write the archive even if files named in the data are missing from storage "
            "(the manifest lists them)",
        )

    def handle(self, *args, slug, archive, allow_missing_files, **options):
        try:
            exported = export_partnership(slug, allow_missing_files=allow_missing_files)
        except ArchiveError as error:
            raise CommandError(str(error)) from error
        Path(archive).write_bytes(exported.data)
        manifest = exported.manifest
        for label, entry in manifest["tables"].items():
            if entry["rows"]:
                self.stdout.write(f"  {label:<40} {entry['rows']:>7,} rows")
        self.stdout.write(f"  {'files':<40} {len(manifest['files']):>7,}")
        for missing in manifest["missing_files"]:
            self.stderr.write(self.style.WARNING(f"Missing from storage: {missing}"))
        rows = sum(entry["rows"] for entry in manifest["tables"].values())
        self.stdout.write(
            self.style.SUCCESS(
                f"Wrote {archive} ({len(exported.data):,} bytes): {rows:,} rows in "
                f"{len(manifest['tables'])} tables, checked against its manifest."
            )
        )
