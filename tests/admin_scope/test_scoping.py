"""The scoping layer's additions for the admin: event series, registrations, people."""

import pytest

from coaching.models import EventSeries, Registration
from municipalities.scoping import people_managed_by
from tests.coaching.factories import EventSeriesFactory, RegistrationFactory

pytestmark = pytest.mark.django_db


def ids(queryset):
    return set(queryset.values_list("pk", flat=True))


def test_event_series_follow_their_region(world, regional_manager, coordinator, volunteer, client):
    own = world.own.objects["coaching.eventseries"]
    other = world.other.objects["coaching.eventseries"]
    programme = EventSeriesFactory(title="Programmweit", region=None)
    assert ids(EventSeries.objects.managed_by(regional_manager)) == {own.pk}
    assert ids(EventSeries.objects.visible_to(regional_manager)) == {own.pk, programme.pk}
    assert ids(EventSeries.objects.visible_to(volunteer)) == {own.pk, programme.pk}
    assert ids(EventSeries.objects.managed_by(volunteer)) == set()
    assert ids(EventSeries.objects.managed_by(coordinator)) == {own.pk, other.pk, programme.pk}
    from django.contrib.auth.models import AnonymousUser

    assert ids(EventSeries.objects.visible_to(AnonymousUser())) == set()


def test_registrations_are_managed_with_their_event(world, regional_manager, coordinator):
    own = RegistrationFactory(event=world.own.objects["coaching.event"])
    other = RegistrationFactory(event=world.other.objects["coaching.event"])
    assert ids(Registration.objects.managed_by(regional_manager)) == {own.pk}
    assert ids(Registration.objects.managed_by(coordinator)) == {own.pk, other.pk}


def test_people_a_manager_may_choose(
    world, regional_manager, coordinator, volunteer, municipal_contact
):
    # The members of the own participation (patron and municipal contact) and the manager.
    assert ids(people_managed_by(regional_manager)) == {
        regional_manager.pk,
        volunteer.pk,
        municipal_contact.pk,
    }
    assert ids(people_managed_by(volunteer)) == set()
    assert world.other.volunteer.pk in ids(people_managed_by(coordinator))
