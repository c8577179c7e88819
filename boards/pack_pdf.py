"""Putting a meeting pack together from separately rendered PDFs with pypdf: merging, the
running footer, the outline (bookmarks), title and language."""

import io
from dataclasses import dataclass, field

from pypdf import PdfReader, PdfWriter
from pypdf.errors import PdfReadError
from pypdf.generic import BooleanObject, NameObject, TextStringObject


class PackError(Exception):
    """A problem the person building the pack can act on; the message says what to do."""


@dataclass
class Part:
    """One run of pages in the pack, and its place in the outline."""

    pdf: bytes
    title: str
    key: str = ""  # names this part in the outline, for parts placed under it
    parent: str | None = None  # the key of the outline entry this part sits under
    source: str = "The document"  # named in the error when the PDF cannot be read
    reader: PdfReader | None = field(default=None, repr=False)

    def open(self) -> PdfReader:
        if self.reader is None:
            try:
                self.reader = PdfReader(io.BytesIO(self.pdf))
                if self.reader.is_encrypted:
                    raise PackError(f"{self.source} is password-protected: upload an open copy.")
                len(self.reader.pages)
            except (PdfReadError, ValueError, KeyError) as error:
                raise PackError(f"{self.source} is not a readable PDF ({error}).") from error
        return self.reader

    @property
    def pages(self) -> int:
        return len(self.open().pages) if self.pdf else 0


def page_count(pdf: bytes) -> int:
    return len(PdfReader(io.BytesIO(pdf)).pages)


def merge(parts: list[Part], *, footer: bytes, title: str, lang: str) -> bytes:
    """One PDF of all parts in order, each page stamped with its footer page, with an outline."""
    writer = PdfWriter()
    entries = []
    for part in parts:
        entries.append((part, len(writer.pages)))
        if part.pdf:  # a part without pages is an outline entry for the part after it
            writer.append(part.open(), import_outline=False)
    outline = {}
    for part, first_page in entries:
        entry = writer.add_outline_item(
            title=part.title, page_number=first_page, parent=outline.get(part.parent)
        )
        if part.key:
            outline[part.key] = entry
    footers = PdfReader(io.BytesIO(footer)).pages
    for page, footer_page in zip(writer.pages, footers, strict=True):
        page.merge_page(footer_page)
    writer.add_metadata({"/Title": title})
    writer._root_object[NameObject("/Lang")] = TextStringObject(lang)
    preferences = writer.create_viewer_preferences()
    preferences[NameObject("/DisplayDocTitle")] = BooleanObject(True)
    writer.page_mode = "/UseOutlines"
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def css_string(text: str) -> str:
    """Text safe inside a double-quoted CSS string in a <style> element."""
    escaped = text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", " ")
    return escaped.replace("<", "\\3C ").replace(">", "\\3E ")
