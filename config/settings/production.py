"""Production: PostgreSQL, Redis, SMTP, secure cookies and HSTS.

Refuses to start half-configured: without DJANGO_SECRET_KEY, ALLOWED_HOSTS, a PostgreSQL
DATABASE_URL, REDIS_URL, CELERY_BROKER_URL or EMAIL_URL it stops with ImproperlyConfigured
naming the variable, instead of falling back to SQLite, local memory, eager tasks or console mail.
https://docs.djangoproject.com/en/5.2/howto/deployment/checklist/
"""

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

from config.env import env, env_bool, env_int, env_list

from .base import *

DEBUG = False
SECRET_KEY = env("DJANGO_SECRET_KEY", required=True)
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS")
if not ALLOWED_HOSTS:
    raise ImproperlyConfigured("The environment variable ALLOWED_HOSTS must be set.")

# Services: no embedded fallbacks ------------------------------------------------------------
# PostgreSQL with persistent connections that are checked before reuse, so a database restart
# costs one failed health check, not a gunicorn restart; connecting gives up after a few seconds.
# https://docs.djangoproject.com/en/5.2/ref/databases/#persistent-connections
DATABASE_URL = env("DATABASE_URL", required=True)
DATABASES = {
    "default": dj_database_url.parse(
        DATABASE_URL,
        conn_max_age=env_int("CONN_MAX_AGE", 60),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] != "django.db.backends.postgresql":
    raise ImproperlyConfigured(
        "The environment variable DATABASE_URL must point at PostgreSQL (postgresql://…)."
    )
DATABASES["default"].setdefault("OPTIONS", {})["connect_timeout"] = env_int(
    "DATABASE_CONNECT_TIMEOUT", 3
)
REDIS_URL = env("REDIS_URL", required=True)
CELERY_BROKER_URL = env("CELERY_BROKER_URL", required=True)
env("EMAIL_URL", required=True)  # base.py has parsed it into the EMAIL_* settings
CELERY_TASK_ALWAYS_EAGER = False
CELERY_TASK_EAGER_PROPAGATES = False
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
    **STORAGES,  # keeps the private "outbox" attachment storage of base.py
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
