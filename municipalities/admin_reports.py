"""The site-history report (and its CSV/XLSX download), scoped like the rest of the admin.

Wagtail shows every log entry of a model to whoever holds a permission on the model, so a
regional manager would read who changed what in every region. Here a regional manager sees
the entries of region-owned objects they manage (``managed_by``), of pages they may edit, and
of other models as Wagtail decides; coordinators see everything. The view replaces Wagtail's
at the same URL (``municipalities/admin_urls.py``, included before the admin in
``config/urls.py``), so ``wagtailadmin_reports:site_history`` and its export are covered.
"""

from django.apps import apps
from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.db.models import CharField, IntegerField, Q, Value
from django.db.models.functions import Cast
from django.utils.text import capfirst
from wagtail.admin.views.reports.audit_logging import LogEntriesView, SiteHistoryReportFilterSet
from wagtail.log_actions import registry as log_action_registry
from wagtail.models import ModelLogEntry, Page, PageLogEntry
from wagtail.permissions import policy_registry
from wagtail.snippets.views.snippets import ModelIndexView, get_snippet_models_for_index_view

from accounts.roles import is_coordinator
from municipalities.admin_kit import admin_scope, is_region_owned


def region_owned_models():
    return [model for model in apps.get_models() if is_region_owned(model)]


def editable_pages(user):
    policy = policy_registry.get_by_type(Page)
    return policy.instances_user_has_any_permission_for(user, ["add", "change", "publish"])


def log_entries_for(log_model, user):
    """The entries of ``log_model`` that ``user`` may read in the admin."""
    entries = log_model.objects.viewable_by_user(user)
    if is_coordinator(user):
        return entries
    if issubclass(log_model, PageLogEntry):
        return entries.filter(page_id__in=editable_pages(user).values("pk"))
    if issubclass(log_model, ModelLogEntry):
        region_types, managed = [], Q()
        for model in region_owned_models():
            content_type = ContentType.objects.get_for_model(model)
            region_types.append(content_type.pk)
            ids = admin_scope(model, user).annotate(_kit_id=Cast("pk", CharField()))
            managed |= Q(content_type_id=content_type.pk, object_id__in=ids.values("_kit_id"))
        return entries.filter(~Q(content_type_id__in=region_types) | managed)
    return entries.none()  # a log model nobody taught the scope: coordinators only


class ScopedSiteHistoryFilterSet(SiteHistoryReportFilterSet):
    """The "user" filter offers only the people of the entries the user may read."""

    def get_users_queryset(self):
        user_ids = set()
        for log_model in log_action_registry.get_log_entry_models():
            user_ids.update(log_entries_for(log_model, self.request.user).get_user_ids())
        User = get_user_model()
        return User.objects.filter(pk__in=user_ids).order_by(User.USERNAME_FIELD)

    get_user_choices = get_users_queryset

    class Meta(SiteHistoryReportFilterSet.Meta):
        pass


class ScopedLogEntriesView(LogEntriesView):
    filterset_class = ScopedSiteHistoryFilterSet

    def get_filtered_queryset(self):
        # As Wagtail's, with the scoped entries of each log model (see its docstring).
        queryset = None
        self.log_models = list(log_action_registry.get_log_entry_models())
        for index, log_model in enumerate(self.log_models):
            sub_queryset = (
                log_entries_for(log_model, self.request.user)
                .values("pk", "timestamp")
                .annotate(log_model_index=Value(index, output_field=IntegerField()))
            )
            sub_queryset = self.filter_queryset(sub_queryset).order_by()
            queryset = sub_queryset if queryset is None else queryset.union(sub_queryset, all=True)
        return queryset.order_by("-timestamp")


class ScopedSnippetIndexView(ModelIndexView):
    """The snippet index with the number of objects the user may reach in each listing.

    Wagtail counts every row of a model, so a regional manager would read how many events,
    plans or measures all regions hold. Here each count is that of the objects the model's
    permission policy gives the user (the kit's policy: ``managed_by``).
    """

    ACTIONS = ("add", "change", "delete", "view")

    def _get_snippet_types(self):
        types = []
        for model in get_snippet_models_for_index_view():
            url = self.get_list_url(model)
            if not url:
                continue
            policy = policy_registry.get_by_type(model)
            reachable = policy.instances_user_has_any_permission_for(
                self.request.user, self.ACTIONS
            )
            types.append(
                {
                    "name": capfirst(model._meta.verbose_name_plural),
                    "count": reachable.count(),
                    "model": model,
                    "url": url,
                }
            )
        return types
