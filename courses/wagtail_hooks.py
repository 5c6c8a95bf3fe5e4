"""Admin integration: learner figures per module, and warnings before edits affect learners."""

from django.contrib import messages
from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from courses import documents  # noqa: F401
from courses.actions import REVOKE_LOG_ACTION
from courses.admin_scope import (
    PAGE_BULK_ACTIONS,
    ScopedPageViewSet,
    pages_for_chooser,
    register_choice_scopes,
)
from courses.admin_views import ModuleProgressReport
from courses.models import ModulePage
from courses.progress import draft_learner_impact, learner_impact

CONFIRM_FIELD = "confirm_learner_impact"


def _warn_about_learners(request, page):
    page = page.specific
    if not isinstance(page, ModulePage):
        return
    for change in draft_learner_impact(page):
        if change["change"] == "removed":
            text = ngettext(
                "Quiz “%(label)s” is removed in this draft: %(count)d learner has progress on it.",
                "Quiz “%(label)s” is removed in this draft: %(count)d learners have progress on "
                "it.",
                change["learners"],
            )
        else:
            text = ngettext(
                "The answers of quiz “%(label)s” changed in this draft: %(count)d learner has "
                "taken it.",
                "The answers of quiz “%(label)s” changed in this draft: %(count)d learners have "
                "taken it.",
                change["learners"],
            )
        messages.warning(request, text % {"label": change["label"], "count": change["learners"]})


@hooks.register("after_edit_page")
def warn_about_learner_impact(request, page):
    _warn_about_learners(request, page)


@hooks.register("before_edit_page")
def hold_back_publishing_that_affects_learners(request, page):
    """Publishing a module that removes or regrades quizzes learners took needs a confirmation.

    Without the confirmation tick (shown in the "Effect on learners" panel), the publish is
    turned into "save draft", and the editor sees how many learners the change affects.
    """
    if request.method != "POST" or not request.POST.get("action-publish"):
        return None
    page = page.specific
    if not isinstance(page, ModulePage) or not page.live or request.POST.get(CONFIRM_FIELD):
        return None
    live = ModulePage.objects.get(pk=page.pk)
    form_class = ModulePage.get_edit_handler().get_form_class()
    form = form_class(
        request.POST,
        request.FILES,
        instance=ModulePage.objects.get(pk=page.pk),
        parent_page=page.get_parent(),
        for_user=request.user,
    )
    if not form.is_valid():
        return None  # the edit view shows the errors and publishes nothing
    if not learner_impact(live.body, form.instance.body, page.pk):
        return None
    post = request.POST.copy()
    post.pop("action-publish", None)
    request.POST = post
    messages.warning(
        request,
        _(
            "Not published yet: this change affects learners who already took a quiz. "
            "It was saved as a draft; check “Effect on learners” and publish again."
        ),
    )
    return None


@hooks.register("register_admin_urls")
def register_report_urls():
    return [
        path(
            "reports/learning-progress/",
            ModuleProgressReport.as_view(),
            name="courses_module_report",
        ),
        path(
            "reports/learning-progress/results/",
            ModuleProgressReport.as_view(results_only=True),
            name="courses_module_report_results",
        ),
    ]


@hooks.register("register_reports_menu_item")
def register_report_menu_item():
    return MenuItem(
        _("Learning progress per module"),
        reverse("courses_module_report"),
        icon_name="tasks",
        order=900,
    )


@hooks.register("register_log_actions")
def register_certificate_log_actions(actions):
    actions.register_action(REVOKE_LOG_ACTION, _("Revoke certificate"), _("Certificate revoked"))


@hooks.register("construct_page_chooser_queryset")
def scope_page_chooser(pages, request):
    """Page choosers list and find only pages the user may edit or their learners see."""
    return pages_for_chooser(pages, request.user)


@hooks.register("construct_explorer_page_queryset")
def scope_page_search(parent_page, pages, request):
    """The page explorer's listing and search likewise."""
    return pages_for_chooser(pages, request.user)


@hooks.register("register_admin_viewset")
def register_scoped_page_viewset():
    """Replaces Wagtail's default page viewset (registered at order -1) for every page type."""
    return ScopedPageViewSet()


def _register_page_bulk_actions():
    """After Wagtail's own (order 0), so the scoped page bulk actions replace them."""
    for action_class in PAGE_BULK_ACTIONS:
        hooks.register("register_bulk_action", action_class, order=100)


_register_page_bulk_actions()


def _register_choice_scopes():
    register_choice_scopes()


_register_choice_scopes()
