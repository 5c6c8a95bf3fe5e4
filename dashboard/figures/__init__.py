"""The figures and tables of one level of the progress review, with a fixed number of queries.

Each figure is one grouped query (``values(child).annotate(...)``) over the scope's rows; the
level's totals are the sums of its children, so the programme, a state, a region and a
participation always add up. Learning figures at programme, state and region level come from
the aggregates (``dashboard/models.py``); a region's participations, a participation's people
and a person are computed directly from the progress table (small by then).

Every table here is also an export (``dashboard/exports.py``); tables are built lazily, so an
export builds only its own.

The package, one module per kind of figure, each a mixin that depends only on the ones below
it (none imports this ``__init__``)::

    tables    Column, Table, Crumb                       (no other module of the package)
    rows      ScopedRows: the scope's rows, grouped per drill-down child; reaches a row's
              participation only through ``municipalities.scoping.participation_lookup``
    links     Links: URLs between the levels
    cache     CachedFigures, cache_generation, forget_cached_figures      → rows
    learning  LearningFigures: modules, weeks, certificates               → rows, tables
    pipeline  PipelineFigures: participations by status                   → cache, rows, tables
    people    PeopleFigures: members and invitations                      → cache
    plans     PlanFigures: tasks and milestones                           → cache, rows
    measures  MeasureFigures: measures by status, category, child         → cache, rows, tables
    at_risk   AtRiskTables: the at-risk lists                             → people, plans, links
    drilldown DrillDown: the table of each level's children               → all figures, links
    summary   Summary: key figures, cards, chart sentences                → all figures

``Dashboard`` below only composes them and names the tables an export may ask for.
"""

from django.utils import timezone

from dashboard.figures.at_risk import AT_RISK_LIMIT, AtRiskTables
from dashboard.figures.cache import cache_generation, forget_cached_figures
from dashboard.figures.drilldown import DrillDown
from dashboard.figures.summary import Summary
from dashboard.figures.tables import Column, Crumb, Table
from dashboard.forms import Filters
from dashboard.scope import Level, Scope

__all__ = [
    "AT_RISK_LIMIT",
    "PAGE_SIZE",
    "Column",
    "Crumb",
    "Dashboard",
    "Table",
    "cache_generation",
    "forget_cached_figures",
]

# Participations per page of a region's table (exports have all). Read when a ``Dashboard`` is
# made, from this module, so that ``dashboard.figures.PAGE_SIZE`` is the one place to change it.
PAGE_SIZE = 100


class Dashboard(Summary, DrillDown, AtRiskTables):
    """All figures of one scope and filter set; every property is computed once, on use."""

    def __init__(
        self,
        scope: Scope,
        filters: Filters,
        *,
        today=None,
        limit=AT_RISK_LIMIT,
        page=1,
        page_size="default",
    ):
        self.page = page
        self.page_size = PAGE_SIZE if page_size == "default" else page_size
        self.scope = scope
        self.filters = filters
        self.period = filters.period
        self.today = today or timezone.localdate()
        self.now = timezone.now()
        self.limit = limit

    def table_names(self) -> list[str]:
        names = ["summary", "pipeline", "modules", "weekly", "measures_status", "measures_category"]
        if self.scope.sees_people:
            names += ["children", "at_risk_volunteers"]
        names.append("at_risk_milestones")
        if self.level not in (Level.PARTICIPATION, Level.PERSON):
            names.append("at_risk_participations")
        return names

    def table(self, name, *, full=True) -> Table | None:
        """One table by name; at-risk lists complete (``full``) or shortened."""
        if name not in self.table_names():
            return None
        if name.startswith("at_risk_"):
            return getattr(self, name)(None if full else self.limit)
        attribute = {
            "summary": "summary",
            "pipeline": "pipeline_table",
            "modules": "modules_table",
            "weekly": "weekly_table",
            "measures_status": "measures_status_table",
            "measures_category": "measures_category_table",
            "children": "children",
        }[name]
        return getattr(self, attribute)

    def table_size(self, name) -> int:
        """How many rows an export of ``name`` has, without building long lists."""
        counters = {
            "at_risk_volunteers": lambda: self._inactive_volunteers().count(),
            "at_risk_milestones": lambda: self._overdue_milestones().count(),
            "at_risk_participations": lambda: self._stalled_participations().count(),
            "children": lambda: self.participations.count() if self.level == Level.REGION else None,
        }
        counter = counters.get(name)
        size = counter() if counter else None
        if size is None:
            table = self.table(name)
            size = len(table.rows) if table else 0
        return size
