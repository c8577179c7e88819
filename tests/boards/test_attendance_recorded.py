"""Attendance as recorded, never assumed: everyone starts not recorded, the quorum counts only
what was recorded, and the part each person had in the meeting is printed under its heading."""

import datetime
import importlib

import pytest
from django.urls import reverse

from boards.models import Attendance, Minutes
from boards.outputs.minutes import attendance_group, minutes_context
from boards.outputs.minutes_docx import minutes_docx
from boards.outputs.minutes_pdf import minutes_pdf
from boards.services import attendance as attendance_services
from boards.services import minutes as services
from tests.boards.factories import (
    AgendaItemFactory,
    AttendanceFactory,
    MeetingFactory,
    MembershipFactory,
    MinutesFactory,
    PersonFactory,
)
from tests.boards.readers import docx_text, pdf_text

pytestmark = pytest.mark.django_db

Role, Status = Attendance.Role, Attendance.Status


def rows_data(meeting, others=None, **statuses) -> dict:
    """The attendance form as it stands, with the given people's statuses changed (and
    everyone else's too, to `others`, if given)."""
    data = {}
    for row in meeting.attendance.select_related("person"):
        prefix = f"a{row.pk}"
        data[f"{prefix}-status"] = statuses.get(row.person.initials, others or row.status)
        data[f"{prefix}-role"] = row.role
        data[f"{prefix}-deputy_for"] = row.deputy_for_id or ""
        data[f"{prefix}-version"] = row.version
    return data


@pytest.fixture
def started(secretary, board):
    board.quorum = 2
    board.save()
    meeting = MeetingFactory(board=board)
    for initials in ("MM", "GB", "JM"):
        MembershipFactory(board=board, person__initials=initials)
    MembershipFactory(board=board, person__initials="DfE", role="adviser")
    secretary.post(reverse("boards:minutes_start", args=[meeting.pk]))
    return meeting


def quorum_line(client, meeting) -> str:
    html = client.get(reverse("boards:minutes_screen", args=[meeting.pk])).text
    start = html.index('class="govuk-body app-quorum"')
    return " ".join(html[start : html.index("</p>", start)].split())


def test_every_member_starts_not_recorded_in_the_part_their_seat_gives(started):
    rows = {row.person.initials: row for row in started.attendance.select_related("person")}
    assert {row.status for row in rows.values()} == {Status.NOT_RECORDED}
    assert rows["DfE"].role == Role.ADVISER and rows["MM"].role == Role.MEMBER


def test_the_quorum_waits_for_attendance_to_be_recorded(secretary, started):
    url = reverse("boards:attendance", args=[started.pk])
    line = quorum_line(secretary, started)
    assert "Attendance not yet recorded" in line and "Quorate" not in line
    assert "2 members or deputies needed" in line

    secretary.post(url, rows_data(started, MM="present", DfE="present"))  # advisers don't count
    line = quorum_line(secretary, started)
    assert "Not yet quorate" in line
    assert "1 member or deputy recorded present so far, 2 needed; 3 not yet recorded." in line

    secretary.post(url, rows_data(started, GB="present"))
    line = quorum_line(secretary, started)
    assert "Quorate" in line and "Quorum met: 2 members or deputies present, 2 needed." in line
    assert "2 not yet recorded." in line


def test_a_meeting_recorded_short_of_its_quorum_is_not_quorate(secretary, started):
    url = reverse("boards:attendance", args=[started.pk])
    secretary.post(url, rows_data(started, others="absent", MM="present", DfE="present"))
    line = quorum_line(secretary, started)
    assert "Not quorate" in line and "not yet recorded" not in line
    assert "Quorum not met: 1 member or deputy present, 2 needed." in line


def test_apologies_sent_before_the_meeting_do_not_make_it_recorded(board):
    meeting = MeetingFactory(board=board)
    AttendanceFactory(meeting=meeting, status=Status.APOLOGIES)
    AttendanceFactory(meeting=meeting)
    quorum = attendance_services.quorum(meeting, list(meeting.attendance.all()))
    assert not quorum.recorded and not quorum.met


def test_a_member_cannot_change_the_attendance(member, outsider, started):
    url = reverse("boards:attendance", args=[started.pk])
    data = rows_data(started, MM="absent")
    assert member.post(url, data).status_code == 403
    assert member.get(url).status_code == 403
    assert outsider.get(url).status_code == 404
    assert outsider.post(url, data).status_code == 404
    add = reverse("boards:attendance_add", args=[started.pk])
    person = PersonFactory(partnership=started.board.partnership)
    assert (
        member.post(add, {"person": person.pk, "role": "guest", "status": "present"}).status_code
        == 403
    )
    assert not started.attendance.exclude(status=Status.NOT_RECORDED).exists()


def test_the_secretary_records_the_part_someone_had(secretary, started):
    url = reverse("boards:attendance", args=[started.pk])
    data = rows_data(started, MM="present")
    mm = started.attendance.get(person__initials="MM")
    data[f"a{mm.pk}-role"] = Role.CHAIR
    assert secretary.post(url, data).status_code == 302
    mm.refresh_from_db()
    assert (mm.status, mm.role) == (Status.PRESENT, Role.CHAIR)


@pytest.fixture
def recorded(board):
    """A meeting with one person in each part, and one still not recorded."""
    meeting = MeetingFactory(board=board, date=datetime.date(2023, 1, 26))
    AgendaItemFactory(meeting=meeting, position=1, title="Welcome", minutes_text="Welcome.")
    people = {}
    for name, initials, status, role in [
        ("Michael Marks", "MM", Status.PRESENT, Role.CHAIR),
        ("Gary Bloom", "GB", Status.PRESENT, Role.MEMBER),
        ("Helen Farmer", "HF", Status.APOLOGIES, Role.MEMBER),
        ("Brin Martin", "BM", Status.PRESENT, Role.DEPUTY),
        ("Dana Ofsted", "DO", Status.PRESENT, Role.ADVISER),
        ("Sarah Greaves", "SG", Status.PRESENT, Role.GUEST),
        ("Ian Officer", "IO", Status.PRESENT, Role.IN_ATTENDANCE),
        ("Carron Jacobs", "CJ", Status.PRESENT, Role.MINUTE_TAKER),
        ("Nora Unknown", "NU", Status.NOT_RECORDED, Role.MEMBER),
        ("Absent Member", "AM", Status.ABSENT, Role.MEMBER),
    ]:
        person = PersonFactory(
            partnership=board.partnership, name=name, initials=initials, job_title="Officer"
        )
        people[initials] = person
        AttendanceFactory(
            meeting=meeting,
            person=person,
            status=status,
            role=role,
            deputy_for=people["HF"] if role == Role.DEPUTY else None,
        )
    MinutesFactory(meeting=meeting, status=Minutes.Status.CIRCULATED)
    return meeting


HEADINGS = [
    ("Chair", ["MM"]),
    ("Members", ["GB"]),
    ("Deputies", ["BM"]),
    ("Advisers", ["DO"]),
    ("Guest", ["SG"]),
    ("In attendance", ["IO"]),
    ("Apologies", ["HF"]),
    ("Administration", ["CJ"]),
]


def test_each_part_is_printed_under_its_own_heading(recorded):
    groups = minutes_context(recorded, public=False)["attendance_groups"]
    assert [(g.label, [r.person.initials for r in g.rows]) for g in groups] == HEADINGS


def _in_order(text: str, words: list[str]) -> bool:
    positions = [text.index(word) for word in words]
    return positions == sorted(positions)


def test_the_minutes_print_the_headings_on_the_web_in_pdf_and_word(member, recorded):
    web = member.get(reverse("boards:minutes_read", args=[recorded.pk])).text
    pdf = pdf_text(minutes_pdf(recorded, public=False))
    word = docx_text(minutes_docx(recorded, public=False))
    for text in (web, pdf, word):
        table = text[text.index("Attendance", text.index("Welcome.")) :]
        assert _in_order(table, [label for label, _ in HEADINGS])
        assert _in_order(table, ["Advisers", "Dana Ofsted", "Guest"])
        assert _in_order(table, ["Deputies", "Brin Martin (deputy for Helen Farmer)", "Advisers"])
        assert "Officer (minutes)" in table  # the minute-taker's job title
        assert "Nora Unknown" not in table and "Absent Member" not in table


def test_the_meeting_pack_prints_the_last_minutes_with_their_headings(recorded):
    from boards.pack.contents import minutes_fragment

    html = minutes_fragment(recorded, public=False)
    assert _in_order(html, ["Deputies", "Advisers", "In attendance", "Apologies"])


def test_approved_minutes_print_attendance_from_their_record(board, recorded):
    later = MeetingFactory(board=board, date=datetime.date(2023, 3, 23))
    services.minutes_approve(meeting=recorded, at_meeting=later)
    kept = Minutes.objects.get(meeting=recorded).record["attendance"]
    adviser = recorded.attendance.get(person__initials="DO")
    assert kept[str(adviser.pk)]["role"] == Role.ADVISER
    # Changed behind the minutes' back: the approved record still says what was approved.
    recorded.attendance.filter(pk=adviser.pk).update(role=Role.GUEST, status=Status.ABSENT)
    groups = minutes_context(recorded, public=True)["attendance_groups"]
    assert [(g.label, [r.person.initials for r in g.rows]) for g in groups] == HEADINGS


def test_the_screen_lists_who_is_still_to_be_recorded(secretary, board, recorded):
    MembershipFactory(board=board, person=recorded.attendance.get(person__initials="NU").person)
    Minutes.objects.filter(meeting=recorded).update(status=Minutes.Status.DRAFT)
    html = secretary.get(reverse("boards:minutes_screen", args=[recorded.pk])).text
    assert "Not yet recorded</dt>" in html and "NU" in html


def _migration():
    return importlib.import_module("boards.migrations.0006_attendance_as_recorded_with_role")


@pytest.mark.parametrize(
    ("old", "new"),
    [
        (("present", "chair"), ("present", "chair")),
        (("present", "secretary"), ("present", "minute_taker")),
        (("present", ""), ("present", "member")),
        (("deputy", "member"), ("present", "deputy")),
        (("guest", ""), ("present", "guest")),
        (("in_attendance", "adviser"), ("present", "adviser")),
        (("in_attendance", ""), ("present", "in_attendance")),
        (("minute_taker", "secretary"), ("present", "minute_taker")),
        (("apologies", "member"), ("apologies", "member")),
        (("absent", "vice_chair"), ("absent", "vice_chair")),
    ],
)
def test_existing_attendance_keeps_its_status_and_gains_its_role(old, new):
    assert _migration().as_recorded(*old) == new


@pytest.mark.parametrize(
    ("old", "heading"),
    [
        (("present", "chair"), "Chair"),
        (("deputy", "chair"), "Members"),
        (("deputy", "member"), "Members"),
        (("present", "adviser"), "Members"),
        (("in_attendance", "adviser"), "In attendance"),
        (("guest", ""), "Guest"),
        (("present", "guest"), "Guest"),
        (("minute_taker", ""), "Administration"),
        (("apologies", "chair"), "Apologies"),
    ],
)
def test_approved_minutes_keep_the_headings_they_were_approved_with(old, heading):
    status, role = _migration().as_printed(*old)
    assert attendance_group(Attendance(status=status, role=role)) == heading
