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


@pytest.mark.django_db
def test_coordinator_edits_a_user(client, coordinator, volunteer):
    client.force_login(coordinator)
    url = f"/admin/users/edit/{volunteer.pk}/"
    assert client.get(url).status_code == 200


@pytest.mark.django_db
def test_regional_manager_cannot_manage_users(client, regional_manager):
    client.force_login(regional_manager)
    response = client.get("/admin/users/new/")
    assert response.status_code in (302, 403)
    assert not User.objects.filter(email="x@example.org").exists()
