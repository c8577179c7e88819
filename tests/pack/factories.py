import functools

import factory
from django.core.files.base import ContentFile
from factory.django import DjangoModelFactory

from boards.models import Paper
from tests.boards.factories import AgendaItemFactory


@functools.cache
def pdf_of(text: str, pages: int = 1) -> bytes:
    """A small real PDF whose every page carries `text`."""
    from weasyprint import HTML

    body = "".join(f'<p style="break-after: page">{text} (page {n + 1})</p>' for n in range(pages))
    return HTML(string=f"<html><body>{body}</body></html>").write_pdf()


class PaperFactory(DjangoModelFactory):
    class Meta:
        model = Paper

    agenda_item = factory.SubFactory(AgendaItemFactory)
    label = factory.Sequence(lambda n: f"{n}a")
    title = factory.Sequence(lambda n: f"Paper {n}")
    original_name = "paper.pdf"
    content_type = "application/pdf"
    size = 1000

    @factory.lazy_attribute
    def document(self):
        return ContentFile(pdf_of(f"Text of {self.title}"), name=self.original_name)
