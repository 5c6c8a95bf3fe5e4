"""Coordinators manage people and roles in the Wagtail admin with our user model's fields."""

import pytest

from accounts.models import User
from accounts.roles import Role


@pytest.mark.django_db
def test_coordinator_creates_a_user_with_a_role_in_the_admin(client, coordinator):
    from django.contrib.auth.models import Group

    client.force_login(coordinator)
    assert client.get("/admin/users/new/").status_code == 200
    group = Group.objects.get(name=Role.VOLUNTEER.group_name)
    response = client.post(
        "/admin/users/new/",
        {
            "email": "neue.patin@example.org",
            "full_name": "Neue Patin",
            "language": "en",
            "password1": "ein-sicheres-Passwort-1",
            "password2": "ein-sicheres-Passwort-1",
            "groups": [group.pk],
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    user = User.objects.get(email="neue.patin@example.org")
    assert (user.full_name, user.language) == ("Neue Patin", "en")
    assert user.roles == {Role.VOLUNTEER}
    # A volunteer: no admin, no region of their own until a participation invites them.
    assert not (user.is_staff or user.is_superuser)
    assert not user.memberships.exists() and not user.managed_regions.exists()


@pytest.mark.django_db
def test_coordinator_edits_a_user(client, coordinator, volunteer):
    client.force_login(coordinator)
    url = f"/admin/users/edit/{volunteer.pk}/"
    assert client.get(url).status_code == 200


@pytest.mark.django_db
def test_regional_manager_cannot_manage_users(client, regional_manager):
    from django.contrib.auth.models import Group

    client.force_login(regional_manager)
    response = client.get("/admin/users/new/")
    assert (response.status_code, response["Location"]) == (302, "/admin/")  # Wagtail's denial
    coordinators = Group.objects.get(name=Role.COORDINATOR.group_name)
    response = client.post(
        "/admin/users/new/",
        {
            "email": "x@example.org",
            "full_name": "Selbst ernannt",
            "language": "de",
            "password1": "ein-sicheres-Passwort-1",
            "password2": "ein-sicheres-Passwort-1",
            "groups": [coordinators.pk],
        },
    )
    assert (response.status_code, response["Location"]) == (302, "/admin/")
    assert not User.objects.filter(email="x@example.org").exists()
