"""Background work of the progress review: large exports by e-mail, aggregate repair."""

import uuid
from pathlib import Path

from celery import shared_task
from django.conf import settings
from django.http import QueryDict
from django.urls import reverse
from django.utils import translation

from core.mail import queue_templated_mail


@shared_task
def export_table(user_id, params, table, fmt, language="de"):
    """Build a large export in the user's scope, store it privately and mail a signed link.

    The scope is resolved again here, so a user who lost access in between gets nothing.
    """
    from accounts.models import User
    from dashboard import exports
    from dashboard.figures import Dashboard
    from dashboard.scope import default_start, resolve_scope
    from dashboard.views import _filter_form, download_token

    user = User.objects.filter(pk=user_id, is_active=True).first()
    if user is None:
        return None
    with translation.override(language or user.language):
        scope_params = {
            key: params.get(key)
            for key in ("state", "region", "participation", "person")
            if params.get(key)
        }
        scope = resolve_scope(user, **scope_params) or resolve_scope(user, **default_start(user))
        query = QueryDict(mutable=True)
        query.update({key: str(value) for key, value in params.items()})
        request = type("Request", (), {"GET": query})()
        dashboard = Dashboard(scope, _filter_form(request, scope).filters(), page_size=None)
        data = exports.render(dashboard.table(table), fmt)
        download_name = exports.filename(scope, table, fmt)
        directory = Path(settings.DASHBOARD_EXPORT_DIR)
        directory.mkdir(parents=True, exist_ok=True)
        stored = f"{uuid.uuid4().hex}.{fmt}"
        (directory / stored).write_bytes(data)
        link = settings.WAGTAILADMIN_BASE_URL.rstrip("/") + reverse(
            "dashboard:download", args=[download_token(user.pk, stored, download_name)]
        )
        context = {
            "user": user,
            "link": link,
            "filename": download_name,
            "days": settings.DASHBOARD_EXPORT_LINK_MAX_AGE // 86400,
        }
        queue_templated_mail(
            "dashboard/email/export",
            [user.email],
            context,
            language=translation.get_language(),
            key=f"export:{stored}",
            sensitive=True,
        )
    return stored


@shared_task
def rebuild_aggregates(region_ids=None):
    """Recompute the learning aggregates (of some regions, or all: the nightly repair)."""
    from dashboard.aggregates import rebuild

    return rebuild(region_ids)


@shared_task(ignore_result=True)
def drain_aggregate_events():
    """Beat job (every few seconds): apply the domain events queued for the aggregates."""
    from dashboard.aggregates import drain

    return drain()


@shared_task
def delete_expired_exports():
    """Background exports are kept only as long as their links work."""
    import time

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
