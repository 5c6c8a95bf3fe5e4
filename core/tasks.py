"""Celery tasks of the foundation: thin wrappers around core's services."""

from celery import shared_task

from core.views import health_checks


@shared_task(name="core.probe_health")
def health_probe() -> dict:
    """Report what a worker sees of the database and the cache (used by the worker test)."""
    return health_checks()
