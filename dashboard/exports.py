"""Every table on screen as CSV (UTF-8 with BOM, so Excel reads the umlauts) or XLSX."""

import csv
import io
from datetime import date
from decimal import Decimal

from django.utils import timezone
from django.utils.text import slugify

FORMATS = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


def _value(value):
    if value is None:
        return ""
    if isinstance(value, (int, float, Decimal, date)):
        return value
    return str(value)


def matrix(table) -> list[list]:
    """Header and rows of ``table`` as plain values."""
    header = [str(column.label) for column in table.columns]
    rows = [[_value(row.get(column.key)) for column in table.columns] for row in table.rows]
    return [header, *rows]


def to_csv(table) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    for row in matrix(table):
        writer.writerow([value.isoformat() if isinstance(value, date) else value for value in row])
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def to_xlsx(table) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Font

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = slugify(str(table.title))[:31] or "export"
    for index, row in enumerate(matrix(table)):
        sheet.append([float(v) if isinstance(v, Decimal) else v for v in row])
        if index == 0:
            for cell in sheet[1]:
                cell.font = Font(bold=True)
    for column in range(len(table.columns)):
        for cell in sheet.iter_rows(min_col=column + 1, max_col=column + 1, min_row=2):
            if isinstance(cell[0].value, date):
                cell[0].number_format = "DD.MM.YYYY"
    sheet.freeze_panes = "A2"
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def render(table, fmt) -> bytes:
    return to_xlsx(table) if fmt == "xlsx" else to_csv(table)


def filename(scope, table_name, fmt) -> str:
    parts = ["klimapaten", scope.level.value]
    for item in (scope.state and scope.state.short, scope.region and scope.region.slug):
        if item and scope.level.value in {"state", "region"}:
            parts.append(slugify(item))
    if scope.participation is not None:
        parts.append(str(scope.participation.pk))
    if scope.person is not None:
        parts.append(str(scope.person.pk))
    parts += [table_name.replace("_", "-"), timezone.localdate().isoformat()]
    return "-".join(parts) + f".{fmt}"
