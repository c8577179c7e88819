import datetime
import io

import pytest
from django.core.management import call_command

from actions.contributions import minutes_lines
from actions.models import Action
from boards.models import AgendaItem, Board, Meeting

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _password(monkeypatch):
    monkeypatch.setenv("DEMO_PASSWORD", "board-demo-2026")


def load():
    call_command("load_demo", stdout=io.StringIO())


def test_demo_loads_the_seed_action_log_at_the_seed_meeting():
    load()
    sspb = Board.objects.get(short_name="SSPB")
    refs = set(sspb.actions.values_list("reference", flat=True))
    assert {"89", "94", "95", "97", "99", "101", "102", "104", "105", "106"} <= refs
    assert Action.objects.get(board=sspb, reference="94").status == "closed"
    old = Action.objects.get(board=sspb, reference="104")
    assert old.successor.reference == "106"
    assert old.closed_on == datetime.date(2023, 1, 26)
    assert old.updates.get().meeting.date == datetime.date(2023, 1, 26)
    gb_owned = Action.objects.filter(board=sspb, owners__initials="GB", status="open")
    assert gb_owned.count() >= 5


def test_demo_links_to_the_meeting_when_it_exists_and_loads_twice_unchanged():
    from demo.boards import load_structure

    partnership = load_structure("pw")
    sspb = Board.objects.get(short_name="SSPB")
    meeting = Meeting.objects.create(board=sspb, date=datetime.date(2023, 1, 26), status="held")
    log_item = AgendaItem.objects.create(
        meeting=meeting, position=4, title="Action log", standing="action_log"
    )
    AgendaItem.objects.create(meeting=meeting, position=6, title="Current perspective")
    load()
    count = Action.objects.count()
    load()
    assert Action.objects.count() == count
    closed = Action.objects.get(board=sspb, reference="94")
    assert closed.closed_at == meeting
    lines = minutes_lines(meeting)
    assert any(
        line.startswith("94 – HF advised") and line.endswith("Agree to close action.")
        for line in lines[log_item.pk]
    )
    assert any("Agree to close and create new action; 106" in line for line in lines[log_item.pk])
    assert partnership.slug == "southend"
    raised = Action.objects.get(board=sspb, raised_at_item__position=6)
    assert raised.description.startswith("work with AW, JM")


def test_demo_minutes_carry_each_action_line_once():
    from boards.outputs.minutes import minutes_context
    from tests.pdfcheck import pdf_text

    load()
    meeting = Meeting.objects.get(board__short_name="SSPB", date=datetime.date(2023, 1, 26))
    from core.documents import render_pdf

    text = pdf_text(
        render_pdf(
            "boards/pdf/minutes.html",
            minutes_context(meeting, public=True),
            title="Minutes",
        )
    ).replace("\n", " ")
    assert text.count("94 – HF advised") == 1
    assert text.count("Action: GB will arrange this with the DfE rep") == 1
