"""iCal output parsed back with the icalendar library: single events, public and private feeds."""

from datetime import date, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse
from icalendar import Calendar

from coaching import dates, services
from coaching.models import CalendarToken
from tests.coaching.factories import EventFactory

pytestmark = pytest.mark.django_db
BERLIN = ZoneInfo("Europe/Berlin")


def parse(response):
    assert response["Content-Type"].startswith("text/calendar")
    return Calendar.from_ical(response.content)


def vevents(cal):
    return list(cal.walk("VEVENT"))


def test_event_ics_round_trips_with_local_times_across_the_dst_change(client):
    # The day after the spring change: 18:00 local is 16:00 UTC.
    event = EventFactory(
        is_public=True,
        title="Regionaltreffen",
        start=dates.local_datetime(date(2026, 3, 30), time(18, 0)),
        end=dates.local_datetime(date(2026, 3, 30), time(20, 30)),
        latitude=49.91,
        longitude=8.2,
    )
    cal = parse(client.get(reverse("events:ics", args=[event.pk])))
    (component,) = vevents(cal)
    start = component.decoded("dtstart")
    assert start.tzinfo is not None
    assert start.astimezone(BERLIN).hour == 18
    assert dates.utc(start).hour == 16
    assert component["dtstart"].params["TZID"] == "Europe/Berlin"
    assert str(component["summary"]) == "Regionaltreffen"
    assert "Nieder-Olm" in str(component["location"])
    assert component["uid"] == f"event-{event.pk}@klimapaten"
    assert cal.walk("VTIMEZONE"), "a VTIMEZONE must describe Europe/Berlin"
    assert component.decoded("geo") is not None


def test_members_only_event_ics_is_not_for_anonymous(client):
    event = EventFactory(is_public=False)
    assert client.get(reverse("events:ics", args=[event.pk])).status_code == 404


def test_public_feed_holds_public_events_only(client):
    public = EventFactory(is_public=True, title="Klimafest")
    EventFactory(is_public=False, title="Internes Coaching")
    cal = parse(client.get(reverse("events:feed")))
    assert [str(c["summary"]) for c in vevents(cal)] == ["Klimafest"]
    assert cal["x-wr-timezone"] == "Europe/Berlin"
    assert public.pk


def test_private_feed_has_my_events_tasks_and_milestones_and_renewing_revokes_it(
    client, template, world, volunteer
):
    event = EventFactory(region=world.own_region, title="Schulung Förderung")
    EventFactory(region=world.own_region, title="Nicht angemeldet")
    services.register(event, volunteer)
    plan = services.apply_template(template, [world.own], date(2026, 2, 1)).created[0]
    token = CalendarToken.for_user(volunteer)
    url = token.get_absolute_url()

    cal = parse(client.get(url))
    summaries = sorted(str(c["summary"]) for c in vevents(cal))
    mine = plan.tasks.filter(owner=volunteer).count()
    assert "Schulung Förderung" in summaries
    assert "Nicht angemeldet" not in summaries
    assert sum(s.startswith("Aufgabe fällig") for s in summaries) == mine == 2
    assert sum(s.startswith("Meilenstein") for s in summaries) == plan.milestones.count()
    task_entry = next(c for c in vevents(cal) if str(c["summary"]).startswith("Aufgabe"))
    assert isinstance(task_entry.decoded("dtstart"), date)
    assert task_entry.decoded("dtend") - task_entry.decoded("dtstart") == timedelta(days=1)

    client.force_login(volunteer)
    client.post(reverse("events:renew_feed"))
    assert client.get(url).status_code == 404
    token.refresh_from_db()
    assert client.get(token.get_absolute_url()).status_code == 200


def test_unknown_token_is_404(client):
    assert client.get(reverse("events:private_feed", args=["nope"])).status_code == 404
