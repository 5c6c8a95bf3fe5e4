"""Scoped admin views, included before ``admin/`` in ``config/urls.py`` (same paths as Wagtail's,
matched first, so every link to and ``reverse`` of Wagtail's name reaches the scoped view)."""

from django.urls import path

from courses.admin_scope import (
    ExternalLinkView,
    ScopedBrowseView,
    ScopedChosenMultipleView,
    ScopedPageTypesUsageReportView,
)
from municipalities.admin_kit import admin_view

urlpatterns = [
    path(
        "choose-page/<id:parent_page_id>/",
        admin_view(ScopedBrowseView.as_view()),
        name="scoped_choose_page_child",
    ),
    path(
        "choose-page/chosen-multiple/",
        admin_view(ScopedChosenMultipleView.as_view()),
        name="scoped_choose_page_chosen_multiple",
    ),
    path(
        "choose-external-link/",
        admin_view(ExternalLinkView.as_view()),
        name="scoped_choose_page_external_link",
    ),
    path(
        "reports/page-types-usage/",
        admin_view(ScopedPageTypesUsageReportView.as_view()),
        name="scoped_page_types_usage",
    ),
    path(
        "reports/page-types-usage/results/",
        admin_view(ScopedPageTypesUsageReportView.as_view(results_only=True)),
        name="scoped_page_types_usage_results",
    ),
]
