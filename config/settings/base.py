"""Settings shared by every mode. Values that differ between machines come from the environment.

https://docs.djangoproject.com/en/5.2/ref/settings/
"""

import contextlib
import importlib.util
from pathlib import Path
from urllib.parse import urlsplit

import dj_database_url
from celery.schedules import crontab
from django.utils.translation import gettext_lazy as _

from config.env import env, env_bool, env_int, env_list, parse_email_url

BASE_DIR = Path(__file__).resolve().parent.parent.parent
VAR_DIR = Path(env("KLIMAPATEN_VAR_DIR", str(BASE_DIR / "var")))
# SQLite, media, exports and collected static files live here on a fresh clone; on a read-only
# image the operator points those paths elsewhere.
with contextlib.suppress(OSError):
    VAR_DIR.mkdir(parents=True, exist_ok=True)

# Core ---------------------------------------------------------------------------------------
# https://docs.djangoproject.com/en/5.2/ref/settings/#core-settings
DEBUG = False
SECRET_KEY = env("DJANGO_SECRET_KEY")  # each mode decides whether a default is acceptable
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["localhost", "127.0.0.1", "[::1]"])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")
ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "accounts.User"
SITE_ID = 1
# Demo data may be created only where this is true (never in production).
DEMO_DATA_ALLOWED = True

# Apps ---------------------------------------------------------------------------------------
PROJECT_APPS = [
    "core",
    "accounts",
    "home",
    "courses",
    "municipalities",
    "coaching",
    "dashboard",
]
WAGTAIL_APPS = [
    "wagtail.contrib.forms",
    "wagtail.contrib.redirects",
    "wagtail.contrib.settings",
    "wagtail.embeds",
    "wagtail.sites",
    "accounts.wagtail_apps.KlimapatenUsersAppConfig",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    "modelcluster",
    "taggit",
]
THIRD_PARTY_APPS = [
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "django_htmx",
    "csp",
    "django_filters",
]
DJANGO_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.sites",
    "django.contrib.humanize",
]
# The outbox (core/outbox on django-post-office's models) comes last, as it always has: its
# catalogue must not override Django's or Wagtail's translations.
MAIL_APPS = ["core.outbox", "post_office"]
INSTALLED_APPS = PROJECT_APPS + WAGTAIL_APPS + THIRD_PARTY_APPS + DJANGO_APPS + MAIL_APPS

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # Cache-Control: private, no-store on every page with personal data.
    "core.middleware.PrivateCacheMiddleware",
    "accounts.middleware.UserLanguageMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "core.middleware.ContentSecurityPolicyMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    # A signed-in person without admin access gets a 403 that points to /me/ (no redirect
    # loop); REQUIRE_STAFF_MFA applies to every page of a coordinator or regional manager.
    "accounts.middleware.AdminAccessMiddleware",
    "accounts.middleware.StaffMFARequiredMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
    # Bad input (overflowing ids, malformed values, missing form counts) answers 400, never
    # 500: nearest the view, so it sees the view's exceptions first (core/badinput.py).
    "core.badinput.BadInputMiddleware",
]

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
                "wagtail.contrib.settings.context_processors.settings",
                "home.context_processors.navigation",
            ],
        },
    },
]

# Database -----------------------------------------------------------------------------------
# https://docs.djangoproject.com/en/5.2/ref/settings/#databases
DATABASE_URL = env("DATABASE_URL", f"sqlite:///{VAR_DIR / 'klimapaten.sqlite3'}")
DATABASES = {
    "default": dj_database_url.parse(DATABASE_URL, conn_max_age=env_int("CONN_MAX_AGE", 0))
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL and a busy timeout let the dev server and an eager task write at the same time.
    DATABASES["default"]["OPTIONS"] = {
        "timeout": 20,
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        "transaction_mode": "IMMEDIATE",
    }

# Cache: Redis when configured, local memory otherwise (rate limits need a real cache) -------
# django-redis turns a Redis outage into cache misses instead of 500s: reads miss, writes are
# dropped, and one warning is logged per outage (core.log_filters.OncePerOutage). Short socket
# timeouts keep a request from waiting on an unreachable host. While Redis is down, allauth's
# rate limits (counters in the cache) fail open (core.cache.DegradingRedisCache); the same
# warning says so.
# https://github.com/jazzband/django-redis#memcached-exceptions-behavior
REDIS_URL = env("REDIS_URL")
CACHE_SOCKET_TIMEOUT = float(env("CACHE_SOCKET_TIMEOUT", "0.5"))
DJANGO_REDIS_IGNORE_EXCEPTIONS = True
DJANGO_REDIS_LOG_IGNORED_EXCEPTIONS = True
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "core.cache.DegradingRedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": "klimapaten",
            "TIMEOUT": 300,
            "OPTIONS": {
                "CLIENT_CLASS": "django_redis.client.DefaultClient",
                "SOCKET_CONNECT_TIMEOUT": min(CACHE_SOCKET_TIMEOUT, 0.25),
                "SOCKET_TIMEOUT": CACHE_SOCKET_TIMEOUT,
                "IGNORE_EXCEPTIONS": True,
            },
        }
    }
else:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": "klimapaten",
        }
    }

# Sessions live in the database, never only in Redis: a cache outage logs nobody out.
# https://docs.djangoproject.com/en/5.2/topics/http/sessions/#using-database-backed-sessions
SESSION_ENGINE = "django.contrib.sessions.backends.db"

# Passwords ----------------------------------------------------------------------------------
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 10},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
AUTHENTICATION_BACKENDS = [
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]

# Internationalisation: German first, English second ------------------------------------------
# https://docs.djangoproject.com/en/5.2/topics/i18n/
LANGUAGE_CODE = "de"
LANGUAGES = [("de", _("German")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
LANGUAGE_COOKIE_NAME = "klimapaten_language"
LANGUAGE_COOKIE_SECURE = False
LANGUAGE_COOKIE_SAMESITE = "Lax"
TIME_ZONE = "Europe/Berlin"
USE_I18N = True
USE_TZ = True
WAGTAIL_I18N_ENABLED = False
WAGTAILADMIN_PERMITTED_LANGUAGES = LANGUAGES
WAGTAIL_CONTENT_LANGUAGES = [("de", _("German"))]

# Static and media ---------------------------------------------------------------------------
# https://docs.djangoproject.com/en/5.2/howto/static-files/
STATIC_URL = "/static/"
STATIC_ROOT = Path(env("STATIC_ROOT", str(VAR_DIR / "static")))
STATICFILES_DIRS = [BASE_DIR / "static"]
# Leaflet comes from the django-leaflet pip package; only its static folder is used (the app
# itself needs GDAL), served by the platform as /static/vendor/leaflet/.
_leaflet_spec = importlib.util.find_spec("leaflet")
if _leaflet_spec and _leaflet_spec.submodule_search_locations:
    STATICFILES_DIRS += [
        (
            "vendor/leaflet",
            Path(next(iter(_leaflet_spec.submodule_search_locations))) / "static" / "leaflet",
        )
    ]
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(env("MEDIA_ROOT", str(VAR_DIR / "media")))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    # Outbox attachments wait in a private folder, never under MEDIA_ROOT.
    "outbox": {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {"location": str(Path(env("OUTBOX_ATTACHMENT_DIR", str(VAR_DIR / "outbox"))))},
    },
}

# E-mail -------------------------------------------------------------------------------------
# EMAIL_URL (smtp://, smtp+tls://, smtps://, console://, locmem://) or the usual EMAIL_* values.
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", "Klimapaten <noreply@klimapaten.example>")
SERVER_EMAIL = env("SERVER_EMAIL", DEFAULT_FROM_EMAIL)
EMAIL_SUBJECT_PREFIX = "[Klimapaten] "
if env("EMAIL_URL"):
    globals().update(parse_email_url(env("EMAIL_URL")))
else:
    EMAIL_BACKEND = env("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
    EMAIL_HOST = env("EMAIL_HOST", "localhost")
    EMAIL_PORT = env_int("EMAIL_PORT", 25)
    EMAIL_HOST_USER = env("EMAIL_HOST_USER", "")
    EMAIL_HOST_PASSWORD = env("EMAIL_HOST_PASSWORD", "")
    EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS")
    EMAIL_USE_SSL = env_bool("EMAIL_USE_SSL")
    EMAIL_TIMEOUT = env_int("EMAIL_TIMEOUT", 10)
# Every e-mail is a row in the outbox (core/outbox, on django-post-office's models) written in
# the transaction of the change that causes it; a worker sends it, retries with exponential
# backoff for OUTBOX_GIVE_UP_AFTER seconds, and beat sweeps the outbox every minute, so nothing
# waits for the broker or the mail server. EMAIL_BACKEND becomes the outbox (so Wagtail's and
# Django's own send_mail() are queued too); the configured backend is what the worker sends with.
# https://github.com/ui/django-post_office#settings
OUTBOX_EMAIL_BACKEND = env(
    "OUTBOX_EMAIL_BACKEND",
    "core.outbox.backends.SMTPBackend"
    if EMAIL_BACKEND == "django.core.mail.backends.smtp.EmailBackend"
    else EMAIL_BACKEND,
)
EMAIL_BACKEND = "core.outbox.backends.OutboxBackend"
OUTBOX_RETRY_BASE = env_int("OUTBOX_RETRY_BASE", 60)  # seconds after the first failure, doubling
OUTBOX_RETRY_MAX = env_int("OUTBOX_RETRY_MAX", 3600)  # … up to one attempt an hour
OUTBOX_GIVE_UP_AFTER = env_int("OUTBOX_GIVE_UP_AFTER", 3 * 24 * 3600)  # then "failed"
OUTBOX_SENDING_TIMEOUT = env_int("OUTBOX_SENDING_TIMEOUT", 600)  # a dead worker's claim expires
OUTBOX_BATCH_SIZE = env_int("OUTBOX_BATCH_SIZE", 200)
OUTBOX_SWEEP_SECONDS = env_int("OUTBOX_SWEEP_SECONDS", 50)  # one sweep stays within a minute
# Deliver at queue time, inside the caller's transaction: only for the test suite, whose
# transactions never commit (tests/conftest.py switches it on).
OUTBOX_SEND_INLINE = env_bool("OUTBOX_SEND_INLINE", False)
# post_office supplies the models, its Django admin and the attachment storage; its own sender
# (send_queued_mail, its Celery task, the lock file) is not used: core/outbox/delivery.py is.
POST_OFFICE = {
    "CELERY_ENABLED": False,
    "MESSAGE_ID_ENABLED": False,  # core.mail sets a Message-ID on every row itself
    "LOG_LEVEL": 2,
    "FILE_STORAGE": "outbox",
}

# Celery: eager without a broker, Redis with one ---------------------------------------------
# https://docs.celeryq.dev/en/stable/django/first-steps-with-django.html
# https://docs.celeryq.dev/en/stable/userguide/configuration.html
CELERY_BROKER_URL = env("CELERY_BROKER_URL")
CELERY_RESULT_BACKEND = env("CELERY_RESULT_BACKEND", CELERY_BROKER_URL)
CELERY_TASK_ALWAYS_EAGER = not CELERY_BROKER_URL
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TASK_SERIALIZER = "json"
CELERY_RESULT_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TIMEZONE = TIME_ZONE
CELERY_RESULT_EXPIRES = 24 * 3600
# A publish from a request never waits for a dead broker: connecting gives up after
# CELERY_BROKER_CONNECT_TIMEOUT seconds and is retried once at once (a pooled connection may be
# stale after a broker restart), so .delay() raises within about a second; callers catch it and
# the beat sweeps deliver later. Workers keep retrying their own connection forever.
BROKER_CONNECT_TIMEOUT = float(env("CELERY_BROKER_CONNECT_TIMEOUT", "0.5"))
CELERY_BROKER_CONNECTION_TIMEOUT = BROKER_CONNECT_TIMEOUT
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_BROKER_CONNECTION_MAX_RETRIES = None
CELERY_TASK_PUBLISH_RETRY = True
CELERY_TASK_PUBLISH_RETRY_POLICY = {
    "max_retries": 1,
    "interval_start": 0,
    "interval_step": 0,
    "interval_max": 0,
}
CELERY_REDIS_SOCKET_CONNECT_TIMEOUT = BROKER_CONNECT_TIMEOUT
CELERY_REDIS_SOCKET_TIMEOUT = 5.0
CELERY_RESULT_BACKEND_ALWAYS_RETRY = False
# Time limits: a task is told to stop after the soft limit and killed after the hard one
# (prefork pool). Longer tasks get their own limits in CELERY_TASK_ANNOTATIONS below.
CELERY_TASK_SOFT_TIME_LIMIT = 5 * 60
CELERY_TASK_TIME_LIMIT = 6 * 60
LONG_TASK_LIMITS = {  # task name: (soft, hard) seconds
    "dashboard.rebuild_aggregates": (20 * 60, 25 * 60),
    "dashboard.export_table": (10 * 60, 12 * 60),
    "coaching.send_task_due_reminders": (10 * 60, 12 * 60),
    "coaching.send_overdue_task_reminders": (10 * 60, 12 * 60),
    "coaching.send_milestone_reminders": (10 * 60, 12 * 60),
    "coaching.send_event_reminders": (10 * 60, 12 * 60),
    "coaching.send_weekly_digests": (10 * 60, 12 * 60),
}
# Acknowledge late (after the task ran) and requeue when the worker dies only for tasks that are
# safe to run twice; the rest is acknowledged on receipt, so a crash never repeats it.
CELERY_TASK_ACKS_LATE = False
CELERY_TASK_REJECT_ON_WORKER_LOST = False
IDEMPOTENT_TASKS = [
    "core.probe_health",  # reads only
    "courses.deliver_certificate",  # checks emailed_at before mailing
    "courses.retry_unsent_certificates",  # enqueues the idempotent delivery
    "coaching.send_task_due_reminders",  # coaching.reminders.send_once: unique key per message
    "coaching.send_overdue_task_reminders",
    "coaching.send_milestone_reminders",
    "coaching.send_event_reminders",
    "coaching.send_weekly_digests",
    "dashboard.rebuild_aggregates",  # recomputes from the progress rows
    "dashboard.delete_expired_exports",
    "dashboard.drain_aggregate_events",  # recomputes the touched rows; one drainer at a time
    "outbox.send_message",  # the outbox (after its merge): only one claim of a row succeeds
    "outbox.sweep_messages",
]
# Not idempotent, so acknowledged early: municipalities.send_invitation (a fresh token and a
# second mail each run), dashboard.export_table (a second file and mail).
CELERY_TASK_ANNOTATIONS = {
    name: {"acks_late": True, "reject_on_worker_lost": True} for name in IDEMPOTENT_TASKS
}
for _name, (_soft, _hard) in LONG_TASK_LIMITS.items():
    CELERY_TASK_ANNOTATIONS.setdefault(_name, {}).update(
        {"soft_time_limit": _soft, "time_limit": _hard}
    )
# One task at a time per worker process, and a Redis visibility timeout longer than the longest
# task (its hard limit) and than the longest retry countdown (10 min), so a message is handed
# out again only when its worker really died — at most this long after the crash.
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
BROKER_VISIBILITY_TIMEOUT = env_int(
    "CELERY_VISIBILITY_TIMEOUT",
    max(CELERY_TASK_TIME_LIMIT, *(hard for _soft, hard in LONG_TASK_LIMITS.values())) + 5 * 60,
)
CELERY_BROKER_TRANSPORT_OPTIONS = {
    "visibility_timeout": BROKER_VISIBILITY_TIMEOUT,
    "socket_connect_timeout": BROKER_CONNECT_TIMEOUT,
    "socket_timeout": 5.0,
    "max_retries": 0,
}
# Results are only read by tests and operators; storing or subscribing to one never retries
# for long (Celery's default is 20 tries a second apart, on the request path too).
CELERY_RESULT_BACKEND_TRANSPORT_OPTIONS = {
    "retry_policy": {"max_retries": 1, "interval_start": 0.2, "interval_step": 0.2}
}
# The one beat schedule. Reminder jobs send each message at most once, so a job that runs
# twice or is retried is harmless. Times are Europe/Berlin (CELERY_TIMEZONE).
# https://docs.celeryq.dev/en/stable/userguide/periodic-tasks.html
CELERY_BEAT_SCHEDULE = {
    # Certificates whose PDF or e-mail is still missing (broker or mail server down).
    "courses-retry-unsent-certificates": {
        "task": "courses.retry_unsent_certificates",
        "schedule": 15 * 60,
    },
    # The learning aggregates follow domain events; a nightly rebuild repairs any drift from
    # writes that bypass them (bulk imports, raw SQL).
    "dashboard-rebuild-aggregates": {
        "task": "dashboard.rebuild_aggregates",
        "schedule": 24 * 3600,
    },
    "dashboard-delete-expired-exports": {
        "task": "dashboard.delete_expired_exports",
        "schedule": 6 * 3600,
    },
    # Coaching reminders and digests (coaching/tasks.py).
    "coaching-task-due-reminders": {
        "task": "coaching.send_task_due_reminders",
        "schedule": crontab(hour=7, minute=0),
    },
    "coaching-overdue-task-reminders": {
        "task": "coaching.send_overdue_task_reminders",
        "schedule": crontab(hour=7, minute=15),
    },
    "coaching-milestone-reminders": {
        "task": "coaching.send_milestone_reminders",
        "schedule": crontab(hour=7, minute=30),
    },
    "coaching-event-reminders": {
        "task": "coaching.send_event_reminders",
        "schedule": crontab(hour=9, minute=0),
    },
    "coaching-weekly-digests": {
        "task": "coaching.send_weekly_digests",
        "schedule": crontab(hour=6, minute=30, day_of_week="mon"),
    },
    "outbox-sweep": {"task": "outbox.sweep_messages", "schedule": 60},
    # The learner's transaction only queues an aggregate event row; beat applies the queue
    # every few seconds (with eager Celery, at once in the same transaction).
    "dashboard-drain-aggregate-events": {
        "task": "dashboard.drain_aggregate_events",
        "schedule": env_int("DASHBOARD_EVENTS_DRAIN_SECONDS", 10),
    },
}

# Authentication: django-allauth with mandatory verification and MFA --------------------------
# https://docs.allauth.org/en/latest/account/configuration.html
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "/me/"
ACCOUNT_LOGOUT_REDIRECT_URL = "/"
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_CONFIRM_EMAIL_ON_GET = False
ACCOUNT_LOGIN_ON_EMAIL_CONFIRMATION = False
ACCOUNT_LOGIN_ON_PASSWORD_RESET = False
ACCOUNT_PREVENT_ENUMERATION = True
ACCOUNT_SESSION_REMEMBER = None
ACCOUNT_ADAPTER = "accounts.adapters.AccountAdapter"
ACCOUNT_EMAIL_SUBJECT_PREFIX = EMAIL_SUBJECT_PREFIX
# https://docs.allauth.org/en/latest/common/rate_limits.html
# Failed logins per client address and per address + account (accounts/adapters.py), never
# per account alone, so strangers cannot lock the owner out. Many failures for one account
# from all addresses together slow it down (one try per 10 s from addresses the owner has not
# used) and e-mail the owner, at most once per LOGIN_ALERT_SECONDS.
ACCOUNT_RATE_LIMITS = {
    "login_failed": "20/m/ip,5/5m/key",
    "login": "30/m/ip",
    "reset_password": "20/m/ip,5/m/key",
    "reset_password_from_key": "20/m/ip",
    "confirm_email": "1/3m/key",
    "login_failed_account": "20/15m/key",
    "login_account_slow": "1/10s/key",
}
LOGIN_ALERT_SECONDS = env_int("LOGIN_ALERT_SECONDS", 15 * 60)
# Behind a reverse proxy or load balancer: how many proxies append to X-Forwarded-For (the
# client address is then the one they saw), or the header one trusted proxy sets instead
# (e.g. X-Real-IP). 0 / unset: REMOTE_ADDR, X-Forwarded-For is ignored (it can be forged).
ALLAUTH_TRUSTED_PROXY_COUNT = env_int("TRUSTED_PROXY_COUNT", 0)
ALLAUTH_TRUSTED_CLIENT_IP_HEADER = env("TRUSTED_CLIENT_IP_HEADER")
# The "unknown account" mail is still sent (it helps people who typed another address), but
# without a sign-up link while sign-up is closed (accounts/adapters.py).
ACCOUNT_EMAIL_UNKNOWN_ACCOUNTS = True
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
MFA_TOTP_ISSUER = "Klimapaten"
MFA_ADAPTER = "allauth.mfa.adapter.DefaultMFAAdapter"
# Coordinators and regional managers must set up TOTP before they reach any page but their
# account and the public ones (accounts/middleware.py).
REQUIRE_STAFF_MFA = env_bool("REQUIRE_STAFF_MFA", False)

# Wagtail ------------------------------------------------------------------------------------
# https://docs.wagtail.org/en/stable/reference/settings.html
WAGTAIL_SITE_NAME = "Klimapaten"
WAGTAILADMIN_BASE_URL = env("WAGTAILADMIN_BASE_URL", "http://127.0.0.1:8000")
WAGTAILADMIN_LOGIN_URL = "account_login"
WAGTAIL_PASSWORD_RESET_ENABLED = False
WAGTAIL_PASSWORD_MANAGEMENT_ENABLED = False
WAGTAIL_EMAIL_MANAGEMENT_ENABLED = False
WAGTAILEMBEDS_RESPONSIVE_HTML = True
# No Gravatar: avatars would be fetched from a third party (privacy by default).
WAGTAIL_GRAVATAR_PROVIDER_URL = None
WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "wagtail.search.backends.database"}}
WAGTAILDOCS_SERVE_METHOD = "serve_view"
WAGTAILIMAGES_EXTENSIONS = ["gif", "jpg", "jpeg", "png", "webp"]
# Upload limits and the document allowlist (core/uploads.py): sizes in bytes, from the
# environment. https://docs.wagtail.org/en/stable/reference/settings.html#documents
DOCUMENT_MAX_UPLOAD_SIZE = env_int("DOCUMENT_MAX_UPLOAD_SIZE", 20 * 1024 * 1024)
WAGTAILIMAGES_MAX_UPLOAD_SIZE = env_int("IMAGE_MAX_UPLOAD_SIZE", 10 * 1024 * 1024)
WAGTAILDOCS_EXTENSIONS = env_list(
    "DOCUMENT_EXTENSIONS",
    [
        *("pdf", "doc", "docx", "xls", "xlsx", "ppt", "pptx", "odt", "ods", "odp"),
        *("txt", "csv", "md", "ics", "png", "jpg", "jpeg", "gif", "webp", "zip"),
    ],
)
WAGTAILDOCS_DOCUMENT_FORM_BASE = "core.uploads.DocumentForm"

# Dashboard (progress review) ----------------------------------------------------------------
# Exports above this many rows run in the background and arrive by e-mail as a signed link to a
# file in a private folder (never under MEDIA_ROOT).
DASHBOARD_EXPORT_SYNC_MAX_ROWS = env_int("DASHBOARD_EXPORT_SYNC_MAX_ROWS", 5000)
DASHBOARD_EXPORT_DIR = Path(env("DASHBOARD_EXPORT_DIR", str(VAR_DIR / "exports")))
DASHBOARD_EXPORT_LINK_MAX_AGE = env_int("DASHBOARD_EXPORT_LINK_MAX_AGE", 7 * 24 * 3600)
# Programme- and state-level figures other than learning progress (people, plans, measures,
# at-risk lists) are cached this many seconds; learning figures always come live from the
# aggregates. 0 switches the cache off.
DASHBOARD_CACHE_SECONDS = env_int("DASHBOARD_CACHE_SECONDS", 300)

# Security headers ---------------------------------------------------------------------------
# Only the map embed view may be framed by other sites; everything else: same origin only.
X_FRAME_OPTIONS = "SAMEORIGIN"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"

# Content Security Policy: nothing from third parties without consent
# https://django-csp.readthedocs.io/en/latest/configuration.html
# The map's tiles (Mitmachkarte) and the videos of courses (embedded only after a click) are
# the only third-party origins, and only when configured.
MAP_TILE_URL = env("MAP_TILE_URL", "")
MAP_TILE_ATTRIBUTION = env(
    "MAP_TILE_ATTRIBUTION",
    '&copy; <a href="https://www.openstreetmap.org/copyright">OpenStreetMap</a>',
)
_TILE_ORIGIN = ""
if MAP_TILE_URL:
    _tile = urlsplit(MAP_TILE_URL.replace("{s}", "a"))
    _TILE_ORIGIN = f"{_tile.scheme}://{_tile.netloc}".replace("://a.", "://*.")
VIDEO_EMBED_ORIGINS = env_list(
    "VIDEO_EMBED_ORIGINS", ["https://www.youtube-nocookie.com", "https://player.vimeo.com"]
)
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"] + ([_TILE_ORIGIN] if _TILE_ORIGIN else []),
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "frame-src": ["'self'", *VIDEO_EMBED_ORIGINS],
        "frame-ancestors": ["'self'"],
        "form-action": ["'self'"],
        "base-uri": ["'self'"],
        "object-src": ["'none'"],
    }
}

# Logging: to stderr, one line an event ------------------------------------------------------
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", "INFO")},
    "filters": {
        # One warning per Redis outage instead of an error with a traceback per cache call.
        "cache_outage": {
            "()": "core.log_filters.OncePerOutage",
            "interval": 60,
            "level": "WARNING",
            "summary": "Cache (Redis) unreachable: serving without it, reads miss, writes and "
            "rate-limit counters are dropped until it is back.",
        },
        "health_outage": {"()": "core.log_filters.OncePerOutage", "interval": 60},
    },
    "loggers": {
        "django_redis.cache": {"filters": ["cache_outage"]},
        "core.views": {"filters": ["health_outage"]},
        "django.db.backends": {"level": "WARNING"},
        "django_tasks": {"level": "WARNING"},
        "wagtail": {"level": "WARNING"},
    },
}
