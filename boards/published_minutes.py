"""The published minutes as PDF and Word, made once and kept until what they show changes.

Anyone may download published minutes, so each file is made once and stored through Django's
storage API (on whatever storage the site uses, shared by every app server), named by a
fingerprint of what it shows: the HTML its PDF is made from, which holds everything the Word file
shows too. An amendment, a renamed board or item, the next meeting being arranged: any change
to what the minutes show gives a new fingerprint, so a fresh file is made and the one it replaces
is removed.
"""

import hashlib
import logging

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.template.loader import render_to_string

from .models import Meeting
from .outputs.minutes import minutes_context, minutes_title
from .outputs.minutes_docx import minutes_docx
from .outputs.minutes_pdf import MINUTES_PDF_TEMPLATE, minutes_pdf

logger = logging.getLogger(__name__)

# Bump when the PDF's stylesheet or the Word layout changes, so files made before are not reused.
LAYOUT_VERSION = "3"


def folder(meeting: Meeting) -> str:
    return f"published/minutes/{meeting.pk}/"


def fingerprint(meeting: Meeting) -> str:
    """A hash of what the public minutes show, as the PDF's HTML has it."""
    context = minutes_context(meeting, public=True)
    html = render_to_string(
        MINUTES_PDF_TEMPLATE,
        {**context, "document_title": minutes_title(meeting)},
    )
    return hashlib.sha256(f"{LAYOUT_VERSION}\x1e{html}".encode()).hexdigest()


def published_minutes_file(meeting: Meeting, extension: str) -> bytes:
    """The public minutes as a PDF or Word file ("pdf" or "docx"): the stored one while what
    they show is unchanged, otherwise made now, stored, and the file it replaces removed."""
    name = f"{folder(meeting)}{fingerprint(meeting)}.{extension}"
    if default_storage.exists(name):
        with default_storage.open(name, "rb") as handle:
            return handle.read()
    make = minutes_pdf if extension == "pdf" else minutes_docx
    data = make(meeting, public=True)
    stored = default_storage.save(name, ContentFile(data))
    if stored != name:  # another request stored the same file meanwhile
        default_storage.delete(stored)
    _remove_replaced(meeting, keep=name)
    return data


def _remove_replaced(meeting: Meeting, *, keep: str) -> None:
    extension = keep.rsplit(".", 1)[1]
    _directories, files = default_storage.listdir(folder(meeting))
    for file in files:
        path = f"{folder(meeting)}{file}"
        if path != keep and file.endswith(f".{extension}"):
            default_storage.delete(path)
            logger.info("Removed %s: the published minutes it showed have changed", path)
