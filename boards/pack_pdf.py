"""Putting a meeting pack together from separately rendered PDFs with pypdf: merging, the
running footer, the outline (bookmarks), title and language."""

import io
from dataclasses import dataclass, field

from pypdf import PdfReader, PdfWriter
from pypdf.errors import PdfReadError
from pypdf.generic import (
    ArrayObject,
    BooleanObject,
    DecodedStreamObject,
    DictionaryObject,
    NameObject,
    NumberObject,
    TextStringObject,
)


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
    footers = PdfWriter(clone_from=PdfReader(io.BytesIO(footer))).pages
    for page, footer_page in zip(writer.pages, footers, strict=True):
        page.merge_page(_as_artifact(footer_page))
    _merge_structure(writer, [(part, first) for part, first in entries if part.pdf])
    writer.add_metadata({"/Title": title})
    # The first part's XMP metadata (title, language, PDF/UA identification) speaks for the pack.
    metadata = parts[0].open().trailer["/Root"].get("/Metadata") if parts else None
    if metadata is not None:
        writer._root_object[NameObject("/Metadata")] = metadata.clone(writer).indirect_reference
    writer._root_object[NameObject("/Lang")] = TextStringObject(lang)
    preferences = writer.create_viewer_preferences()
    preferences[NameObject("/DisplayDocTitle")] = BooleanObject(True)
    writer.page_mode = "/UseOutlines"
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def _as_artifact(page):
    """The footer is pagination, not content: marked as an artifact, screen readers skip it."""
    stream = DecodedStreamObject()
    stream.set_data(b"/Artifact BMC\n" + page.get_contents().get_data() + b"\nEMC\n")
    page.replace_contents(stream)
    return page


def _structure_of(reader: PdfReader):
    root = reader.trailer["/Root"].get("/StructTreeRoot")
    if root is None:
        return None
    root = root.get_object()
    parent_tree = root.get("/ParentTree")
    if parent_tree is None or "/Nums" not in parent_tree.get_object():
        return None  # a number tree split into kids: rare, and such a part stays untagged
    return root


def _merge_structure(writer: PdfWriter, parts: list[tuple[Part, int]]) -> None:
    """Keep each part's tags: one Document element holding every part's elements in order, and
    one parent tree, each part's keys moved past those of the parts before it. pypdf copies
    pages without their structure, so this is done here."""
    root = DictionaryObject({NameObject("/Type"): NameObject("/StructTreeRoot")})
    root_ref = writer._add_object(root)
    document = DictionaryObject(
        {
            NameObject("/Type"): NameObject("/StructElem"),
            NameObject("/S"): NameObject("/Document"),
            NameObject("/P"): root_ref,
        }
    )
    document_ref = writer._add_object(document)
    kids, nums, role_map, next_key = ArrayObject(), ArrayObject(), DictionaryObject(), 0
    for part, first_page in parts:
        source = _structure_of(part.reader)
        if source is None:
            continue
        offset = next_key
        for number, page in enumerate(part.reader.pages):
            target = writer.pages[first_page + number]
            if "/StructParents" in page:
                key = page["/StructParents"] + offset
                target[NameObject("/StructParents")] = NumberObject(key)
                next_key = max(next_key, key + 1)
            for annotation in target.get("/Annots", []):
                annotation = annotation.get_object()
                if "/StructParent" in annotation:
                    key = annotation["/StructParent"] + offset
                    annotation[NameObject("/StructParent")] = NumberObject(key)
                    next_key = max(next_key, key + 1)
        pairs = source["/ParentTree"].get_object()["/Nums"]
        for key, value in zip(pairs[::2], pairs[1::2], strict=True):
            nums += [NumberObject(key + offset), value.clone(writer)]
            next_key = max(next_key, key + offset + 1)
        top = source["/K"] if isinstance(source["/K"], list) else [source["/K"]]
        for element in top:
            element = element.get_object()
            children = element["/K"] if element.get("/S") == "/Document" else [element]
            for child in children if isinstance(children, list) else [children]:
                cloned = child.clone(writer)
                if isinstance(cloned.get_object(), DictionaryObject):
                    cloned.get_object()[NameObject("/P")] = document_ref
                    kids.append(cloned.indirect_reference or cloned)
        role_map.update(source.get("/RoleMap", DictionaryObject()).clone(writer))
    if not kids:
        return
    document[NameObject("/K")] = kids
    parent_tree = DictionaryObject({NameObject("/Nums"): nums})
    root[NameObject("/K")] = ArrayObject([document_ref])
    root[NameObject("/ParentTree")] = writer._add_object(parent_tree)
    root[NameObject("/ParentTreeNextKey")] = NumberObject(next_key)
    if role_map:
        root[NameObject("/RoleMap")] = role_map
    writer._root_object[NameObject("/StructTreeRoot")] = root_ref
    writer._root_object[NameObject("/MarkInfo")] = DictionaryObject(
        {NameObject("/Marked"): BooleanObject(True)}
    )


def css_string(text: str) -> str:
    """Text safe inside a double-quoted CSS string in a <style> element."""
    escaped = text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", " ")
    return escaped.replace("<", "\\3C ").replace(">", "\\3E ")
