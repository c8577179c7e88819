"""Putting a meeting pack together from separately rendered PDFs with pikepdf (qpdf): merging,
the running footer, the outline (bookmarks), each part's tags, title and language."""

import io
from dataclasses import dataclass, field

import pikepdf
from pikepdf import Array, Dictionary, Name, String


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
    document: pikepdf.Pdf | None = field(default=None, repr=False)

    def open(self) -> pikepdf.Pdf:
        if self.document is None:
            try:
                self.document = pikepdf.open(io.BytesIO(self.pdf))
            except pikepdf.PasswordError as error:
                raise PackError(
                    f"{self.source} is password-protected: upload an open copy."
                ) from error
            except (pikepdf.PdfError, ValueError) as error:
                # What qpdf says names the in-memory file, not the paper: it goes to the log.
                raise PackError(
                    f"{self.source} is not a readable PDF: open it on your computer, save it as "
                    "PDF again and upload that."
                ) from error
            if self.document.is_encrypted:
                raise PackError(f"{self.source} is password-protected: upload an open copy.")
        return self.document

    @property
    def pages(self) -> int:
        return len(self.open().pages) if self.pdf else 0


def page_count(pdf: bytes) -> int:
    with pikepdf.open(io.BytesIO(pdf)) as document:
        return len(document.pages)


def merge(parts: list[Part], *, footer: bytes, title: str, lang: str) -> bytes:
    """One PDF of all parts in order, each page stamped with its footer page, with an outline."""
    pack = pikepdf.new()
    entries = []
    for part in parts:
        entries.append((part, len(pack.pages)))
        if part.pdf:  # a part without pages is an outline entry for the part after it
            pack.pages.extend(part.open().pages)
    with pack.open_outline() as outline:
        items = {}
        for part, first_page in entries:
            item = pikepdf.OutlineItem(part.title, first_page)
            parent = items.get(part.parent)
            (parent.children if parent is not None else outline.root).append(item)
            if part.key:
                items[part.key] = item
    with pikepdf.open(io.BytesIO(footer)) as footers:
        if len(footers.pages) != len(pack.pages):
            raise ValueError("the footer has a page for each page of the pack")
        for page, footer_page in zip(pack.pages, footers.pages, strict=True):
            _stamp(pack, page, footer_page)
        _merge_structure(pack, [(part, first) for part, first in entries if part.pdf])
        # The first part's XMP metadata (title, language, PDF/UA identification) speaks for it.
        metadata = parts[0].open().Root.get("/Metadata") if parts else None
        if metadata is not None:
            pack.Root.Metadata = _copy(pack, metadata)
        pack.trailer.Info = pack.make_indirect(Dictionary(Title=String(title)))
        pack.Root.Lang = String(lang)
        pack.Root.ViewerPreferences = Dictionary(DisplayDocTitle=True)
        pack.Root.PageMode = Name.UseOutlines
        out = io.BytesIO()
        pack.save(out, object_stream_mode=pikepdf.ObjectStreamMode.generate)
    for part in parts:
        if part.document is not None:
            part.document.close()
    return out.getvalue()


def _stamp(pack: pikepdf.Pdf, page: pikepdf.Page, footer_page: pikepdf.Page) -> None:
    """Draw the footer page over the page. The footer is pagination, not content: it is marked as
    an artifact, so screen readers skip it."""
    form = pack.copy_foreign(footer_page.as_form_xobject())
    name = page.add_resource(form, Name.XObject, prefix="Footer")
    # The page's own drawing is wrapped in q/Q, so whatever transformation it leaves behind (such
    # as WeasyPrint's flipped axes) does not turn the footer upside down.
    page.contents_add(pikepdf.Stream(pack, b"q\n"), prepend=True)
    # On a page wider than the footer's (a landscape section or paper) the footer is centred.
    shift = max(0.0, (_width(page) - _width(footer_page)) / 2)
    place = f"1 0 0 1 {shift:.2f} 0 cm ".encode()
    page.contents_add(
        pikepdf.Stream(pack, b"\nQ /Artifact BMC q " + place + bytes(name) + b" Do Q EMC")
    )


def _width(page: pikepdf.Page) -> float:
    left, _bottom, right, _top = (float(value) for value in page.mediabox)
    return right - left


def _copy(pack: pikepdf.Pdf, value):
    """A value of another PDF, for this one: indirect objects copied once (qpdf keeps the
    mapping, so references to copied pages land on the pack's pages), direct ones walked."""
    if isinstance(value, pikepdf.Object) and value.is_indirect:
        return pack.copy_foreign(value)
    if isinstance(value, Array):
        return Array([_copy(pack, item) for item in value])
    if isinstance(value, Dictionary):
        return Dictionary({key: _copy(pack, item) for key, item in value.items()})
    return value


def _structure_of(document: pikepdf.Pdf):
    root = document.Root.get("/StructTreeRoot")
    if root is None:
        return None
    parent_tree = root.get("/ParentTree")
    if parent_tree is None or "/Nums" not in parent_tree:
        return None  # a number tree split into kids: rare, and such a part stays untagged
    return root


def _merge_structure(pack: pikepdf.Pdf, parts: list[tuple[Part, int]]) -> None:
    """Keep each part's tags: one Document element holding every part's elements in order, and
    one parent tree, each part's keys moved past those of the parts before it. Pages are copied
    without their structure, so this is done here; qpdf maps the elements' page references to
    the copied pages."""
    root = pack.make_indirect(Dictionary(Type=Name.StructTreeRoot))
    document = pack.make_indirect(Dictionary(Type=Name.StructElem, S=Name.Document, P=root))
    kids, nums, role_map, next_key = Array(), Array(), Dictionary(), 0
    for part, first_page in parts:
        source = _structure_of(part.document)
        if source is None:
            continue
        offset = next_key
        for number, page in enumerate(part.document.pages):
            target = pack.pages[first_page + number]
            if "/StructParents" in page.obj:
                key = int(page.obj.StructParents) + offset
                target.obj.StructParents = key
                next_key = max(next_key, key + 1)
            for annotation in target.obj.get("/Annots", []):
                if "/StructParent" in annotation:
                    key = int(annotation.StructParent) + offset
                    annotation.StructParent = key
                    next_key = max(next_key, key + 1)
        pairs = list(source.ParentTree.Nums)
        for key, value in zip(pairs[::2], pairs[1::2], strict=True):
            nums.append(int(key) + offset)
            nums.append(_copy(pack, value))
            next_key = max(next_key, int(key) + offset + 1)
        top = source.K if isinstance(source.K, Array) else [source.K]
        for element in top:
            children = element.K if element.get("/S") == Name.Document else [element]
            for child in children if isinstance(children, Array) else [children]:
                copied = _copy(pack, child)
                if isinstance(copied, Dictionary):
                    copied.P = document
                kids.append(copied)
        for role, mapped in source.get("/RoleMap", Dictionary()).items():
            role_map[role] = mapped
    if not len(kids):
        return
    document.K = kids
    root.K = Array([document])
    root.ParentTree = pack.make_indirect(Dictionary(Nums=nums))
    root.ParentTreeNextKey = next_key
    if len(role_map.keys()):
        root.RoleMap = role_map
    pack.Root.StructTreeRoot = root
    pack.Root.MarkInfo = Dictionary(Marked=True)


def css_string(text: str) -> str:
    """Text safe inside a double-quoted CSS string in a <style> element."""
    escaped = text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", " ")
    return escaped.replace("<", "\\3C ").replace(">", "\\3E ")
