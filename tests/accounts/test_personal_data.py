"""People can download everything stored about them and delete their account."""

import json

import pytest

from accounts.models import User


@pytest.mark.django_db
def test_export_contains_the_account(client, volunteer):
    client.force_login(volunteer)
    assert client.get("/accounts/profile/data/").status_code == 200
    response = client.post("/accounts/profile/data/export/")
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment;")
    data = json.loads(response.content)
    assert data["account"]["email"] == volunteer.email
    assert data["account"]["roles"] == ["volunteer"]
    assert data["account"]["email_addresses"][0]["verified"] is True


@pytest.mark.django_db
def test_export_needs_login_and_post(client, volunteer):
    assert client.post("/accounts/profile/data/export/").status_code == 302
    client.force_login(volunteer)
    assert client.get("/accounts/profile/data/export/").status_code == 405


@pytest.mark.django_db
def test_delete_needs_password_and_confirmation(client, volunteer, password):
    client.force_login(volunteer)
    response = client.post("/accounts/profile/data/delete/", {"password": "wrong", "confirm": "on"})
    assert response.status_code == 400
    assert User.objects.filter(pk=volunteer.pk).exists()
    response = client.post("/accounts/profile/data/delete/", {"password": password})
    assert response.status_code == 400
    assert User.objects.filter(pk=volunteer.pk).exists()


@pytest.mark.django_db
def test_delete_removes_the_account_and_logs_out(client, volunteer, password):
    client.force_login(volunteer)
    response = client.post(
        "/accounts/profile/data/delete/", {"password": password, "confirm": "on"}
    )
    assert response.status_code == 302
    assert not User.objects.filter(pk=volunteer.pk).exists()
    assert client.get("/me/").status_code == 302


@pytest.mark.django_db
def test_every_app_export_runs(client, user_factory):
    """Whatever exporters the apps declare, a full export of a fresh user works and is JSON."""
    from accounts.privacy import export_personal_data

    user = user_factory()
    data = export_personal_data(user)
    json.dumps(data)
    assert "account" in data
