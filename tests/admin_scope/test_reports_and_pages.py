"""Site history (with its downloads), page history, page choosers and page search are scoped."""

import io

import pytest
from django.urls import reverse
from wagtail.log_actions import log

from tests.admin_scope.conftest import MARKER, assert_no_marker
from tests.courses import factories as courses

pytestmark = pytest.mark.django_db


@pytest.fixture
def pages(site_root, world):
    own_section = courses.section(region=world.own.region, title="Eigen Kurse")
    other_section = courses.section(region=world.other.region, title="Zyx Kurse")
    shared = courses.section(title="Gemeinsame Kurse")
    return {
        "own_section": own_section,
        "own_course": courses.course(own_section, title="Eigen Kurs"),
        "other_section": other_section,
        "other_course": courses.course(other_section, title="Zyx Kurs"),
        "shared_course": courses.course(shared, title="Gemeinsamer Kurs"),
    }


@pytest.fixture
def history(world, pages, regional_manager):
    """An edit of every object and course page, by the manager of its region."""
    for side, manager in [(world.own, regional_manager), (world.other, world.other_manager)]:
        for obj in side.objects.values():
            log(obj, "wagtail.edit", user=manager)
    log(pages["own_course"], "wagtail.edit", user=regional_manager)
    log(pages["other_course"], "wagtail.edit", user=world.other_manager)


SITE_HISTORY = reverse("wagtailadmin_reports:site_history")


def test_site_history_shows_a_regional_manager_only_what_they_manage(
    client, regional_manager, world, history
):
    client.force_login(regional_manager)
    response = client.get(SITE_HISTORY)
    assert response.status_code == 200
    assert_no_marker(response)
    content = response.content.decode()
    for obj in world.own.objects.values():
        assert str(obj) in content, obj
    assert "Eigen Kurs" in content
    results = client.get(reverse("wagtailadmin_reports:site_history_results"), {"label": "Zy"})
    assert results.status_code == 200
    assert_no_marker(results)


def test_site_history_downloads_are_scoped(client, regional_manager, coordinator, world, history):
    from openpyxl import load_workbook

    client.force_login(regional_manager)
    csv = client.get(SITE_HISTORY, {"export": "csv"})
    assert csv.status_code == 200
    text = b"".join(csv.streaming_content).decode() if csv.streaming else csv.content.decode()
    assert "Eigen Schulung" in text
    assert MARKER not in text.lower()
    xlsx = client.get(SITE_HISTORY, {"export": "xlsx"})
    assert xlsx.status_code == 200
    data = b"".join(xlsx.streaming_content) if xlsx.streaming else xlsx.content
    cells = [
        str(cell.value).lower()
        for row in load_workbook(io.BytesIO(data)).active.iter_rows()
        for cell in row
    ]
    assert any("eigen schulung" in value for value in cells)
    assert not any(MARKER in value for value in cells)
    client.force_login(coordinator)
    csv = client.get(SITE_HISTORY, {"export": "csv"})
    text = b"".join(csv.streaming_content).decode() if csv.streaming else csv.content.decode()
    assert "Zyx Schulung" in text and "Eigen Schulung" in text and "Zyx Kurs" in text


def test_the_coordinator_sees_the_whole_site_history(client, coordinator, world, history):
    client.force_login(coordinator)
    content = client.get(SITE_HISTORY).content.decode()
    assert "Zyx Schulung" in content and "Eigen Schulung" in content
    assert "Zyx Kurs" in content


def test_page_history_only_of_pages_the_manager_may_edit(client, regional_manager, pages, history):
    client.force_login(regional_manager)
    own = reverse("wagtailadmin_pages:history", args=[pages["own_course"].pk])
    response = client.get(own)
    assert response.status_code == 200
    assert "Eigen Kurs" in response.content.decode()
    for name in ("history", "history_results"):
        response = client.get(
            reverse(f"wagtailadmin_pages:{name}", args=[pages["other_course"].pk])
        )
        # Wagtail's own denial (the page admin is Wagtail's): back to the dashboard.
        assert (response.status_code, response["Location"]) == (302, "/admin/"), name
        assert_no_marker(response)


def test_page_choosers_offer_only_own_and_shared_pages(client, regional_manager, pages):
    client.force_login(regional_manager)
    home = pages["own_section"].get_parent()
    response = client.get(reverse("wagtailadmin_choose_page_child", args=[home.pk]))
    assert response.status_code == 200
    assert_no_marker(response)
    assert "Eigen Kurse" in response.json()["html"]
    for page in ("other_section", "other_course"):
        response = client.get(reverse("wagtailadmin_choose_page_child", args=[pages[page].pk]))
        assert response.status_code == 404, page
        assert_no_marker(response)
    response = client.get(reverse("wagtailadmin_choose_page_search"), {"q": "Kurs"})
    assert response.status_code == 200
    assert_no_marker(response)
    html = response.json()["html"] if "json" in response["Content-Type"] else response.content
    assert "Eigen Kurs" in str(html) and "Gemeinsamer Kurs" in str(html)
    response = client.get(
        reverse("wagtailadmin_choose_page_chosen_multiple"),
        {"id": [pages["own_course"].pk, pages["other_course"].pk]},
    )
    assert response.status_code == 200
    assert_no_marker(response)
    assert [item["id"] for item in response.json()["result"]] == [pages["own_course"].pk]


def test_the_coordinator_chooses_any_page(client, coordinator, pages):
    client.force_login(coordinator)
    response = client.get(
        reverse("wagtailadmin_choose_page_child", args=[pages["other_section"].pk])
    )
    assert response.status_code == 200
    assert "Zyx Kurs" in response.json()["html"]


def test_admin_page_search_finds_no_other_regions_pages(client, regional_manager, pages):
    client.force_login(regional_manager)
    response = client.get(reverse("wagtailadmin_pages:search"), {"q": "Kurs"})
    assert response.status_code == 200
    assert_no_marker(response)


def test_admin_forms_offer_only_own_and_shared_modules(client, regional_manager, pages, world):
    own = courses.module(pages["own_course"], title="Eigen Modul")
    other = courses.module(pages["other_course"], title="Zyx Modul")
    client.force_login(regional_manager)
    response = client.get(reverse("wagtailsnippets_coaching_event:add"))
    assert response.status_code == 200
    assert_no_marker(response)
    modules = response.context["form"].fields["preparation_modules"].queryset
    assert own in modules and other not in modules


def test_snippet_index_counts_only_what_the_manager_reaches(
    client, regional_manager, coordinator, world
):
    """/admin/snippets/ counts per model the objects of the user's regions, not all regions'."""
    from coaching.models import Event, Plan

    def counts(user):
        client.force_login(user)
        response = client.get(reverse("wagtailsnippets:index"))
        assert response.status_code == 200
        return {row["model"]: row["count"] for row in response.context["object_list"]}

    as_manager = counts(regional_manager)
    assert Event.objects.count() == 2
    assert as_manager[Event] == 1
    assert as_manager[Plan] == 1
    as_coordinator = counts(coordinator)
    assert as_coordinator[Event] == 2
    assert as_coordinator[Plan] == 2
