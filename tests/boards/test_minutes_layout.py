"""The minutes laid out as these boards publish them: attendance at the top or the end, the close
time, the next meeting as its own record has it, and the chair's signature line once approved."""

import datetime
import re
import subprocess

import pytest
from django.urls import reverse

from boards.models import AgendaItem, Attendance, Board, Meeting, Minutes
from boards.outputs.minutes import minutes_context, minutes_record
from boards.outputs.minutes_docx import minutes_docx
from boards.outputs.minutes_pdf import minutes_pdf
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
    meeting = MeetingFactory(
        board=board, date=datetime.date(2023, 1, 26), ends_at=datetime.time(12, 15)
    )
    MinutesFactory(meeting=meeting)
    AgendaItemFactory(
        meeting=meeting,
        position=1,
        standing=AgendaItem.Standing.WELCOME,
        title="Welcome, introductions and apologies",
        minutes_text="MM opened the meeting.",
    )
    AgendaItemFactory(meeting=meeting, position=2, title="SEND Strategy", minutes_text="Noted.")
    for name, initials, status in [
        ("Michael Marks", "MM", Attendance.Status.PRESENT),
        ("Krishna Ramkhelawon", "KR", Attendance.Status.APOLOGIES),
    ]:
        AttendanceFactory(
            meeting=meeting,
            person=PersonFactory(partnership=board.partnership, name=name, initials=initials),
            status=status,
            role=Attendance.Role.MEMBER,
        )
    return meeting


def _text(data: bytes) -> str:
    return " ".join(pdf_text(data).split())


def _all_outputs(client, meeting) -> dict[str, str]:
    web = client.get(reverse("boards:minutes_read", args=[meeting.pk])).content.decode()
    return {
        "pdf": _text(minutes_pdf(meeting, public=False)),
        "word": docx_text(minutes_docx(meeting, public=False)),
        "web": web,
    }


def test_attendance_prints_at_the_end_by_default_and_the_apologies_point_below(secretary, meeting):
    for name, text in _all_outputs(secretary, meeting).items():
        assert text.index("SEND Strategy") < text.index("Krishna Ramkhelawon"), name
        assert "those listed under Apologies in the attendance below." in text, name


def test_a_board_that_prints_attendance_first_has_it_above_the_items(secretary, board, meeting):
    board.minutes_attendance = Board.MinutesAttendance.AT_THE_TOP
    board.save()
    for name, text in _all_outputs(secretary, meeting).items():
        assert text.index("Krishna Ramkhelawon") < text.index("Welcome, introductions"), name
        assert "those listed under Apologies in the attendance above." in text, name
        assert "attendance below" not in text, name


def test_apologies_the_secretary_wrote_are_not_pointed_at_again(meeting):
    AgendaItem.objects.filter(position=1).update(minutes_text="Apologies were noted from KR.")
    welcome = minutes_context(meeting, public=False)["items"][0]
    assert welcome.note == ""


def test_the_close_time_and_the_next_meeting_from_its_own_record(secretary, board, meeting):
    MeetingFactory(
        board=board,
        date=datetime.date(2023, 3, 9),
        status=Meeting.Status.CANCELLED,
        venue="Nowhere",
    )
    MeetingFactory(
        board=board,
        date=datetime.date(2023, 3, 23),
        starts_at=datetime.time(14, 30),
        ends_at=datetime.time(16, 0),
        venue="Civic Centre, Southend",
    )
    for name, text in _all_outputs(secretary, meeting).items():
        assert "The meeting closed at 12:15pm." in text, name
        assert "Next meeting: Thursday 23 March 2023, 2:30pm, Civic Centre, Southend" in text, name


def _laid_out(data: bytes, tmp_path) -> str:
    """The PDF's text as Poppler lays it out, so words that touch on the page run together."""
    path = tmp_path / "minutes.pdf"
    path.write_bytes(data)
    return subprocess.run(
        ["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True
    ).stdout


def test_the_pdf_prints_each_time_apart_from_the_words_after_it(meeting, tmp_path):
    AgendaItem.objects.filter(position=2).update(actual_start=datetime.time(10, 30))
    text = _laid_out(minutes_pdf(meeting, public=False), tmp_path)
    assert re.search(r"^ *10:30am +2\. SEND Strategy$", text, re.M), text
    assert re.search(r"^ *12:15pm +Close$", text, re.M), text
    assert "The meeting closed at 12:15pm." in text


def test_only_approved_minutes_carry_the_chairs_signature_line(secretary, meeting):
    for name, text in _all_outputs(secretary, meeting).items():
        assert "Signed (Chair)" not in text, name
    Minutes.objects.filter(meeting=meeting).update(
        status=Minutes.Status.APPROVED, record=minutes_record(meeting)
    )
    for name, text in _all_outputs(secretary, meeting).items():
        assert "Signed (Chair) ……" in text and "Date ……" in text, name
        assert text.rindex("Signed (Chair)") > text.rindex("Krishna Ramkhelawon"), name


def test_the_secretary_chooses_the_layout_on_the_board_form(staff, board):
    response = staff.post(
        reverse("boards:board_edit", args=[board.partnership.slug, board.slug]),
        {
            "name": board.name,
            "short_name": board.short_name,
            "slug": board.slug,
            "quorum": 3,
            "meeting_frequency": "monthly",
            "action_references": "running",
            "minutes_actions": "at_the_end",
            "minutes_attendance": "at_the_top",
            "agenda_pack_clear_days": 5,
            "version": board.version,
        },
    )
    assert response.status_code == 302
    board.refresh_from_db()
    assert board.minutes_actions == Board.MinutesActions.AT_THE_END
    assert board.minutes_attendance == Board.MinutesAttendance.AT_THE_TOP
