"""What the app accepts as input (docs/reliability.md, "What is accepted as input"), and that
every output can hold what it accepted."""

import datetime
import io
import re
from pathlib import Path
from urllib.parse import unquote

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone
from docx import Document
from openpyxl import load_workbook

from actions.models import Action, ActionUpdate
from boards.forms_base import OUT_OF_DATE
from boards.models import Board, Meeting
from core import spreadsheets
from core.spreadsheets import UnreadableFile, neutralise, read_table
from risks.models import Risk, RiskMatrix
from strategy.models import IndicatorValue
from tests.actions.factories import ActionFactory
from tests.boards.factories import AgendaItemFactory, MeetingFactory, PersonFactory
from tests.risks.test_matrix import band_data
from tests.strategy.factories import IndicatorFactory

pytestmark = pytest.mark.django_db
ROOT = Path(__file__).resolve().parents[2]
CONTROL = "Line one\x0bline two\x0cpage two\x01\x1f\x7f end"
CLEANED = "Line one\nline two\npage two end"
SOON = timezone.localdate() + datetime.timedelta(days=30)


def _upload(name, content):
    return SimpleUploadedFile(name, content)


# A. Control characters are taken out where text comes in ------------------------------------


def test_control_characters_typed_into_an_action_are_stored_as_line_breaks(secretary, board):
    PersonFactory(partnership=board.partnership, initials="GB")
    response = secretary.post(
        reverse("actions:add", args=[board.partnership.slug, board.slug]),
        {"description": CONTROL, "owner_initials": "GB", "due_date": f"{SOON:%d/%m/%Y}"},
    )
    assert response.status_code == 302
    assert Action.objects.get().description == CLEANED


def test_a_line_break_in_a_one_line_box_becomes_a_space(staff, board):
    response = staff.post(
        reverse("boards:board_edit", args=["southend", board.slug]),
        {
            "name": board.name,
            "short_name": "SS\r\nPB\x0b",
            "slug": board.slug,
            "quorum": 3,
            "meeting_frequency": "monthly",
            "action_references": "running",
            "minutes_actions": "under_each_item",
            "minutes_attendance": "at_the_end",
            "agenda_pack_clear_days": 5,
            "version": board.version,
        },
    )
    assert response.status_code == 302
    board.refresh_from_db()
    assert board.short_name == "SS PB"


def test_minutes_with_word_line_breaks_give_a_word_document(secretary, board):
    meeting = MeetingFactory(board=board)
    item = AgendaItemFactory(meeting=meeting, position=1)
    response = secretary.post(
        reverse("boards:minutes_autosave", args=[item.pk]),
        {"minutes_text": CONTROL, "decision": "Agreed\x0bunanimously", "version": item.version},
    )
    assert response.status_code == 302
    item.refresh_from_db()
    assert (item.minutes_text, item.decision) == (CLEANED, "Agreed\nunanimously")
    word = secretary.get(reverse("boards:minutes_docx", args=[meeting.pk]))
    assert word.status_code == 200
    assert "page two end" in "\n".join(
        p.text for p in Document(io.BytesIO(word.content)).paragraphs
    )


def test_an_imported_action_log_with_control_characters_exports_to_excel(secretary, board):
    PersonFactory(partnership=board.partnership, initials="GB")
    url = reverse("actions:import", args=[board.partnership.slug, board.slug])
    text = f'Ref,Action,Owner,Status\n7,"{CONTROL}",GB,Open\n'
    assert secretary.post(url, {"file": _upload("log.csv", text.encode())}).status_code == 302
    columns = reverse("actions:import_columns", args=[board.partnership.slug, board.slug])
    mapping = {"col_reference": "0", "col_description": "1", "col_owners": "2", "col_status": "3"}
    secretary.post(columns, {**mapping, "import": "1"})
    assert Action.objects.get().description == CLEANED
    export = reverse("actions:board_log_export", args=[board.partnership.slug, board.slug, "xlsx"])
    response = secretary.get(export)
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response.content)).active
    assert sheet.cell(row=2, column=3).value == CLEANED


def test_excel_export_survives_control_characters_stored_before(secretary, board):
    ActionFactory(board=board, description=CONTROL)
    export = reverse("actions:board_log_export", args=[board.partnership.slug, board.slug, "xlsx"])
    assert secretary.get(export).status_code == 200


# B. Text longer than its column is refused at its field, and nothing is saved --------------

LONG_REASON = "Waiting for the provider's response." * 4  # 144 characters


def _owner_update(client, action):
    return client.post(
        reverse("actions:update", args=[action.pk]),
        {
            "text": "Draft written",
            "new_due_date": f"{SOON:%Y-%m-%d}",
            "reason": LONG_REASON,
            "version": action.version,
        },
    )


def _meeting_outcome(client, action):
    meeting = MeetingFactory(board=action.board)
    AgendaItemFactory(meeting=meeting, position=1, standing="action_log")
    data = {
        "text": "Draft written",
        "outcome": "keep_open",
        "new_due_date": f"{SOON:%Y-%m-%d}",
        "reason": LONG_REASON,
        "version": action.version,
    }
    return client.post(
        reverse("actions:meeting_record", args=[meeting.pk, action.pk]),
        {f"a{action.pk}-{key}": value for key, value in data.items()},
        headers={"HX-Request": "true"},
    )


def _action_edit(client, action):
    return client.post(
        reverse("actions:edit", args=[action.pk]),
        {
            "description": action.description,
            "due_date": f"{SOON:%Y-%m-%d}",
            "due_date_reason": LONG_REASON,
            "version": action.version,
        },
    )


@pytest.mark.parametrize("send", [_owner_update, _meeting_outcome, _action_edit])
def test_a_due_date_reason_longer_than_the_history_holds_is_refused_at_its_field(
    secretary, board, send
):
    action = ActionFactory(board=board)
    response = send(secretary, action)
    assert response.status_code == 200
    assert "must be 100 characters or fewer (it has 144)" in response.text
    assert "Give a reason" not in response.text
    action.refresh_from_db()
    assert action.due_date == datetime.date(2023, 3, 31) and action.version == 1
    assert not ActionUpdate.objects.exists()


# C. Download names are safe in the header, whatever a board is called ----------------------

HOSTILE_NAME = 'X";evil=1\r\nA: b'  # as long as a short name may be


SAFE_HEADER = re.compile(
    r"(attachment|inline); filename=\"[ -!#-\[\]-~]*\"; filename\*=UTF-8''([A-Za-z0-9%._~-]+)"
)


def _filename(response) -> str:
    """The name the header gives, once it is checked to be one well-formed header."""
    header = SAFE_HEADER.fullmatch(response["Content-Disposition"])
    assert header, response["Content-Disposition"]
    return unquote(header.group(2))


def test_downloads_named_after_a_board_with_quotes_and_line_breaks(secretary, board, anonymous):
    Board.objects.filter(pk=board.pk).update(short_name=HOSTILE_NAME)
    meeting = MeetingFactory(board=board)
    downloads = [
        (secretary, reverse("boards:meeting_ics", args=[meeting.pk])),
        (secretary, reverse("boards:minutes_pdf", args=[meeting.pk])),
        (secretary, reverse("boards:minutes_docx", args=[meeting.pk])),
        (anonymous, reverse("public:board_calendar", args=["southend", board.slug])),
    ]
    for client, url in downloads:
        response = client.get(url)
        assert response.status_code == 200, url
        assert 'X";evil=1 A: b' in _filename(response), url


def test_every_download_is_named_through_the_one_helper():
    """Content-Disposition is written in core/downloads.py only, and each FileResponse is
    named by as_download."""
    offenders = []
    for path in ROOT.glob("*/**/*.py"):
        if path.parts[len(ROOT.parts)] in {".venv", "node_modules", "tests"}:
            continue
        text = path.read_text()
        if path != ROOT / "core" / "downloads.py" and "Content-Disposition" in text:
            offenders.append(f"{path}: sets Content-Disposition")
        if path != ROOT / "core" / "downloads.py" and re.search(r"filename=|as_attachment", text):
            offenders.append(f"{path}: names a file by hand")
        calls = len(re.findall(r"\bFileResponse\(", text))
        if calls != len(re.findall(r"as_download\(\s*FileResponse\(", text)):
            offenders.append(f"{path}: a FileResponse not named by as_download")
    assert not offenders, "\n".join(offenders)


# D. Imports: encodings, line endings, random bytes, and one cap on rows -----------------------

TABLE = "Reference,Action\r\n1,Write the paper\r\n2,“Plan” – £5\r\n"


@pytest.mark.parametrize(
    "content",
    [
        TABLE.encode(),
        TABLE.encode("utf-8-sig"),
        TABLE.replace("\r\n", "\n").encode(),
        TABLE.replace("\r\n", "\r").encode(),
        TABLE.encode("utf-16"),  # with its byte order mark
        TABLE.encode("cp1252"),
    ],
    ids=["utf8-crlf", "utf8-bom", "lf", "cr-only", "utf16-bom", "windows-1252"],
)
def test_csv_files_are_read_in_every_encoding_and_line_ending_excel_writes(content):
    assert read_table(_upload("log.csv", content)) == (
        ["Reference", "Action"],
        [["1", "Write the paper"], ["2", "“Plan” – £5"]],
    )


@pytest.mark.parametrize(
    "content",
    [bytes(range(256)) * 8, "Reference,Action\n1,x\n".encode("utf-16-le"), b"\x81\x8d\x8f" * 9],
    ids=["random-bytes", "utf16-without-mark", "undecodable"],
)
def test_a_file_that_is_not_text_is_refused_with_a_message(content):
    with pytest.raises(UnreadableFile, match="CSV UTF-8"):
        read_table(_upload("log.csv", content))


def test_a_row_the_csv_reader_cannot_read_is_named():
    content = b'Reference,Action\n1,fine\n2,"' + b"x" * 200_000 + b'"\n'
    with pytest.raises(UnreadableFile, match="Row 3 of the file cannot be read"):
        read_table(_upload("log.csv", content))


def test_rows_are_read_only_up_to_the_cap():
    # Row 5 could not be read at all: a file over the cap is refused before it is reached.
    content = b"Reference\n1\n2\n3\n4\n" + b'"' + b"x" * 200_000 + b'"\n'
    with pytest.raises(UnreadableFile, match="more than 3 rows"):
        read_table(_upload("log.csv", content), max_rows=3)


def _imports(board):
    slug, board_slug = board.partnership.slug, board.slug
    return [
        (reverse("actions:import", args=[slug, board_slug]), "file"),
        (reverse("risks:import", args=[slug, board_slug]), "file"),
        (reverse("strategy:values_import", args=[slug]), "file"),
    ]


def test_every_import_refuses_random_bytes_at_the_upload_field(staff, board):
    for url, field in _imports(board):
        response = staff.post(url, {field: _upload("data.csv", bytes(range(256)) * 8)})
        assert response.status_code == 200, url
        assert "govuk-error-message" in response.text and "CSV UTF-8" in response.text, url


def test_every_import_has_the_same_cap(staff, board, monkeypatch):
    monkeypatch.setattr(spreadsheets, "MAX_ROWS", 3)
    rows = "".join(f"{n},Risk {n},3,3,3,3,2,2\n" for n in range(1, 5))
    content = f"Reference,Title,{','.join(['x'] * 6)}\n{rows}".encode()
    for url, field in _imports(board):
        response = staff.post(url, {field: _upload("data.csv", content)})
        assert response.status_code == 200, url
        assert "The file has more than 3 rows" in response.text, url
    assert not Risk.objects.exists() and not Action.objects.exists()


# E. Dates from 1990 to 2100, typed or imported ------------------------------------------------


def test_a_meeting_dated_in_the_year_9999_is_refused_at_its_field(secretary, board, anonymous):
    response = secretary.post(
        reverse("boards:meeting_add", args=["southend", board.slug]),
        {"date": "9999-12-31", "starts_at": "23:00", "venue": "Civic Centre"},
    )
    assert response.status_code == 200
    assert "Enter a date from 1 January 1990 to 31 December 2100" in response.text
    assert not Meeting.objects.exists()
    calendar = reverse("public:board_calendar", args=["southend", board.slug])
    assert anonymous.get(calendar).status_code == 200


def test_an_imported_due_date_outside_the_range_is_a_row_error(secretary, board):
    from actions.imports import import_validate

    rows = [["7", "Write it", "", "31/12/9999", "Open", ""]]
    mapping = {"reference": 0, "description": 1, "owners": 2, "due_date": 3, "status": 4}
    [result] = import_validate(board=board, rows=rows, mapping=mapping)
    assert result.errors == ['"31/12/9999" is not a date from 1 January 1990 to 31 December 2100.']


# F. Tampered formsets are refused with a message, never a server error -----------------------

TAMPERED_BANDS = {
    "management form missing": lambda data: {k: v for k, v in data.items() if "FORMS" not in k},
    "rows counted as new": lambda data: {**data, "band-INITIAL_FORMS": "0"},
    "a band twice": lambda data: {**data, "band-1-id": data["band-0-id"]},
    "a band left out": lambda data: {**data, "band-TOTAL_FORMS": "3", "band-INITIAL_FORMS": "3"},
    "unknown band": lambda data: {**data, "band-0-id": "999999"},
    "huge number": lambda data: {**data, "band-0-lowest": "9" * 30},
}


@pytest.mark.parametrize("tamper", TAMPERED_BANDS.values(), ids=TAMPERED_BANDS.keys())
def test_a_tampered_risk_band_formset_is_refused(secretary, partnership, tamper):
    matrix = RiskMatrix.ensure(partnership)
    before = list(matrix.bands.values_list("pk", "label", "lowest", "highest"))
    response = secretary.post(reverse("risks:matrix", args=["southend"]), tamper(band_data(matrix)))
    assert response.status_code == 200
    assert "There is a problem" in response.text
    assert list(matrix.bands.values_list("pk", "label", "lowest", "highest")) == before
    assert RiskMatrix.objects.get(pk=matrix.pk).version == matrix.version


TAMPERED_GRID = {
    "management form missing": lambda data: {k: v for k, v in data.items() if "FORMS" not in k},
    "no rows": lambda data: {**data, "values-TOTAL_FORMS": "0"},
    "superscript id": lambda data: {**data, "values-0-indicator": "²"},
    "unknown indicator": lambda data: {**data, "values-0-indicator": "999999"},
    "huge id": lambda data: {**data, "values-0-indicator": "9" * 30},
    "more rows than sent": lambda data: {**data, "values-TOTAL_FORMS": "3"},
}


@pytest.mark.parametrize("tamper", TAMPERED_GRID.values(), ids=TAMPERED_GRID.keys())
def test_a_tampered_indicator_values_grid_is_refused(staff, partnership, tamper):
    indicator = IndicatorFactory(partnership=partnership)
    data = {
        "values-TOTAL_FORMS": "1",
        "values-INITIAL_FORMS": "1",
        "values-0-indicator": str(indicator.pk),
        "values-0-value": "12",
    }
    response = staff.post(reverse("strategy:values_grid", args=["southend"]), tamper(data))
    assert response.status_code == 200
    assert "There is a problem" in response.text
    assert not IndicatorValue.objects.exists()


# G. Nothing confidential is cached ----------------------------------------------------------


def test_pages_and_downloads_of_signed_in_people_are_not_stored(member, board):
    ActionFactory(board=board)
    for url in (
        reverse("boards:board", args=["southend", board.slug]),
        reverse("actions:board_log_export", args=["southend", board.slug, "csv"]),
        reverse("risks:board_export", args=["southend", board.slug, "xlsx"]),
    ):
        assert member.get(url)["Cache-Control"] == "private, no-store", url


def test_public_pages_stay_cacheable_for_people_signed_out(anonymous, member, board):
    calendar = reverse("public:board_calendar", args=["southend", board.slug])
    public_page = reverse("public:partnership", args=["southend"])
    for url in (calendar, public_page):
        response = anonymous.get(url)
        assert response.status_code == 200
        assert "no-store" not in response.get("Cache-Control", ""), url
    # The same page read signed in may carry the reader's own details.
    assert member.get(public_page)["Cache-Control"] == "private, no-store"
    # Signed out, a private page (here the sign-in redirect) is not kept either.
    assert anonymous.get(reverse("actions:mine"))["Cache-Control"] == "private, no-store"


# H. An edit without its version is refused, not saved over someone else's ---------------------


def test_closing_an_action_without_its_version_is_refused(secretary, board):
    action = ActionFactory(board=board)
    response = secretary.post(reverse("actions:close", args=[action.pk]), follow=True)
    assert OUT_OF_DATE in response.text
    action.refresh_from_db()
    assert action.is_open


def test_risk_bands_without_their_version_are_refused(secretary, partnership):
    matrix = RiskMatrix.ensure(partnership)
    data = band_data(matrix, low={"label": "Minor"})
    del data["version"]
    response = secretary.post(reverse("risks:matrix", args=["southend"]), data)
    assert OUT_OF_DATE in response.text
    assert RiskMatrix.for_partnership(partnership).band_for(1).label == "Low"


# I. Formulas after a separator are neutralised in CSV files --------------------------------


@pytest.mark.parametrize(
    ("cell", "in_csv"),
    [
        ("=1+1", "'=1+1"),
        ("x;=1+1", "x;'=1+1"),
        ('x;"=HYPERLINK(1)', "x;\"'=HYPERLINK(1)"),
        ("a, -b | @c\t+d", "a, '-b | '@c\t'+d"),
        ("Budget; cost up 5%", "Budget; cost up 5%"),
        ("x;'=1", "x;'=1"),
    ],
)
def test_a_formula_after_a_separator_is_neutralised_in_csv(cell, in_csv):
    assert neutralise(cell, in_csv=True) == in_csv
    assert neutralise(cell) == ("'" + cell if cell.startswith("=") else cell)


def test_the_csv_export_neutralises_a_formula_after_a_semicolon(member, board):
    ActionFactory(board=board, description="x;=1+1")
    url = reverse("actions:board_log_export", args=["southend", board.slug, "csv"])
    assert "x;'=1+1" in member.get(url).content.decode()


def test_every_form_carries_its_version_in_the_one_required_field():
    import importlib
    import inspect

    from boards.forms_base import GovukFormMixin, VersionField

    modules = ["boards.forms", "boards.meeting_forms", "actions.forms", "risks.forms"]
    strategy = ["strategy.forms.plans", "strategy.forms.reports", "strategy.forms.indicators"]
    forms = [
        form
        for module in [importlib.import_module(name) for name in [*modules, *strategy]]
        for form in vars(module).values()
        if inspect.isclass(form)
        and issubclass(form, GovukFormMixin)
        and hasattr(form, "base_fields")
    ]
    versioned = [form for form in forms if "version" in form.base_fields]
    assert len(versioned) >= 25
    for form in versioned:
        assert isinstance(form.base_fields["version"], VersionField), form.__name__
