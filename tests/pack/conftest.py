import datetime

import pytest
from django.core.files.base import ContentFile

from boards.models import AgendaItem
from core import registry
from tests.boards.factories import AgendaItemFactory, MeetingFactory, PersonFactory

from .factories import PaperFactory, pdf_of


@pytest.fixture
def action_log_section(monkeypatch):
    """What the action log contributes to its standing item, as the actions app will."""

    def section(meeting, item, public):
        if item.standing == AgendaItem.Standing.ACTION_LOG:
            return "<h2>Open actions</h2><p>ACTION LOG FRAGMENT</p>"
        return None

    monkeypatch.setattr(registry, "_pack_sections", [section])
    return section


@pytest.fixture
def meeting(board, action_log_section):
    """A meeting of SSPB with standing items, a PDF paper, a Word paper and a confidential item."""
    MeetingFactory(board=board, date=datetime.date(2022, 11, 24))
    meeting = MeetingFactory(board=board, date=datetime.date(2023, 1, 26), venue="Civic Centre")
    presenter = PersonFactory(partnership=board.partnership, name="Amanda Wiley", initials="AW")
    items = [
        ("Welcome, introductions and apologies", "welcome", False),
        ("Minutes of the last meeting", "minutes", False),
        ("Action log", "action_log", False),
        ("Inclusion strategy", "", False),
        ("Exclusions: individual cases", "", True),
        ("Any other business", "aob", False),
    ]
    for position, (title, standing, confidential) in enumerate(items, start=1):
        AgendaItemFactory(
            meeting=meeting,
            position=position,
            title=title,
            standing=standing,
            confidential=confidential,
            presenter=presenter if position == 4 else None,
            planned_start=datetime.time(10, position * 5),
        )
    inclusion = meeting.agenda_items.get(position=4)
    PaperFactory(
        agenda_item=inclusion,
        label="4a",
        title="Inclusion strategy draft",
        document=ContentFile(pdf_of("INCLUSION PAPER TEXT", 3), name="inclusion.pdf"),
    )
    PaperFactory(
        agenda_item=inclusion,
        label="4b",
        title="Consultation responses",
        original_name="responses.docx",
        content_type="application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        document=ContentFile(b"not a pdf", name="responses.docx"),
    )
    PaperFactory(
        agenda_item=meeting.agenda_items.get(position=5),
        label="5a",
        title="Case review",
        document=ContentFile(pdf_of("SECRET CASE TEXT"), name="cases.pdf"),
    )
    return meeting
