"""Health check for load balancers and monitoring.

``/healthz`` answers 200 when the database and the cache answer, else 503 naming the part that
failed. The site itself keeps serving without the cache; the 503 is for the operator. Failures
are logged once per outage (``core.log_filters``), not once per probe.
"""

import logging
import uuid

from django.core.cache import cache
from django.db import connection
from django.http import JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

logger = logging.getLogger(__name__)


def check_database() -> str:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception:
        logger.exception("Health check: database unreachable")
        return "error"
    return "ok"


def check_cache() -> str:
    """Write and read a key; with django-redis, first ping Redis itself, because the cache
    swallows connection errors (pages degrade to misses) and would not tell us."""
    key = f"healthz:{uuid.uuid4().hex}"
    try:
        client = getattr(cache, "client", None)
        if hasattr(client, "get_client"):
            client.get_client(write=True).ping()
        cache.set(key, "1", timeout=5)
        ok = cache.get(key) == "1"
        cache.delete(key)
    except Exception:
        logger.exception("Health check: cache unreachable")
        return "error"
    return "ok" if ok else "error"


def health_checks() -> dict:
    """What the database and the cache answer (``/healthz`` and the worker's probe)."""
    return {"database": check_database(), "cache": check_cache()}


@never_cache
@require_GET
def healthz(request):
    checks = health_checks()
    healthy = all(value == "ok" for value in checks.values())
    body = {"status": "ok" if healthy else "error", **checks}
    return JsonResponse(body, status=200 if healthy else 503)
