"""Learning progress: modules started and completed, per week, per child, and certificates.

At programme, state and region level from the aggregates (``dashboard/models.py``); below
that directly from the progress table (small by then).
"""

from collections import defaultdict
from datetime import timedelta

from django.db.models import Count, DateField, F, Q
from django.db.models.functions import TruncWeek
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _

from courses.models import Certificate, CoursePage, ModulePage, ModuleProgress
from courses.permissions import pages_in_regions, visible_region_ids
from dashboard import charts
from dashboard.figures.rows import ScopedRows, _dates_in_period, _in_period, _sum
from dashboard.figures.tables import Column, Table
from dashboard.forms import monday
from dashboard.models import (
    CertificateAggregate,
    ModuleActivityAggregate,
    ParticipationWeekAggregate,
)
from dashboard.scope import Level
from municipalities.scoping import participation_lookup

WEEKS_SHOWN = 52


class LearningFigures(ScopedRows):
    """Learning figures of the scope's courses and modules."""

    @property
    def uses_aggregates(self) -> bool:
        return self.level in (Level.PROGRAMME, Level.STATE, Level.REGION)

    def _aggregate_rows(self, model):
        queryset = model.objects.filter(self.scope.aggregate_filter())
        if self.filters.course is not None:
            queryset = queryset.filter(course=self.filters.course)
        return queryset.filter(_dates_in_period("week", self.period))

    def _progress_rows(self):
        queryset = ModuleProgress.objects.all()
        if self.level == Level.PERSON:
            queryset = queryset.filter(user=self.scope.person)
        else:
            queryset = queryset.filter(
                **{participation_lookup(ModuleProgress, "pk__in"): self.participation_ids}
            )
        if self.filters.course is not None:
            queryset = queryset.filter(course=self.filters.course)
        return queryset

    def _progress_counts(self):
        return {
            "started": Count("pk", filter=_in_period("started_at", self.period)),
            "completed": Count(
                "pk",
                filter=Q(completed_at__isnull=False) & _in_period("completed_at", self.period),
            ),
        }

    @cached_property
    def module_counts(self) -> dict:
        """module id → (started, completed)."""
        if self.uses_aggregates:
            rows = (
                self._aggregate_rows(ModuleActivityAggregate)
                .values("module_id")
                .annotate(started=_sum("started"), completed=_sum("completed"))
                .order_by()
            )
        else:
            rows = (
                self._progress_rows()
                .values("module_id")
                .annotate(**self._progress_counts())
                .order_by()
            )
        return {row["module_id"]: (row["started"], row["completed"]) for row in rows}

    @cached_property
    def weekly_counts(self) -> dict:
        """week → (started, completed)."""
        counts = defaultdict(lambda: [0, 0])
        if self.uses_aggregates:
            for row in (
                self._aggregate_rows(ModuleActivityAggregate)
                .filter(week__gte=self.week_range[0])
                .values("week")
                .annotate(started=_sum("started"), completed=_sum("completed"))
                .order_by()
            ):
                counts[row["week"]] = [row["started"], row["completed"]]
            return counts
        start_at = timezone.make_aware(
            timezone.datetime.combine(self.week_range[0], timezone.datetime.min.time())
        )
        base = self._progress_rows()
        for index, path in ((0, "started_at"), (1, "completed_at")):
            rows = (
                base.filter(**{f"{path}__gte": start_at})
                .filter(_in_period(path, self.period))
                .values(bucket=TruncWeek(path, output_field=DateField()))
                .annotate(n=Count("pk"))
                .order_by()
            )
            for row in rows:
                counts[row["bucket"]][index] += row["n"]
        return counts

    @cached_property
    def week_range(self):
        last = monday(self.period.last_day or self.today)
        if self.period.start is not None:
            first = self.period.start
        else:
            first = last - timedelta(weeks=WEEKS_SHOWN - 1)
        first = max(first, last - timedelta(weeks=5 * WEEKS_SHOWN))
        return first, last

    @cached_property
    def learning_by_child(self) -> dict:
        """child → {started, completed} (the level's drill-down rows)."""
        if self.level in (Level.PROGRAMME, Level.STATE):
            key = "state_id" if self.level == Level.PROGRAMME else "region_id"
            rows = (
                self._aggregate_rows(ModuleActivityAggregate)
                .values(child=F(key))
                .annotate(started=_sum("started"), completed=_sum("completed"))
                .order_by()
            )
        elif self.level == Level.REGION:
            return self.participation_weeks
        elif self.level == Level.PARTICIPATION:
            rows = (
                self._progress_rows()
                .values(child=F("user_id"))
                .annotate(**self._progress_counts())
                .order_by()
            )
        else:
            return {}
        return {row["child"]: row for row in rows}

    @cached_property
    def certificates(self) -> tuple[dict, dict]:
        """(per child, totals) of issued and valid certificates."""
        if self.level in (Level.PROGRAMME, Level.STATE):
            key = "state_id" if self.level == Level.PROGRAMME else "region_id"
            rows = (
                self._aggregate_rows(CertificateAggregate)
                .values(child=F(key))
                .annotate(issued=_sum("issued"), revoked=_sum("revoked"))
                .order_by()
            )
        elif self.level == Level.REGION:
            rows = [
                {"child": child, "issued": row["issued"], "revoked": row["revoked"]}
                for child, row in self.participation_weeks.items()
            ]
        else:
            queryset = Certificate.objects.filter(course__isnull=False)
            if self.level == Level.PERSON:
                queryset = queryset.filter(user=self.scope.person)
            else:
                queryset = queryset.filter(
                    **{participation_lookup(Certificate, "pk__in"): self.participation_ids}
                )
            child = "user_id"  # a participation's people, or the person (regions: see above)
            if self.filters.course is not None:
                queryset = queryset.filter(course=self.filters.course)
            queryset = queryset.filter(_dates_in_period("issued_on", self.period))
            rows = (
                queryset.values(child=F(child))
                .annotate(
                    issued=Count("pk"), revoked=Count("pk", filter=Q(revoked_at__isnull=False))
                )
                .order_by()
            )
        per_child = {}
        totals = {"issued": 0, "valid": 0}
        for row in rows:
            valid = row["issued"] - row["revoked"]
            per_child[row["child"]] = {"issued": row["issued"], "valid": valid}
            totals["issued"] += row["issued"]
            totals["valid"] += valid
        return per_child, totals

    @cached_property
    def participation_weeks(self) -> dict:
        """participation → started, completed, issued, revoked (region level, aggregates)."""
        queryset = ParticipationWeekAggregate.objects.filter(
            participation__in=self.participation_ids
        )
        if self.filters.course is not None:
            queryset = queryset.filter(course=self.filters.course)
        queryset = queryset.filter(_dates_in_period("week", self.period))
        rows = (
            queryset.values(child=F("participation_id"))
            .annotate(
                started=_sum("started"),
                completed=_sum("completed"),
                issued=_sum("issued"),
                revoked=_sum("revoked"),
            )
            .order_by()
        )
        return {row["child"]: row for row in rows}

    @cached_property
    def modules(self) -> list[dict]:
        """Live modules (of the filtered course) in curriculum order, with their course."""
        courses = {course.path: course for course in self.courses}
        queryset = ModulePage.objects.live().order_by("path")
        if self.filters.course is not None:
            queryset = queryset.child_of(self.filters.course)
        result = []
        for module in queryset.values("pk", "title", "path", "depth"):
            course = courses.get(module["path"][: -ModulePage.steplen])
            if course is not None:
                result.append({**module, "course": course})
        return result

    @cached_property
    def courses(self):
        live = CoursePage.objects.live()
        return list(pages_in_regions(live, visible_region_ids(self.scope.user)).order_by("path"))

    @cached_property
    def learning_totals(self) -> dict:
        started = sum(started for started, _completed in self.module_counts.values())
        completed = sum(completed for _started, completed in self.module_counts.values())
        return {"started": started, "completed": completed}

    @cached_property
    def modules_table(self) -> Table:
        rows = []
        for module in self.modules:
            started, completed = self.module_counts.get(module["pk"], (0, 0))
            rows.append(
                {
                    "course": module["course"].title,
                    "module": module["title"],
                    "started": started,
                    "completed": completed,
                    "rate": round(100 * completed / started) if started else 0,
                }
            )
        return Table(
            name="modules",
            title=_("Completion per module"),
            columns=[
                Column("course", _("Course")),
                Column("module", _("Module")),
                Column("started", _("Started"), True),
                Column("completed", _("Completed"), True),
                Column("rate", _("Completed of started (%)"), True),
            ],
            rows=rows,
        )

    @cached_property
    def weekly_table(self) -> Table:
        first, last = self.week_range
        rows = []
        week = first
        while week <= last:
            started, completed = self.weekly_counts.get(week, (0, 0))
            rows.append({"week": week, "started": started, "completed": completed})
            week += timedelta(weeks=1)
        return Table(
            name="weekly",
            title=_("Learning activity per week"),
            columns=[
                Column("week", _("Week beginning")),
                Column("started", _("Modules started"), True),
                Column("completed", _("Modules completed"), True),
            ],
            rows=rows,
        )

    @cached_property
    def module_chart(self):
        rows = [
            (f"{row['module']}", [row["started"], row["completed"]])
            for row in self.modules_table.rows
        ]
        return charts.bar_chart("chart-modules", rows, [_("Started"), _("Completed")])

    @cached_property
    def weekly_chart(self):
        rows = self.weekly_table.rows
        labels = [row["week"].strftime("%d.%m.") for row in rows]
        return charts.line_chart(
            "chart-weekly",
            labels,
            {
                _("Modules started"): [row["started"] for row in rows],
                _("Modules completed"): [row["completed"] for row in rows],
            },
        )
