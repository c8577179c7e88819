from django.core.management.base import BaseCommand

from boards import search
from boards.models import Paper
from boards.tasks import read_paper_text


class Command(BaseCommand):
    help = (
        "Make the search index again from every record (after a restore or an upgrade), and queue "
        "the reading of every paper whose text has not been read yet."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--read-papers-again",
            action="store_true",
            help="Queue the reading of every paper's text, read before or not.",
        )

    def handle(self, *args, read_papers_again=False, **options):
        counts = search.rebuild()
        for name, count in counts.items():
            self.stdout.write(f"{name}: {count} documents")
        self.stdout.write(self.style.SUCCESS(f"Search index rebuilt: {sum(counts.values())}."))
        papers = Paper.objects.order_by("pk")
        if not read_papers_again:
            papers = papers.filter(text_status=Paper.TextStatus.WAITING)
        ids = list(papers.values_list("pk", flat=True))
        for paper_id in ids:
            read_paper_text.enqueue(paper_id)
        if ids:
            self.stdout.write(
                f"{len(ids)} papers queued for the background worker to read their text; "
                "each is found by its text once read."
            )
