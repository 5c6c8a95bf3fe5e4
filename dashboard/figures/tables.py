"""The tables of the progress review (on screen and in every export) and the breadcrumbs."""

from dataclasses import dataclass

from django.core.paginator import Page
from django.utils.html import conditional_escape, format_html
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _

from dashboard.templatetags.dashboard_tags import formatter


@dataclass
class Column:
    key: str
    label: str
    numeric: bool = False
    link: str = ""  # key of the row's URL, if the cell links somewhere


@dataclass
class Table:
    name: str
    title: str
    columns: list[Column]
    rows: list[dict]
    count: int | None = None  # all rows, when ``rows`` is a shortened list
    note: str = ""
    pager: Page | None = None  # the page of a paged table (includes/pagination.html)

    @property
    def total_rows(self) -> int:
        return len(self.rows) if self.count is None else self.count

    @property
    def shortened(self) -> bool:
        return self.count is not None and self.count > len(self.rows)

    def body_html(self):
        """The table rows as HTML; built here rather than in a template because a region's
        table has hundreds of rows and the template engine would dominate the response time."""
        cell = formatter()
        if not self.rows:
            return format_html(
                '<tr><td colspan="{}">{}</td></tr>', len(self.columns), _("Nothing to show.")
            )
        lines = []
        for row in self.rows:
            cells = []
            for index, column in enumerate(self.columns):
                value = conditional_escape(cell(row.get(column.key)))
                url = row.get(column.link) if column.link else None
                if url:
                    value = format_html('<a href="{}">{}</a>', url, value)
                if index == 0:
                    cells.append(f'<th scope="row">{value}</th>')
                elif column.numeric:
                    cells.append(f'<td class="num">{value}</td>')
                else:
                    cells.append(f"<td>{value}</td>")
            lines.append("<tr>" + "".join(cells) + "</tr>")
        return mark_safe("\n".join(lines))  # noqa: S308 - every value is escaped above


@dataclass
class Crumb:
    label: str
    url: str = ""
