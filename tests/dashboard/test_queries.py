"""Every dashboard view costs the same number of queries at two data sizes."""

from datetime import timedelta

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from coaching.models import Measure, Milestone, Phase, Plan, Task
from tests.accounts.factories import UserFactory
from tests.dashboard.conftest import add_participation, member, progress

pytestmark = pytest.mark.django_db


def urls(world):
    nieder_olm, anna = world.nieder_olm.pk, world.anna.pk
    return [
        "/dashboard/",
        "/dashboard/?state=RP",
        "/dashboard/?region=rheinhessen",
        "/dashboard/?region=rheinhessen&period=90",
        f"/dashboard/participation/{nieder_olm}/",
        f"/dashboard/participation/{nieder_olm}/?period=30",
        f"/dashboard/participation/{nieder_olm}/person/{anna}/",
        "/dashboard/export/children.xlsx?region=rheinhessen",
        "/dashboard/export/at_risk_volunteers.csv",
        f"/dashboard/export/children.csv?participation={nieder_olm}",
    ]


def count_queries(client, world, redirected=()) -> dict:
    """Queries per URL, cold and cached; ``redirected``: the URLs that send this viewer on."""
    counts = {}
    for url in urls(world):
        client.get(url)  # warm-up: per-process caches (site, settings)
        for cached in (False, True):
            if not cached:
                cache.clear()
            with CaptureQueriesContext(connection) as captured:
                response = client.get(url)
            assert response.status_code == (302 if url in redirected else 200), url
            counts[(url, cached)] = len(captured.captured_queries)
    return counts


def grow(world, factor=4):
    """Add participations, people, progress, plans and measures in both regions."""
    today = timezone.localdate()
    for index in range(factor):
        for region, short in ((world.rheinhessen, "RP"), (world.suedwestfalen, "NW")):
            participation = add_participation(region, short, f"Neu {short} {index}")
            plan = Plan.objects.create(
                participation=participation,
                name="Plan",
                start_date=today,
                council_resolution_date=today,
            )
            phase = Phase.objects.create(plan=plan, name="Start")
            for number in range(3):
                person = UserFactory()
                member(person, participation)
                for module in world.modules[: number + 1]:
                    progress(person, module, done=number % 2 == 0)
                Task.objects.create(
                    plan=plan, phase=phase, title="T", due_date=today - timedelta(days=number)
                )
                Milestone.objects.create(
                    plan=plan, phase=phase, title="M", target_date=today - timedelta(days=9)
                )
                Measure.objects.create(participation=participation, title="Maßnahme")
    # and more people in the participations the URLs look at
    for _ in range(factor):
        person = UserFactory()
        member(person, world.nieder_olm)
        progress(person, world.modules[0])


def test_query_counts_do_not_grow_with_the_data(coordinator_client, world, settings):
    settings.DASHBOARD_EXPORT_SYNC_MAX_ROWS = 10_000
    small = count_queries(coordinator_client, world)
    from dashboard.aggregates import rebuild

    grow(world)
    rebuild()  # the new memberships' on-commit rebuild
    large = count_queries(coordinator_client, world)
    assert large == small
    # and they are modest
    assert max(small.values()) <= 30


def test_regional_manager_query_counts_do_not_grow(manager_client, world):
    to_their_region = {"/dashboard/"}
    small = count_queries(manager_client, world, redirected=to_their_region)
    from dashboard.aggregates import rebuild

    grow(world, factor=3)
    rebuild()
    assert count_queries(manager_client, world, redirected=to_their_region) == small
