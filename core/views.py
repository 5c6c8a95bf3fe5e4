"""Health check for load balancers and monitoring."""

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
    key = f"healthz:{uuid.uuid4().hex}"
    try:
        cache.set(key, "1", timeout=5)
        ok = cache.get(key) == "1"
        cache.delete(key)
    except Exception:
        logger.exception("Health check: cache unreachable")
        return "error"
    return "ok" if ok else "error"


@never_cache
@require_GET
def healthz(request):
    checks = {"database": check_database(), "cache": check_cache()}
    healthy = all(value == "ok" for value in checks.values())
    body = {"status": "ok" if healthy else "error", **checks}
    return JsonResponse(body, status=200 if healthy else 503)
