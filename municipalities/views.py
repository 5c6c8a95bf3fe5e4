"""Public map and feeds, participation pages, invitations and the public suggestion form.

What a user may see is decided by ``visible_to`` / ``managed_by`` on the managers; views here
never filter by region themselves.
"""

from allauth.account.adapter import get_adapter as get_account_adapter
from csp.decorators import csp_replace
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.decorators import login_required
from django.core.cache import cache
from django.http import JsonResponse, QueryDict
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import cache_control
from django.views.decorators.clickjacking import xframe_options_exempt
from django.views.decorators.gzip import gzip_page
from django.views.decorators.http import require_GET, require_POST

from core.badinput import form_status
from municipalities import mapdata, services
from municipalities.forms import (
    AcceptInvitationForm,
    InitiativeSuggestionForm,
    InviteForm,
    MapFilterForm,
)
from municipalities.models import Invitation, Participation

SUGGESTION_LIMIT = 5  # per address and hour
SUGGESTION_WINDOW = 60 * 60


# The public map -----------------------------------------------------------------------------


def _map_context(request, *, embed=False):
    form = MapFilterForm.from_query(request.GET)
    filters = form.filters()
    if filters is None:  # unknown values in a shared link: show everything rather than fail
        form = MapFilterForm.from_query(QueryDict())
        filters = form.filters()
    query = request.GET.urlencode()
    # The embed fixes its filters through the query string; the full map filters on the page.
    feed_query = f"?{query}" if embed and query else ""
    return {
        "form": form,
        "filters": filters,
        "embed": embed,
        "participations": mapdata.participations(filters),
        "initiatives": mapdata.initiatives(filters),
        "map_config": {
            "municipalitiesUrl": reverse("map:municipalities_geojson") + feed_query,
            "initiativesUrl": reverse("map:initiatives_geojson") + feed_query,
            "tileUrl": settings.MAP_TILE_URL,
            "tileAttribution": settings.MAP_TILE_ATTRIBUTION,
            "categories": sorted(filters["categories"]),
            "state": filters["state"] or "",
            "labels": {
                "website": _("Website"),
                "email": _("E-mail"),
                "phone": _("Phone"),
                "contact": _("Contact"),
                "partner": _("Partner organisation"),
                "count": _(
                    "Shown: {municipalities} participating municipalities, "
                    "{initiatives} initiatives"
                ),
                "loadError": _("The map data could not be loaded. The list below still works."),
            },
        },
    }


@require_GET
def map_index(request):
    return TemplateResponse(request, "municipalities/map.html", _map_context(request))


@require_GET
@xframe_options_exempt
@csp_replace({"frame-ancestors": ["*"]})
def map_embed(request):
    """The only view other sites may frame (on municipal websites)."""
    return TemplateResponse(
        request, "municipalities/map_embed.html", _map_context(request, embed=True)
    )


def _geojson(request, build):
    filters = MapFilterForm.from_query(request.GET).filters()
    if filters is None:
        return JsonResponse({"error": _("Unknown filter value.")}, status=400)
    response = JsonResponse(mapdata.feature_collection(build(filters)))
    response["Content-Type"] = "application/geo+json"
    return response


@require_GET
@gzip_page  # public data without secrets, so compression is safe (no BREACH)
@cache_control(public=True, max_age=300)
def municipalities_geojson(request):
    return _geojson(
        request,
        lambda filters: map(mapdata.participation_feature, mapdata.participations(filters)),
    )


@require_GET
@gzip_page
@cache_control(public=True, max_age=300)
def initiatives_geojson(request):
    return _geojson(
        request,
        lambda filters: map(mapdata.initiative_feature, mapdata.initiatives(filters)),
    )


def _client_address(request) -> str:
    # allauth's adapter knows the trusted proxies, so the limit counts the real client.
    return get_account_adapter(request).get_client_ip(request)


def suggest_initiative(request):
    """A public visitor suggests an initiative; it waits for approval."""
    if request.method == "POST":
        key = f"municipalities:suggest:{_client_address(request)}"
        cache.add(key, 0, SUGGESTION_WINDOW)
        try:
            count = cache.incr(key)
        except ValueError:  # expired between add and incr
            cache.set(key, 1, SUGGESTION_WINDOW)
            count = 1
        if count > SUGGESTION_LIMIT:
            return TemplateResponse(request, "429.html", status=429)
        form = InitiativeSuggestionForm(request.POST)
        if form.is_valid():
            if not form.cleaned_data.get("homepage"):  # bots fill the hidden field
                services.suggest_initiative(form.cleaned_data)
            messages.success(
                request,
                _("Thank you! Your suggestion will appear on the map once it has been checked."),
            )
            return redirect("map:index")
    else:
        form = InitiativeSuggestionForm()
    return TemplateResponse(
        request,
        "municipalities/suggest_initiative.html",
        {"form": form},
        status=form_status(request, form),
    )


# Participations -----------------------------------------------------------------------------


@login_required
def participation_list(request):
    participations = (
        Participation.objects.visible_to(request.user)
        .select_related("municipality__state", "region")
        .order_by("region__name", "municipality__name")
    )
    return TemplateResponse(
        request,
        "municipalities/participation_list.html",
        {"participations": participations},
    )


@login_required
def participation_detail(request, pk):
    participation = get_object_or_404(
        Participation.objects.visible_to(request.user).select_related(
            "municipality__state", "municipality__district", "region"
        ),
        pk=pk,
    )
    can_manage = Participation.objects.managed_by(request.user).filter(pk=pk).exists()
    context = {
        "participation": participation,
        "can_manage": can_manage,
        "memberships": participation.memberships.select_related("user").order_by(
            "role", "user__full_name", "user__email"
        ),
        "status_history": participation.status_history.select_related("changed_by"),
    }
    if can_manage:
        context.update(
            stakeholders=participation.stakeholders.all(),
            invitations=participation.invitations.select_related("invited_by"),
            invite_form=InviteForm(),
        )
    return TemplateResponse(request, "municipalities/participation_detail.html", context)


@login_required
def invite(request, pk):
    participation = get_object_or_404(Participation.objects.managed_by(request.user), pk=pk)
    form = InviteForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        invited, skipped = services.invite(
            participation,
            form.cleaned_data["emails"],
            role=form.cleaned_data["role"],
            language=form.cleaned_data["language"],
            invited_by=request.user,
        )
        if invited:
            messages.success(
                request,
                _("Invitation sent to: %(list)s") % {"list": ", ".join(invited)},
            )
        if skipped:
            messages.warning(
                request,
                _("Already members, not invited: %(list)s") % {"list": ", ".join(skipped)},
            )
        return redirect(participation)
    return TemplateResponse(
        request,
        "municipalities/invite.html",
        {"participation": participation, "invite_form": form},
        status=400 if request.method == "POST" else 200,
    )


def _managed_invitation(request, pk):
    return get_object_or_404(
        Invitation.objects.managed_by(request.user).select_related("participation"), pk=pk
    )


@login_required
@require_POST
def invitation_resend(request, pk):
    invitation = _managed_invitation(request, pk)
    try:
        services.resend(invitation)
    except services.InvitationError:
        messages.error(request, _("This invitation can no longer be sent."))
    else:
        messages.success(
            request, _("Invitation sent again to %(email)s.") % {"email": invitation.email}
        )
    return redirect(invitation.participation)


@login_required
@require_POST
def invitation_revoke(request, pk):
    invitation = _managed_invitation(request, pk)
    try:
        services.revoke(invitation)
    except services.InvitationError:
        messages.error(request, _("This invitation has already been accepted."))
    else:
        messages.success(
            request, _("Invitation to %(email)s revoked.") % {"email": invitation.email}
        )
    return redirect(invitation.participation)


def accept_invitation(request, token):
    invitation = services.find_invitation(token)
    if invitation is None:
        return TemplateResponse(
            request,
            "municipalities/invitation_invalid.html",
            {"reason": "unknown"},
            status=404,
        )
    if not invitation.is_pending:
        return TemplateResponse(
            request,
            "municipalities/invitation_invalid.html",
            {"reason": invitation.state, "invitation": invitation},
            status=410,
        )
    existing = services.existing_user_for(invitation)
    context = {"invitation": invitation, "participation": invitation.participation}
    if existing is not None:
        # Someone with an account joins a further participation: they sign in first.
        if request.user != existing:
            context["login_url"] = f"{reverse('account_login')}?next={request.path}"
            return TemplateResponse(request, "municipalities/invitation_login.html", context)
        if request.method == "POST":
            services.accept(invitation, user=existing)
            messages.success(
                request, _("You have joined %(place)s.") % {"place": invitation.participation}
            )
            return redirect("me")
        return TemplateResponse(request, "municipalities/invitation_join.html", context)

    form = AcceptInvitationForm(request.POST or None, email=invitation.email)
    if request.method == "POST" and form.is_valid():
        user = services.accept(
            invitation,
            password=form.cleaned_data["password1"],
            full_name=form.cleaned_data["full_name"],
        )
        login(request, user, backend="django.contrib.auth.backends.ModelBackend")
        messages.success(request, _("Welcome! Your account is ready."))
        return redirect("me")
    context["form"] = form
    return TemplateResponse(request, "municipalities/invitation_accept.html", context)
