"""Per-user language, the admin gate for non-staff, and the MFA requirement for staff roles."""

from allauth.mfa.models import Authenticator
from django.conf import settings
from django.contrib import messages
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import Resolver404, resolve, reverse
from django.utils import translation
from django.utils.translation import gettext as _

from accounts.roles import is_staff_role

WAGTAIL_ADMIN_PREFIX = "/admin/"
DJANGO_ADMIN_PREFIX = "/django-admin/"
# Handled by config/urls.py (they go to allauth's login); never refused here.
ADMIN_LOGIN_PATHS = ("/admin/login/", "/django-admin/login/")

# Staff without a second factor may still open these (REQUIRE_STAFF_MFA): their own account,
# the two-factor setup and logout (all under /accounts/), files, and the public pages.
MFA_EXEMPT_PREFIXES = ("/accounts/", "/i18n/", "/documents/")
MFA_EXEMPT_URL_NAMES = frozenset(
    {
        "healthz",
        "set_language",
        "wagtailadmin_logout",
        "admin:logout",
        "wagtail_serve",  # home and content pages (Wagtail)
        "map:index",
        "map:embed",
        "map:suggest",
        "map:municipalities_geojson",
        "map:initiatives_geojson",
        "events:index",
        "events:feed",
        "events:embed",
        "events:detail",
        "events:ics",
        "events:private_feed",  # token in the URL: calendar programs have no second factor
        "wagtailcore_login",  # Wagtail's page-privacy forms belong to public pages
        "wagtailcore_authenticate_with_password",
        "courses:certificate_verify",
        "municipalities:accept_invitation",
    }
)


class UserLanguageMiddleware:
    """Use the signed-in user's preferred language unless they chose one in this browser."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if (
            user is not None
            and user.is_authenticated
            and settings.LANGUAGE_COOKIE_NAME not in request.COOKIES
            and user.language
            and user.language != request.LANGUAGE_CODE
        ):
            translation.activate(user.language)
            request.LANGUAGE_CODE = user.language
        return self.get_response(request)


def may_use_admin(user, path: str) -> bool:
    if path.startswith(DJANGO_ADMIN_PREFIX):
        return user.is_active and user.is_staff
    return user.has_perm("wagtailadmin.access_admin")


class AdminAccessMiddleware:
    """A signed-in person without admin access gets a 403 that points to /me/.

    Without it Wagtail (and Django's admin) send them to the login page, which sends a
    signed-in person straight back: a redirect loop.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        path = request.path_info
        if (
            path.startswith((WAGTAIL_ADMIN_PREFIX, DJANGO_ADMIN_PREFIX))
            and not path.startswith(ADMIN_LOGIN_PATHS)
            and request.user.is_authenticated
            and not may_use_admin(request.user, path)
        ):
            response = TemplateResponse(request, "accounts/admin_forbidden.html", status=403)
            return response.render()
        return self.get_response(request)


def needs_mfa(user) -> bool:
    """A coordinator or regional manager (or Django staff) without a TOTP authenticator."""
    if not user.is_authenticated or not (user.is_staff or is_staff_role(user)):
        return False
    return not Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists()


def is_mfa_exempt(path: str) -> bool:
    if path.startswith((*MFA_EXEMPT_PREFIXES, settings.STATIC_URL, settings.MEDIA_URL)):
        return True
    try:
        match = resolve(path)
    except Resolver404:
        return True  # answers 404 anyway
    return match.view_name in MFA_EXEMPT_URL_NAMES


class StaffMFARequiredMiddleware:
    """With REQUIRE_STAFF_MFA, coordinators and regional managers set up TOTP first.

    The rule follows the person, not a URL prefix: whatever they open, other than their
    account pages, the two-factor setup, logout and the public pages, sends them to the TOTP
    setup with a message. New views are covered without being listed anywhere.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if (
            settings.REQUIRE_STAFF_MFA
            and not is_mfa_exempt(request.path_info)
            and needs_mfa(request.user)
        ):
            messages.warning(
                request,
                _(
                    "Your role gives you access to other people's data. Please set up "
                    "two-factor authentication before you continue."
                ),
            )
            url = reverse("mfa_activate_totp")
            if getattr(request, "htmx", False):
                from django_htmx.http import HttpResponseClientRedirect

                return HttpResponseClientRedirect(url)
            return redirect(url)
        return self.get_response(request)
