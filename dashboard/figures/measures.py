"""Climate measures: counts, CO₂ savings, investment and funding by status and category."""

from collections import defaultdict

from django.db.models import Count, Q
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _

from coaching.models import Measure
from dashboard import charts
from dashboard.figures.cache import CachedFigures
from dashboard.figures.rows import CHILD_OF_PARTICIPATION, ZERO, _money
from dashboard.figures.tables import Column, Table


class MeasureFigures(CachedFigures):
    """Measures of the scope, grouped by status, category and child."""

    @cached_property
    def measures_by(self):
        return self._cached("measures_by", self._compute_measures_by)

    def _compute_measures_by(self) -> dict:
        """(status, category) → count and sums, in one query."""
        rows = (
            self.rows_of(Measure)
            .values("status", "category")
            .annotate(
                n=Count("pk"),
                co2=_money("co2_savings_tonnes"),
                investment=_money("investment_eur"),
                funding=_money("funding_eur"),
            )
            .order_by()
        )
        return {(row["status"], row["category"]): row for row in rows}

    @cached_property
    def measures_by_child(self):
        return self._cached("measures_by_child", self._compute_measures_by_child)

    def _compute_measures_by_child(self) -> dict:
        if self.level not in CHILD_OF_PARTICIPATION:
            return {}
        per_child, _totals = self.grouped(
            self.rows_of(Measure),
            n=Count("pk"),
            co2=_money("co2_savings_tonnes", Q(status=Measure.Status.DONE)),
        )
        return per_child

    def _measure_totals(self, key_index):
        result = defaultdict(lambda: {"n": 0, "co2": ZERO, "investment": ZERO, "funding": ZERO})
        for key, row in self.measures_by.items():
            bucket = result[key[key_index]]
            for name in ("n", "co2", "investment", "funding"):
                bucket[name] += row[name]
        return result

    @cached_property
    def measure_totals(self) -> dict:
        by_status = self._measure_totals(0)
        total = {"n": 0, "co2": ZERO, "investment": ZERO, "funding": ZERO}
        for row in by_status.values():
            for name in total:
                total[name] += row[name]
        total["co2_done"] = by_status[Measure.Status.DONE]["co2"]
        return total

    @cached_property
    def measures_status_table(self) -> Table:
        by_status = self._measure_totals(0)
        rows = []
        for value, label in Measure.Status.choices:
            row = by_status.get(value) or {"n": 0, "co2": ZERO, "investment": ZERO, "funding": ZERO}
            rows.append(
                {
                    "status": label,
                    "count": row["n"],
                    "co2": row["co2"],
                    "investment": row["investment"],
                    "funding": row["funding"],
                }
            )
        return Table(
            name="measures_status",
            title=_("Measures by status"),
            columns=[
                Column("status", _("Status")),
                Column("count", _("Measures"), True),
                Column("co2", _("CO₂ saving (t per year)"), True),
                Column("investment", _("Investment (€)"), True),
                Column("funding", _("Funding (€)"), True),
            ],
            rows=rows,
        )

    @cached_property
    def measures_category_table(self) -> Table:
        by_category = self._measure_totals(1)
        rows = []
        for value, label in Measure.Category.choices:
            row = by_category.get(value) or {"n": 0, "co2": ZERO}
            rows.append({"category": label, "count": row["n"], "co2": row["co2"]})
        return Table(
            name="measures_category",
            title=_("Measures by category"),
            columns=[
                Column("category", _("Category")),
                Column("count", _("Measures"), True),
                Column("co2", _("CO₂ saving (t per year)"), True),
            ],
            rows=rows,
        )

    @cached_property
    def category_chart(self):
        rows = [(row["category"], [row["count"]]) for row in self.measures_category_table.rows]
        return charts.bar_chart("chart-categories", rows, [_("Measures")])

    def _measure_columns(self):
        return [
            Column("measures", _("Measures"), True),
            Column("co2", _("CO₂ saved (t per year)"), True),
        ]

    def _measure_cells(self, child):
        row = self.measures_by_child.get(child, {})
        return {"measures": row.get("n", 0), "co2": row.get("co2", ZERO)}
