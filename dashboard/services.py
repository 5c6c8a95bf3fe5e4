"""What the export view and the background export share: the scope and filters of an export,
its dashboard, and the signed link by which a large export is fetched.

Both paths build the same ``Dashboard`` from plain parameters (a request's query string, or the
parameters a background export was queued with), so an export mailed later shows what the
screen showed; the task never needs a request, and the view no helper of its own for it.
"""

import time
import uuid
from pathlib import Path

from django.conf import settings
from django.core import signing
from django.http import QueryDict
from django.urls import reverse
from django.utils import translation

from accounts.models import User
from core.mail import queue_templated_mail
from courses.models import CoursePage
from courses.permissions import pages_in_regions, visible_region_ids
from dashboard import exports
from dashboard.figures import Dashboard
from dashboard.forms import FilterForm
from dashboard.scope import Level, default_start, resolve_scope
from municipalities.models import FederalState

DOWNLOAD_SALT = "dashboard.export-download"
SCOPE_PARAMS = ("state", "region", "participation", "person")


def filter_form(data, scope) -> FilterForm:
    """The filter form of ``scope`` bound to ``data`` (a ``QueryDict``): staff above the
    participation level choose states and regions; everybody the courses they may see."""
    staff = scope.staff and scope.level not in (Level.PARTICIPATION, Level.PERSON)
    return FilterForm(
        data,
        states=list(FederalState.objects.order_by("name")) if staff else [],
        regions=list(scope.managed_regions.order_by("name")) if staff else [],
        courses=list(
            pages_in_regions(CoursePage.objects.live(), visible_region_ids(scope.user)).order_by(
                "path"
            )
        ),
    )


def export_scope(user, params):
    """The scope named in ``params``, or where ``user`` starts when it names none (resolved
    again for every export, so a user who lost access in between gets nothing)."""
    named = {key: params.get(key) for key in SCOPE_PARAMS if params.get(key)}
    return resolve_scope(user, **named) or resolve_scope(user, **default_start(user))


def export_dashboard(scope, data) -> Dashboard:
    """The dashboard of an export: ``scope`` filtered by ``data``, every row (no pages)."""
    return Dashboard(scope, filter_form(data, scope).filters(), page_size=None)


def download_token(user_id, stored_name, download_name) -> str:
    return signing.dumps({"u": user_id, "f": stored_name, "n": download_name}, salt=DOWNLOAD_SALT)


def read_download_token(token) -> dict:
    """The contents of a download token; ``signing.BadSignature`` if forged or expired."""
    return signing.loads(token, salt=DOWNLOAD_SALT, max_age=settings.DASHBOARD_EXPORT_LINK_MAX_AGE)


def mail_export(user, params, table, fmt) -> str:
    """Build an export in ``user``'s scope, store it privately and mail a signed link to it.

    ``params`` are the scope and filter parameters of the screen it was asked for. Returns the
    stored file's name.
    """
    scope = export_scope(user, params)
    data = QueryDict(mutable=True)
    data.update({key: str(value) for key, value in params.items()})
    content = exports.render(export_dashboard(scope, data).table(table), fmt)
    download_name = exports.filename(scope, table, fmt)
    directory = Path(settings.DASHBOARD_EXPORT_DIR)
    directory.mkdir(parents=True, exist_ok=True)
    stored = f"{uuid.uuid4().hex}.{fmt}"
    (directory / stored).write_bytes(content)
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


def mail_export_for(user_id, params, table, fmt, language="de"):
    """The background export: ``mail_export`` for an active user, in their language.

    The scope is resolved again here, so a user who lost access in between gets nothing.
    """
    user = User.objects.filter(pk=user_id, is_active=True).first()
    if user is None:
        return None
    with translation.override(language or user.language):
        return mail_export(user, params, table, fmt)


def delete_expired_exports() -> int:
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
