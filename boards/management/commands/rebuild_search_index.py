from django.core.management.base import BaseCommand

from boards import search


class Command(BaseCommand):
    help = "Make the search index again from every record (after a restore or an upgrade)."

    def handle(self, *args, **options):
        counts = search.rebuild()
        for name, count in counts.items():
            self.stdout.write(f"{name}: {count} documents")
        self.stdout.write(self.style.SUCCESS(f"Search index rebuilt: {sum(counts.values())}."))
