"""The figures and tables of one level of the progress review, with a fixed number of queries.

Each figure is one grouped query (``values(child).annotate(...)``) over the scope's rows; the
level's totals are the sums of its children, so the programme, a state, a region and a
participation always add up. Learning figures at programme, state and region level come from
the aggregates (``dashboard/models.py``); a region's participations, a participation's people
and a person are computed directly from the progress table (small by then).

Every table here is also an export (``dashboard/exports.py``); tables are built lazily, so an
export builds only its own.
"""

import hashlib
from collections import defaultdict
from dataclasses import dataclass
from datetime import timedelta
from decimal import Decimal
from urllib.parse import urlencode

from django.conf import settings
from django.core.cache import cache
from django.db.models import Count, DateField, F, Q, Sum
from django.db.models.functions import Coalesce, TruncWeek
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.html import conditional_escape, format_html
from django.utils.safestring import mark_safe
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from dashboard import charts
from dashboard.forms import Filters, monday
from dashboard.scope import Level, Scope

GENERATION_KEY = "dashboard:generation"
AT_RISK_LIMIT = 50
AT_RISK_CACHED = (Level.PROGRAMME, Level.STATE, Level.REGION)
PAGE_SIZE = 100  # participations per page of a region's table (exports have all)
INACTIVE_DAYS = 30
STALLED_DAYS = 60
ACTIVE_DAYS = 30
WEEKS_SHOWN = 52
ZERO = Decimal("0")


def cache_generation(region_id=None) -> int:
    """Part of every cache key: the programme's generation, or a region's."""
    key = GENERATION_KEY if region_id is None else f"{GENERATION_KEY}:{region_id}"
    return cache.get_or_set(key, 1, None)


def forget_cached_figures(region_id=None) -> None:
    """Make cached figures stale: a region's (its at-risk lists, after a write there) or,
    without a region, everything (e.g. after an import)."""
    key = GENERATION_KEY if region_id is None else f"{GENERATION_KEY}:{region_id}"
    try:
        cache.incr(key)
    except ValueError:
        cache.set(key, 1, None)


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
    pager: dict | None = None

    @property
    def total_rows(self) -> int:
        return len(self.rows) if self.count is None else self.count

    @property
    def shortened(self) -> bool:
        return self.count is not None and self.count > len(self.rows)

    def body_html(self):
        """The table rows as HTML; built here rather than in a template because a region's
        table has hundreds of rows and the template engine would dominate the response time."""
        from dashboard.templatetags.dashboard_tags import formatter

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


def _sum(field_name):
    return Coalesce(Sum(field_name), 0)


def _money(field_name, condition=None):
    return Coalesce(Sum(field_name, filter=condition), ZERO)


def _in_period(path, period):
    condition = Q()
    if period.start is not None:
        condition &= Q(**{f"{path}__gte": period.start_at})
    if period.end is not None:
        condition &= Q(**{f"{path}__lt": period.end_at})
    return condition


def _dates_in_period(path, period):
    condition = Q()
    if period.start is not None:
        condition &= Q(**{f"{path}__gte": period.start})
    if period.end is not None:
        condition &= Q(**{f"{path}__lt": period.end})
    return condition


# Where each model's rows point to their participation, and how they belong to a child row.
PARTICIPATION_PATH = {
    "participation": "",
    "membership": "participation__",
    "invitation": "participation__",
    "task": "plan__participation__",
    "milestone": "plan__participation__",
    "measure": "participation__",
}
CHILD_OF_PARTICIPATION = {
    Level.PROGRAMME: "municipality__state_id",
    Level.STATE: "region_id",
    Level.REGION: "id",
}
PERSON_PATH = {"membership": "user_id", "task": "owner_id", "milestone": "owner_id"}


class Dashboard:
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

    # Scope helpers -----------------------------------------------------------------------

    @property
    def level(self) -> Level:
        return self.scope.level

    @cached_property
    def participations(self):
        return self.scope.participations()

    @cached_property
    def participation_ids(self):
        return self.participations.values("pk")

    @cached_property
    def participation_map(self) -> dict:
        """participation id → (state id, region id, status) of every participation in scope."""
        return {
            row[0]: row[1:]
            for row in self.participations.values_list(
                "pk", "municipality__state_id", "region_id", "status"
            ).order_by()
        }

    def child_of(self, participation_id):
        """The drill-down row a participation belongs to at this level."""
        place = self.participation_map.get(participation_id)
        if place is None:
            return None
        if self.level == Level.PROGRAMME:
            return place[0]
        if self.level == Level.STATE:
            return place[1]
        return participation_id

    def child_path(self, source):
        """The values() path that groups ``source`` rows by child of this level."""
        if self.level in CHILD_OF_PARTICIPATION:
            return (
                PARTICIPATION_PATH[source] + "id"
                if source == "participation"
                else (PARTICIPATION_PATH[source][:-2] + "_id")
            )
        if self.level == Level.PARTICIPATION:
            return PERSON_PATH.get(source)
        return None

    def rows_of(self, model, source):
        """``model`` rows of this scope, through the model's own scoping manager."""
        queryset = model.objects.visible_to(self.scope.user)
        prefix = PARTICIPATION_PATH[source]
        queryset = queryset.filter(**{f"{prefix}pk__in": self.participation_ids})
        if self.level == Level.PERSON and source in PERSON_PATH:
            queryset = queryset.filter(**{PERSON_PATH[source]: self.scope.person.pk})
        if self.level == Level.PERSON and source == "measure":
            queryset = queryset.filter(patrons=self.scope.person)
        return queryset

    def grouped(self, queryset, source, **annotations) -> tuple[dict, dict]:
        """(per child, totals) of ``annotations`` over ``queryset``.

        Above the participation level the rows are grouped by participation in SQL (no joins
        to places) and added up per state or region here.
        """
        path = self.child_path(source)
        per_child = defaultdict(lambda: defaultdict(int))
        totals = defaultdict(int)
        if path is None:
            row = queryset.aggregate(**annotations)
            for key, value in row.items():
                totals[key] = value or 0
            return {}, {key: totals.get(key, 0) for key in annotations}
        by_participation = self.level in CHILD_OF_PARTICIPATION
        for row in queryset.values(child=F(path)).annotate(**annotations).order_by():
            child = row.pop("child")
            if by_participation:
                child = self.child_of(child)
            for key, value in row.items():
                per_child[child][key] += value or 0
                totals[key] += value or 0
        return dict(per_child), {key: totals.get(key, 0) for key in annotations}

    # Programme data ----------------------------------------------------------------------

    def _cached(self, name, compute, levels=(Level.PROGRAMME, Level.STATE)):
        """Figures that are not learning progress (people, plans, measures, at-risk lists) of
        the programme and of a state, cached for ``DASHBOARD_CACHE_SECONDS``: grouping 100,000
        memberships on every request would cost more than all learning aggregates together.
        A region's figures are computed fresh; only its at-risk lists (long sorted lists) are
        cached too, and a write to the region's participations, memberships, invitations,
        plans, tasks, milestones or measures makes them stale at once (``signals.py``).
        Programme and state figures are not invalidated by single writes (at national scale
        something changes every few seconds): they are at most ``DASHBOARD_CACHE_SECONDS``
        old, while their learning figures always come live from the aggregates."""
        seconds = getattr(settings, "DASHBOARD_CACHE_SECONDS", 0)
        if self.level not in levels or not seconds:
            return compute()
        key = self.cache_key(name)
        value = cache.get(key)
        if value is None:
            value = compute()
            cache.set(key, value, seconds)
        return value

    def cache_key(self, name) -> str:
        scope = self.scope
        if scope.coordinator:
            regions = "all"
        else:
            regions = ",".join(str(pk) for pk in sorted(self._managed_region_ids))
        parts = [
            name,
            scope.level.value,
            scope.state.pk if scope.state else "",
            scope.region.pk if scope.region else "",
            regions,
            urlencode(sorted(self.filters.query().items())),
            self.today.isoformat(),
            get_language() or "",
            str(self._generation),
        ]
        digest = hashlib.sha256("|".join(map(str, parts)).encode()).hexdigest()[:32]
        return f"dashboard:{digest}"

    @cached_property
    def _generation(self) -> str:
        generation = str(cache_generation())
        if self.scope.region is not None:
            generation += f".{cache_generation(self.scope.region.pk)}"
        return generation

    @cached_property
    def _managed_region_ids(self):
        return list(self.scope.managed_regions.values_list("pk", flat=True))

    @cached_property
    def pipeline(self):
        from municipalities.models import Participation

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

    @cached_property
    def people(self):
        return self._cached("people", self._compute_people)

    def _compute_people(self):
        from municipalities.models import Invitation, Membership

        cut = self.now - timedelta(days=ACTIVE_DAYS)
        volunteer = Q(role=Membership.Role.VOLUNTEER)
        members = self.rows_of(Membership, "membership")
        per_child, totals = self.grouped(
            members,
            "membership",
            volunteers=Count("pk", filter=volunteer),
            active=Count("pk", filter=volunteer & Q(user__last_login__gte=cut)),
            contacts=Count("pk", filter=Q(role=Membership.Role.MUNICIPAL_CONTACT)),
            inactive=Count("pk", filter=volunteer & self._inactive_condition()),
        )
        invited = 0
        if self.scope.staff and self.level != Level.PERSON:
            invited = (
                self.rows_of(Invitation, "invitation")
                .filter(role=Membership.Role.VOLUNTEER, revoked_at__isnull=True)
                .count()
            )
        totals["invited"] = invited
        return per_child, totals

    # Learning ----------------------------------------------------------------------------

    @property
    def uses_aggregates(self) -> bool:
        return self.level in (Level.PROGRAMME, Level.STATE, Level.REGION)

    def _aggregate_rows(self, model):
        queryset = model.objects.filter(self.scope.aggregate_filter())
        if self.filters.course is not None:
            queryset = queryset.filter(course=self.filters.course)
        return queryset.filter(_dates_in_period("week", self.period))

    def _progress_rows(self):
        from courses.models import ModuleProgress

        queryset = ModuleProgress.objects.all()
        if self.level == Level.PERSON:
            queryset = queryset.filter(user=self.scope.person)
        else:
            queryset = queryset.filter(user__memberships__participation__in=self.participation_ids)
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
                self._aggregate_rows(self._models.ModuleActivityAggregate)
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
                self._aggregate_rows(self._models.ModuleActivityAggregate)
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
                self._aggregate_rows(self._models.ModuleActivityAggregate)
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
                self._aggregate_rows(self._models.CertificateAggregate)
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
            from courses.models import Certificate

            queryset = Certificate.objects.filter(course__isnull=False)
            if self.level == Level.PERSON:
                queryset = queryset.filter(user=self.scope.person)
                child = "user_id"
            else:
                queryset = queryset.filter(
                    user__memberships__participation__in=self.participation_ids
                )
                child = (
                    "user__memberships__participation_id"
                    if self.level == Level.REGION
                    else "user_id"
                )
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
        queryset = self._models.ParticipationWeekAggregate.objects.filter(
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
    def _models(self):
        from dashboard import models

        return models

    @cached_property
    def modules(self) -> list[dict]:
        """Live modules (of the filtered course) in curriculum order, with their course."""
        from courses.models import ModulePage

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
        from courses.models import CoursePage
        from courses.permissions import pages_in_regions, visible_region_ids

        live = CoursePage.objects.live()
        return list(pages_in_regions(live, visible_region_ids(self.scope.user)).order_by("path"))

    # Plans and measures ------------------------------------------------------------------

    @cached_property
    def tasks(self):
        return self._cached("tasks", self._compute_tasks)

    def _compute_tasks(self):
        from coaching.models import Task

        done = Q(status=Task.Status.DONE)
        return self.grouped(
            self.rows_of(Task, "task"),
            "task",
            total=Count("pk"),
            done=Count("pk", filter=done & _in_period("completed_at", self.period)),
            overdue=Count("pk", filter=~done & Q(due_date__lt=self.today)),
        )

    @cached_property
    def milestones(self):
        return self._cached("milestones", self._compute_milestones)

    def _compute_milestones(self):
        from coaching.models import Milestone

        reached = Q(reached_on__isnull=False)
        return self.grouped(
            self.rows_of(Milestone, "milestone"),
            "milestone",
            total=Count("pk"),
            reached=Count("pk", filter=reached & _dates_in_period("reached_on", self.period)),
            overdue=Count("pk", filter=~reached & Q(target_date__lt=self.today)),
        )

    @cached_property
    def measures_by(self):
        return self._cached("measures_by", self._compute_measures_by)

    def _compute_measures_by(self) -> dict:
        """(status, category) → count and sums, in one query."""
        from coaching.models import Measure

        rows = (
            self.rows_of(Measure, "measure")
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
        from coaching.models import Measure

        if self.level not in CHILD_OF_PARTICIPATION:
            return {}
        per_child, _totals = self.grouped(
            self.rows_of(Measure, "measure"),
            "measure",
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
        from coaching.models import Measure

        by_status = self._measure_totals(0)
        total = {"n": 0, "co2": ZERO, "investment": ZERO, "funding": ZERO}
        for row in by_status.values():
            for name in total:
                total[name] += row[name]
        total["co2_done"] = by_status[Measure.Status.DONE]["co2"]
        return total

    # At risk -----------------------------------------------------------------------------

    def _inactive_condition(self) -> Q:
        cut = self.now - timedelta(days=INACTIVE_DAYS)
        return Q(user__last_login__lt=cut) | Q(user__last_login__isnull=True, created__lt=cut)

    def _inactive_volunteers(self):
        from municipalities.models import Membership

        return (
            self.rows_of(Membership, "membership")
            .filter(role=Membership.Role.VOLUNTEER)
            .filter(self._inactive_condition())
        )

    def _overdue_milestones(self):
        from coaching.models import Milestone

        return self.rows_of(Milestone, "milestone").overdue(self.today)

    def _stalled_participations(self):
        from municipalities.models import Participation

        cut = self.now - timedelta(days=STALLED_DAYS)
        working = [
            Participation.Status.COUNCIL_RESOLUTION,
            Participation.Status.ACTIVE,
            Participation.Status.CONTINUING,
        ]
        return self.participations.filter(status__in=working).filter(
            Q(learning_activity__last_progress_at__lt=cut)
            | Q(learning_activity__isnull=True, created__lt=cut)
        )

    # URLs --------------------------------------------------------------------------------

    def url(self, name="dashboard:index", args=(), **params) -> str:
        query = {**params, **self.filters.query()}
        query = {key: value for key, value in query.items() if value not in (None, "")}
        base = reverse(name, args=args)
        return f"{base}?{urlencode(query)}" if query else base

    @cached_property
    def _url_templates(self):
        """URLs with placeholders, so that long tables need no ``reverse`` per row."""
        marker = 987654321
        return (
            self.url("dashboard:participation", args=[marker]).replace(str(marker), "{0}"),
            self.url("dashboard:person", args=[marker, marker + 1])
            .replace(str(marker + 1), "{1}")
            .replace(str(marker), "{0}"),
        )

    def participation_url(self, pk):
        return self._url_templates[0].format(pk)

    def person_url(self, participation_pk, user_pk):
        return self._url_templates[1].format(participation_pk, user_pk)

    # Tables ------------------------------------------------------------------------------

    @cached_property
    def learning_totals(self) -> dict:
        started = sum(started for started, _completed in self.module_counts.values())
        completed = sum(completed for _started, completed in self.module_counts.values())
        return {"started": started, "completed": completed}

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
    def pipeline_table(self) -> Table:
        return Table(
            name="pipeline",
            title=_("Participations by pipeline status"),
            columns=[Column("status", _("Status")), Column("count", _("Participations"), True)],
            rows=[{"status": label, "count": n} for _value, label, n in self.pipeline],
        )

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
    def measures_status_table(self) -> Table:
        from coaching.models import Measure

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
        from coaching.models import Measure

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

    def _figure_columns(self):
        return [
            Column("volunteers", _("Climate patrons"), True),
            Column("active", _("Active (30 days)"), True),
            Column("started", _("Modules started"), True),
            Column("completed", _("Modules completed"), True),
            Column("certificates", _("Certificates"), True),
            Column("tasks_done", _("Tasks done"), True),
            Column("tasks_overdue", _("Tasks overdue"), True),
            Column("milestones_reached", _("Milestones reached"), True),
            Column("milestones_overdue", _("Milestones overdue"), True),
        ]

    def _figures_for(self, child) -> dict:
        people, _t = self.people
        tasks, _t = self.tasks
        milestones, _t = self.milestones
        certificates, _t = self.certificates
        learning = self.learning_by_child.get(child, {})
        return {
            "volunteers": people.get(child, {}).get("volunteers", 0),
            "active": people.get(child, {}).get("active", 0),
            "started": learning.get("started", 0),
            "completed": learning.get("completed", 0),
            "certificates": certificates.get(child, {}).get("issued", 0),
            "tasks_done": tasks.get(child, {}).get("done", 0),
            "tasks_overdue": tasks.get(child, {}).get("overdue", 0),
            "milestones_reached": milestones.get(child, {}).get("reached", 0),
            "milestones_overdue": milestones.get(child, {}).get("overdue", 0),
        }

    def _participation_counts(self) -> dict:
        counts = defaultdict(int)
        for (child, _status), n in self._status_rows.items():
            counts[child] += n
        return counts

    @cached_property
    def children(self) -> Table | None:
        """The drill-down table: states, regions, participations, people or modules."""
        builder = {
            Level.PROGRAMME: self._state_rows,
            Level.STATE: self._region_rows,
            Level.REGION: self._participation_rows,
            Level.PARTICIPATION: self._person_rows,
            Level.PERSON: self._module_rows_of_person,
        }[self.level]
        return builder()

    def _measure_columns(self):
        return [
            Column("measures", _("Measures"), True),
            Column("co2", _("CO₂ saved (t per year)"), True),
        ]

    def _measure_cells(self, child):
        row = self.measures_by_child.get(child, {})
        return {"measures": row.get("n", 0), "co2": row.get("co2", ZERO)}

    def _state_rows(self) -> Table:
        from municipalities.models import FederalState

        counts = self._participation_counts()
        rows = []
        for state in FederalState.objects.filter(pk__in=list(counts)).order_by("name"):
            rows.append(
                {
                    "name": state.name,
                    "url": self.url(state=state.short),
                    "participations": counts[state.pk],
                    **self._figures_for(state.pk),
                    **self._measure_cells(state.pk),
                }
            )
        return Table(
            name="children",
            title=_("Federal states"),
            columns=[
                Column("name", _("Federal state"), link="url"),
                Column("participations", _("Participations"), True),
                *self._figure_columns(),
                *self._measure_columns(),
            ],
            rows=rows,
        )

    def _region_rows(self) -> Table:
        counts = self._participation_counts()
        rows = []
        for region in self.scope.child_regions().filter(pk__in=list(counts)).order_by("name"):
            rows.append(
                {
                    "name": region.name,
                    "url": self.url(state=self.scope.state.short, region=region.slug),
                    "participations": counts[region.pk],
                    **self._figures_for(region.pk),
                    **self._measure_cells(region.pk),
                }
            )
        return Table(
            name="children",
            title=_("Regions"),
            columns=[
                Column("name", _("Region"), link="url"),
                Column("participations", _("Participations"), True),
                *self._figure_columns(),
                *self._measure_columns(),
            ],
            rows=rows,
        )

    def _participation_rows(self) -> Table:
        rows = []
        participations = self.participations.select_related("municipality").order_by(
            "municipality__name", "district_name", "pk"
        )
        pager = None
        if self.page_size:
            total = len(self.participation_map)
            pages = max(1, -(-total // self.page_size))
            page = min(max(self.page, 1), pages)
            participations = participations[(page - 1) * self.page_size : page * self.page_size]
            if pages > 1:
                params = {**self.scope.params}
                pager = {
                    "page": page,
                    "pages": pages,
                    "previous": self.url(**params, page=page - 1) if page > 1 else "",
                    "next": self.url(**params, page=page + 1) if page < pages else "",
                }
        for participation in participations:
            rows.append(
                {
                    "name": str(participation),
                    "url": self.participation_url(participation.pk),
                    "ags": participation.municipality.ags,
                    "status": participation.get_status_display(),
                    **self._figures_for(participation.pk),
                    **self._measure_cells(participation.pk),
                }
            )
        return Table(
            name="children",
            pager=pager,
            count=len(self.participation_map) if pager else None,
            title=_("Participations"),
            columns=[
                Column("name", _("Participation"), link="url"),
                Column("ags", _("AGS")),
                Column("status", _("Status")),
                *self._figure_columns(),
                *self._measure_columns(),
            ],
            rows=rows,
        )

    def _person_rows(self) -> Table | None:
        if not self.scope.sees_people:
            return None
        rows = []
        members = (
            self.scope.members().select_related("user").order_by("user__full_name", "user__email")
        )
        for membership in members:
            user = membership.user
            figures = self._figures_for(user.pk)
            rows.append(
                {
                    "name": user.get_full_name(),
                    "url": self.person_url(self.scope.participation.pk, user.pk),
                    "role": membership.get_role_display(),
                    "last_login": timezone.localtime(user.last_login).date()
                    if user.last_login
                    else None,
                    "started": figures["started"],
                    "completed": figures["completed"],
                    "certificates": figures["certificates"],
                    "tasks_done": figures["tasks_done"],
                    "tasks_overdue": figures["tasks_overdue"],
                    "milestones_reached": figures["milestones_reached"],
                    "milestones_overdue": figures["milestones_overdue"],
                }
            )
        columns = [
            Column("name", _("Person"), link="url"),
            Column("role", _("Role")),
            Column("last_login", _("Last login")),
        ] + [c for c in self._figure_columns() if c.key not in {"volunteers", "active"}]
        return Table(name="children", title=_("People"), columns=columns, rows=rows)

    def _module_rows_of_person(self) -> Table:
        from courses.models import ModuleProgress

        progress = {
            row["module_id"]: row
            for row in ModuleProgress.objects.filter(user=self.scope.person).values(
                "module_id", "started_at", "completed_at"
            )
        }
        rows = []
        for module in self.modules:
            state = progress.get(module["pk"])
            rows.append(
                {
                    "course": module["course"].title,
                    "module": module["title"],
                    "started": timezone.localtime(state["started_at"]).date() if state else None,
                    "completed": timezone.localtime(state["completed_at"]).date()
                    if state and state["completed_at"]
                    else None,
                }
            )
        return Table(
            name="children",
            title=_("Modules of this person"),
            columns=[
                Column("course", _("Course")),
                Column("module", _("Module")),
                Column("started", _("Started on")),
                Column("completed", _("Completed on")),
            ],
            rows=rows,
            note=_("Only dates are shown here: quiz answers and reflections stay private."),
        )

    # At-risk tables (shortened on screen, complete in exports) -----------------------------

    def at_risk_volunteers(self, limit=None) -> Table | None:
        if not self.scope.sees_people:
            return None

        def compute():
            queryset = self._inactive_volunteers()
            limited = queryset.select_related("user", "participation__municipality").order_by(
                F("user__last_login").asc(nulls_first=True), "user__email"
            )
            if limit:
                limited = limited[:limit]
            return [
                {
                    "name": membership.user.get_full_name(),
                    "url": self.person_url(membership.participation_id, membership.user.pk),
                    "participation": str(membership.participation),
                    "last_login": timezone.localtime(membership.user.last_login).date()
                    if membership.user.last_login
                    else None,
                }
                for membership in limited
            ]

        rows = self._cached("risk-volunteers", compute, AT_RISK_CACHED) if limit else compute()
        return Table(
            name="at_risk_volunteers",
            title=_("Climate patrons inactive for 30 days"),
            columns=[
                Column("name", _("Person"), link="url"),
                Column("participation", _("Participation")),
                Column("last_login", _("Last login")),
            ],
            rows=rows,
            count=self.people[1]["inactive"] if limit else None,
        )

    def at_risk_milestones(self, limit=None) -> Table:
        def compute():
            limited = (
                self._overdue_milestones()
                .select_related("plan__participation__municipality")
                .order_by("target_date", "pk")
            )
            if limit:
                limited = limited[:limit]
            return [
                {
                    "title": milestone.title,
                    "participation": str(milestone.plan.participation),
                    "url": self.participation_url(milestone.plan.participation_id),
                    "target_date": milestone.target_date,
                    "days": (self.today - milestone.target_date).days,
                }
                for milestone in limited
            ]

        rows = self._cached("risk-milestones", compute, AT_RISK_CACHED) if limit else compute()
        return Table(
            name="at_risk_milestones",
            title=_("Overdue milestones"),
            columns=[
                Column("title", _("Milestone")),
                Column("participation", _("Participation"), link="url"),
                Column("target_date", _("Target date")),
                Column("days", _("Days overdue"), True),
            ],
            rows=rows,
            count=self.milestones[1]["overdue"] if limit else None,
        )

    def at_risk_participations(self, limit=None) -> Table:
        def compute():
            queryset = self._stalled_participations()
            limited = queryset.select_related("municipality", "learning_activity").order_by(
                F("learning_activity__last_progress_at").asc(nulls_first=True), "pk"
            )
            if limit:
                limited = limited[:limit]
            rows = []
            for participation in limited:
                activity = getattr(participation, "learning_activity", None)
                rows.append(
                    {
                        "name": str(participation),
                        "url": self.participation_url(participation.pk),
                        "status": participation.get_status_display(),
                        "last_progress": timezone.localtime(activity.last_progress_at).date()
                        if activity
                        else None,
                    }
                )
            return rows, (queryset.count() if limit else None)

        rows, count = (
            self._cached("risk-participations", compute, AT_RISK_CACHED) if limit else compute()
        )
        return Table(
            name="at_risk_participations",
            title=_("Participations without learning progress for 60 days"),
            columns=[
                Column("name", _("Participation"), link="url"),
                Column("status", _("Status")),
                Column("last_progress", _("Last learning progress")),
            ],
            rows=rows,
            count=count,
        )

    @cached_property
    def at_risk(self) -> list[Table]:
        tables = [
            self.at_risk_volunteers(self.limit),
            self.at_risk_milestones(self.limit),
            self.at_risk_participations(self.limit)
            if self.level not in (Level.PARTICIPATION, Level.PERSON)
            else None,
        ]
        return [table for table in tables if table is not None]

    # Exports -----------------------------------------------------------------------------

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

    # Charts ------------------------------------------------------------------------------

    @cached_property
    def module_chart(self):
        rows = [
            (f"{row['module']}", [row["started"], row["completed"]])
            for row in self.modules_table.rows
        ]
        return charts.bar_chart("chart-modules", rows, [_("Started"), _("Completed")])

    @cached_property
    def pipeline_chart(self):
        rows = [(row["status"], [row["count"]]) for row in self.pipeline_table.rows]
        return charts.bar_chart("chart-pipeline", rows, [_("Participations")], centered=True)

    @cached_property
    def category_chart(self):
        rows = [(row["category"], [row["count"]]) for row in self.measures_category_table.rows]
        return charts.bar_chart("chart-categories", rows, [_("Measures")])

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


@dataclass
class Crumb:
    label: str
    url: str = ""
