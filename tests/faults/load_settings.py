"""Production settings for the load test (gunicorn on loopback against the test database).

Everything is ``config.settings.production`` except what a loopback run cannot have: plain
HTTP (no SSL redirect), 127.0.0.1 as the host, static files without a collectstatic manifest,
and, if no Redis is configured, a per-process memory cache. Variables production requires but
the test does not use (mail, broker) point at closed loopback ports: nothing on the learner's
path may talk to them.
"""

import os

_REDIS = os.environ.get("REDIS_URL")
for _name, _value in {
    "ALLOWED_HOSTS": "127.0.0.1",
    "SECURE_SSL_REDIRECT": "false",
    "EMAIL_URL": "smtp://127.0.0.1:9",
    "CELERY_BROKER_URL": "redis://127.0.0.1:9/1",
    "REDIS_URL": "redis://127.0.0.1:9/0",
}.items():
    os.environ.setdefault(_name, _value)

from config.settings.production import *  # noqa: E402,F403

STORAGES = {
    **STORAGES,  # noqa: F405
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
if not _REDIS:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
