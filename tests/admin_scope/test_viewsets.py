"""Every object view of every kit viewset: another region's object is a 404, its name nowhere.

The views are discovered from the registered viewsets (not listed by hand), so a viewset or
view added later is tried too.
"""

import pytest
from django.contrib.auth.models import Permission
from django.urls import reverse
from wagtail.admin.viewsets import viewsets

from municipalities.admin_kit import ScopedViewSetMixin
from tests.admin_scope.conftest import MARKER, assert_no_marker

pytestmark = pytest.mark.django_db

# The model permissions a view needs (any of them); the scope comes on top.
NEEDS = {
    "edit": ["change"],
    "delete": ["delete"],
    "copy": ["add"],
    "inspect": ["add", "change", "delete", "view"],
    "history": ["add", "change", "delete"],
    "history_results": ["add", "change", "delete"],
    "usage": ["change"],
}


def kit_viewsets():
    import wagtail.admin.urls  # noqa: F401 -- registers the viewsets

    return [vs for vs in viewsets.viewsets if isinstance(vs, ScopedViewSetMixin)]


def object_views():
    """(model label, url name, view name) of every view of a kit viewset that takes a pk."""
    found = []
    for viewset in kit_viewsets():
        for pattern in viewset.get_urlpatterns():
            if "<int:pk>" in str(pattern.pattern) and str(pattern.pattern).count("<") == 1:
                found.append(
                    (
                        viewset.model._meta.label_lower,
                        viewset.get_url_name(pattern.name),
                        pattern.name,
                    )
                )
    return found


OBJECT_VIEWS = object_views()


def test_every_programme_model_has_a_kit_viewset():
    labels = {vs.model._meta.label_lower for vs in kit_viewsets()}
    assert labels >= {
        "municipalities.participation",
        "municipalities.membership",
        "municipalities.stakeholder",
        "municipalities.initiative",
        "municipalities.region",
        "coaching.event",
        "coaching.eventseries",
        "coaching.plan",
        "coaching.measure",
    }
    assert {name for _, _, name in OBJECT_VIEWS} >= {
        "edit",
        "delete",
        "copy",
        "history",
        "history_results",
        "usage",
        "inspect",
    }


def _may(user, label, view):
    app_label, model = label.split(".")
    codenames = [f"{action}_{model}" for action in NEEDS.get(view, ["change"])]
    perms = Permission.objects.filter(content_type__app_label=app_label, codename__in=codenames)
    return any(user.has_perm(f"{app_label}.{perm.codename}") for perm in perms)


@pytest.mark.parametrize(("label", "url_name", "view"), OBJECT_VIEWS)
def test_another_regions_object_is_a_404_without_its_name(
    client, regional_manager, world, label, url_name, view
):
    client.force_login(regional_manager)
    other = world.other.objects[label]
    response = client.get(reverse(url_name, args=[other.pk]))
    assert response.status_code == 404, (url_name, response.status_code)
    assert_no_marker(response)
    response = client.post(reverse(url_name, args=[other.pk]), {"title": "x", "name": "x"})
    assert response.status_code == 404, (url_name, response.status_code)
    assert_no_marker(response)
    other.refresh_from_db()  # still there, unchanged
    assert MARKER in str(other).lower()


@pytest.mark.parametrize(("label", "url_name", "view"), OBJECT_VIEWS)
def test_own_objects_open_for_their_manager_and_all_for_the_coordinator(
    client, regional_manager, coordinator, world, label, url_name, view
):
    for user, obj in [
        (regional_manager, world.own.objects[label]),
        (coordinator, world.other.objects[label]),
    ]:
        client.force_login(user)
        response = client.get(reverse(url_name, args=[obj.pk]))
        # Wagtail answers a missing model permission with a redirect to the dashboard.
        expected = (200, None) if _may(user, label, view) else (302, "/admin/")
        assert (response.status_code, response.get("Location")) == expected, (
            user.email,
            url_name,
        )


@pytest.mark.parametrize("label", sorted({label for label, _, _ in OBJECT_VIEWS}))
def test_listings_and_their_filters_hold_only_the_own_region(
    client, regional_manager, world, label
):
    viewset = world.own.objects[label].snippet_viewset
    client.force_login(regional_manager)
    response = client.get(reverse(viewset.get_url_name("list")))
    assert response.status_code == 200
    assert_no_marker(response)
    if label != "municipalities.region":
        assert str(world.own.objects[label]) in response.content.decode()
    response = client.get(reverse(viewset.get_url_name("list_results")), {"q": "Zy"})
    assert response.status_code == 200
    assert_no_marker(response)


def test_the_coordinator_lists_both_regions(client, coordinator, world):
    client.force_login(coordinator)
    for label, own in world.own.objects.items():
        other = world.other.objects[label]
        content = client.get(reverse(own.snippet_viewset.get_url_name("list"))).content.decode()
        assert str(own) in content and str(other) in content, label
