"""generate_scale_data fills a database of a given size; bench_dashboard times the levels."""

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from courses.models import Certificate, ModuleProgress
from dashboard.models import ModuleActivityAggregate, ParticipationWeekAggregate
from municipalities.models import Membership, Municipality, Participation

pytestmark = pytest.mark.django_db


def generate(capsys, **options):
    defaults = {"municipalities": 32, "users": 120, "modules": 4, "courses": 2, "progress": 600}
    call_command("generate_scale_data", **{**defaults, **options})
    return capsys.readouterr().out


def test_generate_scale_data_builds_the_requested_size(capsys):
    output = generate(capsys)
    assert "Done in" in output
    assert Municipality.objects.filter(ags__contains="999").count() == 32
    assert Participation.objects.count() == 32
    assert Membership.objects.count() == 120
    assert 500 <= ModuleProgress.objects.count() <= 600
    assert Certificate.objects.exists()
    # the aggregates were rebuilt and agree with the progress table
    started = sum(row.started for row in ModuleActivityAggregate.objects.all())
    assert started == ModuleProgress.objects.count()
    per_participation = sum(row.started for row in ParticipationWeekAggregate.objects.all())
    assert per_participation == started
    # started dates are spread over the past, not all today
    weeks = set(ModuleActivityAggregate.objects.values_list("week", flat=True))
    assert len(weeks) > 3


def test_generate_scale_data_refuses_a_second_run_with_the_same_seed(capsys):
    generate(capsys, municipalities=16, users=20, progress=40)
    with pytest.raises(CommandError):
        generate(capsys, municipalities=16, users=20, progress=40)
    generate(capsys, municipalities=16, users=20, progress=40, seed=2)  # another seed is fine


def test_bench_dashboard_prints_medians_and_ratios(capsys):
    generate(capsys)
    call_command("bench_dashboard", repeat=1)
    output = capsys.readouterr().out
    for label in ("programme", "state", "region", "participation", "person", "raw region"):
        assert label in output
    assert "region / raw region" in output
    assert "programme / raw programme" in output
