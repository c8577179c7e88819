"""How the pack reads when handed round: no page holding only a heading or a "not available"
line, no row alone on a page, a cover that says whose meeting it is, minutes as their own PDF."""

import datetime
import io
import re

import pytest
from pypdf import PdfReader

from actions.contributions import pack_section as action_log_section
from boards.models import AgendaItem, Minutes, Role
from boards.outputs.minutes_pdf import minutes_pdf
from boards.pack.build import render_pack
from boards.pack.contents import pack_contents
from core import registry
from risks.documents import pack_section as risk_log_section
from tests.boards.factories import AgendaItemFactory, MembershipFactory, PersonFactory
from tests.risks.factories import RiskFactory


def rendered(meeting, *, public=False, published_on=None) -> PdfReader:
    contents = pack_contents(meeting, public=public, published_on=published_on)
    return PdfReader(io.BytesIO(render_pack(contents).pdf))


def page_texts(reader) -> list[str]:
    """Each page's words, without its running footer."""
    pages = [" ".join(page.extract_text().split()) for page in reader.pages]
    return [re.sub(r"SSPB – .*? – page \d+ of \d+", "", text).strip() for text in pages]


@pytest.fixture
def with_real_sections(meeting, monkeypatch):
    """The action log and risk register as their apps contribute them, and a risk log item."""
    monkeypatch.setattr(registry, "_pack_sections", [action_log_section, risk_log_section])
    AgendaItemFactory(meeting=meeting, position=7, title="Risk log", standing="risk_log")
    RiskFactory(board=meeting.board, title="High needs funding block overspend")
    return meeting


def with_last_minutes(meeting):
    previous = meeting.previous_meeting
    Minutes.objects.create(meeting=previous, status=Minutes.Status.APPROVED)
    for position in range(1, 9):
        AgendaItem.objects.create(
            meeting=previous,
            position=position,
            title=f"Item {position} of the last meeting",
            minutes_text="MM opened the item and the board discussed it at length. " * 12,
        )


def assert_no_lonely_page(reader):
    for number, text in enumerate(page_texts(reader)[1:], start=2):  # the cover stands alone
        assert "not available" not in text.lower(), (number, text)
        if re.fullmatch(r"[A-Z ]+ TEXT \(page \d+\)", text):
            continue  # an uploaded paper's page, as it was uploaded
        # A page of a heading alone ("Item 7 · Caroline McCarron Risk log"): a few words.
        assert len(text.split()) > 12, (number, text)


@pytest.mark.parametrize("last_minutes", [False, True], ids=["without", "with"])
def test_no_page_holds_only_a_heading_or_a_missing_note(with_real_sections, last_minutes):
    meeting = with_real_sections
    if last_minutes:
        with_last_minutes(meeting)
    reader = rendered(meeting)
    assert_no_lonely_page(reader)
    agenda = page_texts(reader)[1]
    if last_minutes:
        assert "MM opened the item" in " ".join(page_texts(reader))
        assert "not yet available" not in agenda
    else:
        assert "Minutes of the last meeting: not yet available" in agenda


def test_the_first_meeting_says_on_the_agenda_there_are_no_earlier_minutes(board, monkeypatch):
    from tests.boards.factories import MeetingFactory

    monkeypatch.setattr(registry, "_pack_sections", [])
    first = MeetingFactory(board=board)
    AgendaItemFactory(
        meeting=first, position=1, title="Minutes of the last meeting", standing="minutes"
    )
    pages = page_texts(rendered(first))
    assert len(pages) == 2  # the cover and the agenda: no page for minutes there cannot be
    assert "Minutes of the last meeting: none, as this is the board's first meeting" in pages[1]


def test_the_risk_register_starts_under_its_items_heading(with_real_sections):
    pages = page_texts(rendered(with_real_sections))
    [start] = [text for text in pages if "Risk register – SSPB" in text]
    assert "Risk log" in start and "Risks by band" in start


def test_a_long_table_leaves_no_row_alone_on_a_page(meeting, monkeypatch):
    rows = "".join(
        f'<tr><td style="height: 25mm">ROW{n}</td></tr>' for n in range(1, 9)
    )  # seven fit under the item's heading: the eighth would stand alone

    def section(meeting, item, public):
        if item.standing == AgendaItem.Standing.ACTION_LOG:
            return f"<h2>Open actions</h2><table><tbody>{rows}</tbody></table>"
        return None

    monkeypatch.setattr(registry, "_pack_sections", [section])
    pages = page_texts(rendered(meeting))
    with_rows = [re.findall(r"ROW\d", text) for text in pages if "ROW" in text]
    assert len(with_rows) == 2 and all(len(found) >= 2 for found in with_rows), with_rows


def test_the_cover_names_partnership_board_time_place_chair_and_contact(meeting):
    chair = PersonFactory(partnership=meeting.board.partnership, name="Michael Marks")
    officer = PersonFactory(
        partnership=meeting.board.partnership,
        name="Carron Jacobs",
        email="carron.jacobs@southend.gov.uk",
    )
    MembershipFactory(board=meeting.board, person=chair, role=Role.CHAIR)
    MembershipFactory(board=meeting.board, person=officer, role=Role.SECRETARY)
    MembershipFactory(  # chaired until before the meeting: not named
        board=meeting.board,
        role=Role.CHAIR,
        person=PersonFactory(partnership=meeting.board.partnership, name="Former Chair"),
        ends_on=datetime.date(2022, 12, 31),
    )
    meeting.starts_at, meeting.ends_at = datetime.time(10), datetime.time(12)
    meeting.save()
    cover = page_texts(rendered(meeting))[0]
    for words in (
        "Southend SEND Area Partnership",
        "SEND Strategic Partnership Board",
        "Date Thursday 26 January 2023",
        "Time 10am to midday",
        "Venue Civic Centre",
        "Chair Michael Marks",
        "Contact officer Carron Jacobs, carron.jacobs@southend.gov.uk",
        f"Issued {datetime.date.today():%-d %B %Y}",
    ):
        assert words in cover, (words, cover)
    assert "Former Chair" not in cover

    public = page_texts(rendered(meeting, public=True, published_on=datetime.date(2023, 1, 18)))
    assert "Published 18 January 2023" in public[0]
    assert "Not yet published" in page_texts(rendered(meeting, public=True))[0]


def fonts(page) -> set[str]:
    found = page["/Resources"].get("/Font", {})
    names = set()
    for font in found.values():
        name = str(font.get_object()["/BaseFont"])
        names.add(name.split("+")[-1])  # subset prefix "ABCDEF+" differs per document
    for xobject in page["/Resources"].get("/XObject", {}).values():
        xobject = xobject.get_object()
        if "/Resources" in xobject:
            names |= fonts(xobject)
    return names


def test_the_last_minutes_are_set_as_in_the_minutes_own_pdf(meeting):
    with_last_minutes(meeting)
    own_pdf = PdfReader(io.BytesIO(minutes_pdf(meeting.previous_meeting, public=False)))
    reader = rendered(meeting)
    [page] = [
        page
        for page, text in zip(reader.pages, page_texts(reader), strict=True)
        if "SEND STRATEGIC PARTNERSHIP BOARD" in text
    ]
    assert fonts(own_pdf.pages[0]) - {"DejaVuSans", "DejaVuSans-Bold"} <= fonts(page)
