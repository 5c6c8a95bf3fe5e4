"""The page admin beyond choosers: bulk actions, move and workflow confirmations, the page-types
report and bad input name nothing of another region's pages and change nothing."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from wagtail.admin.views.bulk_action.registry import bulk_action_registry
from wagtail.admin.viewsets.pages import page_viewset_registry
from wagtail.models import Page, get_page_models

from courses.admin_scope import ScopedPageBulkActionMixin, ScopedPageViewSet
from tests.admin_scope.conftest import MARKER, assert_no_marker
from tests.courses import factories as courses

pytestmark = pytest.mark.django_db

PAGE_BULK_ACTIONS = ("delete", "move", "publish", "unpublish")


@pytest.fixture
def pages(site_root, world):
    own_section = courses.section(region=world.own.region, title="Eigen Kurse")
    other_section = courses.section(region=world.other.region, title="Zyx Kurse")
    own_course = courses.course(own_section, title="Eigen Kurs")
    other_course = courses.course(other_section, title="Zyx Kurs")
    return {
        "home": site_root,
        "own_section": own_section,
        "own_course": own_course,
        "own_module": courses.module(own_course, title="Eigen Modul"),
        "other_section": other_section,
        "other_course": other_course,
        "other_module": courses.module(other_course, title="Zyx Modul"),
    }


def _bulk(action, *ids, **params):
    query = "&".join([*(f"id={pk}" for pk in ids), *(f"{k}={v}" for k, v in params.items())])
    return reverse("wagtail_bulk_action", args=["wagtailcore", "page", action]) + f"?{query}"


def _tree(pages):
    return {
        name: (page.title, page.live, Page.objects.get(pk=page.pk).path)
        for name, page in pages.items()
    }


# Guards: whatever is registered later goes through the scope -------------------------------


def test_every_page_bulk_action_is_scoped():
    actions = bulk_action_registry.get_bulk_actions_for_model("wagtailcore", "page")
    assert {action.action_type for action in actions} >= set(PAGE_BULK_ACTIONS)
    unscoped = [a.__name__ for a in actions if not issubclass(a, ScopedPageBulkActionMixin)]
    assert not unscoped, f"page bulk actions without the scope: {unscoped}"


def test_every_page_type_uses_the_scoped_page_viewset():
    import wagtail.admin.urls  # noqa: F401 -- registers the admin viewsets

    for model in [Page, *get_page_models()]:
        assert isinstance(page_viewset_registry.get_by_type(model), ScopedPageViewSet), model


# Bulk actions -------------------------------------------------------------------------------


@pytest.mark.parametrize("action", PAGE_BULK_ACTIONS)
def test_bulk_confirmation_never_names_another_regions_page(
    client, regional_manager, pages, action
):
    client.force_login(regional_manager)
    response = client.get(_bulk(action, pages["other_course"].pk))
    assert response.status_code == 404
    assert_no_marker(response)
    response = client.get(_bulk(action, pages["own_course"].pk, pages["other_course"].pk))
    assert response.status_code == 200
    assert "Eigen Kurs" in response.content.decode()
    assert_no_marker(response)
    response = client.get(_bulk(action, "all", childOf=pages["own_section"].get_parent().pk))
    assert response.status_code == 200
    assert_no_marker(response)
    for query in [_bulk(action, "all", childOf=pages["other_section"].pk), _bulk(action, "abc")]:
        response = client.get(query)
        assert response.status_code == 404, query
        assert_no_marker(response)


@pytest.mark.parametrize("action", PAGE_BULK_ACTIONS)
def test_bulk_post_on_another_regions_page_changes_nothing(client, regional_manager, pages, action):
    client.force_login(regional_manager)
    before = _tree(pages)
    data = {"chooser": pages["own_section"].pk, "include_descendants": "on"}
    response = client.post(_bulk(action, pages["other_course"].pk), data)
    assert response.status_code == 404
    assert_no_marker(response)
    assert _tree(pages) == before


def test_bulk_move_offers_and_accepts_no_destination_in_another_region(
    client, regional_manager, pages
):
    client.force_login(regional_manager)
    url = _bulk("move", pages["own_module"].pk)
    response = client.get(url)
    assert response.status_code == 200
    chooser = response.context["form"].fields["chooser"]
    assert pages["own_course"].pk in chooser.queryset.values_list("pk", flat=True)
    assert pages["other_course"].pk not in chooser.queryset.values_list("pk", flat=True)
    before = _tree(pages)
    response = client.post(url, {"chooser": pages["other_course"].pk})
    assert response.status_code == 200
    assert response.context["form"].errors["chooser"]
    assert_no_marker(response)
    assert _tree(pages) == before


def test_the_coordinator_bulk_moves_across_regions(client, coordinator, pages):
    client.force_login(coordinator)
    response = client.get(_bulk("move", pages["own_course"].pk, pages["other_course"].pk))
    assert response.status_code == 200
    assert "Zyx Kurs" in response.content.decode()


# Move and workflow confirmations, revisions -------------------------------------------------


def test_move_confirmation_only_between_pages_in_scope(client, regional_manager, pages):
    client.force_login(regional_manager)

    def confirm(page, destination):
        return reverse(
            "wagtailadmin_pages:move_confirm", args=[pages[page].pk, pages[destination].pk]
        )

    for page, destination in [
        ("other_module", "own_course"),
        ("own_module", "other_course"),
        ("other_module", "other_course"),
    ]:
        before = _tree(pages)
        for method in ("get", "post"):
            response = getattr(client, method)(confirm(page, destination))
            assert response.status_code == 404, (page, destination, method)
            assert_no_marker(response)
        assert _tree(pages) == before
    own_section_course = courses.course(pages["own_section"], title="Eigen Zweitkurs")
    response = client.get(
        reverse(
            "wagtailadmin_pages:move_confirm", args=[pages["own_module"].pk, own_section_course.pk]
        )
    )
    assert response.status_code == 200
    assert "Eigen Modul" in response.content.decode()


def test_workflow_cancellation_confirmation_of_another_regions_page_is_404(
    client, regional_manager, pages
):
    client.force_login(regional_manager)
    url = "wagtailadmin_pages:confirm_workflow_cancellation"
    for method in ("get", "post"):
        response = getattr(client, method)(reverse(url, args=[pages["other_module"].pk]))
        assert response.status_code == 404
        assert_no_marker(response)
    response = client.get(reverse(url, args=[pages["own_module"].pk]))
    assert response.status_code == 200
    assert response.json()["step"] in ("no_confirmation_needed", "confirm")


def test_reverting_to_an_unknown_revision_is_404(client, regional_manager, pages):
    client.force_login(regional_manager)
    module = pages["own_module"]
    for revision_id in (0, 99999999):
        url = reverse("wagtailadmin_pages:revisions_revert", args=[module.pk, revision_id])
        assert client.get(url).status_code == 404, revision_id
        assert client.post(url).status_code == 404, revision_id
    url = reverse(
        "wagtailadmin_pages:revisions_revert", args=[module.pk, module.latest_revision_id]
    )
    assert client.get(url).status_code == 200


# The page-types report ----------------------------------------------------------------------


def test_page_types_report_counts_and_names_only_pages_in_scope(
    client, regional_manager, coordinator, pages
):
    # The other region's module is the most recently edited one of its type.
    Page.objects.filter(pk=pages["other_module"].pk).update(
        latest_revision_created_at=timezone.now() + timedelta(days=1)
    )
    client.force_login(regional_manager)
    for name in ("page_types_usage", "page_types_usage_results"):
        response = client.get(reverse(f"wagtailadmin_reports:{name}"))
        assert response.status_code == 200, name
        assert_no_marker(response)
        assert "Eigen Modul" in response.content.decode(), name
    counts = {row.model: row.count for row in response.context["object_list"]}
    assert counts["modulepage"] == 1 and counts["coursepage"] == 1
    client.force_login(coordinator)
    response = client.get(reverse("wagtailadmin_reports:page_types_usage_results"))
    assert "Zyx Modul" in response.content.decode()
    counts = {row.model: row.count for row in response.context["object_list"]}
    assert counts["modulepage"] == 2 and counts["coursepage"] == 2


# The external-link form ---------------------------------------------------------------------


def test_external_link_form_answers_an_empty_post_with_its_errors(client, regional_manager):
    client.force_login(regional_manager)
    url = reverse("wagtailadmin_choose_page_external_link")
    response = client.post(url, {})
    assert response.status_code == 200
    assert response.json()["step"] == "external_link"
    assert response.context["form"].errors["url"]
    response = client.post(url, {"external-link-chooser-url": "https://example.org/"})
    assert response.status_code == 200
    assert response.json()["step"] == "external_link_chosen"
    assert MARKER not in response.content.decode().lower()
