"""MFA for the person (every staff page), the admin's 403 for non-staff, private caching."""

import pytest
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
from django.contrib.messages import get_messages
from django.urls import reverse

pytestmark = pytest.mark.django_db

TOTP_SETUP = "/accounts/2fa/totp/activate/"

# A sample of pages with other people's data, from every app (ids need not exist: the rule
# is applied before the view).
STAFF_PAGES = [
    ("me", {}),
    ("reminders:settings", {}),
    ("dashboard:index", {}),
    ("dashboard:participation", {"pk": 1}),
    ("dashboard:person", {"pk": 1, "user_pk": 1}),
    ("dashboard:export", {"table": "children", "fmt": "csv"}),
    ("municipalities:participations", {}),
    ("municipalities:participation", {"pk": 1}),
    ("municipalities:invite", {"pk": 1}),
    ("plans:index", {}),
    ("plans:overview", {}),
    ("plans:detail", {"pk": 1}),
    ("measures:index", {}),
    ("events:attendance", {"pk": 1}),
    ("events:renew_feed", {}),
    ("courses:index", {}),
    ("wagtailadmin_home", {}),
    ("wagtailadmin_explore_root", {}),
    ("wagtailusers_users:index", {}),
    ("wagtailadmin_reports:site_history", {}),
    ("wagtailsnippets:index", {}),
]
# Pages staff may open without a second factor.
OPEN_PAGES = [
    "/",
    "/map/",
    "/map/embed/",
    "/api/map/municipalities.geojson",
    "/events/",
    "/events/feed.ics",
    "/certificates/verify/ABCD-EFGH-JKLM/",
    "/healthz",
    "/accounts/profile/",
    "/accounts/logout/",
    "/admin/logout/",
    "/accounts/password/change/",
    TOTP_SETUP,
    "/static/does-not-exist.css",
]


def staff_pages():
    return [reverse(name, kwargs=kwargs) for name, kwargs in STAFF_PAGES]


@pytest.fixture
def mfa_required(settings):
    settings.REQUIRE_STAFF_MFA = True


@pytest.mark.parametrize("fixture", ["coordinator", "regional_manager"])
def test_staff_without_totp_are_sent_to_the_setup_from_every_staff_page(
    client, request, fixture, mfa_required, site_root
):
    client.force_login(request.getfixturevalue(fixture))
    for url in staff_pages():
        for method in (client.get, client.post):
            response = method(url)
            assert response.status_code == 302, (url, response.status_code)
            assert response["Location"] == TOTP_SETUP, url
    messages = [str(m) for m in get_messages(response.wsgi_request)]
    assert any("Zwei-Faktor-Authentifizierung" in message for message in messages), messages


def test_the_message_is_english_for_english_speakers(client, coordinator, mfa_required):
    coordinator.language = "en"
    coordinator.save()
    client.force_login(coordinator)
    response = client.get("/dashboard/")
    messages = [str(m) for m in get_messages(response.wsgi_request)]
    assert any("two-factor authentication" in message for message in messages), messages


@pytest.mark.parametrize("fixture", ["coordinator", "regional_manager"])
def test_account_two_factor_logout_and_public_pages_stay_open(
    client, request, fixture, mfa_required, site_root
):
    client.force_login(request.getfixturevalue(fixture))
    for url in OPEN_PAGES:
        response = client.get(url)
        assert not (response.status_code == 302 and response["Location"] == TOTP_SETUP), url


def test_staff_with_totp_and_other_roles_are_not_redirected(
    client, coordinator, volunteer, municipal_contact, mfa_required
):
    TOTP.activate(coordinator, generate_totp_secret())
    client.force_login(coordinator)
    assert client.get("/dashboard/").status_code == 200
    assert client.get("/admin/").status_code == 200
    for person in (volunteer, municipal_contact):
        client.force_login(person)
        assert client.get("/me/").status_code == 200


def test_mfa_requirement_is_on_in_production_settings():
    import ast
    from pathlib import Path

    source = Path("config/settings/production.py").read_text()
    assert 'REQUIRE_STAFF_MFA = env_bool("REQUIRE_STAFF_MFA", True)' in source
    ast.parse(source)


@pytest.mark.parametrize("fixture", ["volunteer", "municipal_contact"])
@pytest.mark.parametrize("url", ["/admin/", "/admin/pages/", "/django-admin/"])
def test_non_staff_get_a_403_that_points_to_me(client, request, fixture, url):
    client.force_login(request.getfixturevalue(fixture))
    response = client.get(url)
    assert response.status_code == 403
    html = response.content.decode()
    assert 'href="/me/"' in html
    assert "Die Verwaltung ist nur für das Programmteam" in html
    client.cookies["klimapaten_language"] = "en"
    html = client.get(url).content.decode()
    assert "The admin is for staff" in html


def test_anonymous_visitors_still_go_to_the_login(client):
    response = client.get("/admin/")
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


# Cache-Control ------------------------------------------------------------------------------


def assert_private(response, url=""):
    directives = {part.strip() for part in response.get("Cache-Control", "").split(",")}
    assert {"private", "no-store"} <= directives, (url, response.get("Cache-Control"))
    assert "public" not in directives


@pytest.mark.parametrize(
    "url", ["/me/", "/accounts/profile/", "/accounts/profile/data/", "/dashboard/", "/admin/"]
)
def test_pages_with_personal_data_are_not_cached(client, coordinator, url, site_root):
    client.force_login(coordinator)
    response = client.get(url)
    assert response.status_code == 200, url
    assert_private(response, url)


def test_every_page_of_a_signed_in_person_is_private(client, regional_manager, site_root):
    client.force_login(regional_manager)
    for url in ["/", "/map/", "/participations/", "/plans/", "/measures/", "/events/"]:
        response = client.get(url)
        assert response.status_code == 200, url
        assert_private(response, url)
    response = client.post("/accounts/profile/data/export/")
    assert response.status_code == 200
    assert_private(response, "export")


def test_login_pages_are_private_public_pages_are_not(client, site_root):
    assert_private(client.get("/accounts/login/"))
    assert_private(client.get("/accounts/password/reset/"))
    response = client.get("/")
    assert response.status_code == 200
    assert "private" not in response.get("Cache-Control", "")
