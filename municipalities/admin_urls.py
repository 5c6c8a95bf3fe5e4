"""Scoped replacements of Wagtail admin views, included before ``admin/`` in ``config/urls.py``.

Same paths as Wagtail's (matched first), so every link to and ``reverse`` of Wagtail's name
reaches the scoped view.
"""

from django.urls import path

from municipalities.admin_kit import admin_view
from municipalities.admin_reports import ScopedLogEntriesView, ScopedSnippetIndexView

urlpatterns = [
    path("snippets/", admin_view(ScopedSnippetIndexView.as_view()), name="scoped_snippet_index"),
    path(
        "reports/site-history/",
        admin_view(ScopedLogEntriesView.as_view()),
        name="scoped_site_history",
    ),
    path(
        "reports/site-history/results/",
        admin_view(ScopedLogEntriesView.as_view(results_only=True)),
        name="scoped_site_history_results",
    ),
]
