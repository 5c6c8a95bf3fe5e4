"""URLs. The admin login pages go to allauth so rate limits and MFA cannot be bypassed."""

from django.conf import settings
from django.conf.urls.static import static
from django.contrib import admin
from django.http import Http404
from django.urls import include, path, register_converter
from django.views.defaults import page_not_found
from django.views.generic import RedirectView
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.documents import urls as wagtaildocs_urls

from accounts.views import set_language
from core.badinput import IdConverter
from core.views import healthz
from home.views import me

# ``<id:pk>``: database ids of at most 18 digits; project URLs use it instead of ``<int:…>``.
register_converter(IdConverter, "id")

login_redirect = RedirectView.as_view(pattern_name="account_login", query_string=True)

# One ordered list: the first match wins, so specific paths come before the includes that
# could shadow them, and Wagtail's catch-all page serving comes last.
urlpatterns = [
    path("healthz", healthz, name="healthz"),
    # Admin logins go to allauth's (rate limits, MFA).
    path("admin/login/", login_redirect),
    path("django-admin/login/", login_redirect),
    path("django-admin/", admin.site.urls),
    # Scoped replacements of Wagtail admin views: same paths as Wagtail's, matched first.
    path("admin/", include("municipalities.admin_urls")),  # site history, snippet index
    path("admin/", include("courses.admin_urls")),  # page chooser, page-types report
    # Wagtail's deliberate error page (/admin/failwhale/) would answer 500 to staff: not here.
    path("admin/failwhale/", page_not_found, {"exception": Http404()}),
    path("admin/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    path("accounts/profile/", include("accounts.urls")),
    path("accounts/", include("allauth.urls")),
    path("i18n/setlang/", set_language, name="set_language"),
    path("me/", me, name="me"),
    path("dashboard/", include("dashboard.urls")),  # progress review
    path("", include("municipalities.urls")),  # map:*, municipalities:*
    path("", include("coaching.urls")),  # events:*, plans:*, measures:*, reminders:*
    path("", include("courses.urls")),  # courses, progress, certificates
    *(static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT) if settings.DEBUG else []),
    path("", include(wagtail_urls)),  # pages: the catch-all, last
]
