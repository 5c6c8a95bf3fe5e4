"""Admin integration: warn editors before a change to a module affects learners."""

from django.contrib import messages
from django.utils.translation import ngettext
from wagtail import hooks

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
