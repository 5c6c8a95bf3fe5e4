"""Per-user language, the admin gate for non-staff, and the MFA requirement for staff roles."""

import contextlib
import copy
import io
import logging
from importlib import import_module
from urllib.parse import urlsplit

from allauth.mfa.models import Authenticator
from asgiref.sync import async_to_sync, iscoroutinefunction
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.models import AnonymousUser
from django.contrib.messages.storage.base import BaseStorage
from django.db import transaction
from django.http import QueryDict
from django.shortcuts import redirect, resolve_url
from django.template.response import TemplateResponse
from django.urls import NoReverseMatch, reverse
from django.utils import translation
from django.utils.datastructures import MultiValueDict
from django.utils.translation import gettext as _
from django_htmx.http import HttpResponseClientRedirect

from accounts.roles import is_signed_in, is_staff_role

logger = logging.getLogger(__name__)

WAGTAIL_ADMIN_PREFIX = "/admin/"
DJANGO_ADMIN_PREFIX = "/django-admin/"
# Handled by config/urls.py (they go to allauth's login); never refused here.
ADMIN_LOGIN_PATHS = ("/admin/login/", "/django-admin/login/")

# REQUIRE_STAFF_MFA: what a staff member without a second factor may still open besides the
# public pages (those are found by asking the view, see ``is_public``). Their own account, the
# two-factor setup and allauth's logout all live under /accounts/; the other two logouts and
# the language switch (it also saves the choice on the account) are elsewhere. Nothing else
# belongs here: a page that anonymous visitors may open is public without being listed.
MFA_EXEMPT_PREFIXES = ("/accounts/",)
MFA_EXEMPT_URL_NAMES = frozenset({"wagtailadmin_logout", "admin:logout", "set_language"})


class UserLanguageMiddleware:
    """Use the signed-in user's preferred language unless they chose one in this browser."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if (
            is_signed_in(user)
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
            and is_signed_in(request.user)
            and not may_use_admin(request.user, path)
        ):
            response = TemplateResponse(request, "accounts/admin_forbidden.html", status=403)
            return response.render()
        return self.get_response(request)


def needs_mfa(user) -> bool:
    """A coordinator or regional manager (or Django staff) without a TOTP authenticator."""
    if not is_signed_in(user) or not (user.is_staff or is_staff_role(user)):
        return False
    return not Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists()


def is_mfa_exempt(request) -> bool:
    """Their account, the two-factor setup, logout, the language switch and static files."""
    path = request.path_info
    static = tuple(prefix for prefix in (settings.STATIC_URL, settings.MEDIA_URL) if prefix)
    if path.startswith((*MFA_EXEMPT_PREFIXES, *static)):
        return True
    match = request.resolver_match
    return match is not None and match.view_name in MFA_EXEMPT_URL_NAMES


class _DiscardedMessages(BaseStorage):
    """The probe's messages go nowhere (the person's own messages stay untouched)."""

    def _get(self, *args, **kwargs):
        return [], True

    def _store(self, messages, response, *args, **kwargs):
        return []


def _login_paths() -> tuple[str, ...]:
    paths = [resolve_url(settings.LOGIN_URL), *ADMIN_LOGIN_PATHS]
    for name in ("account_login", "wagtailadmin_login"):
        with contextlib.suppress(NoReverseMatch):
            paths.append(reverse(name))
    return tuple(path for path in paths if path)


def _anonymous_copy(request):
    """The same address as an anonymous GET: no user, no session, no body, no messages."""
    probe = copy.copy(request)
    for attribute in ("_cached_user", "_acached_user", "_messages"):
        probe.__dict__.pop(attribute, None)
    anonymous = AnonymousUser()

    async def auser():
        return anonymous

    probe.user = anonymous
    probe.auser = auser
    probe.session = import_module(settings.SESSION_ENGINE).SessionStore()
    probe._messages = _DiscardedMessages(probe)
    probe.method = "GET"
    probe.META = {
        key: value
        for key, value in request.META.items()
        if key not in ("CONTENT_LENGTH", "CONTENT_TYPE") and not key.startswith("HTTP_IF_")
    }
    probe.META["REQUEST_METHOD"] = "GET"
    probe._body = b""
    probe._stream = io.BytesIO(b"")
    probe._post, probe._files = QueryDict(), MultiValueDict()
    return probe


def _discard(response) -> None:
    """Release what the probe's response holds (an open file) without rendering it.

    Not ``response.close()``: that also sends ``request_finished``, which closes the database
    connection in the middle of the real request.
    """
    for closer in getattr(response, "_resource_closers", ()):
        with contextlib.suppress(Exception):  # like HttpResponseBase.close()
            closer()


def is_public(request, view_func, view_args, view_kwargs) -> bool:
    """Would an anonymous visitor get this page? Asked of the view itself, as an anonymous GET.

    This is what "public pages" means, decided by the view and the object, not by a list of
    URLs: a public event or Wagtail page answers 200, a members' event 404, a course page or
    anything behind ``login_required`` or Wagtail's admin a redirect to the login. Parts added
    later are covered without anyone remembering to list them.

    Safe because it can do nothing that any anonymous visitor cannot do at any time: it is a
    GET without body, user, session or messages; it runs in a transaction that is rolled back;
    its response is never rendered or sent. It only runs for staff without a second factor
    under REQUIRE_STAFF_MFA, a state they leave by setting up TOTP.
    """
    probe = _anonymous_copy(request)
    try:
        with transaction.atomic():
            if iscoroutinefunction(view_func):
                response = async_to_sync(view_func)(probe, *view_args, **view_kwargs)
            else:
                response = view_func(probe, *view_args, **view_kwargs)
            transaction.set_rollback(True)
    except Exception:  # Http404, PermissionDenied, or a view that needs a signed-in user
        logger.debug("MFA probe: %s is not public", request.path_info, exc_info=True)
        return False
    try:
        status = response.status_code
        if 200 <= status < 300:
            return True
        if 300 <= status < 400 and status != 304:
            target = urlsplit(response.get("Location", "")).path
            return bool(target) and not target.startswith(_login_paths())
        return False
    finally:
        _discard(response)


def mfa_setup_redirect(request):
    messages.warning(
        request,
        _(
            "Your role gives you access to other people's data. Please set up "
            "two-factor authentication before you continue."
        ),
    )
    url = reverse("mfa_activate_totp")
    if getattr(request, "htmx", False):
        return HttpResponseClientRedirect(url)
    return redirect(url)


class StaffMFARequiredMiddleware:
    """With REQUIRE_STAFF_MFA, coordinators and regional managers set up TOTP first.

    The rule follows the person, not a URL prefix: whatever they open, other than their
    account pages, the two-factor setup, logout and the public pages, sends them to the TOTP
    setup with a message. It is decided once the URL is resolved (``process_view``), by the
    view: a page is public when an anonymous visitor would get it (``is_public``). New views
    are covered without being listed anywhere; an address that resolves to nothing answers
    404 as for everybody.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        if (
            settings.REQUIRE_STAFF_MFA
            and not is_mfa_exempt(request)
            and needs_mfa(request.user)
            and not is_public(request, view_func, view_args, view_kwargs)
        ):
            return mfa_setup_redirect(request)
        return None
