"""The embedded default: SQLite, eager Celery, console e-mail, local-memory cache."""

from config.env import env

from .base import *

DEBUG = True
SECRET_KEY = env("DJANGO_SECRET_KEY", "dev-only-insecure-key-never-use-in-production")
INTERNAL_IPS = ["127.0.0.1"]

# Dev-only commands (scale data, benchmarks); production does not install them.
INSTALLED_APPS = [*INSTALLED_APPS, "devtools"]
