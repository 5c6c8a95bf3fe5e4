"""Background tasks of the foundation."""

from celery import shared_task

from core.views import check_cache, check_database


@shared_task
def health_probe() -> dict:
    """Report what a worker sees of the database and the cache (used by the worker test)."""
    return {"database": check_database(), "cache": check_cache()}
