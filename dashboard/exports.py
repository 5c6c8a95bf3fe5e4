"""Every table on screen as CSV or XLSX, written by the shared ``core.spreadsheets`` writer
(formulas neutralised, numbers kept, money and CO₂ to two decimals)."""

from django.utils import timezone
from django.utils.text import slugify

from core import spreadsheets

FORMATS = spreadsheets.CONTENT_TYPES


def matrix(table) -> list[list]:
    """Header and rows of ``table`` as plain values."""
    header = [str(column.label) for column in table.columns]
    rows = [
        [spreadsheets.plain_value(row.get(column.key)) for column in table.columns]
        for row in table.rows
    ]
    return [header, *rows]


def to_csv(table) -> bytes:
    return spreadsheets.to_csv(matrix(table))


def to_xlsx(table) -> bytes:
    return spreadsheets.to_xlsx(matrix(table), title=table.title)


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
