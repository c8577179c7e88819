"""The minutes as a PDF, printed from the same context as every other rendering."""

from ..models import Meeting
from .minutes import minutes_context, minutes_title

MINUTES_PDF_TEMPLATE = "boards/pdf/minutes.html"


def minutes_pdf(meeting: Meeting, *, public: bool) -> bytes:
    from core.documents import render_pdf

    return render_pdf(
        MINUTES_PDF_TEMPLATE,
        minutes_context(meeting, public=public),
        title=minutes_title(meeting),
    )
