"""Per-user language and the MFA requirement for staff roles."""

from allauth.mfa.models import Authenticator
from django.conf import settings
from django.contrib import messages
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from accounts.roles import is_staff_role

ADMIN_PREFIXES = ("/admin/", "/django-admin/")


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


class StaffMFARequiredMiddleware:
    """With REQUIRE_STAFF_MFA, coordinators and regional managers set up MFA before the admin."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if settings.REQUIRE_STAFF_MFA and request.path_info.startswith(ADMIN_PREFIXES):
            user = request.user
            if user.is_authenticated and (is_staff_role(user) or user.is_staff):
                has_mfa = Authenticator.objects.filter(
                    user=user, type=Authenticator.Type.TOTP
                ).exists()
                if not has_mfa:
                    messages.warning(
                        request,
                        _("Please set up two-factor authentication before you use the admin."),
                    )
                    return redirect(reverse("mfa_activate_totp"))
        return self.get_response(request)
