"""Admin integration: learner figures per module, and warnings before edits affect learners."""

from django.contrib import messages
from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from courses.admin_views import ModuleProgressReport
from courses.models import ModulePage
from courses.progress import draft_learner_impact


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
