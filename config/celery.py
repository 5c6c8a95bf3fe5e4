"""The Celery app.

With ``CELERY_BROKER_URL`` unset, tasks run eagerly in the web process (the embedded default);
with it set, they go to Redis and a worker runs them.
"""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.dev")

app = Celery("klimapaten")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
