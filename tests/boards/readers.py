"""Read generated documents back as text, to check what they hold."""

import io

from docx import Document
from docx.table import Table
from pypdf import PdfReader


def pdf_text(data: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)


def docx_text(data: bytes) -> str:
    """The paragraphs and the tables' cells, in the order the document has them."""
    text = []
    for block in Document(io.BytesIO(data)).iter_inner_content():
        if isinstance(block, Table):
            text.extend(cell.text for row in block.rows for cell in row.cells)
        else:
            text.append(block.text)
    return "\n".join(text)
