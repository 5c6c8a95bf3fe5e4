"""Deleting an account: the person is gone, the programme's figures are not.

The world is the dashboard's (``tests/dashboard/conftest.py``): Dora (Olpe) completed the
course and holds its certificate; Anna (Nieder-Olm) owns a task.
"""

from decimal import Decimal

import pytest
from allauth.account.models import EmailAddress
from django.contrib.contenttypes.models import ContentType
from django.core.cache import cache
from django.core.management import call_command
from django.utils import timezone, translation
from wagtail.models import ModelLogEntry, Page, PageLogEntry

from accounts.models import User
from coaching.models import Task
from courses.models import ActivityProgress, Certificate, ModuleProgress
from dashboard.figures import Dashboard, forget_cached_figures
from dashboard.forms import Filters
from dashboard.scope import resolve_scope
from municipalities.models import Membership
from tests.dashboard.conftest import build_dashboard_world

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(db, regional_manager, volunteer, municipal_contact, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        return build_dashboard_world(regional_manager, volunteer, municipal_contact)


def _plain(value):
    if isinstance(value, int | float | Decimal | str) or value is None:
        return value
    return str(value)


def figures(viewer) -> dict:
    """Everything the dashboard shows as numbers, at the programme level (English labels)."""
    forget_cached_figures()
    cache.clear()
    viewer = User.objects.get(pk=viewer.pk)
    with translation.override("en"):
        dashboard = Dashboard(resolve_scope(viewer), Filters())
        return {
            "summary": {str(row["figure"]): row["value"] for row in dashboard.summary.rows},
            "modules": [
                (r["module"], r["started"], r["completed"]) for r in dashboard.modules_table.rows
            ],
            "children": {
                str(row["name"]): {key: _plain(value) for key, value in row.items()}
                for row in dashboard.children.rows
            },
        }


def delete_account(client, user, password):
    client.force_login(user)
    response = client.post(
        "/accounts/profile/data/delete/", {"password": password, "confirm": "on"}
    )
    assert response.status_code == 302
    return response


def test_deletion_keeps_the_figures_also_after_the_nightly_rebuild(
    client, world, coordinator, password
):
    dora = world.dora
    before = figures(coordinator)
    assert before["summary"]["Courses completed"] == 1
    assert before["summary"]["Modules completed"] == 6
    certificate_code = Certificate.objects.get(user=dora).code

    delete_account(client, dora, password)
    assert not User.objects.filter(pk=dora.pk).exists()
    assert figures(coordinator) == before
    call_command("rebuild_dashboard_aggregates")
    assert figures(coordinator) == before

    # What keeps the figures is anonymous: no name, no address of hers, no login, no roles.
    placeholder = User.objects.get(erased_at__isnull=False)
    assert placeholder.full_name == ""
    assert placeholder.email.endswith("@erased.invalid")
    assert dora.email not in placeholder.email
    assert not placeholder.is_active
    assert not placeholder.has_usable_password()
    assert not placeholder.groups.exists()
    assert not EmailAddress.objects.filter(user=placeholder).exists()
    assert str(placeholder) in ("Gelöschtes Konto", "Deleted account")
    assert Membership.objects.filter(user=placeholder).count() == 1
    assert ModuleProgress.objects.filter(user=placeholder).count() == 3
    # The certificate is gone as a document: no name, no PDF, its code no longer verifies.
    assert not Certificate.objects.filter(code=certificate_code).exists()
    assert not Certificate.objects.exclude(holder_name="").filter(user=placeholder).exists()
    assert client.get(f"/certificates/verify/{certificate_code}/").status_code == 404


def test_deletion_removes_free_text_and_answers(client, world, password):
    anna = world.anna
    module = world.modules[0]
    ActivityProgress.objects.create(
        user=anna,
        module=module,
        block_id="r1",
        kind="reflection",
        reflection="<p>Anna Albrecht denkt nach</p>",
        last_answers={"q": ["a"]},
        checked_items=["i1"],
    )
    delete_account(client, anna, password)
    row = ActivityProgress.objects.get(block_id="r1")
    assert row.user.erased_at is not None
    assert (row.reflection, row.last_answers, row.checked_items) == ("", {}, [])
    # Her task stays in the plan, without an owner.
    task = Task.objects.get(title="Erledigt")
    assert task.owner is None


def test_deletion_removes_the_name_from_wagtails_log(client, world, coordinator, password):
    anna = world.anna
    membership = Membership.objects.get(user=anna)
    membership_type = ContentType.objects.get_for_model(Membership)
    user_type = ContentType.objects.get_for_model(User)
    by_her = ModelLogEntry.objects.create(
        content_type=membership_type,
        object_id=str(membership.pk),
        label="Mitgliedschaft",
        action="wagtail.edit",
        user=anna,
        data={},
        timestamp=timezone.now(),
    )
    about_her = ModelLogEntry.objects.create(
        content_type=membership_type,
        object_id=str(membership.pk),
        label=f"{anna.full_name} · Nieder-Olm",
        action="wagtail.create",
        user=coordinator,
        data={"title": anna.full_name, "note": f"Kontakt: {anna.email.upper()}"},
        timestamp=timezone.now(),
    )
    her_account = ModelLogEntry.objects.create(
        content_type=user_type,
        object_id=str(anna.pk),
        label=anna.full_name,
        action="wagtail.edit",
        user=coordinator,
        data={},
        timestamp=timezone.now(),
    )
    page = Page.objects.filter(depth=2).first()
    page_entry = PageLogEntry.objects.create(
        content_type=ContentType.objects.get_for_model(Page),
        page=page,
        label=page.title,
        action="wagtail.publish",
        user=anna,
        data={},
        timestamp=timezone.now(),
    )

    delete_account(client, anna, password)
    by_her.refresh_from_db()
    about_her.refresh_from_db()
    page_entry.refresh_from_db()
    assert by_her.user_id is None
    assert page_entry.user_id is None
    assert not ModelLogEntry.objects.filter(pk=her_account.pk).exists()
    everything = " ".join(
        f"{entry.label} {entry.data}"
        for model in (ModelLogEntry, PageLogEntry)
        for entry in model.objects.all()
    ).lower()
    assert anna.full_name.lower() not in everything
    assert anna.email.lower() not in everything
    assert about_her.label.endswith("Nieder-Olm")


def test_placeholders_are_not_in_the_user_admin(client, world, coordinator, password):
    delete_account(client, world.ben, password)
    placeholder = User.objects.get(erased_at__isnull=False)
    client.force_login(coordinator)
    html = client.get("/admin/users/").content.decode()
    assert placeholder.email not in html
    assert client.get(f"/admin/users/edit/{placeholder.pk}/").status_code == 404


def test_a_placeholder_cannot_sign_in_or_reset_a_password(client, world, password):
    from django.core import mail

    delete_account(client, world.ben, password)
    placeholder = User.objects.get(erased_at__isnull=False)
    client.logout()
    response = client.post("/accounts/login/", {"login": placeholder.email, "password": ""})
    assert client.get("/me/").status_code == 302
    mail.outbox.clear()
    client.post("/accounts/password/reset/", {"email": placeholder.email})
    assert not [m for m in mail.outbox if "/accounts/password/reset/key/" in m.body]
    assert response.status_code == 200
