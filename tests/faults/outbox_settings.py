"""Settings of the Celery worker in the outbox fault tests: the real outbox, SMTP to the sink.

The test settings plus: the outbox as EMAIL_BACKEND, SMTP to ``OUTBOX_SINK_PORT`` on loopback,
and seconds instead of minutes for backoff and the dead-worker timeout, so a test is bounded.
"""

from config.env import env_int
from config.settings.test import *  # noqa: F403

CELERY_TASK_ALWAYS_EAGER = False
EMAIL_BACKEND = "core.outbox.backends.OutboxBackend"
OUTBOX_EMAIL_BACKEND = "core.outbox.backends.SMTPBackend"
EMAIL_HOST = "127.0.0.1"
EMAIL_PORT = env_int("OUTBOX_SINK_PORT", 25)
EMAIL_HOST_USER = EMAIL_HOST_PASSWORD = ""
EMAIL_USE_TLS = EMAIL_USE_SSL = False
EMAIL_TIMEOUT = 5
OUTBOX_SEND_INLINE = False
OUTBOX_RETRY_BASE = 1
OUTBOX_RETRY_MAX = 2
OUTBOX_SENDING_TIMEOUT = 3
OUTBOX_SWEEP_SECONDS = 150
OUTBOX_BATCH_SIZE = 250
