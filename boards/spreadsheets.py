"""Spreadsheet exports and imports shared by the action log, risk register and indicators."""

import csv
import io
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from django.http import HttpResponse

_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "\n", "\uff1d", "\uff0b", "\uff0d", "\uff20")
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def neutralise(value):
    """Text that a spreadsheet would run as a formula is prefixed with an apostrophe."""
    if isinstance(value, str) and value.startswith(_FORMULA_STARTS):
        return "'" + value
    return value


def csv_response(filename: str, headers: Sequence[str], rows: Iterable[Sequence]) -> HttpResponse:
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response.write("\ufeff")  # Excel opens UTF-8 CSV correctly only with a BOM
    writer = csv.writer(response)
    writer.writerow(headers)
    for row in rows:
        writer.writerow([neutralise("" if v is None else v) for v in row])
    return response


def xlsx_response(
    filename: str, headers: Sequence[str], rows: Iterable[Sequence], *, title: str = "Sheet"
) -> HttpResponse:
    from openpyxl import Workbook

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title=title[:31])
    sheet.append(list(headers))
    for row in rows:
        sheet.append([neutralise(v) for v in row])
    buffer = io.BytesIO()
    workbook.save(buffer)
    response = HttpResponse(buffer.getvalue(), content_type=XLSX_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


class UnreadableFile(ValueError):
    pass


def read_table(upload) -> tuple[list[str], list[list[str]]]:
    """Headers and rows of an uploaded CSV or XLSX file, every cell as stripped text."""
    name = (upload.name or "").lower()
    data = upload.read()
    if name.endswith(".xlsx") or data[:4] == b"PK\x03\x04":
        from openpyxl import load_workbook

        try:
            workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
        except Exception as error:  # openpyxl raises many kinds for a damaged file
            raise UnreadableFile("The file is not a readable Excel (.xlsx) workbook.") from error
        sheet = workbook.worksheets[0]
        table = [
            ["" if cell is None else str(cell).strip() for cell in row]
            for row in sheet.iter_rows(values_only=True)
        ]
    elif name.endswith(".csv"):
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError:
            text = data.decode("cp1252", errors="replace")
        table = [[cell.strip() for cell in row] for row in csv.reader(io.StringIO(text))]
    else:
        raise UnreadableFile("Upload a CSV (.csv) or Excel (.xlsx) file.")
    table = [row for row in table if any(row)]
    if not table:
        raise UnreadableFile("The file has no rows.")
    headers, *rows = table
    width = len(headers)
    return headers, [(row + [""] * width)[:width] for row in rows]


@dataclass
class RowResult:
    """One row of an import preview: its number in the file, cleaned values, or its errors."""

    number: int
    values: dict = field(default_factory=dict)
    errors: list[str] = field(default_factory=list)

    @property
    def ok(self):
        return not self.errors
