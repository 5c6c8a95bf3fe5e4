"""Scoped replacements of Wagtail admin views, included before ``admin/`` in ``config/urls.py``.

Same paths as Wagtail's (matched first), so every link to and ``reverse`` of Wagtail's name
reaches the scoped view.
"""

from django.urls import path
from django.views.decorators.cache import never_cache
from wagtail.admin.auth import require_admin_access

from municipalities.admin_reports import ScopedLogEntriesView, ScopedSnippetIndexView


def _admin(view):
    return never_cache(require_admin_access(view))


urlpatterns = [
    path("snippets/", _admin(ScopedSnippetIndexView.as_view()), name="scoped_snippet_index"),
    path(
        "reports/site-history/", _admin(ScopedLogEntriesView.as_view()), name="scoped_site_history"
    ),
    path(
        "reports/site-history/results/",
        _admin(ScopedLogEntriesView.as_view(results_only=True)),
        name="scoped_site_history_results",
    ),
]
