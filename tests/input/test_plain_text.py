"""Plain text comes back as typed: in the page, the iCal feed, the GeoJSON, the export and the
admin inspect view. Escaping happens once, on output, and only where HTML is written."""

import csv
import io
import json
from datetime import timedelta

import pytest
from django.utils import timezone

from core.plaintext import html_to_text
from tests.coaching.factories import EventFactory
from tests.municipalities.factories import InitiativeFactory

pytestmark = pytest.mark.django_db

TEXT = "Müller & Söhne <GmbH>"
ESCAPED = "Müller &amp; Söhne &lt;GmbH&gt;"


@pytest.fixture
def event(world):
    start = timezone.now() + timedelta(days=3)
    return EventFactory(
        title=TEXT,
        description=f"{TEXT}\nZweite Zeile",
        venue=TEXT,
        is_public=True,
        region=world.own_region,
        start=start,
        end=start + timedelta(hours=2),
    )


def test_event_page_shows_the_text_escaped_once(client, event):
    page = client.get(event.get_absolute_url()).content.decode()
    assert ESCAPED in page
    assert "&amp;amp;" not in page and "&lt;GmbH&gt;" in page
    event.refresh_from_db()
    assert event.title == TEXT and event.description == f"{TEXT}\nZweite Zeile"


def test_ical_feed_carries_the_text(client, event):
    from icalendar import Calendar

    feed = Calendar.from_ical(client.get("/events/feed.ics").content)
    (component,) = [c for c in feed.walk("VEVENT") if str(c["summary"]).startswith("Müller")]
    assert str(component["summary"]) == TEXT
    assert str(component["description"]).startswith(f"{TEXT}\nZweite Zeile")
    assert "&amp;" not in str(component["description"])


def test_geojson_carries_the_text(client, world):
    InitiativeFactory(
        name=TEXT,
        description=TEXT,
        region=world.own_region,
        municipality=world.own.municipality,
        approved=True,
    )
    data = json.loads(client.get("/api/map/initiatives.geojson").content)
    properties = [f["properties"] for f in data["features"] if f["properties"]["name"] == TEXT]
    assert properties and properties[0]["description"] == TEXT


def test_suggested_initiative_keeps_its_text(client, world):
    from municipalities import services
    from municipalities.models import Initiative

    services.suggest_initiative(
        {"name": "Repair-Café", "category": "repair", "description": TEXT, "city": "Olpe"}
    )
    assert Initiative.objects.get(name="Repair-Café").description == TEXT


def test_data_export_carries_the_text(client, regional_manager, world):
    from municipalities.models import Membership

    member = Membership.objects.get(participation=world.own, user__email="pate@test.example")
    member.user.full_name = TEXT
    member.user.save()
    client.force_login(regional_manager)
    raw = client.get(f"/dashboard/export/children.csv?participation={world.own.pk}").content
    rows = list(csv.reader(io.StringIO(raw.decode("utf-8-sig"))))
    assert TEXT in [row[0] for row in rows]


def test_admin_inspect_view_shows_the_text(client, coordinator, event):
    coordinator.is_superuser = True
    coordinator.is_staff = True
    coordinator.save()
    client.force_login(coordinator)
    page = client.get(f"/admin/snippets/coaching/event/inspect/{event.pk}/").content.decode()
    assert ESCAPED in page
    assert "&amp;amp;" not in page


def test_task_description_round_trip_through_the_form(client, regional_manager, template, world):
    from coaching import services

    plan = services.apply_template(template, [world.own], timezone.localdate()).created[0]
    task = plan.tasks.first()
    client.force_login(regional_manager)
    response = client.post(
        f"/plans/tasks/{task.pk}/edit/",
        {
            "title": TEXT,
            "description": TEXT,
            "phase": task.phase_id,
            "due_date": task.due_date.isoformat(),
            "status": "open",
        },
    )
    assert response.status_code == 302
    task.refresh_from_db()
    assert task.title == TEXT and task.description == TEXT
    page = client.get(plan.get_absolute_url()).content.decode()
    assert ESCAPED in page and "&amp;amp;" not in page


@pytest.mark.parametrize(
    ("stored", "text"),
    [
        ("<p>Müller &amp; Söhne </p>", "Müller & Söhne"),
        ("<p>Eins<br>Zwei</p><p>Drei</p>", "Eins\nZwei\n\nDrei"),
        ("Schon Text", "Schon Text"),
        ("", ""),
    ],
)
def test_stored_html_is_repaired_to_text(stored, text):
    assert html_to_text(stored) == text


def test_data_migration_repairs_entity_encoded_descriptions(world):
    import importlib

    from django.apps import apps

    from coaching.models import Event

    event = EventFactory(description="<p>Müller &amp; Söhne</p>")
    migration = importlib.import_module("coaching.migrations.0003_plain_text_descriptions")
    migration.forwards(apps, None)
    assert Event.objects.get(pk=event.pk).description == "Müller & Söhne"
