"""Actions captured from the minutes: numbered in the order of the minutes, owned by groups as
well as people, due in a month, and listed in the natural order of their references."""

import datetime
import io
import re

import pytest
from django.urls import reverse

from actions import contributions
from actions.models import Action
from actions.services.log import action_create
from actions.services.updates import action_reschedule
from boards.models import Board
from tests.actions.factories import ActionFactory
from tests.boards.factories import AgendaItemFactory, MeetingFactory, MinutesFactory, PersonFactory
from tests.pdfcheck import pdf_text

pytestmark = pytest.mark.django_db


@pytest.fixture
def meeting(board):
    return MeetingFactory(board=board, date=datetime.date(2023, 1, 26))


@pytest.fixture
def people(board):
    return {
        initials: PersonFactory(partnership=board.partnership, initials=initials, name=name)
        for initials, name in (("GB", "Gary Bloom"), ("HF", "Helen Farmer"), ("EF", "Ed Fox"))
    }


def capture(client, item, index, source, **fields):
    data = {"index": str(index), f"c{index}-source_line": source}
    data.update({f"c{index}-{name}": value for name, value in fields.items()})
    return client.post(reverse("actions:capture", args=[item.pk]), data)


def test_lines_captured_out_of_order_take_the_running_numbers_of_the_minutes(
    secretary, board, meeting, people
):
    ActionFactory(board=board, number=105, reference="105")
    six = AgendaItemFactory(
        meeting=meeting, position=6, minutes_text="Action: GB to write.\nAction: HF to read."
    )
    nine = AgendaItemFactory(meeting=meeting, position=9, minutes_text="Action: EF to sign.")
    capture(secretary, nine, 0, "EF to sign", description="sign", owners="EF")
    capture(secretary, six, 1, "HF to read", description="read", owners="HF")
    capture(secretary, six, 0, "GB to write", description="write", owners="GB")
    raised = Action.objects.filter(raised_at=meeting)
    assert sorted((a.reference, a.description) for a in raised) == [
        ("106", "write"),
        ("107", "read"),
        ("108", "sign"),
    ]


def test_item_letters_follow_the_lines_of_the_minutes(secretary, board, meeting, people):
    board.action_references = Board.ActionReferences.PER_MEETING
    board.save()
    item = AgendaItemFactory(
        meeting=meeting,
        position=5,
        minutes_text="Action: GB to write.\nAction: HF to read.\nAction: EF to sign.",
    )
    capture(secretary, item, 2, "EF to sign", description="sign", owners="EF")
    capture(secretary, item, 0, "GB to write", description="write", owners="GB")
    capture(secretary, item, 1, "HF to read", description="read", owners="HF")
    assert dict(Action.objects.values_list("description", "reference")) == {
        "write": "5.a",
        "read": "5.b",
        "sign": "5.c",
    }


def test_references_stay_put_once_the_minutes_are_circulated(secretary, board, meeting, people):
    item = AgendaItemFactory(
        meeting=meeting, position=6, minutes_text="Action: GB to write.\nAction: HF to read."
    )
    capture(secretary, item, 1, "HF to read", description="read", owners="HF")
    MinutesFactory(meeting=meeting, status="circulated")
    capture(secretary, item, 0, "GB to write", description="write", owners="GB")
    assert dict(Action.objects.values_list("description", "reference")) == {
        "read": "1",
        "write": "2",
    }


def test_a_group_owner_and_a_month_are_captured_as_written(secretary, board, meeting, people):
    item = AgendaItemFactory(
        meeting=meeting,
        position=6,
        minutes_text="ACTION: EF/SROs to Review the plan by end of June 2025.",
    )
    url = reverse("actions:capture", args=[item.pk])
    panel = secretary.get(url).text
    assert 'value="SROs"' in panel  # other owners filled in from the line
    assert re.search(r'name="c0-due_by_month"[^>]*checked', panel)
    capture(
        secretary,
        item,
        0,
        "EF/SROs to Review the plan by end of June 2025",
        description="Review the plan",
        owners="EF",
        other_owners="SROs",
        due_date="2025-06-30",
        due_by_month="on",
    )
    action = Action.objects.get()
    assert action.description == "Review the plan"
    assert list(action.owners.all()) == [people["EF"]]
    assert action.owner_note == "SROs"
    assert action.due_date == datetime.date(2025, 6, 30)
    assert action.due_precision == Action.DuePrecision.MONTH
    assert "by June 2025" in secretary.get(url).text


def test_a_group_alone_may_own_an_action_but_someone_must(secretary, meeting, people):
    item = AgendaItemFactory(meeting=meeting, position=6, minutes_text="Action: SROs to report.")
    response = capture(secretary, item, 0, "SROs to report", description="report")
    assert "or name the group or role under other owners" in response.text
    assert not Action.objects.exists()
    capture(secretary, item, 0, "SROs to report", description="report", other_owners="SROs")
    action = Action.objects.get()
    assert (list(action.owners.all()), action.owner_note) == ([], "SROs")


def test_a_month_chosen_for_any_date_is_due_on_its_last_day(secretary, meeting, people):
    item = AgendaItemFactory(meeting=meeting, position=6, minutes_text="Action: GB to report.")
    capture(
        secretary,
        item,
        0,
        "GB to report",
        description="report",
        owners="GB",
        due_date="2024-02-03",
        due_by_month="on",
    )
    assert Action.objects.get().due_date == datetime.date(2024, 2, 29)


def test_by_the_next_meeting_is_the_date_of_the_next_meeting(secretary, board, meeting, people):
    item = AgendaItemFactory(
        meeting=meeting, position=6, minutes_text="Action: GB to report by the next meeting."
    )
    url = reverse("actions:capture", args=[item.pk])
    assert "which is not scheduled yet" in secretary.get(url).text
    MeetingFactory(board=board, date=datetime.date(2023, 3, 23))
    page = secretary.get(url).text
    assert 'day" value="23"' in page and 'month" value="3"' in page and 'year" value="2023"' in page


def test_a_full_name_finds_the_person(secretary, meeting, people):
    item = AgendaItemFactory(
        meeting=meeting, position=6, minutes_text="Action: Helen Farmer to book the room."
    )
    panel = secretary.get(reverse("actions:capture", args=[item.pk])).text
    assert 'name="c0-owners" value="HF"' in panel


def month_action(board, **fields):
    return ActionFactory(
        board=board,
        due_date=datetime.date(2025, 6, 30),
        due_precision=Action.DuePrecision.MONTH,
        owner_note="SROs",
        **fields,
    )


def test_the_log_its_exports_and_the_minutes_show_the_month_and_other_owners(
    member, board, meeting, people
):
    action = month_action(board, owners=[people["EF"]], raised_at=meeting)
    page = member.get(reverse("actions:board_log", args=[board.partnership.slug, board.slug]))
    assert "June 2025" in page.text
    assert "EF/SROs" in page.text
    export = reverse("actions:board_log_export", args=[board.partnership.slug, board.slug, "csv"])
    row = member.get(export).content.decode("utf-8-sig").splitlines()[1]
    assert "June 2025" in row and "EF/SROs" in row
    detail = member.get(action.get_absolute_url()).text
    assert "June 2025" in detail and "SROs" in detail
    assert contributions.action_line(action).endswith("by June 2025.")
    pdf_rows = contributions.render_to_string(
        "actions/pdf/partials/action_log.html", {"actions": [action], "title": "Log"}
    )
    assert "June 2025" in pdf_rows and "EF/SROs" in pdf_rows


def test_the_excel_export_shows_the_month(member, board):
    from openpyxl import load_workbook

    month_action(board)
    url = reverse("actions:board_log_export", args=[board.partnership.slug, board.slug, "xlsx"])
    sheet = load_workbook(io.BytesIO(member.get(url).content)).active
    header, row = list(sheet.iter_rows(values_only=True))
    assert row[header.index("Due date")] == "June 2025"
    assert row[header.index("Owners")] == "SROs"


def test_a_new_date_for_an_action_due_in_a_month_is_a_day(board, secretary):
    action = month_action(board)
    action_reschedule(
        action=action, new_due_date=datetime.date(2025, 7, 15), reason="Late", author=None
    )
    action.refresh_from_db()
    assert action.due_display == "15 July 2025"


def created_in_reverse(board, references):
    """Actions whose numbers (the order they were added) run against their references."""
    for reference in reversed(references):
        action = action_create(board=board, description=f"Action {reference}", reference=reference)
        Action.objects.filter(pk=action.pk).update(
            number=len(references) - references.index(reference)
        )


@pytest.mark.parametrize("sort", ["ref", "-ref"])
def test_references_sort_naturally_on_the_page_across_pages(member, board, sort):
    references = [f"{n}" for n in range(1, 31)]
    created_in_reverse(board, references)  # numbered against the natural order
    shown = []
    for page in ("1", "2"):
        url = reverse("actions:board_log", args=[board.partnership.slug, board.slug])
        context = member.get(f"{url}?sort={sort}&page={page}").context
        shown += [a.reference for a in context["page"]]
    assert shown == (references if sort == "ref" else references[::-1])


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_references_sort_naturally_in_the_exports(member, board, fmt):
    from openpyxl import load_workbook

    created_in_reverse(board, ["5.f", "12.a", "9", "10", "5.b"])
    url = reverse("actions:board_log_export", args=[board.partnership.slug, board.slug, fmt])
    content = member.get(url).content
    if fmt == "csv":
        rows = [line.split(",")[0] for line in content.decode("utf-8-sig").splitlines()[1:]]
    else:
        rows = [
            r[0]
            for r in load_workbook(io.BytesIO(content)).active.iter_rows(
                min_row=2, values_only=True
            )
        ]
    assert rows == ["5.b", "5.f", "9", "10", "12.a"]


def test_references_sort_naturally_in_the_pdf(member, board):
    created_in_reverse(board, ["9", "10"])
    url = reverse("actions:board_log_export", args=[board.partnership.slug, board.slug, "pdf"])
    text = pdf_text(member.get(url).content)
    assert text.index("Action 9") < text.index("Action 10")
