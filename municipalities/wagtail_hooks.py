"""Registrations and hooks of the directory and programme admin.

The viewsets live in ``municipalities/admin_viewsets.py`` (forms and filters beside them in
``admin_forms.py`` and ``admin_filters.py``); the scoped-admin kit is ``admin_kit.py``.
"""

from django.contrib import messages
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from wagtail import hooks
from wagtail.admin.widgets import Button
from wagtail.snippets.models import register_snippet

from municipalities.actions import STATUS_LOG_ACTION, remove_membership
from municipalities.admin_kit import ScopedDeleteBulkAction
from municipalities.admin_viewsets import DirectoryViewSetGroup, ProgrammeViewSetGroup
from municipalities.models import Membership, Participation

# One scoped admin: every viewset of region-owned data derives from the kit's
# ScopedSnippetViewSet (municipalities/admin_kit.py); the kit's bulk delete replaces Wagtail's.
hooks.register("register_bulk_action", ScopedDeleteBulkAction, order=100)


@hooks.register("register_snippet_listing_buttons")
def participation_page_button(snippet, user, next_url=None):
    """From the admin listing to the participation's page with its people and history."""
    if isinstance(snippet, Participation):
        yield Button(
            _("People and history"),
            snippet.get_absolute_url(),
            icon_name="group",
            priority=5,
        )


register_snippet(ProgrammeViewSetGroup)
register_snippet(DirectoryViewSetGroup)


# Memberships are removed by the action (logged, with its domain event) ------------------------


@hooks.register("before_delete_snippet")
def remove_memberships_through_the_action(request, instances):
    if request.method != "POST" or not instances:
        return None
    if not all(isinstance(instance, Membership) for instance in instances):
        return None

    for membership in instances:
        remove_membership(membership, by=request.user)
    messages.success(
        request,
        ngettext("%(count)d membership removed.", "%(count)d memberships removed.", len(instances))
        % {"count": len(instances)},
    )
    target = request.POST.get("next") or request.GET.get("next")
    if not target or not url_has_allowed_host_and_scheme(target, {request.get_host()}):
        target = reverse("wagtailsnippets_municipalities_membership:list")
    return redirect(target)


@hooks.register("register_log_actions")
def register_programme_log_actions(actions):
    actions.register_action(
        STATUS_LOG_ACTION, _("Change status"), _("Participation status changed")
    )
