"""Wagtail admin screens of coaching: scoped to the user's regions; templates for coordinators."""

from datetime import date, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from coaching import services
from coaching.models import Event, Registration
from tests.accounts.factories import UserFactory
from tests.coaching.factories import EventFactory, MeasureFactory

pytestmark = pytest.mark.django_db


def url(model, view, *args):
    return reverse(f"wagtailsnippets_coaching_{model}:{view}", args=args)


def test_regional_manager_sees_and_opens_only_own_region_events(client, regional_manager, world):
    own = EventFactory(region=world.own_region, title="Eigene Schulung")
    other = EventFactory(region=world.other_region, title="Fremde Schulung")
    programme = EventFactory(region=None, title="Programmweit")
    client.force_login(regional_manager)
    html = client.get(url("event", "list")).content.decode()
    assert "Eigene Schulung" in html
    assert "Fremde Schulung" not in html and "Programmweit" not in html
    assert client.get(url("event", "edit", own.pk)).status_code == 200
    assert client.get(url("event", "edit", other.pk)).status_code == 404
    assert client.get(url("event", "edit", programme.pk)).status_code == 404
    assert client.get(url("event", "delete", other.pk)).status_code == 404


def test_regional_manager_creates_an_event_only_in_own_region(client, regional_manager, world):
    client.force_login(regional_manager)
    start = timezone.localtime() + timedelta(days=5)
    data = {
        "kind": "training",
        "title": "Neue Schulung",
        "description": "<p>Hallo<script>x</script></p>",
        "start": start.strftime("%Y-%m-%d %H:%M"),
        "end": (start + timedelta(hours=2)).strftime("%Y-%m-%d %H:%M"),
        "capacity": "12",
    }
    response = client.post(url("event", "add"), {**data, "region": world.other_region.pk})
    assert response.status_code == 200  # another region is not a valid choice
    assert not Event.objects.exists()
    response = client.post(url("event", "add"), data)  # no region: programme-wide is refused
    assert not Event.objects.exists()
    response = client.post(url("event", "add"), {**data, "region": world.own_region.pk})
    assert response.status_code == 302, response.context["form"].errors
    event = Event.objects.get()
    assert event.region == world.own_region
    assert event.description == data["description"]  # plain text, escaped when shown
    page = client.get(event.get_absolute_url()).content.decode()
    assert "<script>x</script>" not in page and "&lt;script&gt;x&lt;/script&gt;" in page


def test_raising_capacity_in_the_admin_moves_the_waiting_list_up(
    client, regional_manager, world, volunteer
):
    event = EventFactory(region=world.own_region, capacity=0)
    services.register(event, volunteer)
    assert event.registrations.get().status == Registration.Status.WAITLISTED
    client.force_login(regional_manager)
    start = timezone.localtime(event.start)
    response = client.post(
        url("event", "edit", event.pk),
        {
            "kind": event.kind,
            "title": event.title,
            "start": start.strftime("%Y-%m-%d %H:%M"),
            "end": (start + timedelta(hours=2)).strftime("%Y-%m-%d %H:%M"),
            "region": world.own_region.pk,
            "capacity": "5",
        },
    )
    assert response.status_code == 302, response.context["form"].errors
    assert event.registrations.get().status == Registration.Status.REGISTERED


def test_plan_templates_are_for_coordinators(client, coordinator, regional_manager, template):
    client.force_login(regional_manager)
    assert client.get(url("plantemplate", "list")).status_code == 302
    assert client.get(url("plantemplate", "edit", template.pk)).status_code == 302
    client.force_login(coordinator)
    response = client.get(url("plantemplate", "edit", template.pk))
    assert response.status_code == 200
    assert "Gewinnen" in response.content.decode()
    phase = template.phases.first()
    response = client.get(url("phasetemplate", "edit", phase.pk))
    assert response.status_code == 200
    assert "Ratsbeschluss" in response.content.decode()


def test_plans_and_measures_in_the_admin_are_scoped(client, regional_manager, template, world):
    own = services.apply_template(template, [world.own], date(2026, 2, 1)).created[0]
    other = services.apply_template(template, [world.other], date(2026, 2, 1)).created[0]
    MeasureFactory(participation=world.own, title="PV Schule")
    other_measure = MeasureFactory(participation=world.other, title="Carsharing Olpe")
    client.force_login(regional_manager)
    assert client.get(url("plan", "edit", own.pk)).status_code == 200
    assert client.get(url("plan", "edit", other.pk)).status_code == 404
    html = client.get(url("measure", "list")).content.decode()
    assert "PV Schule" in html and "Carsharing Olpe" not in html
    assert client.get(url("measure", "edit", other_measure.pk)).status_code == 404


def test_volunteers_have_no_admin(client, volunteer):
    client.force_login(volunteer)
    assert client.get(url("event", "list")).status_code == 403


def test_coordinator_sees_everything(client, coordinator, world):
    EventFactory(region=world.other_region, title="Fremde Schulung")
    UserFactory()
    client.force_login(coordinator)
    assert "Fremde Schulung" in client.get(url("event", "list")).content.decode()


def test_coordinator_edits_a_template_without_losing_the_phases_tasks(
    client, coordinator, template
):
    from wagtail.test.utils.form_data import inline_formset, nested_form_data

    first, second = template.phases.order_by("sort_order")
    tasks_before = sorted(template.phases.values_list("task_templates__title", flat=True))
    client.force_login(coordinator)
    data = nested_form_data(
        {
            "name": "Klimapaten-Programm 2027",
            "description": "",
            "is_active": "on",
            "phases": inline_formset(
                [
                    {"id": str(second.pk), "name": "Umsetzen", "description": ""},
                    {"id": str(first.pk), "name": "Gewinnen und beschließen", "description": ""},
                    {"name": "Verstetigen", "description": ""},
                ],
                initial=2,
            ),
        }
    )
    response = client.post(url("plantemplate", "edit", template.pk), data)
    assert response.status_code == 302, response.content.decode()[:3000]
    template.refresh_from_db()
    assert template.name == "Klimapaten-Programm 2027"
    assert list(template.phases.order_by("sort_order").values_list("name", flat=True)) == [
        "Umsetzen",
        "Gewinnen und beschließen",
        "Verstetigen",
    ]
    assert sorted(
        t for t in template.phases.values_list("task_templates__title", flat=True) if t
    ) == sorted(t for t in tasks_before if t)


def test_coordinator_adds_a_task_template_to_a_phase(client, coordinator, template):
    from wagtail.test.utils.form_data import inline_formset, nested_form_data

    phase = template.phases.order_by("sort_order").first()
    tasks = list(phase.task_templates.order_by("sort_order"))
    milestones = list(phase.milestone_templates.all())

    def item(obj, **extra):
        return {
            "id": str(obj.pk),
            "title": obj.title,
            "description": "",
            "anchor": obj.anchor,
            "offset_days": str(obj.offset_days),
            **extra,
        }

    data = nested_form_data(
        {
            "template": str(template.pk),
            "name": phase.name,
            "description": "",
            "task_templates": inline_formset(
                [
                    *[item(t, owner_role=t.owner_role) for t in tasks],
                    {
                        "title": "Presse informieren",
                        "description": "<p>Pressemitteilung</p>",
                        "anchor": "council_resolution",
                        "offset_days": "3",
                        "owner_role": "volunteer",
                    },
                ],
                initial=len(tasks),
            ),
            "milestone_templates": inline_formset(
                [item(m, is_gate="on" if m.is_gate else "") for m in milestones],
                initial=len(milestones),
            ),
        }
    )
    client.force_login(coordinator)
    response = client.post(url("phasetemplate", "edit", phase.pk), data)
    assert response.status_code == 302, response.content.decode()[:3000]
    added = phase.task_templates.get(title="Presse informieren")
    assert (added.anchor, added.offset_days, added.sort_order) == ("council_resolution", 3, 2)
    assert phase.milestone_templates.get().is_gate
