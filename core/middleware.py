"""Content Security Policy with one exception: the Wagtail and Django admins.

Wagtail's admin still relies on inline styles and scripts in places, so those paths get
``'unsafe-inline'`` on top of the strict policy; the public site never does.
"""

from csp.middleware import CSPMiddleware

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
