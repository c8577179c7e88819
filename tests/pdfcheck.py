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


def _elements(node):
    """Structure elements under `node` (itself included), depth first."""
    node = node.get_object()
    if not hasattr(node, "get"):
        return
    if node.get("/S"):
        yield node
    kids = node.get("/K")
    for kid in kids if isinstance(kids, list) else [kids] if kids is not None else []:
        if hasattr(kid, "get_object"):
            yield from _elements(kid)


def tables_without_headers(data: bytes) -> int:
    """How many tagged tables have no header cell (TH) at all."""
    root = PdfReader(io.BytesIO(data)).trailer["/Root"]
    if "/StructTreeRoot" not in root:
        return 0
    tables = [e for e in _elements(root["/StructTreeRoot"]) if e["/S"] == "/Table"]
    return sum(1 for table in tables if not any(e["/S"] == "/TH" for e in _elements(table)))


def figures_without_alt(data: bytes) -> int:
    """How many tagged figures (images, SVG) have no alternative text."""
    root = PdfReader(io.BytesIO(data)).trailer["/Root"]
    if "/StructTreeRoot" not in root:
        return 0
    figures = [e for e in _elements(root["/StructTreeRoot"]) if e["/S"] == "/Figure"]
    return sum(1 for figure in figures if not str(figure.get("/Alt") or "").strip())


def assert_accessible_pdf(data: bytes, *, title: str, lang: str = "en-GB", tables: bool = True):
    """Title, language, marked content, a structure tree with headings (bookmarked), table
    headers in every table and alternative text on every figure."""
    reader = PdfReader(io.BytesIO(data))
    root = reader.trailer["/Root"]
    assert reader.metadata.title == title
    assert str(root.get("/Lang")) == lang
    assert root["/MarkInfo"]["/Marked"]
    tags = structure_tags(data)
    assert any(tag in tags for tag in ("/H1", "/H2")), tags[:20]
    if tables:
        assert "/Table" in tags and "/TH" in tags, "tables must be tagged with header cells"
    assert not tables_without_headers(data), "every table must have header cells"
    assert not figures_without_alt(data), "every figure must have alternative text"
    assert reader.outline, "headings must give the PDF bookmarks"
    assert pdf_text(data).strip(), "the PDF must hold real text"
