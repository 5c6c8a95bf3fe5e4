"""Hostile input answers 4xx with a message in the user's language and changes nothing.

Runs on SQLite and PostgreSQL (CI): an overflowing id is an ``OverflowError`` on the one and a
``DataError`` (or nothing) on the other; both must end as a 4xx.
"""

import importlib
from datetime import date
from io import StringIO

import pytest
from django.db import connection
from django.urls import URLPattern, URLResolver, get_resolver

from coaching import services
from coaching.models import Measure, Plan, Task
from core.badinput import classify

pytestmark = pytest.mark.django_db

HUGE = "99999999999999999999"
GERMAN_VALUE = "Nichts wurde geändert"
ENGLISH_VALUE = "Nothing has been changed"


@pytest.fixture
def plan(template, world):
    return services.apply_template(template, [world.own], date(2026, 2, 1)).created[0]


def english(client):
    client.cookies["klimapaten_language"] = "en"
    return client


def _project_patterns(resolver=None, prefix=""):
    """(route, pattern) of every URL the project defines itself (Wagtail's own excluded)."""
    resolver = resolver or get_resolver()
    for entry in resolver.url_patterns:
        if isinstance(entry, URLResolver):
            module = getattr(entry.urlconf_module, "__name__", "")
            if module.startswith(("wagtail", "django", "allauth")) or entry.app_name == "admin":
                continue  # third-party URLconfs (Django's admin is a list, not a module)
            yield from _project_patterns(entry, prefix + str(entry.pattern))
        elif isinstance(entry, URLPattern):
            yield prefix + str(entry.pattern), entry


def test_project_urls_use_the_bounded_id_converter():
    """A URL added later with ``<int:…>`` fails here: use ``<id:…>`` (at most 18 digits)."""
    offending = [route for route, _ in _project_patterns() if "<int:" in route]
    assert offending == []
    assert any("<id:" in route for route, _ in _project_patterns())


@pytest.mark.parametrize(
    "url",
    [
        f"/participations/{HUGE}/",
        f"/participations/{HUGE}/invite/",
        f"/plans/{HUGE}/",
        f"/plans/{HUGE}/shift/",
        f"/events/{HUGE}/",
        f"/events/{HUGE}.ics",
        f"/measures/{HUGE}/edit/",
        f"/dashboard/participation/{HUGE}/",
        "/participations/999999999999999999/",  # 18 digits: passes the converter, not found
        "/plans/999999999999999999/",
    ],
)
def test_overflowing_ids_in_paths_are_not_found(client, regional_manager, world, url):
    client.force_login(regional_manager)
    assert client.get(url).status_code == 404


def test_overflowing_person_id_is_not_found(client, regional_manager, world):
    """A foreign-key lookup has no overflow guard in Django: the converter keeps it in range."""
    client.force_login(regional_manager)
    for person in (HUGE, "999999999999999999"):
        url = f"/dashboard/participation/{world.own.pk}/person/{person}/"
        assert client.get(url).status_code == 404


@pytest.mark.parametrize("value", ["abc", "1e5", "²", HUGE, "-1"])
def test_non_numeric_query_values_on_an_export_are_a_400_with_message(
    client, regional_manager, world, value
):
    client.force_login(regional_manager)
    url = f"/dashboard/export/children.csv?participation={world.own.pk}&person={value}"
    response = client.get(url)
    assert response.status_code == 400
    assert "keine gültige Zahl" in response.content.decode()
    response = english(client).get(url)
    assert response.status_code == 400
    assert "is not a valid number" in response.content.decode()


def test_orm_conversion_errors_are_classified_as_bad_input(world):
    """The middleware recognises what the ORM raises for bad values, and nothing else."""
    from municipalities.models import Membership, Participation

    try:
        list(Membership.objects.filter(user_id="abc"))
    except Exception as error:
        assert classify(error) == "value"
    else:  # pragma: no cover
        pytest.fail("a non-numeric id must not be accepted")
    try:
        list(Membership.objects.filter(user_id=10**20))
    except Exception as error:
        assert classify(error) == "value"
    assert classify(ValueError("a bug elsewhere")) is None
    assert classify(KeyError("x")) is None
    assert Participation.objects.filter(pk=world.own.pk).exists()  # connection still usable


def test_plan_shift_to_the_year_1_is_refused_and_changes_nothing(client, regional_manager, plan):
    client.force_login(regional_manager)
    before = sorted(Task.objects.filter(plan=plan).values_list("pk", "due_date"))
    url = f"/plans/{plan.pk}/shift/"
    for data in (
        {"anchor": "plan_start", "new_date": "0001-01-01", "confirm": "1"},
        {"anchor": "plan_start", "new_date": "1899-12-31"},
        {"anchor": "plan_start", "new_date": "2201-01-01", "confirm": "1"},
    ):
        response = client.post(url, data)
        assert response.status_code == 400
        assert "Geben Sie ein Datum zwischen" in response.content.decode()
    plan.refresh_from_db()
    assert plan.start_date == date(2026, 2, 1)
    assert sorted(Task.objects.filter(plan=plan).values_list("pk", "due_date")) == before
    response = english(client).post(url, {"anchor": "plan_start", "new_date": "0001-01-01"})
    assert "Enter a date between" in response.content.decode()


def test_shift_that_would_push_items_out_of_range_is_refused(client, regional_manager, plan):
    """The anchor is valid but an item counted from it would land before 1900."""
    Task.objects.filter(plan=plan).update(due_date=date(1900, 1, 2))
    client.force_login(regional_manager)
    response = client.post(
        f"/plans/{plan.pk}/shift/", {"anchor": "plan_start", "new_date": "1950-01-01"}
    )
    # Tasks counted from the plan start move back by 76 years, before 1900.
    assert response.status_code == 400
    assert "außerhalb" in response.content.decode()
    plan.refresh_from_db()
    assert plan.start_date == date(2026, 2, 1)


def test_plan_page_survives_dates_stored_before_the_check(client, regional_manager, plan):
    Plan.objects.filter(pk=plan.pk).update(start_date=date(1, 1, 1))
    Task.objects.filter(plan=plan).update(due_date=date(1, 1, 1))
    client.force_login(regional_manager)
    assert client.get(f"/plans/{plan.pk}/").status_code == 200


def test_admin_forms_refuse_dates_out_of_range(world, plan):
    from django.core.exceptions import ValidationError

    task = Task.objects.filter(plan=plan).first()
    task.due_date = date(1, 1, 1)
    with pytest.raises(ValidationError) as caught:
        task.full_clean()
    assert "due_date" in caught.value.message_dict


def test_over_long_text_in_a_form_is_refused(client, regional_manager, world):
    client.force_login(regional_manager)
    response = client.post(
        f"/measures/new/{world.own.pk}/",
        {"title": "x" * 5000, "category": "energy", "status": "planned"},
    )
    assert response.status_code == 400
    assert not Measure.objects.filter(participation=world.own).exists()


@pytest.fixture
def superuser(coordinator):
    coordinator.is_superuser = True
    coordinator.is_staff = True
    coordinator.save()
    return coordinator


@pytest.fixture
def impressum(db):
    from home.demo import seed
    from home.models import StandardPage

    seed(StringIO())
    return StandardPage.objects.get(slug="impressum")


def test_impressum_editor_opens(client, superuser, impressum):
    client.force_login(superuser)
    assert client.get(f"/admin/pages/{impressum.pk}/edit/").status_code == 200


def test_migration_repairs_line_breaks_stored_before(client, superuser, impressum):
    """Pages and revisions stored with ``<br>`` (the old demo) open after the migration."""
    from django.apps import apps

    from home.models import StandardPage

    broken = "<p>Musterstraße 1<br>55116 Mainz</p>"
    impressum.body = [("paragraph", broken)]
    impressum.save_revision().publish()
    client.force_login(superuser)
    with pytest.raises(AssertionError, match="Unmatched tags"):
        client.get(f"/admin/pages/{impressum.pk}/edit/")  # the 500 of the issue
    migration = importlib.import_module("home.migrations.0003_rich_text_line_breaks")
    migration.forwards(apps, None)
    page = StandardPage.objects.get(pk=impressum.pk)
    assert "<br/>" in page.body.raw_data[0]["value"]
    assert "<br/>" in str(page.get_latest_revision().content["body"])
    assert client.get(f"/admin/pages/{impressum.pk}/edit/").status_code == 200


def test_streamfield_post_without_its_count_is_a_400_and_changes_nothing(
    client, superuser, impressum
):
    client.force_login(superuser)
    revisions = impressum.revisions.count()
    response = client.post(
        f"/admin/pages/{impressum.pk}/edit/",
        {"title": "Gehackt", "slug": "impressum", "intro": "x"},
    )
    assert response.status_code == 400
    assert "unvollständig" in response.content.decode()
    impressum.refresh_from_db()
    assert impressum.title == "Impressum"
    assert impressum.revisions.count() == revisions


def test_streamfield_post_with_a_non_numeric_count_is_a_400(client, superuser, impressum):
    client.force_login(superuser)
    response = client.post(
        f"/admin/pages/{impressum.pk}/edit/",
        {"title": "Gehackt", "slug": "impressum", "intro": "x", "body-count": "abc"},
    )
    assert response.status_code == 400
    impressum.refresh_from_db()
    assert impressum.title == "Impressum"


def test_wagtail_admin_str_pk_urls_with_overflowing_ids(client, superuser, world):
    client.force_login(superuser)
    for url in (
        f"/admin/snippets/coaching/event/edit/{HUGE}/",
        f"/admin/snippets/coaching/event/history/{HUGE}/",
        f"/admin/snippets/coaching/event/usage/{HUGE}/",
        f"/admin/snippets/coaching/event/delete/{HUGE}/",
        f"/admin/snippets/choose/coaching/event/chosen/{HUGE}/",
        f"/admin/pages/{HUGE}/edit/",
        f"/admin/documents/edit/{HUGE}/",
        f"/admin/images/{HUGE}/",
        f"/documents/{HUGE}/x.pdf",
        f"/admin/snippets/coaching/event/edit/{'9' * 400}/",
        "/admin/snippets/coaching/event/edit/-1/",
    ):
        response = client.get(url)
        assert 400 <= response.status_code < 500, url
        assert connection.is_usable()
