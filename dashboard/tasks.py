"""Celery tasks of the progress review: thin wrappers around dashboard's services."""

from celery import shared_task

from dashboard import services
from dashboard.aggregates import drain, rebuild


@shared_task(name="dashboard.export_table")
def export_table(user_id, params, table, fmt, language="de"):
    """Build a large export in the user's scope, store it privately and mail a signed link."""
    return services.mail_export_for(user_id, params, table, fmt, language)


@shared_task(name="dashboard.rebuild_aggregates")
def rebuild_aggregates(region_ids=None):
    """Recompute the learning aggregates (of some regions, or all: the nightly repair)."""
    return rebuild(region_ids)


@shared_task(name="dashboard.drain_aggregate_events", ignore_result=True)
def drain_aggregate_events():
    """Beat job (every few seconds): apply the domain events queued for the aggregates."""
    return drain()


@shared_task(name="dashboard.delete_expired_exports")
def delete_expired_exports():
    """Background exports are kept only as long as their links work."""
    return services.delete_expired_exports()
