"""The text of an uploaded paper (PDF, Word, Excel, PowerPoint), for search.

Read by the background worker after upload, within bounds: a file larger than MAX_BYTES is not
read, reading stops after MAX_SECONDS or MAX_CHARS (what was read by then is kept), and a zip
member is read only up to MAX_MEMBER_BYTES uncompressed, so a crafted file cannot exhaust the
worker. A paper whose text cannot be read is still found by its title.
"""

import io
import re
import time
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from xml.etree import ElementTree

import docx
import openpyxl
import pypdf

from .forms import ALLOWED_DOCUMENT_TYPES

MAX_BYTES = 30 * 1024 * 1024
MAX_MEMBER_BYTES = 50 * 1024 * 1024
MAX_SECONDS = 60
MAX_CHARS = 500_000

_DRAWING_TEXT = "{http://schemas.openxmlformats.org/drawingml/2006/main}t"
_SLIDE = re.compile(r"ppt/slides/slide(\d+)\.xml")


class Unreadable(Exception):
    """The paper's text could not be read; the message says why, for the secretary."""


@dataclass(frozen=True)
class PaperText:
    text: str
    note: str = ""  # why only part of it was read, if it was


def read_text(data: bytes, content_type: str) -> PaperText:
    if len(data) > MAX_BYTES:
        raise Unreadable(f"The file is larger than {MAX_BYTES // (1024 * 1024)} MB to read.")
    readers = {
        ALLOWED_DOCUMENT_TYPES[".pdf"]: _pdf,
        ALLOWED_DOCUMENT_TYPES[".docx"]: _docx,
        ALLOWED_DOCUMENT_TYPES[".xlsx"]: _xlsx,
        ALLOWED_DOCUMENT_TYPES[".pptx"]: _pptx,
    }
    reader = readers.get(content_type)
    if reader is None:
        raise Unreadable("Only PDF, Word, Excel and PowerPoint papers are read.")
    try:
        return _bounded(reader(data))
    except Unreadable:
        raise
    except Exception as error:  # a damaged file can fail inside the reader in any way
        raise Unreadable(f"The file could not be read ({type(error).__name__}).") from error


def _bounded(parts: Iterator[str]) -> PaperText:
    started = time.monotonic()
    kept: list[str] = []
    length = 0
    for part in parts:
        kept.append(part)
        length += len(part) + 1
        if length >= MAX_CHARS:
            return PaperText("\n".join(kept)[:MAX_CHARS], "Only the start of a long paper is read.")
        if time.monotonic() - started > MAX_SECONDS:
            return PaperText("\n".join(kept), "Reading took too long: only the start is searched.")
    return PaperText("\n".join(kept))


def _pdf(data: bytes) -> Iterator[str]:
    reader = pypdf.PdfReader(io.BytesIO(data))
    if reader.is_encrypted:
        raise Unreadable("The PDF is protected by a password.")
    for page in reader.pages:
        yield page.extract_text() or ""


def _docx(data: bytes) -> Iterator[str]:
    _check_zip(data)
    document = docx.Document(io.BytesIO(data))
    for paragraph in document.paragraphs:
        yield paragraph.text
    for table in document.tables:
        for row in table.rows:
            yield " ".join(cell.text for cell in row.cells)


def _xlsx(data: bytes) -> Iterator[str]:
    _check_zip(data)
    workbook = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    try:
        for sheet in workbook.worksheets:
            yield sheet.title
            for row in sheet.iter_rows(values_only=True):
                cells = [str(value) for value in row if value is not None]
                if cells:
                    yield " ".join(cells)
    finally:
        workbook.close()


def _pptx(data: bytes) -> Iterator[str]:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        _check_members(archive)
        slides = sorted(
            (int(match.group(1)), name)
            for name in archive.namelist()
            if (match := _SLIDE.fullmatch(name))
        )
        for _number, name in slides:
            root = ElementTree.fromstring(archive.read(name))
            yield " ".join(node.text for node in root.iter(_DRAWING_TEXT) if node.text)


def _check_zip(data: bytes) -> None:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        _check_members(archive)


def _check_members(archive: zipfile.ZipFile) -> None:
    if sum(member.file_size for member in archive.infolist()) > MAX_MEMBER_BYTES:
        raise Unreadable("The file unpacks to more than can be read.")
