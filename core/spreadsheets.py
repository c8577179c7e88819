"""Spreadsheet exports and imports shared by the action log, risk register and indicators."""

import codecs
import csv
import io
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from django.http import HttpResponse

from .downloads import as_download
from .inputs import clean_text

_FORMULA = "=+-@\uff1d\uff0b\uff0d\uff20"  # and their full-width forms, which Excel also reads
_FORMULA_STARTS = (*_FORMULA, "\t", "\r", "\n")
# A reader set to split a CSV file's cells at another character than the comma (a semicolon, as
# Excel does in much of Europe, a tab or a bar) starts a new cell after it, unquoted.
_AFTER_SEPARATOR = re.compile(f'([;,|\t][\\s"]*)(?=[{re.escape(_FORMULA)}])')
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def neutralise(value, *, in_csv: bool = False):
    """Text that a spreadsheet would run as a formula gets an apostrophe before it, which
    spreadsheets read as "this is text": a cell starting with =, +, -, @, a tab or a line break;
    in a CSV file, also each formula character that follows a separator (; , | or tab, then any
    spaces or quotes), since a reader splitting at that separator would start a cell there.
    An Excel workbook's cells are never split, so only their start matters."""
    if not isinstance(value, str):
        return value
    if in_csv:
        value = _AFTER_SEPARATOR.sub(r"\1'", value)
    return "'" + value if value.startswith(_FORMULA_STARTS) else value


def _xlsx_cell(value):
    # The text comes in clean (core.inputs); this keeps older records from failing the export.
    return neutralise(clean_text(value) if isinstance(value, str) else value)


def csv_response(filename: str, headers: Sequence[str], rows: Iterable[Sequence]) -> HttpResponse:
    response = as_download(HttpResponse(content_type="text/csv; charset=utf-8"), filename)
    response.write("\ufeff")  # Excel opens UTF-8 CSV correctly only with a BOM
    writer = csv.writer(response)
    writer.writerow(headers)
    for row in rows:
        writer.writerow([neutralise("" if v is None else v, in_csv=True) for v in row])
    return response


def xlsx_response(
    filename: str, headers: Sequence[str], rows: Iterable[Sequence], *, title: str = "Sheet"
) -> HttpResponse:
    from openpyxl import Workbook

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title=title[:31])
    sheet.append(list(headers))
    for row in rows:
        sheet.append([_xlsx_cell(v) for v in row])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return as_download(HttpResponse(buffer.getvalue(), content_type=XLSX_TYPE), filename)


class UnreadableFile(ValueError):
    pass


MAX_ROWS = 10_000
_TRY_ENCODINGS = ("utf-8-sig", "cp1252")  # Excel's "CSV UTF-8", then its plain "CSV" in the UK
NOT_TEXT = (
    "The file is not a CSV file we can read: save it from your spreadsheet as "
    "“CSV UTF-8” (or as an Excel .xlsx workbook) and upload it again."
)


def read_table(upload, *, max_rows: int | None = None) -> tuple[list[str], list[list[str]]]:
    """Headers and rows of an uploaded CSV or XLSX file, every cell as stripped text cleaned as
    typed text is (core.inputs), rows left empty dropped. The rows are read one by one, and a
    file of more than `max_rows` rows is refused on reaching the first row too many.

    CSV files may be UTF-8 (with or without the byte order mark Excel writes), UTF-16 with its
    byte order mark, or Windows-1252, with line endings of any kind (CRLF, LF or CR alone)."""
    max_rows = max_rows or MAX_ROWS
    name = (upload.name or "").lower()
    upload.seek(0)
    is_zip = upload.read(4) == b"PK\x03\x04"
    if name.endswith(".xlsx") or is_zip:
        rows = _xlsx_rows(upload)
    elif name.endswith(".csv"):
        rows = _csv_rows(upload)
    else:
        raise UnreadableFile("Upload a CSV (.csv) or Excel (.xlsx) file.")
    table = []
    for row in rows:
        cells = [clean_text(cell).strip() for cell in row]
        if not any(cells):
            continue
        if len(table) > max_rows:  # the headings and max_rows rows are in already
            raise UnreadableFile(
                f"The file has more than {max_rows:,} rows: split it into files of at most "
                f"{max_rows:,} rows each and import them one by one."
            )
        table.append(cells)
    if not table:
        raise UnreadableFile("The file has no rows.")
    headers, *rows = table
    width = len(headers)
    return headers, [(row + [""] * width)[:width] for row in rows]


def _xlsx_rows(upload):
    from openpyxl import load_workbook

    try:
        upload.seek(0)
        workbook = load_workbook(upload, read_only=True, data_only=True)
        sheet = workbook.worksheets[0]
        for row in sheet.iter_rows(values_only=True):
            yield ["" if cell is None else str(cell) for cell in row]
    except Exception as error:  # openpyxl raises many kinds for a damaged file
        raise UnreadableFile("The file is not a readable Excel (.xlsx) workbook.") from error


def _encoding_of(upload) -> str:
    """The encoding the whole file decodes in, checked chunk by chunk."""
    upload.seek(0)
    if upload.read(2) in (codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE):
        return "utf-16"
    for encoding in _TRY_ENCODINGS:
        decoder = codecs.getincrementaldecoder(encoding)()
        upload.seek(0)
        try:
            while chunk := upload.read(64 * 1024):
                if b"\x00" in chunk:  # UTF-16 without its mark, or not text at all
                    raise UnreadableFile(NOT_TEXT)
                decoder.decode(chunk)
            decoder.decode(b"", final=True)
        except UnicodeDecodeError:
            continue
        return encoding
    raise UnreadableFile(NOT_TEXT)


def _csv_rows(upload):
    encoding = _encoding_of(upload)
    upload.seek(0)
    # newline="" hands the reader the line endings as they are, so that it ends rows at any of
    # them and keeps line breaks inside quoted cells.
    text = io.TextIOWrapper(upload, encoding=encoding, newline="")
    reader = csv.reader(text)
    try:
        yield from reader
    except (csv.Error, UnicodeDecodeError) as error:
        raise UnreadableFile(
            f"Row {max(reader.line_num, 1)} of the file cannot be read as CSV ({error}). "
            "Correct it and upload the file again."
        ) from error
    finally:
        text.detach()  # leave the upload open for whoever owns it


@dataclass
class RowResult:
    """One row of an import preview: its number in the file, cleaned values, or its errors."""

    number: int
    values: dict = field(default_factory=dict)
    errors: list[str] = field(default_factory=list)

    @property
    def ok(self):
        return not self.errors
