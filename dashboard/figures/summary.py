"""The key figures of a scope: the summary table, the cards and one sentence per chart."""

from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _

from dashboard.figures.learning import LearningFigures
from dashboard.figures.measures import MeasureFigures
from dashboard.figures.people import PeopleFigures
from dashboard.figures.pipeline import PipelineFigures
from dashboard.figures.plans import PlanFigures
from dashboard.figures.tables import Column, Table


class Summary(PeopleFigures, LearningFigures, PlanFigures, MeasureFigures, PipelineFigures):
    """Totals of every figure of the scope."""

    @cached_property
    def summary(self) -> Table:
        _c, people = self.people
        _c, tasks = self.tasks
        _c, milestones = self.milestones
        _c, certificates = self.certificates
        measures = self.measure_totals
        participations = sum(n for _v, _l, n in self.pipeline)
        rows = [
            (_("Participations"), participations),
            (_("Climate patrons"), people["volunteers"]),
            (_("Climate patrons invited (open or accepted invitations)"), people["invited"]),
            (_("Climate patrons active in the last 30 days"), people["active"]),
            (_("Modules started"), self.learning_totals["started"]),
            (_("Modules completed"), self.learning_totals["completed"]),
            (_("Courses completed"), certificates["issued"]),
            (_("Valid certificates"), certificates["valid"]),
            (_("Tasks done"), tasks["done"]),
            (_("Tasks overdue"), tasks["overdue"]),
            (_("Tasks in total"), tasks["total"]),
            (_("Milestones reached"), milestones["reached"]),
            (_("Milestones overdue"), milestones["overdue"]),
            (_("Measures"), measures["n"]),
            (_("CO₂ saved per year by completed measures (t)"), measures["co2_done"]),
            (_("Investment in measures (€)"), measures["investment"]),
            (_("Funding for measures (€)"), measures["funding"]),
        ]
        if not self.scope.staff:
            rows = [row for row in rows if row[0] != rows[2][0]]
        return Table(
            name="summary",
            title=_("Key figures"),
            columns=[Column("figure", _("Figure")), Column("value", _("Value"), numeric=True)],
            rows=[{"figure": label, "value": value} for label, value in rows],
        )

    @cached_property
    def cards(self) -> list[dict]:
        values = {str(row["figure"]): row["value"] for row in self.summary.rows}
        keys = [
            _("Participations"),
            _("Climate patrons"),
            _("Climate patrons active in the last 30 days"),
            _("Modules completed"),
            _("Courses completed"),
            _("Tasks done"),
            _("Tasks overdue"),
            _("Milestones reached"),
            _("Measures"),
            _("CO₂ saved per year by completed measures (t)"),
            _("Investment in measures (€)"),
            _("Funding for measures (€)"),
        ]
        return [{"label": key, "value": values.get(str(key), 0)} for key in keys]

    @cached_property
    def chart_summaries(self) -> dict:
        """One sentence per chart for people who do not see it."""
        modules = self.modules_table.rows
        best = max(modules, key=lambda row: row["completed"], default=None)
        weekly = self.weekly_table.rows
        busiest = max(weekly, key=lambda row: row["completed"], default=None)
        pipeline = self.pipeline_table.rows
        biggest = max(pipeline, key=lambda row: row["count"], default=None)
        categories = self.measures_category_table.rows
        top = max(categories, key=lambda row: row["count"], default=None)
        return {
            "modules": _(
                "%(modules)s modules; %(started)s started and %(completed)s completed in total. "
                "Most completions: %(best)s (%(best_n)s)."
            )
            % {
                "modules": len(modules),
                "started": self.learning_totals["started"],
                "completed": self.learning_totals["completed"],
                "best": best["module"] if best else "–",
                "best_n": best["completed"] if best else 0,
            },
            "weekly": _(
                "%(weeks)s weeks from %(first)s to %(last)s; %(completed)s modules completed, "
                "most in the week of %(busiest)s (%(busiest_n)s)."
            )
            % {
                "weeks": len(weekly),
                "first": weekly[0]["week"].strftime("%d.%m.%Y") if weekly else "–",
                "last": weekly[-1]["week"].strftime("%d.%m.%Y") if weekly else "–",
                "completed": sum(row["completed"] for row in weekly),
                "busiest": busiest["week"].strftime("%d.%m.%Y") if busiest else "–",
                "busiest_n": busiest["completed"] if busiest else 0,
            },
            "pipeline": _("%(total)s participations; the largest group is “%(status)s” with %(n)s.")
            % {
                "total": sum(row["count"] for row in pipeline),
                "status": biggest["status"] if biggest else "–",
                "n": biggest["count"] if biggest else 0,
            },
            "categories": _("%(total)s measures; most of them in “%(category)s” (%(n)s).")
            % {
                "total": sum(row["count"] for row in categories),
                "category": top["category"] if top else "–",
                "n": top["count"] if top else 0,
            },
        }
