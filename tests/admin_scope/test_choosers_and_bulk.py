"""Choosers and bulk-action confirmations of every kit viewset offer only the user's objects."""

import pytest
from django.urls import reverse

from tests.admin_scope.conftest import MARKER, assert_no_marker
from tests.admin_scope.test_viewsets import kit_viewsets

pytestmark = pytest.mark.django_db

SNIPPET_LABELS = sorted(
    vs.model._meta.label_lower for vs in kit_viewsets() if hasattr(vs, "chooser_viewset")
)


def _viewset(world, label):
    return world.own.objects[label].snippet_viewset


@pytest.mark.parametrize("label", SNIPPET_LABELS)
def test_choosers_list_search_and_return_only_own_objects(client, regional_manager, world, label):
    own, other = world.own.objects[label], world.other.objects[label]
    chooser = _viewset(world, label).chooser_viewset
    client.force_login(regional_manager)
    for name, params in [
        ("choose", {}),
        ("choose", {"multiple": "1"}),
        ("choose_results", {}),
        ("choose_results", {"q": "Zy"}),
    ]:
        response = client.get(reverse(chooser.get_url_name(name)), params)
        assert response.status_code == 200, name
        assert_no_marker(response)
    assert str(own) in client.get(reverse(chooser.get_url_name("choose_results"))).content.decode()
    chosen = chooser.get_url_name("chosen")
    assert client.get(reverse(chosen, args=[own.pk])).status_code == 200
    response = client.get(reverse(chosen, args=[other.pk]))
    assert response.status_code == 404
    assert_no_marker(response)
    for bad in ("abc", "99999999999999999999999"):
        assert client.get(reverse(chosen, args=[bad])).status_code == 404
    response = client.get(
        reverse(chooser.get_url_name("chosen_multiple")), {"id": [own.pk, other.pk]}
    )
    assert response.status_code == 200
    assert_no_marker(response)
    assert [item["string"] for item in response.json()["result"]] == [str(own)]
    assert (
        client.get(reverse(chooser.get_url_name("chosen_multiple")), {"id": ["abc"]}).status_code
        == 404
    )


@pytest.mark.parametrize("label", SNIPPET_LABELS)
def test_the_coordinator_chooses_from_every_region(client, coordinator, world, label):
    other = world.other.objects[label]
    chooser = _viewset(world, label).chooser_viewset
    client.force_login(coordinator)
    results = client.get(reverse(chooser.get_url_name("choose_results"))).content.decode()
    assert str(other) in results
    assert client.get(reverse(chooser.get_url_name("chosen"), args=[other.pk])).status_code == 200


def _bulk(label, *ids):
    app_label, model = label.split(".")
    query = "&".join(f"id={pk}" for pk in ids)
    return reverse("wagtail_bulk_action", args=[app_label, model, "delete"]) + f"?{query}"


@pytest.mark.parametrize("label", SNIPPET_LABELS)
def test_bulk_delete_never_loads_another_regions_objects(client, regional_manager, world, label):
    own, other = world.own.objects[label], world.other.objects[label]
    model = type(other)
    client.force_login(regional_manager)
    response = client.get(_bulk(label, other.pk))
    assert response.status_code == 404
    assert_no_marker(response)
    response = client.post(_bulk(label, other.pk))
    assert response.status_code == 404
    for ids in [(own.pk, other.pk), ("all",)]:
        response = client.get(_bulk(label, *ids))
        # The confirmation of the own object (Wagtail's bulk confirmation lists what the user
        # may not delete there rather than refusing the page).
        assert response.status_code == 200, ids
        assert_no_marker(response)
    for ids in [("all",), (own.pk, other.pk)]:
        client.post(_bulk(label, *ids))
        assert model.objects.filter(pk=other.pk).exists(), ids
    assert client.get(_bulk(label, "abc")).status_code == 404


def test_bulk_delete_removes_the_own_objects_only(client, regional_manager, world):
    from municipalities.models import Stakeholder

    own = world.own.objects["municipalities.stakeholder"]
    other = world.other.objects["municipalities.stakeholder"]
    client.force_login(regional_manager)
    response = client.post(_bulk("municipalities.stakeholder", own.pk, other.pk))
    assert response.status_code == 302
    assert not Stakeholder.objects.filter(pk=own.pk).exists()
    assert Stakeholder.objects.filter(pk=other.pk).exists()


def test_the_coordinator_bulk_deletes_in_any_region(client, coordinator, world):
    from coaching.models import Event

    other = world.other.objects["coaching.event"]
    client.force_login(coordinator)
    assert MARKER in client.get(_bulk("coaching.event", other.pk)).content.decode().lower()
    client.post(_bulk("coaching.event", other.pk))
    assert not Event.objects.filter(pk=other.pk).exists()
