"""Scoped page-chooser views, included before ``admin/`` in ``config/urls.py`` (same paths)."""

from django.urls import path
from django.views.decorators.cache import never_cache
from wagtail.admin.auth import require_admin_access

from courses.admin_scope import ScopedBrowseView, ScopedChosenMultipleView


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
]
