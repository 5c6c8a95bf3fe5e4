"""Scoped admin views, included before ``admin/`` in ``config/urls.py`` (same paths as Wagtail's,
matched first, so every link to and ``reverse`` of Wagtail's name reaches the scoped view)."""

from django.urls import path
from django.views.decorators.cache import never_cache
from wagtail.admin.auth import require_admin_access

from courses.admin_scope import (
    ExternalLinkView,
    ScopedBrowseView,
    ScopedChosenMultipleView,
    ScopedPageTypesUsageReportView,
)


def _admin(view):
    return never_cache(require_admin_access(view))


urlpatterns = [
    path(
        "choose-page/<id:parent_page_id>/",
        _admin(ScopedBrowseView.as_view()),
        name="scoped_choose_page_child",
    ),
    path(
        "choose-page/chosen-multiple/",
        _admin(ScopedChosenMultipleView.as_view()),
        name="scoped_choose_page_chosen_multiple",
    ),
    path(
        "choose-external-link/",
        _admin(ExternalLinkView.as_view()),
        name="scoped_choose_page_external_link",
    ),
    path(
        "reports/page-types-usage/",
        _admin(ScopedPageTypesUsageReportView.as_view()),
        name="scoped_page_types_usage",
    ),
    path(
        "reports/page-types-usage/results/",
        _admin(ScopedPageTypesUsageReportView.as_view(results_only=True)),
        name="scoped_page_types_usage_results",
    ),
]
