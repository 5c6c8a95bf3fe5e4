"""The aggregates stay right as progress is added, changed and deleted, and equal a rebuild."""

from datetime import timedelta

import pytest
from django.utils import timezone

from courses.models import Certificate, ModuleProgress
from dashboard.aggregates import rebuild, week_of
from dashboard.figures import Dashboard
from dashboard.forms import Filters
from dashboard.models import CertificateAggregate, ModuleActivityAggregate, ParticipationActivity
from dashboard.scope import resolve_scope
from municipalities.models import Membership
from tests.accounts.factories import UserFactory
from tests.dashboard.conftest import member, progress

pytestmark = pytest.mark.django_db


def snapshot():
    """The aggregate tables without empty rows, comparable before and after a rebuild."""
    modules = {
        (row.region_id, row.state_id, row.module_id, row.week): (row.started, row.completed)
        for row in ModuleActivityAggregate.objects.all()
        if row.started or row.completed
    }
    certificates = {
        (row.region_id, row.state_id, row.course_id, row.week): (row.issued, row.revoked)
        for row in CertificateAggregate.objects.all()
        if row.issued or row.revoked
    }
    return modules, certificates


def assert_matches_rebuild():
    incremental = snapshot()
    rebuild()
    assert snapshot() == incremental


def programme_learning(coordinator):
    dashboard = Dashboard(resolve_scope(coordinator), Filters())
    return dashboard.learning_totals["started"], dashboard.learning_totals["completed"]


def test_world_aggregates_equal_a_rebuild(world):
    assert_matches_rebuild()
    week = week_of(timezone.now())
    rows = ModuleActivityAggregate.objects.filter(region=world.rheinhessen, week=week)
    assert sum(row.started for row in rows) == 5
    assert sum(row.completed for row in rows) == 3


def test_progress_added_changed_and_deleted(world, coordinator):
    assert programme_learning(coordinator) == (8, 6)
    # added: Ben starts module 2
    row = progress(world.ben, world.modules[1], done=False)
    assert programme_learning(coordinator) == (9, 6)
    assert_matches_rebuild()
    # changed: he completes it (as courses.services does, with update_fields)
    row = ModuleProgress.objects.get(pk=row.pk)
    row.completed_at = timezone.now()
    row.save(update_fields=["completed_at"])
    assert programme_learning(coordinator) == (9, 7)
    assert_matches_rebuild()
    # changed back: not completed any more
    row.completed_at = None
    row.save()
    assert programme_learning(coordinator) == (9, 6)
    # completed in an earlier week: moves between weeks
    row.completed_at = timezone.now() - timedelta(days=14)
    row.save()
    assert_matches_rebuild()
    # deleted
    row.delete()
    assert programme_learning(coordinator) == (8, 6)
    assert_matches_rebuild()


def test_a_row_saved_without_snapshot_is_read_once(world, coordinator):
    row = ModuleProgress.objects.only("pk", "user", "module").get(
        user=world.clara, module=world.modules[0]
    )
    row.completed_at = timezone.now()
    row.save()
    assert programme_learning(coordinator) == (8, 7)
    assert_matches_rebuild()


def test_progress_of_someone_in_two_participations_counts_for_both(world, coordinator):
    with_two = UserFactory(full_name="Doppelt")
    member(with_two, world.nieder_olm)
    member(with_two, world.havixbeck)
    rebuild()  # the memberships' on-commit rebuild, run now
    progress(with_two, world.modules[0])
    assert programme_learning(coordinator) == (10, 8)
    region = Dashboard(resolve_scope(coordinator, region="muensterland"), Filters())
    assert region.learning_totals == {"started": 4, "completed": 4}
    assert_matches_rebuild()


def test_membership_changes_rebuild_the_region_after_commit(
    world, coordinator, django_capture_on_commit_callbacks
):
    newcomer = UserFactory(full_name="Neu")
    progress(newcomer, world.modules[0])  # learnt before joining: not attributed yet
    assert programme_learning(coordinator) == (8, 6)
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        member(newcomer, world.essenheim)
        member(UserFactory(), world.essenheim)
    assert len(callbacks) == 1  # one rebuild per transaction and region
    assert programme_learning(coordinator) == (9, 7)
    with django_capture_on_commit_callbacks(execute=True):
        Membership.objects.filter(user=newcomer).delete()
    assert programme_learning(coordinator) == (8, 6)
    assert_matches_rebuild()


def test_participation_moving_region_moves_its_figures(
    world, coordinator, django_capture_on_commit_callbacks
):
    participation = type(world.essenheim).objects.get(pk=world.essenheim.pk)
    participation.region = world.muensterland
    with django_capture_on_commit_callbacks(execute=True):
        participation.save()
    region = Dashboard(resolve_scope(coordinator, region="muensterland"), Filters())
    assert region.learning_totals == {"started": 4, "completed": 3}
    assert_matches_rebuild()


def test_deleting_a_user_keeps_aggregates_right(
    world, coordinator, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        world.anna.delete()
    assert programme_learning(coordinator) == (5, 4)
    assert_matches_rebuild()


def test_certificates_issued_revoked_and_deleted(world, coordinator):
    def certificates():
        dashboard = Dashboard(resolve_scope(coordinator), Filters())
        return dashboard.certificates[1]

    assert certificates() == {"issued": 1, "valid": 1}
    certificate = Certificate.objects.create(
        user=world.anna,
        course=world.course,
        holder_name="Anna",
        course_title="Kurs",
        code="TEST-0000-0002",
        issued_on=timezone.localdate(),
    )
    assert certificates() == {"issued": 2, "valid": 2}
    certificate.revoked_at = timezone.now()
    certificate.save()
    assert certificates() == {"issued": 2, "valid": 1}
    assert_matches_rebuild()
    Certificate.objects.get(pk=certificate.pk).delete()
    assert certificates() == {"issued": 1, "valid": 1}
    assert_matches_rebuild()


def test_activity_marks_the_participation_as_active(world):
    ParticipationActivity.objects.all().delete()
    from courses.models import ActivityProgress

    ActivityProgress.objects.create(
        user=world.clara, module=world.modules[0], block_id="abc", kind="mark_done"
    )
    assert ParticipationActivity.objects.filter(participation=world.essenheim).exists()


def test_learning_in_the_course_pages_updates_the_dashboard(world, client, coordinator):
    """End to end through courses.services: opening a module marks it started."""
    client.force_login(world.ben)
    response = client.get(world.modules[2].url)
    assert response.status_code == 200
    assert programme_learning(coordinator) == (9, 6)
    assert_matches_rebuild()


def test_rebuild_command(world, capsys):
    from django.core.management import call_command

    ModuleActivityAggregate.objects.all().delete()
    call_command("rebuild_dashboard_aggregates")
    assert "rebuilt" in capsys.readouterr().out
    assert ModuleActivityAggregate.objects.exists()
    call_command("rebuild_dashboard_aggregates", region=["rheinhessen"])
    assert_matches_rebuild()
