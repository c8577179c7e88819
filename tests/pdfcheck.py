"""Reading back the PDFs the app prints: text, and the accessibility structure (PDF/UA)."""

import io

from pypdf import PdfReader


def pdf_text(data: bytes) -> str:
    return "\n".join(page.extract_text() or "" for page in PdfReader(io.BytesIO(data)).pages)


def structure_tags(data: bytes) -> list[str]:
    """The structure element types of a tagged PDF, in document order ("/H1", "/TH", ...)."""
    root = PdfReader(io.BytesIO(data)).trailer["/Root"]
    if "/StructTreeRoot" not in root:
        return []
    found = []

    def walk(node):
        node = node.get_object()
        if not hasattr(node, "get"):
            return
        if node.get("/S"):
            found.append(str(node["/S"]))
        kids = node.get("/K")
        if kids is None:
            return
        for kid in kids if isinstance(kids, list) else [kids]:
            if hasattr(kid, "get_object"):
                walk(kid)

    walk(root["/StructTreeRoot"])
    return found


def assert_accessible_pdf(data: bytes, *, title: str, lang: str = "en-GB", tables: bool = True):
    """Title, language, marked content and a structure tree with headings (and table headers)."""
    reader = PdfReader(io.BytesIO(data))
    root = reader.trailer["/Root"]
    assert reader.metadata.title == title
    assert str(root.get("/Lang")) == lang
    assert root["/MarkInfo"]["/Marked"]
    tags = structure_tags(data)
    assert any(tag in tags for tag in ("/H1", "/H2")), tags[:20]
    if tables:
        assert "/Table" in tags and "/TH" in tags, "tables must be tagged with header cells"
    assert pdf_text(data).strip(), "the PDF must hold real text"
