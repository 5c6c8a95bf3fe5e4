"""The Wagtail admin shows and changes only pages the user may edit or their learners see.

Course sections belong to regions (``CourseIndexPage.region``). A regional manager may pick
(for links, preparation modules, ...) and find in the admin the pages they may edit and the
live pages learners of their region see: everything outside other regions' sections
(``pages_for_chooser``). Coordinators see all. Another region's page answers 404 and its
title appears nowhere:

- the hooks (``courses/wagtail_hooks.py``) filter the page chooser's listing and search and
  the explorer; ``courses/admin_urls.py`` routes the views Wagtail does not pass through a
  hook before Wagtail's own (browsing into a page, chosen-multiple, the page-types report,
  the external-link form);
- ``ScopedPageViewSet`` replaces Wagtail's default page viewset (the views behind
  ``/admin/pages/<id>/...``): the move confirmation and the workflow-cancellation
  confirmation load only pages in scope, and an unknown revision answers 404;
- the page bulk actions (delete, move, publish, unpublish) load only pages in scope, so the
  confirmation page names none of another region's pages, and a bulk move offers only
  destinations in scope. ``tests/admin_scope`` fails when a page bulk action or page viewset
  is registered without the scope.
"""

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied
from django.db.models import Count, F, OuterRef, Q, Subquery
from django.http import Http404
from wagtail.admin.forms.choosers import ExternalLinkChooserForm, URLOrAbsolutePathField
from wagtail.admin.views import chooser as page_chooser
from wagtail.admin.views.pages.bulk_actions.delete import DeleteBulkAction
from wagtail.admin.views.pages.bulk_actions.move import MoveBulkAction
from wagtail.admin.views.pages.bulk_actions.publish import PublishBulkAction
from wagtail.admin.views.pages.bulk_actions.unpublish import UnpublishBulkAction
from wagtail.admin.views.pages.move import MoveConfirmView
from wagtail.admin.views.pages.revisions import RevisionsRevertView
from wagtail.admin.views.pages.workflow import ConfirmWorkflowCancellationView
from wagtail.admin.views.reports.page_types_usage import PageTypesUsageReportView
from wagtail.admin.viewsets.pages import PageViewSet
from wagtail.models import Page
from wagtail.permissions import policy_registry

from accounts.roles import is_coordinator
from courses.models import CourseIndexPage
from municipalities.admin_kit import register_choice_scope
from municipalities.models import Region


def pages_for_chooser(pages, user):
    """``pages`` limited to those ``user`` may edit or learners of their region may see."""
    if is_coordinator(user):
        return pages

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


def admin_pages(user):
    """Every page ``user`` may see in the admin (see ``pages_for_chooser``)."""
    return pages_for_chooser(Page.objects.all(), user)


def _page_ids(values) -> list[int]:
    """Page ids from a query string; anything else is a 404 (never a database error)."""
    try:
        ids = [int(getattr(value, "pk", value)) for value in values]
    except (TypeError, ValueError) as error:
        raise Http404 from error
    if any(not 0 < pk < 2**63 for pk in ids):
        raise Http404
    return ids


# The page viewset: the views behind /admin/pages/<id>/... ------------------------------------


class ScopedMoveConfirmView(MoveConfirmView):
    """Wagtail shows this confirmation (title, slug, destination) without any check."""

    def dispatch(self, request, page_to_move_id, destination_id, *args, **kwargs):
        in_scope = admin_pages(request.user).filter(pk__in=[page_to_move_id, destination_id])
        if in_scope.count() != len({page_to_move_id, destination_id}):
            raise Http404
        return super().dispatch(request, page_to_move_id, destination_id, *args, **kwargs)


class ScopedConfirmWorkflowCancellationView(ConfirmWorkflowCancellationView):
    """A step of publishing in the editor: only for pages in scope the user may edit."""

    def get_base_object_queryset(self):
        return admin_pages(self.request.user)

    def get_object(self):
        page = super().get_object()
        if not page.permissions_for_user(self.request.user).can_edit():
            raise PermissionDenied
        return page


class ScopedRevisionsRevertView(RevisionsRevertView):
    """Revision id 0 is not "no revision" (Wagtail then opens the editor on None: a 500)."""

    def dispatch(self, request, page_id, **kwargs):
        if "revision_id" in kwargs and not kwargs["revision_id"]:
            raise Http404
        return super().dispatch(request, page_id, **kwargs)


class ScopedPageViewSet(PageViewSet):
    """Replaces Wagtail's default page viewset (registered for ``Page``, so for every type)."""

    move_confirm_view_class = ScopedMoveConfirmView
    confirm_workflow_cancellation_view_class = ScopedConfirmWorkflowCancellationView
    revisions_revert_view_class = ScopedRevisionsRevertView


# Page bulk actions ---------------------------------------------------------------------------


class ScopedPageBulkActionMixin:
    """Page bulk actions load only pages in scope.

    Wagtail loads every id in the query string and names those the user may not touch on the
    confirmation page; here ids outside the scope are never loaded (none left: 404), and
    "select all" covers only the pages in scope.
    """

    def get_queryset(self, model, object_ids):
        requested = model.objects.filter(pk__in=_page_ids(object_ids))
        pages = list(pages_for_chooser(requested, self.request.user))
        if not pages:
            raise Http404
        return pages

    def get_all_objects_in_listing_query(self, parent_id):
        if parent_id is not None:
            parent_id = _page_ids([parent_id])[0]
            if not admin_pages(self.request.user).filter(pk=parent_id).exists():
                raise Http404
        return super().get_all_objects_in_listing_query(parent_id)


class ScopedDeletePageBulkAction(ScopedPageBulkActionMixin, DeleteBulkAction):
    pass


class ScopedMovePageBulkAction(ScopedPageBulkActionMixin, MoveBulkAction):
    def get_form(self, form_class=None):
        form = super().get_form(form_class)
        chooser = form.fields["chooser"]
        chooser.queryset = pages_for_chooser(chooser.queryset, self.request.user)
        return form


class ScopedPublishPageBulkAction(ScopedPageBulkActionMixin, PublishBulkAction):
    pass


class ScopedUnpublishPageBulkAction(ScopedPageBulkActionMixin, UnpublishBulkAction):
    pass


PAGE_BULK_ACTIONS = (
    ScopedDeletePageBulkAction,
    ScopedMovePageBulkAction,
    ScopedPublishPageBulkAction,
    ScopedUnpublishPageBulkAction,
)


# Reports and link forms routed before Wagtail's (courses/admin_urls.py) ----------------------


class ScopedPageTypesUsageReportView(PageTypesUsageReportView):
    """Counts and "last edited" per page type over the pages in scope only.

    Wagtail counts every page and names the most recently edited one of each type, whichever
    region's section it is in.
    """

    def get_queryset(self):
        pages = admin_pages(self.request.user)
        queryset = ContentType.objects.filter(model__in=self.page_models)
        page_type = ContentType.objects.get_for_model(Page)
        if not pages.filter(depth__gt=1, content_type=page_type).exists():
            queryset = queryset.exclude(id=page_type.id)
        self.queryset = queryset
        queryset = self.filter_queryset(queryset)

        data = self.filters.form.cleaned_data
        language_code, site_root_path = data.get("page_locale"), data.get("site")
        latest_filter, count_filter = {}, Q(pages__in=pages.values("pk"))
        if language_code:
            latest_filter["locale__language_code"] = language_code
            count_filter &= Q(pages__locale__language_code=language_code)
        if site_root_path:
            latest_filter["path__startswith"] = site_root_path
            count_filter &= Q(pages__path__startswith=site_root_path)
        latest = pages.filter(content_type=OuterRef("pk"), **latest_filter).order_by(
            F("latest_revision_created_at").desc(nulls_last=True), "title", "-pk"
        )
        queryset = queryset.annotate(
            count=Count("pages", filter=count_filter),
            last_edited_page_id=Subquery(latest.values("pk")[:1]),
        )
        return queryset.order_by("-count", "app_label", "model")


class RequiredURLOrAbsolutePathField(URLOrAbsolutePathField):
    """Wagtail's field reads a missing value as a string (a 500); here it is just empty."""

    def to_python(self, value):
        if value in self.empty_values:
            return ""
        return super().to_python(value)


class ExternalLinkForm(ExternalLinkChooserForm):
    url = RequiredURLOrAbsolutePathField(
        required=True, label=ExternalLinkChooserForm.base_fields["url"].label
    )


class ExternalLinkView(page_chooser.ExternalLinkView):
    """An empty or incomplete POST shows the form with its errors."""

    form_class = ExternalLinkForm
