"""The Wagtail admin screens respect the region scope."""

import pytest
from django.urls import reverse

from municipalities.models import Participation, Stakeholder

pytestmark = pytest.mark.django_db


def url(model, view, *args):
    return reverse(f"wagtailsnippets_municipalities_{model}:{view}", args=args)


def test_regional_manager_lists_only_their_region(client, regional_manager, world):
    client.force_login(regional_manager)
    for model, own, other in [
        ("participation", "Nieder-Olm", "Olpe"),
        ("stakeholder", world.own_stakeholder.name, world.other_stakeholder.name),
        ("initiative", "Repair-Café Nieder-Olm", "Energiegenossenschaft Olpe"),
    ]:
        response = client.get(url(model, "list"))
        assert response.status_code == 200, model
        content = response.content.decode()
        assert own in content, model
        assert other not in content, model


def test_regional_manager_cannot_open_another_regions_objects(client, regional_manager, world):
    client.force_login(regional_manager)
    assert client.get(url("participation", "edit", world.own.pk)).status_code == 200
    for model, obj in [
        ("participation", world.other),
        ("stakeholder", world.other_stakeholder),
        ("initiative", world.other_initiative),
        ("membership", world.other_membership),
    ]:
        for view in ("edit", "delete", "history", "usage"):
            response = client.get(url(model, view, obj.pk))
            assert response.status_code == 404, (model, view)
        response = client.post(url(model, "delete", obj.pk))
        assert response.status_code == 404, model
    assert Participation.objects.filter(pk=world.other.pk).exists()
    assert Stakeholder.objects.filter(pk=world.other_stakeholder.pk).exists()


def test_regional_manager_cannot_move_a_participation_to_another_region(
    client, regional_manager, world
):
    client.force_login(regional_manager)
    participation = world.own
    response = client.post(
        url("participation", "edit", participation.pk),
        {
            "municipality": participation.municipality_id,
            "district_name": "",
            "region": world.other_region.pk,
            "status": "active",
            "status_changed": "2026-01-01",
        },
    )
    assert response.status_code == 200  # form shown again with an error
    participation.refresh_from_db()
    assert participation.region == world.own_region


def test_regional_manager_creates_a_stakeholder_in_their_region(client, regional_manager, world):
    client.force_login(regional_manager)
    response = client.post(
        url("stakeholder", "add"),
        {
            "region": world.own_region.pk,
            "participation": world.own.pk,
            "kind": "press",
            "name": "Lokalzeitung",
            "notes": "<p>Gut</p><img src=x onerror=alert(1)>",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    stakeholder = Stakeholder.objects.get(name="Lokalzeitung")
    assert stakeholder.region == world.own_region
    assert stakeholder.notes == "<p>Gut</p><img src=x onerror=alert(1)>"  # plain text


def test_regions_are_managed_by_coordinators(client, regional_manager, coordinator, world):
    client.force_login(regional_manager)
    assert client.get(url("region", "add")).status_code == 302
    client.force_login(coordinator)
    assert client.get(url("region", "add")).status_code == 200
    content = client.get(url("participation", "list")).content.decode()
    assert "Nieder-Olm" in content
    assert "Olpe" in content


@pytest.mark.parametrize("who", ["volunteer", "municipal_contact"])
def test_members_have_no_admin(client, request, world, who):
    client.force_login(request.getfixturevalue(who))
    response = client.get(url("participation", "list"))
    assert response.status_code == 403


def test_directory_search_and_filter(client, coordinator, world):
    client.force_login(coordinator)
    response = client.get(url("municipality", "list"), {"q": "Nieder"})
    assert response.status_code == 200
    content = response.content.decode()
    assert "Nieder-Olm" in content
    assert "Olpe" not in content
    response = client.get(url("participation", "list"), {"status": "active", "q": "Olpe"})
    assert response.status_code == 200


def test_choosers_offer_only_the_users_region(client, regional_manager, world):
    client.force_login(regional_manager)
    response = client.get(reverse("wagtailsnippetchoosers_municipalities_stakeholder:choose"))
    content = response.content.decode()
    assert world.own_stakeholder.name in content
    assert world.other_stakeholder.name not in content
    chosen = reverse(
        "wagtailsnippetchoosers_municipalities_participation:chosen", args=[world.other.pk]
    )
    assert client.get(chosen).status_code == 404


def test_own_objects_open_in_every_view(client, regional_manager, world):
    client.force_login(regional_manager)
    for view in ("edit", "history", "usage", "inspect"):
        response = client.get(url("participation", view, world.own.pk))
        assert response.status_code == 200, view


def test_admin_listing_links_to_the_participation_page(client, regional_manager, world):
    client.force_login(regional_manager)
    content = client.get(url("participation", "list")).content.decode()
    assert world.own.get_absolute_url() in content


def test_membership_created_in_the_admin_grants_the_role(world, user_factory):
    from accounts.roles import Role
    from municipalities.models import Membership

    person = user_factory()
    Membership.objects.create(user=person, participation=world.own, role="municipal_contact")
    person.refresh_from_db()
    assert person.has_role(Role.MUNICIPAL_CONTACT)


def test_municipality_chooser_searches_by_name_key_and_postal_code(client, regional_manager, world):
    client.force_login(regional_manager)
    choose = reverse("wagtailsnippetchoosers_municipalities_municipality:choose_results")
    for query in ("nieder", "07339", "55268"):
        content = client.get(choose, {"q": query}).content.decode()
        assert "Nieder-Olm" in content, query
        assert "Olpe" not in content, query


def test_region_managers_are_chosen_among_regional_managers(client, coordinator, world):
    client.force_login(coordinator)
    content = client.get(url("region", "edit", world.own_region.pk)).content.decode()
    assert world.other_manager.email in content or str(world.other_manager) in content
    assert str(world.own_memberships[0].user) not in content


def test_regional_manager_adds_a_participation_with_its_history(client, regional_manager, world):
    from tests.municipalities.factories import MunicipalityFactory

    place = MunicipalityFactory(district=world.own.municipality.district, name="Essenheim")
    client.force_login(regional_manager)
    assert client.get(url("participation", "add")).status_code == 200
    response = client.post(
        url("participation", "add"),
        {
            "municipality": place.pk,
            "district_name": "",
            "region": world.own_region.pk,
            "status": "contacted",
            "status_changed": "2026-03-01",
        },
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    participation = Participation.objects.get(municipality=place)
    change = participation.status_history.get()
    assert (change.status, str(change.date), change.changed_by) == (
        "contacted",
        "2026-03-01",
        regional_manager,
    )
    # A municipality outside the region is refused.
    response = client.post(
        url("participation", "add"),
        {
            "municipality": world.other.municipality.pk,
            "district_name": "Ost",
            "region": world.own_region.pk,
            "status": "identified",
            "status_changed": "2026-03-01",
        },
    )
    assert response.status_code == 200
    assert not Participation.objects.filter(district_name="Ost").exists()
