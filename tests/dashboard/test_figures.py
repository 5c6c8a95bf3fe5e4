"""Figures of every level against the hand-computed expectations of ``conftest.py``."""

from decimal import Decimal

import pytest

from dashboard.figures import Dashboard, forget_cached_figures
from dashboard.forms import Filters
from dashboard.scope import Level, resolve_scope
from tests.courses import factories as courses

pytestmark = pytest.mark.django_db


def summary(dashboard) -> dict:
    return {str(row["figure"]): row["value"] for row in dashboard.summary.rows}


def funnel(dashboard) -> list:
    return [(r["module"], r["started"], r["completed"]) for r in dashboard.modules_table.rows]


def children(dashboard) -> dict:
    return {row["name"]: row for row in dashboard.children.rows}


def test_programme_figures(world, coordinator):
    dashboard = Dashboard(resolve_scope(coordinator), Filters())
    figures = summary(dashboard)
    assert figures["Participations"] == 3
    assert figures["Climate patrons"] == 4
    assert figures["Climate patrons invited (open or accepted invitations)"] == 1
    assert figures["Climate patrons active in the last 30 days"] == 2  # anna, dora
    assert figures["Modules started"] == 8
    assert figures["Modules completed"] == 6
    assert figures["Courses completed"] == 1
    assert figures["Valid certificates"] == 1
    assert figures["Tasks done"] == 1
    assert figures["Tasks overdue"] == 1
    assert figures["Tasks in total"] == 3
    assert figures["Milestones reached"] == 1
    assert figures["Milestones overdue"] == 1
    assert figures["Measures"] == 2
    assert figures["CO₂ saved per year by completed measures (t)"] == Decimal("10")
    assert figures["Investment in measures (€)"] == Decimal("3000")
    assert figures["Funding for measures (€)"] == Decimal("500")
    assert funnel(dashboard) == [("Modul 1", 4, 3), ("Modul 2", 2, 2), ("Modul 3", 2, 1)]
    pipeline = {str(row["status"]): row["count"] for row in dashboard.pipeline_table.rows}
    assert pipeline == {
        "identified": 0,
        "contacted": 1,
        "council resolution": 1,
        "active": 1,
        "continuing": 0,
        "withdrawn": 0,
    }
    states = children(dashboard)
    assert set(states) == {"Rheinland-Pfalz", "Nordrhein-Westfalen"}
    rp = states["Rheinland-Pfalz"]
    assert (rp["participations"], rp["volunteers"], rp["started"], rp["completed"]) == (2, 3, 5, 3)
    assert (rp["certificates"], rp["tasks_done"], rp["milestones_overdue"]) == (0, 1, 1)
    nw = states["Nordrhein-Westfalen"]
    assert (nw["participations"], nw["started"], nw["completed"], nw["certificates"]) == (
        1,
        3,
        3,
        1,
    )
    assert rp["url"] == "/dashboard/?state=RP"


def test_measure_tables(world, coordinator):
    dashboard = Dashboard(resolve_scope(coordinator), Filters())
    by_status = {str(r["status"]): r for r in dashboard.measures_status_table.rows}
    assert by_status["done"]["count"] == 1
    assert by_status["done"]["co2"] == Decimal("10")
    assert by_status["planned"]["investment"] == Decimal("2000")
    by_category = {str(r["category"]): r["count"] for r in dashboard.measures_category_table.rows}
    assert by_category["Energy"] == 1
    assert by_category["Mobility"] == 1
    assert by_category["Other"] == 0


def test_state_level(world, coordinator):
    scope = resolve_scope(coordinator, state="RP")
    assert scope.level == Level.STATE
    dashboard = Dashboard(scope, Filters())
    figures = summary(dashboard)
    assert (figures["Participations"], figures["Modules started"]) == (2, 5)
    assert figures["Modules completed"] == 3
    assert figures["Courses completed"] == 0
    regions = children(dashboard)
    assert list(regions) == ["Rheinhessen"]
    assert regions["Rheinhessen"]["url"] == "/dashboard/?state=RP&region=rheinhessen"


def test_region_level(world, regional_manager):
    scope = resolve_scope(regional_manager, region="rheinhessen")
    dashboard = Dashboard(scope, Filters())
    figures = summary(dashboard)
    assert figures["Participations"] == 2
    assert figures["Modules started"] == 5
    assert figures["Modules completed"] == 3
    assert funnel(dashboard) == [("Modul 1", 3, 2), ("Modul 2", 1, 1), ("Modul 3", 1, 0)]
    rows = children(dashboard)
    assert set(rows) == {"Nieder-Olm", "Essenheim"}
    nieder_olm = rows["Nieder-Olm"]
    assert (nieder_olm["volunteers"], nieder_olm["active"]) == (2, 1)
    assert (nieder_olm["started"], nieder_olm["completed"]) == (4, 3)
    assert (nieder_olm["tasks_done"], nieder_olm["tasks_overdue"]) == (1, 1)
    assert (nieder_olm["measures"], nieder_olm["co2"]) == (1, Decimal("10"))
    assert rows["Essenheim"]["started"] == 1
    assert rows["Essenheim"]["status"] == "council resolution"
    assert nieder_olm["url"] == f"/dashboard/participation/{world.nieder_olm.pk}/"


def test_participation_and_person_levels(world, regional_manager):
    scope = resolve_scope(regional_manager, participation=world.nieder_olm.pk)
    dashboard = Dashboard(scope, Filters())
    figures = summary(dashboard)
    assert (figures["Modules started"], figures["Modules completed"]) == (4, 3)
    assert (figures["Climate patrons"], figures["Tasks in total"]) == (2, 3)
    people = children(dashboard)
    assert set(people) == {"Anna Albrecht", "Ben Becker", "Kai Kommune"}
    assert (people["Anna Albrecht"]["started"], people["Anna Albrecht"]["completed"]) == (3, 2)
    assert people["Anna Albrecht"]["tasks_done"] == 1
    assert people["Ben Becker"]["tasks_overdue"] == 1

    person = Dashboard(
        resolve_scope(regional_manager, participation=world.nieder_olm.pk, person=world.anna.pk),
        Filters(),
    )
    figures = summary(person)
    assert (figures["Modules started"], figures["Modules completed"]) == (3, 2)
    assert (figures["Tasks done"], figures["Tasks overdue"]) == (1, 0)
    modules = [(row["module"], row["completed"] is not None) for row in person.children.rows]
    assert modules == [("Modul 1", True), ("Modul 2", True), ("Modul 3", False)]


def test_at_risk_lists(world, coordinator):
    dashboard = Dashboard(resolve_scope(coordinator), Filters())
    inactive = dashboard.at_risk_volunteers(50)
    assert sorted(row["name"] for row in inactive.rows) == ["Ben Becker", "Clara Conrad"]
    overdue = dashboard.at_risk_milestones(50)
    assert [row["title"] for row in overdue.rows] == ["Klimakonzept"]
    assert overdue.rows[0]["days"] == 5
    # Nobody has learnt for 60 days yet; a participation whose last progress is old is listed.
    assert dashboard.at_risk_participations(50).rows == []
    from datetime import timedelta

    from django.utils import timezone

    from dashboard.models import ParticipationActivity

    ParticipationActivity.objects.filter(participation=world.essenheim).update(
        last_progress_at=timezone.now() - timedelta(days=61)
    )
    forget_cached_figures()  # a bulk update sends no signal
    dashboard = Dashboard(resolve_scope(coordinator), Filters())
    assert [row["name"] for row in dashboard.at_risk_participations(50).rows] == ["Essenheim"]


def test_course_and_period_filters(world, coordinator):
    from datetime import timedelta

    from django.utils import timezone

    from courses.models import ModuleProgress
    from dashboard.aggregates import rebuild
    from dashboard.forms import Period, monday

    # Ben completed module 1 half a year ago (moved in the data, aggregates rebuilt).
    old = timezone.now() - timedelta(days=180)
    ModuleProgress.objects.filter(user=world.ben).update(started_at=old, completed_at=old)
    rebuild()
    this_week = monday(timezone.localdate())
    last_month = Filters(period=Period(this_week - timedelta(weeks=4), this_week + timedelta(7)))
    for scope in (
        resolve_scope(coordinator),
        resolve_scope(coordinator, region="rheinhessen"),
        resolve_scope(coordinator, participation=world.nieder_olm.pk),
    ):
        everything = summary(Dashboard(scope, Filters()))
        recent = summary(Dashboard(scope, last_month))
        assert everything["Modules started"] - recent["Modules started"] == 1
        assert everything["Modules completed"] - recent["Modules completed"] == 1

    other_course = Filters(course=courses.course())
    figures = summary(Dashboard(resolve_scope(coordinator), other_course))
    assert (figures["Modules started"], figures["Courses completed"]) == (0, 0)


def test_weekly_table_counts_this_week(world, coordinator):
    dashboard = Dashboard(resolve_scope(coordinator), Filters())
    last = dashboard.weekly_table.rows[-1]
    assert (last["started"], last["completed"]) == (8, 6)
    assert len(dashboard.weekly_table.rows) == 52


def test_cached_figures_and_what_makes_them_stale(world, coordinator, settings):
    """Programme figures other than learning are cached for DASHBOARD_CACHE_SECONDS (learning
    is live); a region's at-risk lists are cached too but follow every write in the region."""
    from coaching.models import Milestone, Task

    settings.DASHBOARD_CACHE_SECONDS = 300
    programme = summary(Dashboard(resolve_scope(coordinator), Filters()))
    assert programme["Tasks in total"] == 3
    task = Task.objects.first()
    Task.objects.create(plan=task.plan, phase=task.phase, title="Neu", due_date=task.due_date)
    from courses.actions import record_visit

    record_visit(world.ben, world.modules[2], world.course)  # learning goes through the actions
    programme = summary(Dashboard(resolve_scope(coordinator), Filters()))
    assert programme["Tasks in total"] == 3  # cached
    assert programme["Modules started"] == 9  # live
    forget_cached_figures()
    assert summary(Dashboard(resolve_scope(coordinator), Filters()))["Tasks in total"] == 4

    def overdue_in_region():
        dashboard = Dashboard(resolve_scope(coordinator, region="rheinhessen"), Filters())
        return [row["title"] for row in dashboard.at_risk_milestones(50).rows]

    assert overdue_in_region() == ["Klimakonzept"]
    milestone = Milestone.objects.get(title="Klimakonzept")
    milestone.reached_on = milestone.target_date
    milestone.save()
    assert overdue_in_region() == []


def test_every_declared_participation_path_is_a_lookup_the_orm_resolves(db):
    """The dashboard reaches participations only through ``participation_lookup``; a path that
    no longer matches its model (a renamed field) must fail here, not on a dashboard page."""
    from django.apps import apps

    from municipalities.scoping import PARTICIPATION_PATHS, participation_lookup

    for label in PARTICIPATION_PATHS:
        model = apps.get_model(label)
        query = str(model.objects.filter(**{participation_lookup(model, "pk__in"): [1]}).query)
        column = "id" if label == "municipalities.participation" else "participation_id"
        assert f'"{column}" IN (1)' in query, label
