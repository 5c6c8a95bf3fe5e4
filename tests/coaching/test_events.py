"""Registration, capacity and the waiting list, including the race for the last seat."""

import contextlib
import threading
from datetime import timedelta

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied
from django.db import connection
from django.utils import timezone

from accounts.roles import Role
from coaching import services
from coaching.models import Event, Registration
from tests.accounts.factories import UserFactory
from tests.coaching.factories import EventFactory, EventSeriesFactory
from tests.municipalities.factories import MembershipFactory

pytestmark = pytest.mark.django_db


def people(n):
    return [UserFactory(roles=[Role.VOLUNTEER]) for _ in range(n)]


def test_register_until_full_then_waiting_list():
    event = EventFactory(capacity=2)
    first, second, third = people(3)
    assert services.register(event, first).status == Registration.Status.REGISTERED
    assert services.register(event, second).status == Registration.Status.REGISTERED
    assert services.register(event, third).status == Registration.Status.WAITLISTED
    # Registering again changes nothing.
    assert services.register(event, first).status == Registration.Status.REGISTERED
    assert Registration.objects.filter(event=event).count() == 3


def test_cancelling_moves_the_waiting_list_up_in_order_and_mails_the_person(
    django_capture_on_commit_callbacks,
):
    event = EventFactory(capacity=1, title="Zukunftswerkstatt")
    holder, early, late = people(3)
    services.register(event, holder)
    services.register(event, early)
    services.register(event, late)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.cancel(event, holder)
    statuses = dict(Registration.objects.filter(event=event).values_list("user_id", "status"))
    assert statuses[holder.pk] == Registration.Status.CANCELLED
    assert statuses[early.pk] == Registration.Status.REGISTERED
    assert statuses[late.pk] == Registration.Status.WAITLISTED
    assert [m.to for m in mail.outbox] == [[early.email]]
    assert "Zukunftswerkstatt" in mail.outbox[0].subject


def test_leaving_the_waiting_list_frees_nothing_and_rejoining_goes_to_the_back():
    event = EventFactory(capacity=1)
    holder, waiting, other = people(3)
    services.register(event, holder)
    services.register(event, waiting)
    services.register(event, other)
    services.cancel(event, waiting)
    services.register(event, waiting)  # back at the end of the queue
    services.cancel(event, holder)
    assert Registration.objects.get(event=event, user=other).status == "registered"
    assert Registration.objects.get(event=event, user=waiting).status == "waitlisted"


def test_raising_the_capacity_promotes_waiting_people():
    event = EventFactory(capacity=1)
    a, b, c = people(3)
    for person in (a, b, c):
        services.register(event, person)
    event.capacity = 3
    event.save()
    promoted = services.capacity_changed(event)
    assert {reg.user_id for reg in promoted} == {b.pk, c.pk}


def test_no_capacity_means_no_limit():
    event = EventFactory(capacity=None)
    for person in people(5):
        assert services.register(event, person).status == "registered"


def test_registration_window_is_enforced():
    now = timezone.now()
    event = EventFactory(registration_opens=now + timedelta(days=1))
    (person,) = people(1)
    with pytest.raises(services.RegistrationClosed):
        services.register(event, person)
    event.registration_opens = now - timedelta(days=2)
    event.registration_closes = now - timedelta(days=1)
    event.save()
    with pytest.raises(services.RegistrationClosed):
        services.register(event, person)
    past = EventFactory(start=now - timedelta(hours=1), end=now + timedelta(hours=1))
    with pytest.raises(services.RegistrationClosed):
        services.register(past, person)


def test_people_outside_the_events_region_or_audience_cannot_register(world, volunteer):
    own_event = EventFactory(region=world.own_region)
    other_event = EventFactory(region=world.other_region)
    managers_only = EventFactory(audience=[Role.REGIONAL_MANAGER])
    assert services.register(own_event, volunteer).status == "registered"
    with pytest.raises(PermissionDenied):
        services.register(other_event, volunteer)
    with pytest.raises(PermissionDenied):
        services.register(managers_only, volunteer)


def test_public_event_of_another_region_is_open_to_everybody(world, volunteer):
    event = EventFactory(region=world.other_region, is_public=True)
    assert services.register(event, volunteer).status == "registered"


def test_attendance_is_recorded_by_the_regional_manager_only(world, regional_manager, volunteer):
    event = EventFactory(region=world.own_region)
    other = UserFactory(roles=[Role.VOLUNTEER])
    MembershipFactory(user=other, participation=world.own)
    services.register(event, volunteer)
    services.register(event, other)
    services.record_attendance(event, [volunteer.pk], by=regional_manager)
    assert Registration.objects.get(user=volunteer).attended is True
    assert Registration.objects.get(user=other).attended is False
    with pytest.raises(PermissionDenied):
        services.record_attendance(event, [], by=volunteer)
    with pytest.raises(PermissionDenied):
        services.record_attendance(event, [], by=world.other_manager)


def test_series_label_counts_the_parts_in_order():
    series = EventSeriesFactory(title="Coaching")
    start = timezone.now() + timedelta(days=3)
    parts = [
        EventFactory(series=series, start=start + timedelta(days=14 * i), kind="coaching")
        for i in (2, 0, 1)
    ]
    assert parts[1].series_label == "Coaching 1 von 3"
    assert parts[2].series_label == "Coaching 2 von 3"
    assert parts[0].series_label == "Coaching 3 von 3"
    fresh = list(Event.objects.filter(series=series).select_related("series"))
    services.attach_series_labels(fresh)
    assert [event.series_label for event in fresh] == [
        "Coaching 1 von 3",
        "Coaching 2 von 3",
        "Coaching 3 von 3",
    ]


def test_description_is_plain_text_and_escaped_on_the_page(client):
    text = 'Müller & Söhne <GmbH>\n<p onclick="x()">Hallo<script>alert(1)</script></p>'
    event = EventFactory(description=text, is_public=True)
    assert event.description == text
    page = client.get(event.get_absolute_url()).content.decode()
    assert "Müller &amp; Söhne &lt;GmbH&gt;" in page
    assert "<script>alert(1)</script>" not in page and 'onclick="x()"' not in page


@pytest.mark.django_db(transaction=True)
def test_two_people_cannot_both_take_the_last_seat(monkeypatch):
    """Two threads register for the one free seat at the same moment (PostgreSQL).

    To make the race certain rather than lucky, each thread, having counted the seats taken,
    waits for the other to have counted too. With the row lock the second thread is still
    blocked before counting, the wait times out, and it counts after the first committed;
    without the lock both would count zero and both get the seat.
    """
    if connection.vendor != "postgresql":
        pytest.skip("The row lock is only meaningful on PostgreSQL (run in CI).")
    event = EventFactory(capacity=1)
    first, second = people(2)
    start, counted = threading.Barrier(2), threading.Barrier(2)
    count_seats = services.seats_taken

    def count_then_wait_for_the_other(locked_event):
        taken = count_seats(locked_event)
        # A broken barrier means the other thread is blocked by the lock: as it should be.
        with contextlib.suppress(threading.BrokenBarrierError):
            counted.wait(timeout=2)
        return taken

    monkeypatch.setattr(services, "seats_taken", count_then_wait_for_the_other)
    results, errors = {}, []

    def take_seat(user):
        from django.db import connection as thread_connection

        try:
            start.wait(timeout=10)
            results[user.pk] = services.register(event, user).status
        except Exception as exc:  # pragma: no cover - reported below
            errors.append(exc)
        finally:
            thread_connection.close()

    threads = [threading.Thread(target=take_seat, args=(user,)) for user in (first, second)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert not errors
    assert sorted(results.values()) == ["registered", "waitlisted"]
    assert Registration.objects.filter(event=event, status="registered").count() == 1


def test_personal_data_export_and_deletion_free_the_seat(
    django_capture_on_commit_callbacks,
):
    from accounts.privacy import erase_personal_data, export_personal_data

    event = EventFactory(capacity=1, title="Coaching Förderung")
    holder, waiting = people(2)
    services.register(event, holder)
    services.register(event, waiting)
    exported = export_personal_data(holder)["coaching"]
    assert exported["event_registrations"][0]["event"] == "Coaching Förderung"
    assert exported["event_registrations"][0]["status"] == "registered"
    with django_capture_on_commit_callbacks(execute=True):
        erase_personal_data(holder)
    assert Registration.objects.get(event=event, user=waiting).status == "registered"
    assert not Registration.objects.filter(user_id=holder.pk).exists()
