import csv
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import Workbook, load_workbook

from risks.documents import HEADERS
from risks.models import Risk, RiskEvent
from tests.boards.factories import AgendaItemFactory, MeetingFactory, PersonFactory
from tests.risks.factories import RiskFactory

pytestmark = pytest.mark.django_db

GOOD = [
    "R7",
    "Sufficiency",
    "Special school places",
    "GB",
    "Operational and capacity",
    "26/01/2023",
    "4",
    "5",
    "4",
    "4",
    "3",
    "3",
    "01/04/2023",
]
IMPORT_HEADERS = [
    "Reference",
    "Priority area",
    "Title",
    "Owner",
    "Category",
    "Date raised",
    "Inherent likelihood",
    "Inherent impact",
    "Current likelihood",
    "Current impact",
    "Target likelihood",
    "Target impact",
    "Next review",
]


def export_url(board, fmt):
    return reverse("risks:board_export", args=["southend", board.slug, fmt])


def import_url(board):
    return reverse("risks:import", args=["southend", board.slug])


def csv_file(rows, headers=IMPORT_HEADERS, name="register.csv"):
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(headers)
    writer.writerows(rows)
    return SimpleUploadedFile(name, buffer.getvalue().encode(), content_type="text/csv")


@pytest.fixture
def owner(board):
    return PersonFactory(partnership=board.partnership, initials="GB", name="Gary Bloom")


def test_csv_export_has_scores_band_and_neutralised_text(member, board, owner):
    RiskFactory(board=board, title="=HYPERLINK(1)", owner=owner)
    response = member.get(export_url(board, "csv"))
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0] == HEADERS
    record = dict(zip(rows[0], rows[1], strict=True))
    assert record["Title"] == "'=HYPERLINK(1)"
    assert (record["Current score"], record["Band"], record["Owner"]) == ("12", "High", "GB")


def test_xlsx_export_follows_the_filters(member, board):
    RiskFactory(board=board, title="Red", current_likelihood=5, current_impact=5)
    RiskFactory(board=board, title="Green", current_likelihood=1, current_impact=1)
    response = member.get(export_url(board, "xlsx") + "?band=very_high")
    sheet = load_workbook(io.BytesIO(response.content)).active
    titles = [row[3] for row in sheet.iter_rows(min_row=2, values_only=True)]
    assert titles == ["Red"]


def test_pdf_export_is_a_pdf_with_the_heat_map(member, board):
    RiskFactory(board=board, title="EP capacity")
    response = member.get(export_url(board, "pdf"))
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")


def test_outsider_cannot_export_or_import(outsider, board):
    assert outsider.get(export_url(board, "csv")).status_code == 404
    assert outsider.get(import_url(board)).status_code == 404


def test_member_cannot_import(member, board, owner):
    response = member.post(import_url(board), {"file": csv_file([GOOD])})
    assert response.status_code == 403
    assert not Risk.objects.exists()


def test_import_creates_risks_and_a_second_import_adds_nothing(secretary, board, owner):
    response = secretary.post(import_url(board), {"file": csv_file([GOOD])})
    assert response.status_code == 302
    risk = Risk.objects.get()
    assert (risk.title, risk.owner, risk.current_score, risk.reference) == (
        "Special school places",
        owner,
        16,
        "R1",
    )
    assert risk.events.get().kind == RiskEvent.Kind.IMPORTED
    secretary.post(import_url(board), {"file": csv_file([GOOD])})
    assert Risk.objects.count() == 1


def test_a_bad_row_stops_the_whole_import_with_row_numbers(secretary, board, owner):
    bad_score = ["R8", GOOD[1], "Bad score", *GOOD[3:6], "9", *GOOD[7:]]
    bad_owner = ["R9", GOOD[1], "Bad owner", "ZZ", *GOOD[4:]]
    rows = [GOOD, bad_score, bad_owner]
    response = secretary.post(import_url(board), {"file": csv_file(rows)})
    assert response.status_code == 200
    check = response.context["check"]
    assert [(row.number, row.errors) for row in check.bad] == [
        (3, ["Inherent likelihood must be a whole number from 1 to 5"]),
        (4, ['Owner "ZZ" is not a person of the partnership']),
    ]
    assert "nothing was imported" in response.content.decode()
    assert not Risk.objects.exists()


def test_ticking_skip_imports_only_the_good_rows(secretary, board, owner):
    rows = [GOOD, ["R8", GOOD[1], "No scores", *GOOD[3:6], "", "", "", "", "", "", ""]]
    response = secretary.post(import_url(board), {"file": csv_file(rows), "skip_bad_rows": "on"})
    assert response.status_code == 302
    assert list(Risk.objects.values_list("title", flat=True)) == ["Special school places"]


def test_import_reads_excel_and_reports_missing_columns(secretary, board, owner):
    workbook = Workbook()
    workbook.active.append(["Title", "Owner"])
    workbook.active.append(["Only a title", "GB"])
    buffer = io.BytesIO()
    workbook.save(buffer)
    upload = SimpleUploadedFile("r.xlsx", buffer.getvalue())
    response = secretary.post(import_url(board), {"file": upload})
    assert "The file has no column for: Inherent likelihood" in response.content.decode()
    assert not Risk.objects.exists()


def test_export_then_import_round_trips(secretary, board, owner, settings):
    RiskFactory(board=board, title="Health data sharing", owner=owner, category="data")
    exported = secretary.get(export_url(board, "csv")).content
    Risk.objects.all().delete()
    upload = SimpleUploadedFile("export.csv", exported)
    secretary.post(import_url(board), {"file": upload})
    risk = Risk.objects.get()
    assert (risk.title, risk.owner, risk.category, risk.current_score) == (
        "Health data sharing",
        owner,
        "data",
        12,
    )


def test_pack_section_renders_the_register_for_the_risk_log_item(board):
    from core.registry import pack_sections

    RiskFactory(board=board, title="ASD assessment waiting times")
    meeting = MeetingFactory(board=board)
    item = AgendaItemFactory(meeting=meeting, standing="risk_log", position=5, title="Risk log")
    other = AgendaItemFactory(meeting=meeting, position=6)
    [html] = pack_sections(meeting, item, public=False)
    assert "5. Risk register – " in html and "ASD assessment waiting times" in html
    assert "<svg" in html
    assert pack_sections(meeting, other, public=False) == []


def test_a_file_that_is_not_a_spreadsheet_is_refused_next_to_the_field(secretary, board):
    upload = SimpleUploadedFile("notes.txt", b"hello")
    response = secretary.post(import_url(board), {"file": upload})
    assert response.context["form"].errors["file"] == ["Upload a CSV (.csv) or Excel (.xlsx) file."]


def test_a_confidential_risk_log_item_stays_out_of_the_public_pack(board):
    from core.registry import pack_sections

    RiskFactory(board=board)
    meeting = MeetingFactory(board=board)
    item = AgendaItemFactory(meeting=meeting, standing="risk_log", confidential=True)
    assert pack_sections(meeting, item, public=True) == []
    assert len(pack_sections(meeting, item, public=False)) == 1


def test_too_long_a_priority_area_is_a_row_error_not_a_crash(secretary, board, owner):
    row = [GOOD[0], "x" * 201, *GOOD[2:]]
    response = secretary.post(import_url(board), {"file": csv_file([row])})
    [bad] = response.context["check"].bad
    assert bad.errors == [
        "Priority area: Ensure this value has at most 200 characters (it has 201)."
    ]
    assert not Risk.objects.exists()
