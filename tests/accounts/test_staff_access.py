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
    "/healthz",
    "/accounts/profile/",
    "/accounts/logout/",
    "/admin/logout/",
    "/accounts/password/change/",
    TOTP_SETUP,
    "/static/does-not-exist.css",
]


def valid_certificate_url(holder):
    """Public because anonymous visitors get it (an unknown code is a 404 for them: not public)."""
    from django.utils import timezone

    from courses.models import Certificate

    certificate = Certificate.objects.create(
        user=holder,
        holder_name="Paula Patin",
        course_title="Klimaschutz",
        code="ABCD-EFGH-JKLM",
        issued_on=timezone.localdate(),
    )
    return reverse("courses:certificate_verify", kwargs={"code": certificate.code})


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
    for url in [*OPEN_PAGES, valid_certificate_url(request.getfixturevalue("volunteer"))]:
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


# MFA: public pages are those an anonymous visitor gets, decided by the view and object -------


@pytest.fixture
def rm_without_totp(client, regional_manager, mfa_required):
    client.force_login(regional_manager)
    return regional_manager


def sent_to_setup(response):
    return response.status_code == 302 and response["Location"] == TOTP_SETUP


def test_a_members_event_needs_the_second_factor_a_public_one_does_not(client, rm_without_totp):
    from tests.coaching.factories import EventFactory

    members = EventFactory(is_public=False)
    public = EventFactory(is_public=True)
    for url in (f"/events/{members.pk}/", f"/events/{members.pk}.ics"):
        assert sent_to_setup(client.get(url)), url
        assert sent_to_setup(client.post(url)), url
    for url in (f"/events/{public.pk}/", f"/events/{public.pk}.ics"):
        assert client.get(url).status_code == 200, url


def test_a_login_only_course_page_needs_the_second_factor_the_home_page_not(
    client, rm_without_totp, site_root
):
    from tests.courses import factories

    module = factories.module(factories.course())
    for url in (module.url, module.get_parent().url, module.get_parent().get_parent().url):
        assert sent_to_setup(client.get(url)), url
        assert sent_to_setup(client.post(url)), url
    response = client.get("/")
    assert response.status_code == 200
    assert response.wsgi_request.user == rm_without_totp  # served as themselves, signed in


def test_the_admins_public_files_stay_open(client, rm_without_totp):
    assert client.get("/admin/sprite/").status_code == 200
    assert client.get("/admin/jsi18n/").status_code == 200
    assert client.post("/admin/jsi18n/").status_code == 405  # the view answers, not the rule
    assert sent_to_setup(client.get("/admin/"))


def test_without_totp_there_is_nothing_to_deactivate(client, rm_without_totp):
    # allauth's own answer; the rule does not stand in the way of the two-factor pages.
    assert client.get("/accounts/2fa/totp/deactivate/").status_code == 404
    assert not sent_to_setup(client.get(TOTP_SETUP))  # allauth's own flow (reauthentication)


@pytest.mark.urls("tests.accounts.urls_added_later")
def test_views_added_later_are_covered_without_being_listed(client, rm_without_totp):
    from django.contrib.auth.models import Group

    assert sent_to_setup(client.get("/later/members/"))
    assert sent_to_setup(client.post("/later/members/"))
    assert sent_to_setup(client.get("/later/object/no/"))
    assert client.get("/later/object/yes/").status_code == 200
    before = Group.objects.count()
    response = client.get("/later/public/")
    assert response.status_code == 200
    # The anonymous probe ran the view too, in a transaction that was rolled back.
    assert Group.objects.count() == before + 1


@pytest.mark.urls("tests.accounts.urls_added_later")
def test_the_probe_leaves_the_session_and_the_request_alone(client, rm_without_totp):
    session_key = client.session.session_key
    response = client.post("/later/object/yes/", {"field": "value"})
    assert response.status_code == 200
    assert response.wsgi_request.POST["field"] == "value"
    assert response.wsgi_request.method == "POST"
    assert client.session.session_key == session_key
    assert client.get("/me/").status_code == 302  # still signed in: /me/ asks for TOTP, not login
    assert client.get("/me/")["Location"] == TOTP_SETUP


def test_people_with_totp_are_not_probed(client, coordinator, mfa_required, monkeypatch):
    from accounts import middleware

    def fail(*args, **kwargs):
        raise AssertionError("probed")

    monkeypatch.setattr(middleware, "is_public", fail)
    TOTP.activate(coordinator, generate_totp_secret())
    client.force_login(coordinator)
    assert client.get("/dashboard/").status_code == 200
    client.logout()
    assert client.get("/events/").status_code == 200
