"""The actions table of the minutes (reference, action, owners, deadline): under each item or once
at the end, as the board chooses, the same on the web page, the PDF, the Word file and the pack."""

import datetime

import pytest
from django.urls import reverse

from actions.models import Action
from boards.models import AgendaItem, Board, Minutes
from boards.outputs.minutes import minutes_context, minutes_record
from boards.outputs.minutes_docx import minutes_docx
from boards.outputs.minutes_pdf import minutes_pdf
from boards.pack.contents import minutes_fragment
from tests.actions.factories import ActionFactory
from tests.boards.factories import AgendaItemFactory, MeetingFactory, MinutesFactory, PersonFactory
from tests.boards.readers import docx_text, pdf_text

pytestmark = pytest.mark.django_db

TYPED = "Action: AW/GB to produce a paper on placement pressures by 31.03.23"


@pytest.fixture
def meeting(board):
    meeting = MeetingFactory(board=board, date=datetime.date(2023, 1, 26))
    MinutesFactory(meeting=meeting)
    partners = AgendaItemFactory(
        meeting=meeting,
        position=6,
        title="Current perspective from partners",
        minutes_text=f"JM highlighted the pressures.\n{TYPED}",
    )
    improvement = AgendaItemFactory(meeting=meeting, position=9, title="Improvement monitoring")
    private = AgendaItemFactory(
        meeting=meeting, position=10, title="Staffing restructure", confidential=True
    )
    gary = PersonFactory(partnership=board.partnership, name="Gary Bloom", initials="GB")
    amanda = PersonFactory(partnership=board.partnership, name="Amanda Wiley", initials="AW")
    ActionFactory(
        board=board,
        number=105,
        raised_at=meeting,
        raised_at_item=partners,
        description="produce a paper on placement pressures",
        source_line=TYPED,
        owners=[gary, amanda],
        due_date=datetime.date(2023, 3, 31),
    )
    ActionFactory(
        board=board,
        number=106,
        raised_at=meeting,
        raised_at_item=improvement,
        description="Submit a draft SEF to the board",
        owners=[gary],
        owner_note="SROs",
        due_date=datetime.date(2023, 6, 30),
        due_precision=Action.DuePrecision.MONTH,
    )
    ActionFactory(
        board=board,
        number=107,
        raised_at=meeting,
        raised_at_item=private,
        description="Consult the named officer",
        owners=[gary],
    )
    return meeting


def _rows(text: str) -> str:
    return " ".join(text.split())


def test_each_items_actions_are_tabled_under_it_in_the_pdf(meeting):
    text = _rows(pdf_text(minutes_pdf(meeting, public=False)))
    assert "Ref Action Owner(s) Deadline" in text
    assert "105 Produce a paper on placement pressures AW/GB 31 March 2023" in text
    assert "106 Submit a draft SEF to the board GB/SROs June 2023" in text
    # The bold action line stays as typed, beside its table.
    assert TYPED in text
    partners, sef, monitoring = (
        text.index("6. Current perspective"),
        text.index("106 Submit"),
        text.index("9. Improvement monitoring"),
    )
    assert partners < text.index("105 Produce") < monitoring < sef


def test_month_deadlines_print_as_the_month(meeting):
    table = minutes_context(meeting, public=False)["items"][1].actions
    assert [(a.reference, a.owners, a.deadline) for a in table] == [("106", "GB/SROs", "June 2023")]


def test_word_and_the_web_page_hold_the_same_table(secretary, meeting):
    word = docx_text(minutes_docx(meeting, public=False))
    for cell in (
        "Owner(s)",
        "105",
        "Produce a paper on placement pressures",
        "AW/GB",
        "31 March 2023",
    ):
        assert cell in word
    html = secretary.get(reverse("boards:minutes_read", args=[meeting.pk])).content.decode()
    assert '<th scope="col" class="govuk-table__header">Owner(s)</th>' in html
    assert '<td class="govuk-table__cell">AW/GB</td>' in html
    assert '<td class="govuk-table__cell">June 2023</td>' in html


def test_the_pack_prints_the_last_minutes_with_their_table(meeting):
    html = minutes_fragment(meeting, public=False)
    assert "<td>105</td><td>Produce a paper on placement pressures</td><td>AW/GB</td>" in html


def test_a_board_that_tables_actions_at_the_end_gets_one_table_after_the_close(board, meeting):
    board.minutes_actions = Board.MinutesActions.AT_THE_END
    board.save()
    meeting.refresh_from_db()
    text = _rows(pdf_text(minutes_pdf(meeting, public=False)))
    assert text.count("Ref Action Owner(s) Deadline") == 1
    assert text.index("Close") < text.index("Actions agreed") < text.index("105 Produce")
    assert text.index("106 Submit") < text.index("107 Consult")


def test_the_public_minutes_leave_out_actions_raised_in_private(meeting):
    text = _rows(pdf_text(minutes_pdf(meeting, public=True)))
    assert "105 Produce" in text and "Consult the named officer" not in text
    word = docx_text(minutes_docx(meeting, public=True))
    assert "Consult the named officer" not in word


def test_approved_minutes_keep_the_table_as_it_was_approved(board, meeting):
    Minutes.objects.filter(meeting=meeting).update(
        status=Minutes.Status.APPROVED, record=minutes_record(meeting)
    )
    Action.objects.filter(number=105).update(owner_note="Programme Lead")
    Action.objects.get(number=105).owners.clear()
    entry = next(e for e in minutes_context(meeting, public=False)["items"] if e.number == 6)
    assert [(a.reference, a.owners) for a in entry.actions] == [("105", "AW/GB")]


def test_an_item_without_actions_has_no_table(meeting):
    welcome = AgendaItemFactory(
        meeting=meeting, position=1, standing=AgendaItem.Standing.WELCOME, title="Welcome"
    )
    entry = next(e for e in minutes_context(meeting, public=False)["items"] if e.item == welcome)
    assert entry.actions == []
