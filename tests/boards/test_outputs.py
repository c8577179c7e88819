import datetime
import io

import pytest
from docx import Document

from boards.minutes_text import clean_minutes, minutes_html
from boards.models import Attendance, Minutes
from boards.outputs.minutes import minutes_context
from boards.outputs.minutes_docx import minutes_docx
from boards.outputs.minutes_pdf import minutes_pdf
from core import registry
from tests.boards.factories import (
    AgendaItemFactory,
    AttendanceFactory,
    MeetingFactory,
    MinutesFactory,
    PersonFactory,
)
from tests.boards.readers import docx_text, pdf_text

pytestmark = pytest.mark.django_db


@pytest.fixture
def meeting(board):
    meeting = MeetingFactory(board=board)
    AgendaItemFactory(
        meeting=meeting,
        position=1,
        title="Welcome, introductions and apologies",
        planned_start=datetime.time(10, 0),
        minutes_text="MM opened the meeting.",
    )
    AgendaItemFactory(
        meeting=meeting,
        position=2,
        title="Staffing restructure",
        confidential=True,
        minutes_text="Redundancy of the named officer was discussed.",
    )
    AgendaItemFactory(
        meeting=meeting,
        position=3,
        title="Current perspective from partners",
        actual_start=datetime.time(10, 30),
        minutes_text="JM highlighted pressures.\n- 52 requests\n- 40 requests\n"
        "Action: GB to work with AW and JM to produce a paper",
    )
    people = [
        ("Michael Marks", "MM", Attendance.Status.PRESENT, Attendance.Role.CHAIR),
        ("Gary Bloom", "GB", Attendance.Status.PRESENT, Attendance.Role.MEMBER),
        ("Sarah Greaves", "SG", Attendance.Status.PRESENT, Attendance.Role.GUEST),
        ("Krishna Ramkhelawon", "KR", Attendance.Status.APOLOGIES, Attendance.Role.MEMBER),
        ("Carron Jacobs", "CJ", Attendance.Status.PRESENT, Attendance.Role.MINUTE_TAKER),
    ]
    for name, initials, status, role in people:
        AttendanceFactory(
            meeting=meeting,
            person=PersonFactory(partnership=board.partnership, name=name, initials=initials),
            status=status,
            role=role,
        )
    MinutesFactory(meeting=meeting, status=Minutes.Status.APPROVED)
    return meeting


def test_attendance_is_grouped_as_in_the_seed_minutes(meeting):
    groups = minutes_context(meeting, public=False)["attendance_groups"]
    assert [(g.label, [r.person.initials for r in g.rows]) for g in groups] == [
        ("Chair", ["MM"]),
        ("Members", ["GB"]),
        ("Guest", ["SG"]),
        ("Apologies", ["KR"]),
        ("Administration", ["CJ"]),
    ]


def test_minutes_pdf_holds_heading_items_times_and_attendance(meeting):
    text = pdf_text(minutes_pdf(meeting, public=False))
    assert "SEND STRATEGIC PARTNERSHIP BOARD" in text
    assert "Thursday 26th January 2023 10am - midday Via MS Teams" in text
    assert "Final minutes" in text
    assert "10am" in text and "1. Welcome, introductions and apologies" in text
    assert "10:30am" in text and "Action: GB to work with AW and JM" in text
    assert "Redundancy of the named officer" in text  # the board's own copy
    assert "Krishna Ramkhelawon" in text and "Administration" in text
    assert "Page 1 of" in text


def test_public_pdf_and_word_leave_confidential_text_out(meeting):
    for text in (
        pdf_text(minutes_pdf(meeting, public=True)),
        docx_text(minutes_docx(meeting, public=True)),
    ):
        assert "Redundancy" not in text
        assert "Staffing restructure" in text and "exempt from publication" in text
        assert "MM opened the meeting." in text


def test_word_minutes_hold_items_bullets_and_the_attendance_table(meeting):
    data = minutes_docx(meeting, public=False)
    document = Document(io.BytesIO(data))
    assert document.core_properties.title.startswith("SEND Strategic Partnership Board")
    text = docx_text(data)
    assert "10:30am  3. Current perspective from partners" in text
    bullets = [p.text for p in document.paragraphs if p.style.name == "List Bullet"]
    assert bullets == ["52 requests", "40 requests"]
    assert "Initials" in text and "Carron Jacobs" in text and "Apologies" in text


def test_draft_minutes_say_draft(meeting):
    Minutes.objects.filter(meeting=meeting).update(status=Minutes.Status.DRAFT)
    assert "Draft" in pdf_text(minutes_pdf(meeting, public=False))


def test_lines_from_other_apps_appear_under_their_item(meeting, monkeypatch):
    item = meeting.agenda_items.get(position=3)
    monkeypatch.setattr(
        registry, "_minutes_lines", [lambda m, public: {item.pk: ["105 – Keep open."]}]
    )
    context = minutes_context(meeting, public=False)
    assert context["items"][2].lines == ["105 – Keep open."]
    assert "105 – Keep open." in docx_text(minutes_docx(meeting, public=False))


def test_minutes_markup_allows_paragraphs_lists_bold_and_links_only():
    stored = clean_minutes(
        "Intro <script>x()</script>\n- **one**\n- see https://example.org/a.\n"
        '<a href="javascript:alert(1)">bad</a> <iframe src="x"></iframe>'
    )
    html = minutes_html(stored)
    assert "<script" not in html and "javascript:" not in html and "<iframe" not in html
    assert "<ul><li><strong>one</strong></li>" in html
    assert '<a href="https://example.org/a" rel="noopener noreferrer">' in html


def test_approved_minutes_keep_who_attended_as_they_were_then(board):
    from boards.models import Declaration, Organisation
    from boards.services import minutes as minutes_services

    meeting = MeetingFactory(board=board, date=datetime.date(2023, 1, 26))
    council = Organisation.objects.create(partnership=board.partnership, name="Southend Council")
    person = PersonFactory(
        partnership=board.partnership,
        name="Gemma Brown",
        initials="GB",
        job_title="Head of SEND",
        organisation=council,
    )
    AttendanceFactory(meeting=meeting, person=person, status=Attendance.Status.PRESENT)
    Declaration.objects.create(meeting=meeting, person=person, interest="Governor at a school")
    MinutesFactory(meeting=meeting, status=Minutes.Status.CIRCULATED)
    later = MeetingFactory(board=board, date=datetime.date(2023, 3, 30))
    minutes_services.minutes_approve(meeting=meeting, at_meeting=later)

    person.name, person.job_title = "Gemma Brown-Smith", "Director of Education"
    person.organisation = Organisation.objects.create(
        partnership=board.partnership, name="Essex County Council"
    )
    person.save()

    context = minutes_context(meeting, public=True)
    (row,) = [row for group in context["attendance_groups"] for row in group.rows]
    assert (row.person.name, row.person.job_title, str(row.person.organisation)) == (
        "Gemma Brown",
        "Head of SEND",
        "Southend Council",
    )
    assert [d.person.name for d in context["declarations"]] == ["Gemma Brown"]
    text = pdf_text(minutes_pdf(meeting, public=True))
    assert "Head of SEND" in text and "Director of Education" not in text
    text = docx_text(minutes_docx(meeting, public=False))
    assert "Southend Council" in text and "Essex County Council" not in text


def test_the_attendance_table_never_leaves_its_caption_alone_at_the_foot_of_a_page(board):
    from pypdf import PdfReader

    meeting = MeetingFactory(board=board, date=datetime.date(2023, 1, 26))
    for n in range(12):
        person = PersonFactory(partnership=board.partnership, name=f"Person {n}", initials=f"P{n}")
        AttendanceFactory(meeting=meeting, person=person, status=Attendance.Status.PRESENT)
    MinutesFactory(meeting=meeting, status=Minutes.Status.APPROVED)
    item = AgendaItemFactory(meeting=meeting, position=1, title="Long")
    # Longer and longer minutes move the table down the page, across the foot of one.
    for paragraphs in range(26, 62, 4):
        item.minutes_text = "\n\n".join(f"Paragraph {p} " + "word " * 30 for p in range(paragraphs))
        item.save()
        pdf = PdfReader(io.BytesIO(minutes_pdf(meeting, public=True)))
        for page in pdf.pages:
            text = page.extract_text()
            if "Attendance" in text:
                assert "Person 0" in text, f"caption alone with {paragraphs} paragraphs"


def test_the_members_copy_marks_confidential_items_and_gives_joining_and_leaving_times(
    meeting, member
):
    from django.urls import reverse

    row = Attendance.objects.get(meeting=meeting, person__initials="GB")
    row.joined_at, row.left_at = datetime.time(10, 15), datetime.time(11, 40)
    row.save()
    marking = "2. Staffing restructure (Confidential: not for publication)"
    for text in (
        pdf_text(minutes_pdf(meeting, public=False)),
        docx_text(minutes_docx(meeting, public=False)),
    ):
        assert marking in " ".join(text.split())
        assert "Gary Bloom, joined 10:15am, left 11:40am" in text
    assert "Confidential: not for publication" not in pdf_text(minutes_pdf(meeting, public=True))
    page = member.get(reverse("boards:minutes_read", args=[meeting.pk])).content.decode()
    assert "Confidential: not for publication</strong>" in page
    assert "Gary Bloom, joined 10:15am, left 11:40am" in page
