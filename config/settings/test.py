"""Settings for the test suite: fast hashing, locmem e-mail and cache, eager Celery by default.

DATABASE_URL, REDIS_URL and CELERY_BROKER_URL from the environment still apply (CI points them
at PostgreSQL and Redis); the e-mail backend is always locmem.
"""

import os

from config.env import env

from .base import *

DEBUG = False
SECRET_KEY = env("DJANGO_SECRET_KEY", "test-only-insecure-key")
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
        "LOCATION": "klimapaten-test",
    }
}
# The suite runs tasks in-process; the services tests start a real worker on the broker.
CELERY_TASK_ALWAYS_EAGER = True
CELERY_TASK_EAGER_PROPAGATES = True
# Each pytest-xdist worker ("gw0", "gw1", ...) writes its uploads to a folder of its own.
_WORKER = os.environ.get("PYTEST_XDIST_WORKER", "")
MEDIA_ROOT = VAR_DIR / (f"test-media-{_WORKER}" if _WORKER else "test-media")
WAGTAILADMIN_BASE_URL = "http://testserver"

# Dev-only commands (scale data, benchmarks); production does not install them.
INSTALLED_APPS = [*INSTALLED_APPS, "devtools"]
