"""Read generated documents back as text, to check what they hold."""

import io

from docx import Document
from pypdf import PdfReader


def pdf_text(data: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)


def docx_text(data: bytes) -> str:
    document = Document(io.BytesIO(data))
    text = [paragraph.text for paragraph in document.paragraphs]
    for table in document.tables:
        text.extend(cell.text for row in table.rows for cell in row.cells)
    return "\n".join(text)
