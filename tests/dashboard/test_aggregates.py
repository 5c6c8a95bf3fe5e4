"""The aggregates follow the domain events of the actions and equal a rebuild."""

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from courses import actions as learning
from courses.models import Certificate
from dashboard import aggregates
from dashboard.aggregates import differences, drain, rebuild, week_of
from dashboard.figures import Dashboard
from dashboard.forms import Filters
from dashboard.models import (
    AggregateEvent,
    ModuleActivityAggregate,
    ParticipationActivity,
    ParticipationWeekAggregate,
)
from dashboard.scope import resolve_scope
from municipalities import actions as programme
from municipalities.models import Membership, Participation
from tests.accounts.factories import UserFactory
from tests.courses import factories as courses

pytestmark = pytest.mark.django_db

AGGREGATE_TABLES = (
    "dashboard_moduleactivityaggregate",
    "dashboard_certificateaggregate",
    "dashboard_participationweekaggregate",
    "dashboard_participationactivity",
)


def assert_matches_rebuild():
    assert differences() == {}


def programme_learning(coordinator):
    dashboard = Dashboard(resolve_scope(coordinator), Filters())
    return dashboard.learning_totals["started"], dashboard.learning_totals["completed"]


@pytest.fixture
def with_worker(settings):
    """As in production: a worker drains the queue, the request only queues."""
    settings.CELERY_TASK_ALWAYS_EAGER = False


def complete(user, module):
    """Open the module and mark its one activity done, as the learner's requests do."""
    course = module.get_parent().specific
    learning.record_visit(user, module, course)
    child = courses.block(module, "mark_done")
    data = {"token": courses.token_for(user, module, child)}
    return learning.submit_activity(user, module, child.id, _QueryDict(data))


class _QueryDict(dict):
    def getlist(self, key):
        value = self.get(key)
        return [] if value is None else [value]


def test_world_aggregates_equal_a_rebuild(world):
    assert_matches_rebuild()
    week = week_of(timezone.now())
    rows = ModuleActivityAggregate.objects.filter(region=world.rheinhessen, week=week)
    assert sum(row.started for row in rows) == 5
    assert sum(row.completed for row in rows) == 3


def test_starting_and_completing_a_module_through_the_actions(world, coordinator):
    assert programme_learning(coordinator) == (8, 6)
    learning.record_visit(world.ben, world.modules[1], world.course)
    assert programme_learning(coordinator) == (9, 6)
    assert_matches_rebuild()
    submission = complete(world.ben, world.modules[1])
    assert submission.module_completed
    assert programme_learning(coordinator) == (9, 7)
    assert_matches_rebuild()
    assert not AggregateEvent.objects.exists()  # applied and gone


def test_the_learners_request_only_queues_an_event(world, coordinator, with_worker):
    """No aggregate row is read, locked or written on the learner's path (no deadlocks)."""
    with CaptureQueriesContext(connection) as queries:
        complete(world.ben, world.modules[1])
    touched = [q["sql"] for q in queries if any(t in q["sql"] for t in AGGREGATE_TABLES)]
    assert touched == []
    assert any("dashboard_aggregateevent" in q["sql"] for q in queries)
    assert programme_learning(coordinator) == (8, 6)  # not yet: the queue waits for the worker
    assert AggregateEvent.objects.count() == 3  # started, activity, completed
    assert drain() == 3
    assert programme_learning(coordinator) == (9, 7)
    assert drain() == 0  # applying is idempotent: nothing left, nothing changes
    assert_matches_rebuild()


def test_applying_an_event_twice_or_late_changes_nothing(world, coordinator, with_worker):
    complete(world.ben, world.modules[1])
    events = list(AggregateEvent.objects.order_by("pk"))
    aggregates.apply_events(events)
    aggregates.apply_events(reversed(events))  # again, out of order
    assert programme_learning(coordinator) == (9, 7)
    assert_matches_rebuild()


def test_progress_of_someone_in_two_participations_counts_for_both(world, coordinator):
    with_two = UserFactory(full_name="Doppelt")
    programme.add_membership(with_two, world.nieder_olm)
    programme.add_membership(with_two, world.olpe)
    complete(with_two, world.modules[0])
    assert programme_learning(coordinator) == (10, 8)
    region = Dashboard(resolve_scope(coordinator, region="suedwestfalen"), Filters())
    assert region.learning_totals == {"started": 4, "completed": 4}
    assert_matches_rebuild()


def test_a_new_membership_counts_earlier_learning_without_a_region_rebuild(
    world, coordinator, monkeypatch
):
    newcomer = UserFactory(full_name="Neu")
    complete(newcomer, world.modules[0])  # learnt before joining: not attributed yet
    assert programme_learning(coordinator) == (8, 6)

    def no_rebuild(*args, **kwargs):
        raise AssertionError("a membership must not rebuild its region")

    monkeypatch.setattr(aggregates, "rebuild", no_rebuild)
    membership, created = programme.add_membership(newcomer, world.essenheim)
    assert created
    assert programme_learning(coordinator) == (9, 7)
    essenheim = ParticipationWeekAggregate.objects.filter(participation=world.essenheim)
    assert sum(row.completed for row in essenheim) == 1
    programme.remove_membership(membership)
    assert programme_learning(coordinator) == (8, 6)
    monkeypatch.undo()
    assert_matches_rebuild()


def test_moving_a_membership_moves_its_figures(world, coordinator):
    membership = Membership.objects.get(user=world.dora)  # Olpe, Südwestfalen
    membership.participation = world.essenheim
    programme.save_membership(membership, save=membership.save)
    region = Dashboard(resolve_scope(coordinator, region="suedwestfalen"), Filters())
    assert region.learning_totals == {"started": 0, "completed": 0}
    assert_matches_rebuild()


def test_participation_moving_region_moves_its_figures(world, coordinator):
    participation = Participation.objects.get(pk=world.essenheim.pk)
    participation.region = world.suedwestfalen
    programme.save_participation(participation, save=participation.save)
    region = Dashboard(resolve_scope(coordinator, region="suedwestfalen"), Filters())
    assert region.learning_totals == {"started": 4, "completed": 3}
    assert_matches_rebuild()


def test_certificates_issued_and_revoked(world, coordinator):
    def certificates():
        dashboard = Dashboard(resolve_scope(coordinator), Filters())
        return dashboard.certificates[1]

    assert certificates() == {"issued": 1, "valid": 1}
    certificate, created = learning.issue_certificate(world.anna, world.course)
    assert created
    assert certificates() == {"issued": 2, "valid": 2}
    assert learning.revoke_certificate(certificate, user=coordinator, reason="Irrtum")
    assert certificates() == {"issued": 2, "valid": 1}
    assert not learning.revoke_certificate(certificate, user=coordinator)  # once
    assert_matches_rebuild()


def test_activity_marks_the_participation_as_active(world):
    ParticipationActivity.objects.all().delete()
    child = courses.block(world.modules[0], "mark_done")
    data = _QueryDict({"token": courses.token_for(world.clara, world.modules[0], child)})
    learning.submit_activity(world.clara, world.modules[0], child.id, data)
    assert ParticipationActivity.objects.filter(participation=world.essenheim).exists()


def test_learning_in_the_course_pages_updates_the_dashboard(world, client, coordinator):
    """End to end through courses.services: opening a module marks it started."""
    client.force_login(world.ben)
    response = client.get(world.modules[2].url)
    assert response.status_code == 200
    assert programme_learning(coordinator) == (9, 6)
    assert_matches_rebuild()


def test_the_check_reports_drift_and_a_rebuild_repairs_it(world, coordinator, capsys):
    # A write past the actions (a bulk update, an import, a hard-deleted account) drifts…
    Certificate.objects.filter(user=world.dora).update(revoked_at=timezone.now())
    world.anna.delete()
    found = differences()
    assert set(found) >= {"certificate weeks", "module weeks", "participation weeks"}
    with pytest.raises(CommandError):
        call_command("check_dashboard_aggregates")
    assert "rows differ" in capsys.readouterr().out
    # …until the nightly rebuild repairs it.
    rebuild()
    assert programme_learning(coordinator) == (5, 4)
    call_command("check_dashboard_aggregates")
    assert "equal a fresh rebuild" in capsys.readouterr().out


def test_rebuild_command(world, capsys):
    ModuleActivityAggregate.objects.all().delete()
    call_command("rebuild_dashboard_aggregates")
    assert "rebuilt" in capsys.readouterr().out
    assert ModuleActivityAggregate.objects.exists()
    call_command("rebuild_dashboard_aggregates", region=["rheinhessen"])
    assert_matches_rebuild()
