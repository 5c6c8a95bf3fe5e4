"""Participations by pipeline status, per drill-down child."""

from collections import defaultdict

from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _

from dashboard import charts
from dashboard.figures.cache import CachedFigures
from dashboard.figures.rows import CHILD_OF_PARTICIPATION
from dashboard.figures.tables import Column, Table
from municipalities.models import Participation


class PipelineFigures(CachedFigures):
    """How many participations are in which status."""

    @cached_property
    def pipeline(self):
        rows = self.grouped_status()
        counts = defaultdict(int)
        for (_child, status), n in rows.items():
            counts[status] += n
        return [
            (value, label, counts.get(value, 0)) for value, label in Participation.Status.choices
        ]

    @cached_property
    def _status_rows(self):
        return self._cached("status_rows", self._compute_status_rows)

    def _compute_status_rows(self):
        result = defaultdict(int)
        for pk, (_state, _region, status) in self.participation_map.items():
            child = self.child_of(pk) if self.level in CHILD_OF_PARTICIPATION else pk
            result[(child, status)] += 1
        return result

    def grouped_status(self):
        return self._status_rows

    def _participation_counts(self) -> dict:
        counts = defaultdict(int)
        for (child, _status), n in self._status_rows.items():
            counts[child] += n
        return counts

    @cached_property
    def pipeline_table(self) -> Table:
        return Table(
            name="pipeline",
            title=_("Participations by pipeline status"),
            columns=[Column("status", _("Status")), Column("count", _("Participations"), True)],
            rows=[{"status": label, "count": n} for _value, label, n in self.pipeline],
        )

    @cached_property
    def pipeline_chart(self):
        rows = [(row["status"], [row["count"]]) for row in self.pipeline_table.rows]
        return charts.bar_chart("chart-pipeline", rows, [_("Participations")], centered=True)
