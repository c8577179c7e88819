"""Reading an uploaded paper's text for search, in the background worker."""

from django.db import transaction

from .. import paper_text, search_index
from ..models import Paper


def paper_text_read(*, paper_id: int) -> Paper | None:
    """Read the paper's text into it and the search index, or record why it could not be.
    None if the paper was removed meanwhile."""
    paper = Paper.objects.filter(pk=paper_id).select_related("agenda_item").first()
    if paper is None:
        return None
    try:
        with paper.document.open("rb") as handle:
            data = handle.read(paper_text.MAX_BYTES + 1)
        read = paper_text.read_text(data, paper.content_type)
    except (paper_text.Unreadable, OSError) as problem:
        text, status, note = "", Paper.TextStatus.FAILED, str(problem)
    else:
        text, status, note = read.text, Paper.TextStatus.READ, read.note
    with transaction.atomic():
        updated = Paper.objects.filter(pk=paper_id).update(
            text=text.replace("\x00", ""), text_status=status, text_problem=note[:300]
        )
        if not updated:
            return None
        paper.refresh_from_db()
        search_index.paper_indexed(paper)
    return paper
