"""Production: PostgreSQL, Redis, SMTP, secure cookies and HSTS.

Refuses to start without DJANGO_SECRET_KEY and ALLOWED_HOSTS.
https://docs.djangoproject.com/en/5.2/howto/deployment/checklist/
"""

from django.core.exceptions import ImproperlyConfigured

from config.env import env, env_bool, env_int, env_list

from .base import *

DEBUG = False
SECRET_KEY = env("DJANGO_SECRET_KEY", required=True)
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS")
if not ALLOWED_HOSTS:
    raise ImproperlyConfigured("The environment variable ALLOWED_HOSTS must be set.")
if not env("WAGTAILADMIN_BASE_URL"):
    WAGTAILADMIN_BASE_URL = f"https://{ALLOWED_HOSTS[0]}"

DEMO_DATA_ALLOWED = False
REQUIRE_STAFF_MFA = env_bool("REQUIRE_STAFF_MFA", True)

# HTTPS behind a load balancer that sets X-Forwarded-Proto.
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 60 * 60 * 24 * 365)
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", False)
# X_FRAME_OPTIONS stays SAMEORIGIN (not DENY): Wagtail's preview panel frames our own pages.
# Other sites still cannot frame anything but the map embed view.
SILENCED_SYSTEM_CHECKS = ["security.W019"]
if not SECURE_HSTS_PRELOAD:
    # Submitting the domain to browser preload lists is the operator's decision, not ours.
    SILENCED_SYSTEM_CHECKS += ["security.W021"]
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
LANGUAGE_COOKIE_SECURE = True

STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
