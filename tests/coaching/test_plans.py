"""Applying templates, moving anchor dates, phase completion, timeline and region overview."""

from datetime import date, timedelta

import pytest

from coaching import services
from coaching.models import Anchor, Milestone, Plan, Task
from coaching.timeline import build_timeline
from tests.municipalities.factories import ParticipationFactory

pytestmark = pytest.mark.django_db

START = date(2026, 2, 1)


def apply(template, world, **kwargs):
    return services.apply_template(template, [world.own], START, **kwargs)


def test_applying_a_template_makes_phases_tasks_and_milestones_with_dates(
    template, world, volunteer, regional_manager
):
    result = apply(template, world)
    (plan,) = result.created
    assert plan.council_resolution_date == date(2026, 3, 1)  # the participation's own date
    assert list(plan.phases.values_list("name", flat=True)) == ["Gewinnen", "Umsetzen"]
    tasks = {task.title: task for task in plan.tasks.all()}
    assert tasks["Gespräch mit Bürgermeister:in"].due_date == START + timedelta(days=7)
    assert tasks["Gespräch mit Bürgermeister:in"].owner == volunteer
    assert tasks["Ratsvorlage vorbereiten"].owner == regional_manager
    assert tasks["Förderantrag stellen"].due_date == date(2026, 3, 31)
    assert tasks["Förderantrag stellen"].anchor == Anchor.COUNCIL_RESOLUTION
    gate = plan.milestones.get(title="Ratsbeschluss")
    assert gate.is_gate and gate.target_date == date(2026, 3, 1)


def test_council_resolution_falls_back_to_the_given_date_then_the_plan_start(template, world):
    plan = services.apply_template(
        template, [world.own], START, council_resolution_date=date(2026, 4, 1)
    ).created[0]
    assert plan.council_resolution_date == date(2026, 4, 1)
    no_date = services.apply_template(template, [world.other], START).created[0]
    assert no_date.council_resolution_date == START


def test_applying_to_many_skips_those_with_a_plan_and_those_not_managed(
    template, world, regional_manager
):
    second = ParticipationFactory(region=world.own_region)
    apply(template, world)
    result = services.apply_template(
        template, [world.own, second, world.other], START, user=regional_manager
    )
    assert [plan.participation for plan in result.created] == [second]
    assert {participation for participation, _reason in result.skipped} == {
        world.own,
        world.other,
    }
    assert Plan.objects.count() == 2


def test_template_descriptions_are_copied_as_plain_text(template, world):
    """Descriptions are plain text: copied as written, escaped wherever they are shown."""
    task_template = template.phases.first().task_templates.first()
    task_template.description = 'Müller & Söhne <GmbH> <img src=x onerror="alert(1)">'
    task_template.save()
    plan = apply(template, world).created[0]
    assert plan.tasks.get(title=task_template.title).description == task_template.description


def test_shift_preview_and_apply_move_only_unfinished_items_of_that_anchor(template, world):
    plan = apply(template, world).created[0]
    done = plan.tasks.get(title="Gespräch mit Bürgermeister:in")
    done.status = Task.Status.DONE
    done.save()
    open_task = plan.tasks.get(title="Ratsvorlage vorbereiten")
    funding = plan.tasks.get(title="Förderantrag stellen")

    changes = services.preview_shift(plan, Anchor.PLAN_START, START + timedelta(days=10))
    assert [(c.title, c.old, c.new) for c in changes] == [
        ("Ratsvorlage vorbereiten", open_task.due_date, open_task.due_date + timedelta(days=10))
    ]
    open_task.refresh_from_db()
    assert open_task.due_date == START + timedelta(days=14)  # the preview changed nothing

    services.shift_plan(plan, Anchor.PLAN_START, START + timedelta(days=10))
    plan.refresh_from_db()
    done.refresh_from_db()
    open_task.refresh_from_db()
    funding.refresh_from_db()
    assert plan.start_date == START + timedelta(days=10)
    assert done.due_date == START + timedelta(days=7)
    assert open_task.due_date == START + timedelta(days=24)
    assert funding.due_date == date(2026, 3, 31)  # counted from the council resolution


def test_moving_the_council_resolution_moves_its_items_but_not_reached_milestones(template, world):
    plan = apply(template, world).created[0]
    reached = plan.milestones.get(title="Ratsbeschluss")
    reached.reached_on = date(2026, 3, 1)
    reached.save()
    changes = services.shift_plan(plan, Anchor.COUNCIL_RESOLUTION, date(2026, 5, 1))
    assert {c.title for c in changes} == {"Förderantrag stellen", "Erste Maßnahme"}
    reached.refresh_from_db()
    assert reached.target_date == date(2026, 3, 1)
    assert plan.tasks.get(title="Förderantrag stellen").due_date == date(2026, 5, 31)
    assert plan.milestones.get(title="Erste Maßnahme").target_date == date(2026, 7, 30)


def test_a_phase_is_complete_only_when_tasks_are_done_and_its_gate_is_reached(template, world):
    plan = apply(template, world).created[0]

    def phase_now():
        fresh = services.plans_with_items(Plan.objects.filter(pk=plan.pk)).get()
        phase = services.current_phase(fresh)
        return phase.name if phase else None

    assert phase_now() == "Gewinnen"
    plan.tasks.filter(phase__name="Gewinnen").update(status=Task.Status.DONE)
    assert phase_now() == "Gewinnen"  # the gate (council resolution) is not reached
    Milestone.objects.filter(plan=plan, title="Ratsbeschluss").update(reached_on=START)
    assert phase_now() == "Umsetzen"
    plan.tasks.update(status=Task.Status.DONE)
    assert phase_now() is None  # a non-gate milestone does not hold the phase


def test_plan_status_and_region_overview(template, world, regional_manager):
    plan = apply(template, world).created[0]
    apply_other = services.apply_template(template, [world.other], START).created[0]
    today = date(2026, 3, 10)
    overview = services.region_overview(regional_manager, today)
    assert [status.plan for status in overview] == [plan]  # only the own region
    status = overview[0]
    assert status.phase.name == "Gewinnen" and (status.phase_number, status.phase_count) == (1, 2)
    assert {task.title for task in status.overdue_tasks} == {
        "Gespräch mit Bürgermeister:in",
        "Ratsvorlage vorbereiten",
    }
    assert [ms.title for ms in status.overdue_milestones] == ["Ratsbeschluss"]
    assert status.at_risk
    assert status.next_milestone.title == "Erste Maßnahme"
    assert status.percent_done == 0
    assert apply_other.pk not in [s.plan.pk for s in overview]


def test_region_overview_query_count_does_not_grow_with_plans(
    template, world, regional_manager, django_assert_max_num_queries
):
    apply(template, world)
    for _ in range(4):
        services.apply_template(template, [ParticipationFactory(region=world.own_region)], START)
    with django_assert_max_num_queries(12):
        assert len(services.region_overview(regional_manager)) == 5


def test_timeline_layout(template, world):
    plan = apply(template, world).created[0]
    plan = services.plans_with_items(Plan.objects.filter(pk=plan.pk)).get()
    timeline = build_timeline(plan, today=date(2026, 3, 10))
    assert [band.name for band in timeline.bands] == ["Gewinnen", "Umsetzen"]
    first, second = timeline.bands
    assert first.start == START + timedelta(days=7) and first.end == date(2026, 3, 1)
    assert first.current and not second.current
    assert timeline.bands[0].x < timeline.today_x < timeline.width
    assert all(timeline.label_width <= band.x for band in timeline.bands)
    assert [mark.title for mark in first.marks] == ["Ratsbeschluss"]
    assert first.marks[0].overdue and first.marks[0].gate
    assert [tick.day.day for tick in timeline.ticks] == [1] * len(timeline.ticks)
    assert timeline.ticks[0].day == date(2026, 2, 1)
