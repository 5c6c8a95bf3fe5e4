"""Response headers: the Content Security Policy, and no caching of personal pages.

CSP has one exception, the Wagtail and Django admins: Wagtail's admin still relies on inline
styles and scripts in places, so those paths get ``'unsafe-inline'`` on top of the strict
policy; the public site never does.
"""

from csp.middleware import CSPMiddleware
from django.conf import settings
from django.utils.cache import patch_cache_control

ADMIN_PREFIXES = ("/admin/", "/django-admin/")


class ContentSecurityPolicyMiddleware(CSPMiddleware):
    def process_response(self, request, response):
        if request.path_info.startswith(ADMIN_PREFIXES) and not hasattr(response, "_csp_update"):
            response._csp_update = {
                "script-src": ["'unsafe-inline'"],
                "style-src": ["'unsafe-inline'"],
                "img-src": ["blob:"],
            }
        return super().process_response(request, response)


# Paths whose pages show personal data even to anonymous visitors (login, reset, invitation
# forms) or that only signed-in people use; every answer to a signed-in person is covered too.
PRIVATE_PREFIXES = (
    "/me/",
    "/accounts/",
    "/dashboard/",
    "/participations/",
    "/invitation/",
    "/invitations/",
    "/plans/",
    "/measures/",
    "/certificates/",
    *ADMIN_PREFIXES,
)


class PrivateCacheMiddleware:
    """``Cache-Control: private, no-store`` on every page that may carry personal data.

    One rule instead of a decorator per view: every response to a signed-in person (whose
    pages show their name at least), and every response under the personal paths above. A
    view whose answer is the same for everybody may say so with ``Cache-Control: public``
    (for example a public feed); it is then left alone.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if is_private(request, response):
            patch_cache_control(response, private=True, no_store=True)
        return response


def is_private(request, response) -> bool:
    if request.path_info.startswith(PRIVATE_PREFIXES):
        return True
    if settings.SESSION_COOKIE_NAME not in request.COOKIES:
        return False  # no session: anonymous (and the session is not loaded for nothing)
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return False
    return "public" not in response.get("Cache-Control", "")
