"""seed_demo builds the coaching demo (the ``demo`` fixture) and a second run changes nothing."""

from io import StringIO

import pytest
from django.core.management import call_command

from coaching.models import Event, Measure, Milestone, Plan, Registration, Task

MODELS = (Event, Registration, Plan, Task, Milestone, Measure)


@pytest.mark.django_db
def test_seed_demo_is_idempotent_and_covers_the_issue(demo):
    counts = {model: model.objects.count() for model in MODELS}
    call_command("seed_demo", stdout=StringIO())
    assert {model: model.objects.count() for model in MODELS} == counts

    assert set(Event.objects.values_list("kind", flat=True)) == set(Event.Kind.values)
    coaching = Event.objects.filter(series__title="Coaching").order_by("start")
    assert [event.series_label for event in coaching] == [
        "Coaching 1 von 3",
        "Coaching 2 von 3",
        "Coaching 3 von 3",
    ]
    assert any(event.is_past for event in Event.objects.all())
    assert any(not event.is_past for event in Event.objects.all())
    assert Plan.objects.count() >= 3
    assert set(Task.objects.values_list("status", flat=True)) == set(Task.Status.values)
    assert Task.objects.filter(owner__email="pate@example.org").exists()
    assert Milestone.objects.filter(reached_on__isnull=False).exists()
    assert Measure.objects.filter(co2_savings_tonnes__gt=0, funding_eur__gt=0).exists()
