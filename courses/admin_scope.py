"""Page choosers and admin page search offer only pages the user may edit or their learners see.

Course sections belong to regions (``CourseIndexPage.region``). A regional manager may pick
(for links, preparation modules, ...) the pages they may edit and the live pages learners of
their region see: everything outside other regions' sections. Coordinators pick from all.
The hooks filter the chooser's listing and search; ``courses/admin_urls.py`` replaces the two
chooser views Wagtail does not pass through a hook (browsing into a page, chosen-multiple).
"""

from django.db.models import Q
from django.http import Http404
from wagtail.admin.views import chooser as page_chooser
from wagtail.models import Page
from wagtail.permissions import policy_registry

from accounts.roles import is_coordinator


def pages_for_chooser(pages, user):
    """``pages`` limited to those ``user`` may edit or learners of their region may see."""
    if is_coordinator(user):
        return pages
    from courses.models import CourseIndexPage
    from municipalities.models import Region

    foreign = (
        CourseIndexPage.objects.exclude(region__isnull=True)
        .exclude(region__in=Region.objects.visible_to(user))
        .values_list("path", flat=True)
    )
    outside = Q()
    for path in foreign:
        outside &= ~Q(path__startswith=path)
    editable = policy_registry.get_by_type(Page).instances_user_has_any_permission_for(
        user, ["add", "change", "publish"]
    )
    return pages.filter(Q(pk__in=editable.values("pk")) | (Q(live=True) & outside) | Q(depth=1))


def register_choice_scopes():
    """Admin forms of region-owned data offer pages (e.g. preparation modules) likewise."""
    from municipalities.admin_kit import register_choice_scope

    register_choice_scope(Page, lambda model, user: pages_for_chooser(model.objects.all(), user))


class ScopedBrowseView(page_chooser.BrowseView):
    def get(self, request, parent_page_id=None):
        if (
            parent_page_id
            and not pages_for_chooser(Page.objects.filter(pk=parent_page_id), request.user).exists()
        ):
            raise Http404
        return super().get(request, parent_page_id)


class ScopedChosenMultipleView(page_chooser.ChosenMultipleView):
    def get(self, request):
        try:
            pks = [int(pk) for pk in request.GET.getlist("id")]
        except ValueError as error:
            raise Http404 from error
        allowed = pages_for_chooser(Page.objects.filter(pk__in=pks), request.user)
        request.GET = request.GET.copy()
        request.GET.setlist("id", [str(pk) for pk in allowed.values_list("pk", flat=True)])
        return super().get(request)
