"""Background work of the progress review: large exports by e-mail, aggregate repair."""

import time
from pathlib import Path

from celery import shared_task
from django.conf import settings
from django.utils import translation

from accounts.models import User
from dashboard import services
from dashboard.aggregates import drain, rebuild


@shared_task
def export_table(user_id, params, table, fmt, language="de"):
    """Build a large export in the user's scope, store it privately and mail a signed link.

    The scope is resolved again here, so a user who lost access in between gets nothing.
    """
    user = User.objects.filter(pk=user_id, is_active=True).first()
    if user is None:
        return None
    with translation.override(language or user.language):
        return services.mail_export(user, params, table, fmt)


@shared_task
def rebuild_aggregates(region_ids=None):
    """Recompute the learning aggregates (of some regions, or all: the nightly repair)."""
    return rebuild(region_ids)


@shared_task(ignore_result=True)
def drain_aggregate_events():
    """Beat job (every few seconds): apply the domain events queued for the aggregates."""
    return drain()


@shared_task
def delete_expired_exports():
    """Background exports are kept only as long as their links work."""
    directory = Path(settings.DASHBOARD_EXPORT_DIR)
    if not directory.is_dir():
        return 0
    cutoff = time.time() - settings.DASHBOARD_EXPORT_LINK_MAX_AGE
    deleted = 0
    for path in directory.iterdir():
        if path.is_file() and path.suffix in {".csv", ".xlsx"} and path.stat().st_mtime < cutoff:
            path.unlink(missing_ok=True)
            deleted += 1
    return deleted
