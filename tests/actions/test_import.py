import datetime
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from actions.imports import IMPORTED, actions_import, import_validate
from actions.models import Action
from actions.services.base import ActionError
from actions.services.closure import action_close
from tests.actions.factories import ActionFactory
from tests.boards.factories import PersonFactory

pytestmark = pytest.mark.django_db
MAPPING = {"reference": 0, "description": 1, "owners": 2, "due_date": 3, "status": 4, "update": 5}


@pytest.fixture
def people(board):
    for initials in ("GB", "HF", "CJ"):
        PersonFactory(partnership=board.partnership, initials=initials)


def test_every_bad_row_is_reported_with_its_number_and_reason(board, people):
    rows = [
        ["89", "Voice of the child lead", "GB", "31/03/2023", "Open", ""],
        ["", "No reference", "GB", "", "", ""],
        ["94", "", "QQ", "31/02/2023", "Maybe", ""],
        ["89", "Duplicate", "HF", "", "", ""],
    ]
    results = import_validate(board=board, rows=rows, mapping=MAPPING)
    assert results[0].ok
    assert results[0].values["due_date"] == datetime.date(2023, 3, 31)
    assert [(r.number, r.errors) for r in results[1:]] == [
        (3, ["The reference is empty."]),
        (
            4,
            [
                "The action is empty.",
                "Nobody has the initials QQ.",
                '"31/02/2023" is not a date (use dd/mm/yyyy).',
                '"Maybe" is not a status (open, closed...).',
            ],
        ),
        (5, ["Reference 89 is also on row 2."]),
    ]


def test_nothing_is_imported_while_a_row_is_bad(board, people):
    results = import_validate(
        board=board,
        rows=[["89", "Good", "GB", "", "", ""], ["", "Bad", "", "", "", ""]],
        mapping=MAPPING,
    )
    with pytest.raises(ActionError):
        actions_import(board=board, results=results, author=None, skip_bad_rows=False)
    assert not Action.objects.exists()


def test_skipping_bad_rows_imports_the_rest(board, people):
    results = import_validate(
        board=board,
        rows=[["89", "Good", "GB", "", "", ""], ["", "Bad", "", "", "", ""]],
        mapping=MAPPING,
    )
    summary = actions_import(board=board, results=results, author=None, skip_bad_rows=True)
    assert (summary.created, summary.skipped) == (1, 1)
    assert Action.objects.get().reference == "89"


def test_importing_the_same_rows_twice_creates_no_duplicates(board, people):
    rows = [
        ["89", "Voice of the child lead", "GB", "31/03/2023", "Open", "Met TP"],
        ["94", "Lighthouse comms", "HF/CJ", "2023-01-26 00:00:00", "Closed", "Link shared"],
    ]
    first = actions_import(
        board=board,
        results=import_validate(board=board, rows=rows, mapping=MAPPING),
        author=None,
        skip_bad_rows=False,
    )
    second = actions_import(
        board=board,
        results=import_validate(board=board, rows=rows, mapping=MAPPING),
        author=None,
        skip_bad_rows=False,
    )
    assert (first.created, second.created, second.unchanged) == (2, 0, 2)
    assert Action.objects.count() == 2
    closed = Action.objects.get(reference="94")
    assert closed.status == "closed" and closed.closed_on is not None
    assert closed.updates.count() == 1
    assert sorted(p.initials for p in closed.owners.all()) == ["CJ", "HF"]
    assert Action.objects.get(reference="89").history.count() >= 1


def test_a_changed_row_updates_the_existing_action(board, people):
    action = ActionFactory(board=board, reference="89", number=89, description="Old words")
    summary = actions_import(
        board=board,
        results=import_validate(
            board=board, rows=[["89", "New words", "GB", "31/03/2023", "", ""]], mapping=MAPPING
        ),
        author=None,
        skip_bad_rows=False,
    )
    action.refresh_from_db()
    assert (summary.updated, action.description) == (1, "New words")
    assert action.history.first().description == "New words"


def csv_upload(text, name="log.csv"):
    return SimpleUploadedFile(name, text.encode("utf-8"), content_type="text/csv")


def test_the_import_journey(secretary, board, people):
    base = reverse("actions:import", args=[board.partnership.slug, board.slug])
    columns = reverse("actions:import_columns", args=[board.partnership.slug, board.slug])
    response = secretary.post(
        base,
        {
            "file": csv_upload(
                "Ref,Action,Owner,Due date,Status\n89,Voice lead,GB,31/03/2023,Open\n"
                "90,Bad owner,ZZ,,Open\n"
            )
        },
    )
    assert response.status_code == 302 and response.url == columns
    page = secretary.get(columns)
    assert page.context["form"].initial["col_reference"] == "0"
    mapping = {
        "col_reference": "0",
        "col_description": "1",
        "col_owners": "2",
        "col_due_date": "3",
        "col_status": "4",
    }
    preview = secretary.post(columns, {**mapping, "preview": "1"})
    assert "Row 3" in preview.text and "Nobody has the initials ZZ" in preview.text
    refused = secretary.post(columns, {**mapping, "import": "1"})
    assert "nothing was imported" in refused.text
    assert not Action.objects.exists()
    done = secretary.post(columns, {**mapping, "import": "1", "skip_bad_rows": "on"})
    assert done.status_code == 302
    assert list(Action.objects.values_list("reference", flat=True)) == ["89"]


def test_an_xlsx_file_is_read(secretary, board, people):
    from openpyxl import Workbook

    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["Ref", "Action", "Owner", "Due date"])
    sheet.append([89, "Voice lead", "GB", datetime.datetime(2023, 3, 31)])
    buffer = io.BytesIO()
    workbook.save(buffer)
    upload = SimpleUploadedFile("log.xlsx", buffer.getvalue())
    secretary.post(
        reverse("actions:import", args=[board.partnership.slug, board.slug]), {"file": upload}
    )
    columns = reverse("actions:import_columns", args=[board.partnership.slug, board.slug])
    secretary.post(
        columns,
        {
            "col_reference": "0",
            "col_description": "1",
            "col_owners": "2",
            "col_due_date": "3",
            "import": "1",
        },
    )
    assert Action.objects.get().due_date == datetime.date(2023, 3, 31)


def test_a_file_that_is_not_a_spreadsheet_is_refused(secretary, board):
    response = secretary.post(
        reverse("actions:import", args=[board.partnership.slug, board.slug]),
        {"file": SimpleUploadedFile("log.txt", b"hello")},
    )
    assert "Upload a CSV" in response.text


def test_import_refused_to_members_and_outsiders(member, outsider, board):
    url = reverse("actions:import", args=[board.partnership.slug, board.slug])
    assert member.get(url).status_code == 403
    assert outsider.get(url).status_code == 404


def _import(board, rows, author=None):
    results = import_validate(board=board, rows=rows, mapping=MAPPING)
    return results, actions_import(board=board, results=results, author=author, skip_bad_rows=True)


def test_an_import_does_not_reopen_or_change_a_closed_action(secretary, board, people):
    gb = board.partnership.people.get(initials="GB")
    action = ActionFactory(
        board=board, reference="94", number=94, due_date=datetime.date(2023, 3, 31), owners=[gb]
    )
    action_close(action=action, author=secretary.user, text="Done")
    for row in (
        ["94", action.description, "GB", "31/03/2023", "Open", ""],
        ["94", "Other words", "GB", "31/03/2023", "Closed", ""],
        ["94", action.description, "GB", "30/06/2023", "Closed", ""],
        ["94", action.description, "HF", "31/03/2023", "Closed", ""],
    ):
        [result], summary = _import(board, [row])
        assert result.errors == ["Action 94 is closed in the log: an import does not change it."]
        assert summary.skipped == 1
    action.refresh_from_db()
    assert (action.status, action.due_date) == ("closed", datetime.date(2023, 3, 31))
    [result], summary = _import(
        board, [["94", action.description, "GB", "31/03/2023", "Closed", ""]]
    )
    assert result.ok and summary.unchanged == 1  # the same file again changes nothing


def test_a_new_due_date_from_an_import_is_recorded_as_slippage(secretary, board, people):
    action = ActionFactory(
        board=board, reference="89", number=89, due_date=datetime.date(2023, 3, 31)
    )
    _import(board, [["89", action.description, "", "30/06/2023", "Open", ""]], secretary.user)
    action.refresh_from_db()
    assert action.due_date == datetime.date(2023, 6, 30)
    assert action.original_due_date == datetime.date(2023, 3, 31)
    change = action.due_date_changes.get()
    assert (change.old_date, change.reason) == (datetime.date(2023, 3, 31), IMPORTED)
    [result], _summary = _import(board, [["89", action.description, "", "", "Open", ""]])
    assert result.errors == [
        "Action 89 is due on 30/06/2023: an import does not clear its due date."
    ]
    action.refresh_from_db()
    assert action.due_date == datetime.date(2023, 6, 30)
