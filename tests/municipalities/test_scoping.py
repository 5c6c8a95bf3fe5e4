"""The one scoping layer: each role against objects of its own and of another region."""

import pytest
from django.contrib.auth.models import AnonymousUser

from accounts.roles import Role
from municipalities.models import (
    Initiative,
    Invitation,
    Membership,
    Participation,
    Region,
    Stakeholder,
)
from municipalities.services import invite
from tests.accounts.factories import UserFactory

pytestmark = pytest.mark.django_db


def ids(queryset):
    return set(queryset.values_list("pk", flat=True))


def test_coordinator_sees_everything(coordinator, world):
    assert ids(Region.objects.visible_to(coordinator)) == ids(Region.objects.all())
    assert ids(Participation.objects.visible_to(coordinator)) == {
        world.own.pk,
        world.other.pk,
    }
    assert Membership.objects.visible_to(coordinator).count() == 3
    assert Stakeholder.objects.visible_to(coordinator).count() == 2
    assert Initiative.objects.visible_to(coordinator).count() == 2


def test_superuser_counts_as_coordinator(world):
    admin = UserFactory(is_superuser=True, is_staff=True)
    assert ids(Participation.objects.visible_to(admin)) == {world.own.pk, world.other.pk}
    assert Stakeholder.objects.managed_by(admin).count() == 2


def test_regional_manager_sees_only_their_region(regional_manager, world):
    assert ids(Region.objects.visible_to(regional_manager)) == {world.own_region.pk}
    assert ids(Participation.objects.visible_to(regional_manager)) == {world.own.pk}
    assert ids(Membership.objects.visible_to(regional_manager)) == {
        m.pk for m in world.own_memberships
    }
    assert ids(Stakeholder.objects.visible_to(regional_manager)) == {world.own_stakeholder.pk}
    assert ids(Initiative.objects.visible_to(regional_manager)) == {world.own_initiative.pk}
    assert ids(Participation.objects.managed_by(regional_manager)) == {world.own.pk}


def test_the_other_regional_manager_sees_the_other_region(world):
    manager = world.other_manager
    assert ids(Participation.objects.visible_to(manager)) == {world.other.pk}
    assert ids(Membership.objects.visible_to(manager)) == {world.other_membership.pk}
    assert ids(Stakeholder.objects.visible_to(manager)) == {world.other_stakeholder.pk}


def test_regional_manager_of_two_regions_sees_both_without_duplicates(regional_manager, world):
    world.other_region.managers.add(regional_manager)
    assert Participation.objects.visible_to(regional_manager).count() == 2
    assert Region.objects.visible_to(regional_manager).count() == 2


def test_regional_manager_without_region_sees_nothing(world):
    manager = UserFactory(roles=[Role.REGIONAL_MANAGER])
    assert not Participation.objects.visible_to(manager).exists()
    assert not Stakeholder.objects.visible_to(manager).exists()


def test_region_managers_without_the_role_manage_nothing(world):
    """A user listed as manager but without the role (e.g. role revoked) manages nothing."""
    former = UserFactory()
    world.own_region.managers.add(former)
    assert not Participation.objects.managed_by(former).exists()
    assert not Stakeholder.objects.visible_to(former).exists()


@pytest.mark.parametrize("who", ["volunteer", "municipal_contact"])
def test_members_see_their_own_participation_only(request, world, who):
    user = request.getfixturevalue(who)
    assert ids(Participation.objects.visible_to(user)) == {world.own.pk}
    assert ids(Region.objects.visible_to(user)) == {world.own_region.pk}
    assert ids(Membership.objects.visible_to(user)) == set(
        Membership.objects.filter(user=user).values_list("pk", flat=True)
    )
    assert not Participation.objects.managed_by(user).exists()
    assert not Stakeholder.objects.visible_to(user).exists()
    assert not Initiative.objects.visible_to(user).exists()


def test_anonymous_sees_nothing(world):
    anonymous = AnonymousUser()
    for model in (Region, Participation, Membership, Stakeholder, Initiative, Invitation):
        assert not model.objects.visible_to(anonymous).exists()


def test_invitations_are_scoped_like_their_participation(regional_manager, world):
    invite(world.own, ["a@example.org"], role="volunteer", language="de", invited_by=None)
    invite(world.other, ["b@example.org"], role="volunteer", language="de", invited_by=None)
    assert set(Invitation.objects.visible_to(regional_manager).values_list("email", flat=True)) == {
        "a@example.org"
    }
    assert not Invitation.objects.visible_to(world.own_memberships[0].user).exists()


def test_public_querysets(world):
    world.other.set_status(Participation.Status.WITHDRAWN)
    world.other_initiative.approved = False
    world.other_initiative.save()
    assert ids(Participation.objects.public()) == {world.own.pk}
    assert ids(Initiative.objects.public()) == {world.own_initiative.pk}


def test_region_covers_states_and_single_districts(world):
    own, other = world.own.municipality, world.other.municipality
    region = world.own_region
    assert region.covers(own)
    assert not region.covers(other)
    region.districts.add(other.district)
    assert region.covers(other)
    assert ids(Region.objects.covering(other)) == {region.pk, world.other_region.pk}


def test_status_changes_are_recorded_once_with_their_date(world, regional_manager):
    participation = world.own
    participation.set_status(
        Participation.Status.CONTINUING, user=regional_manager, note="Verstetigt"
    )
    participation.save()  # saving again does not add a step
    history = list(participation.status_history.values_list("status", "note", "changed_by"))
    assert history[0] == ("continuing", "Verstetigt", regional_manager.pk)
    assert [status for status, *_ in history] == ["continuing", "active"]


def test_council_resolution_sets_its_date(world):
    participation = world.other  # active, no council resolution yet (the own one has its date)
    assert participation.council_resolution_date is None
    participation.set_status(Participation.Status.COUNCIL_RESOLUTION)
    participation.refresh_from_db()
    assert participation.council_resolution_date == participation.status_changed


def test_stakeholder_takes_the_region_of_its_participation(world):
    from tests.municipalities.factories import StakeholderFactory

    stakeholder = StakeholderFactory(region=world.other_region, participation=world.own)
    assert stakeholder.region == world.own_region


def test_a_municipality_outside_any_district_is_covered_by_its_state_only(world):
    from tests.municipalities.factories import MunicipalityFactory

    region_of_districts = world.other_region
    region_of_districts.states.clear()
    region_of_districts.districts.add(world.other.municipality.district)
    coast = MunicipalityFactory(district=None, state=world.own.municipality.state, ags="07000999")
    assert ids(Region.objects.covering(coast)) == {world.own_region.pk}
