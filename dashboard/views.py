"""Progress review screens and their exports.

Every view resolves what the user may see through ``dashboard.scope.resolve_scope`` (404 for
another region's or participation's objects) and builds its figures with
``dashboard.figures.Dashboard`` (a fixed number of queries per level).
"""

import logging
import re
from pathlib import Path
from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core import signing
from django.core.exceptions import BadRequest, PermissionDenied
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from accounts.roles import Role
from core.badinput import IdConverter
from dashboard import exports, services
from dashboard.figures import Crumb, Dashboard
from dashboard.scope import Level, default_start, is_staff, may_use_dashboard, resolve_scope
from dashboard.services import download_token  # noqa: F401 - re-exported, where links were made
from dashboard.tasks import export_table
from municipalities.models import Participation

logger = logging.getLogger(__name__)

FILTER_PARAMS = ("course", "period", "from", "to")


def _filter_query(request) -> dict:
    return {key: request.GET[key] for key in FILTER_PARAMS if request.GET.get(key)}


ID_PARAMS = ("participation", "person")


def _scope_params(request) -> dict:
    """The scope in the query string; ids that are not ids are a 400 with a message."""
    params = {}
    for key in ("state", "region", "participation", "person"):
        value = request.GET.get(key)
        if value:
            params[key] = value
    for key in ID_PARAMS:
        if key in params and not re.fullmatch(IdConverter.regex, params[key]):
            raise BadRequest(
                _("“%(value)s” is not a valid number for “%(name)s”.")
                % {"value": params[key][:40], "name": key}
            )
    return params


def breadcrumbs(scope, dashboard) -> list[Crumb]:
    crumbs = []
    if scope.staff:
        if scope.user.has_role(Role.COORDINATOR):
            crumbs.append(Crumb(_("Programme"), dashboard.url()))
        elif scope.level == Level.PROGRAMME or scope.managed_regions.count() > 1:
            crumbs.append(Crumb(_("My regions"), dashboard.url()))
        if scope.state is not None:
            crumbs.append(Crumb(scope.state.name, dashboard.url(state=scope.state.short)))
        if scope.region is not None:
            params = {"region": scope.region.slug}
            if scope.level == Level.REGION and scope.state is not None:
                params["state"] = scope.state.short
            crumbs.append(Crumb(scope.region.name, dashboard.url(**params)))
    if scope.participation is not None:
        crumbs.append(
            Crumb(str(scope.participation), dashboard.participation_url(scope.participation.pk))
        )
    if scope.person is not None:
        crumbs.append(
            Crumb(
                scope.person.get_full_name(),
                dashboard.person_url(scope.participation.pk, scope.person.pk),
            )
        )
    return crumbs


def _render(request, scope):
    form = services.filter_form(request.GET, scope)
    filters = form.filters()
    try:
        page = min(max(int(request.GET.get("page", 1)), 1), 1_000_000)
    except ValueError:
        page = 1
    dashboard = Dashboard(scope, filters, page=page)
    export_query = {**scope.params, **filters.query()}
    context = {
        "scope": scope,
        "level": scope.level.value,
        "dashboard": dashboard,
        "form": form,
        "breadcrumbs": breadcrumbs(scope, dashboard),
        "export_query": urlencode(export_query),
        "sees_people": scope.sees_people,
        "show_places": scope.staff and scope.level not in (Level.PARTICIPATION, Level.PERSON),
    }
    return TemplateResponse(request, "dashboard/dashboard.html", context)


@login_required
def index(request):
    user = request.user
    if not may_use_dashboard(user):
        raise PermissionDenied
    if not is_staff(user):
        start = default_start(user)
        if "participation" in start:
            url = reverse("dashboard:participation", args=[start["participation"]])
            query = _filter_query(request)
            return redirect(f"{url}?{urlencode(query)}" if query else url)
        participations = list(Participation.objects.visible_to(user).select_related("municipality"))
        return TemplateResponse(
            request, "dashboard/choose.html", {"participations": participations}
        )
    scope = resolve_scope(user, state=request.GET.get("state"), region=request.GET.get("region"))
    if scope is None:
        start = default_start(user)
        return redirect(
            f"{reverse('dashboard:index')}?{urlencode({**start, **_filter_query(request)})}"
        )
    return _render(request, scope)


@login_required
def participation(request, pk):
    return _render(request, resolve_scope(request.user, participation=pk))


@login_required
def person(request, pk, user_pk):
    return _render(request, resolve_scope(request.user, participation=pk, person=user_pk))


@login_required
def export(request, table, fmt):
    if fmt not in exports.FORMATS:
        raise Http404
    scope = services.export_scope(request.user, _scope_params(request))
    dashboard = services.export_dashboard(scope, request.GET)
    if table not in dashboard.table_names():
        raise Http404
    size = dashboard.table_size(table)
    if size > settings.DASHBOARD_EXPORT_SYNC_MAX_ROWS:
        # Published now (this view writes nothing to wait for): with the broker down the
        # person is told at once instead of waiting for a mail that never comes.
        try:
            export_table.delay(
                request.user.pk,
                {**scope.params, **dashboard.filters.query()},
                table,
                fmt,
                get_language(),
            )
        except Exception:
            logger.exception("Could not queue the background export of %s", table)
            messages.error(
                request,
                _(
                    "This export has %(rows)s rows and must be prepared in the background, "
                    "which is not possible right now. Please try again in a few minutes."
                )
                % {"rows": size},
            )
        else:
            messages.info(
                request,
                _(
                    "This export has %(rows)s rows. It is being prepared in the background; "
                    "you will receive a download link by e-mail at %(email)s."
                )
                % {"rows": size, "email": request.user.email},
            )
        back = reverse("dashboard:index")
        if scope.participation is not None:
            back = dashboard.participation_url(scope.participation.pk)
        elif scope.params:
            back = f"{back}?{urlencode({**scope.params, **dashboard.filters.query()})}"
        return redirect(back)
    data = exports.render(dashboard.table(table), fmt)
    response = HttpResponse(data, content_type=exports.FORMATS[fmt])
    response["Content-Disposition"] = (
        f'attachment; filename="{exports.filename(scope, table, fmt)}"'
    )
    return response


@login_required
def download(request, token):
    """A background export, for the user who asked for it, until the link expires."""
    try:
        data = services.read_download_token(token)
    except signing.BadSignature as error:
        raise Http404 from error
    if data.get("u") != request.user.pk:
        raise Http404
    name = Path(str(data.get("f", ""))).name
    path = Path(settings.DASHBOARD_EXPORT_DIR) / name
    if not name or not path.is_file():
        raise Http404
    fmt = path.suffix.lstrip(".")
    return FileResponse(
        path.open("rb"),
        as_attachment=True,
        filename=Path(str(data.get("n") or name)).name,
        content_type=exports.FORMATS.get(fmt, "application/octet-stream"),
    )
