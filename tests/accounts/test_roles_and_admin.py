"""Roles as groups, the admin gate, the MFA requirement for staff, and language preference."""

import pytest
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import (
    TOTP,
    generate_totp_secret,
    hotp_value,
    yield_hotp_counters_from_time,
)
from django.contrib.auth.models import Group

from accounts.roles import GROUP_NAMES, Role, grant_role, revoke_role, roles_of


@pytest.mark.django_db
def test_role_groups_exist_after_migrate():
    assert set(Group.objects.values_list("name", flat=True)) >= set(GROUP_NAMES.values())
    for role in (Role.COORDINATOR, Role.REGIONAL_MANAGER):
        group = Group.objects.get(name=role.group_name)
        assert group.permissions.filter(codename="access_admin").exists()
    for role in (Role.VOLUNTEER, Role.MUNICIPAL_CONTACT):
        group = Group.objects.get(name=role.group_name)
        assert not group.permissions.filter(codename="access_admin").exists()


@pytest.mark.django_db
def test_roles_helper(user_factory):
    user = user_factory()
    assert roles_of(user) == frozenset()
    grant_role(user, Role.VOLUNTEER)
    grant_role(user, Role.MUNICIPAL_CONTACT)
    assert roles_of(user) == {Role.VOLUNTEER, Role.MUNICIPAL_CONTACT}
    assert user.has_role(Role.VOLUNTEER)
    revoke_role(user, Role.VOLUNTEER)
    assert user.roles == {Role.MUNICIPAL_CONTACT}
    superuser = user_factory(is_superuser=True)
    assert Role.COORDINATOR in roles_of(superuser)


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("fixture", "admitted"),
    [
        ("volunteer", False),
        ("municipal_contact", False),
        ("regional_manager", True),
        ("coordinator", True),
    ],
)
def test_wagtail_admin_access_by_role(client, request, fixture, admitted):
    client.force_login(request.getfixturevalue(fixture))
    response = client.get("/admin/")
    if admitted:
        assert response.status_code == 200
    else:
        # Signed in without admin access: a 403 that points to /me/, not a redirect loop.
        assert response.status_code == 403
        assert 'href="/me/"' in response.content.decode()


@pytest.mark.django_db
def test_admin_login_pages_go_through_allauth(client):
    for url in ("/admin/login/", "/django-admin/login/"):
        response = client.get(url + "?next=/admin/pages/")
        assert response.status_code == 302
        assert response["Location"] == "/accounts/login/?next=/admin/pages/"
    # POSTing credentials to the admin login must not log anybody in either.
    response = client.post("/admin/login/", {"username": "a@b.example", "password": "x"})
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


@pytest.mark.django_db
def test_staff_must_set_up_mfa_when_required(client, regional_manager, volunteer, settings):
    settings.REQUIRE_STAFF_MFA = True
    client.force_login(regional_manager)
    response = client.get("/admin/")
    assert response.status_code == 302
    assert response["Location"] == "/accounts/2fa/totp/activate/"

    TOTP.activate(regional_manager, generate_totp_secret())
    assert client.get("/admin/").status_code == 200

    # Volunteers are not affected by the staff requirement (they have no admin anyway).
    client.force_login(volunteer)
    assert client.get("/me/").status_code == 200


@pytest.mark.django_db
def test_mfa_off_lets_staff_in_without_it(client, regional_manager, settings):
    settings.REQUIRE_STAFF_MFA = False
    client.force_login(regional_manager)
    assert client.get("/admin/").status_code == 200


@pytest.mark.django_db
def test_login_with_totp_second_factor(client, volunteer, password):
    secret = generate_totp_secret()
    TOTP.activate(volunteer, secret)
    assert Authenticator.objects.filter(user=volunteer).count() == 1
    response = client.post("/accounts/login/", {"login": volunteer.email, "password": password})
    assert response.status_code == 302
    assert response["Location"] == "/accounts/2fa/authenticate/"
    assert client.get("/me/").status_code == 302  # not yet logged in
    counter = next(iter(yield_hotp_counters_from_time()))
    code = f"{hotp_value(secret, counter):06d}"
    response = client.post("/accounts/2fa/authenticate/", {"code": code})
    assert response.status_code == 302
    assert client.get("/me/").status_code == 200


@pytest.mark.django_db
def test_user_language_is_used_after_login(client, user_factory, password):
    user = user_factory(language="en")
    client.post("/accounts/login/", {"login": user.email, "password": password})
    html = client.get("/me/").content.decode()
    assert '<html lang="en">' in html
    assert "Your roles" in html


@pytest.mark.django_db
def test_switching_language_is_kept_on_the_account(client, volunteer):
    client.force_login(volunteer)
    client.post("/i18n/setlang/", {"language": "en", "next": "/me/"})
    volunteer.refresh_from_db()
    assert volunteer.language == "en"


@pytest.mark.django_db
def test_profile_saves_name_and_language(client, volunteer):
    client.force_login(volunteer)
    response = client.post("/accounts/profile/", {"full_name": "Paula P.", "language": "en"})
    assert response.status_code == 302
    volunteer.refresh_from_db()
    assert (volunteer.full_name, volunteer.language) == ("Paula P.", "en")
