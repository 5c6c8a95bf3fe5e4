"""Documents used in course pages are served only to those who may open those pages.

A document is a course document when a course or module page refers to it (a document block
or a link in rich text), as Wagtail's reference index records on publish. It is served to a
user whom at least one of those pages admits (``LearnerPageMixin.check_learner_access``: log
in first, right audience, right region); everyone else gets what the page itself answers (the
login page or a 403 with the reason). A document that a page outside the courses also uses,
or that no page uses, stays public. Collection privacy (Wagtail's own) still applies on top.

Registered through ``courses/wagtail_hooks.py`` (``from courses import documents``).
"""

from django.contrib.contenttypes.models import ContentType
from wagtail import hooks
from wagtail.models import Page, ReferenceIndex

from courses.models.pages import LearnerPageMixin


def referring_pages(document) -> list:
    """The live pages (specific) that refer to ``document``."""
    page_type = ContentType.objects.get_for_model(Page)
    ids = {
        int(reference.object_id)
        for reference in ReferenceIndex.get_references_to(document).filter(
            base_content_type=page_type
        )
    }
    if not ids:
        return []
    return list(Page.objects.live().filter(pk__in=ids).specific())


def learner_pages(document) -> list | None:
    """The course pages that own ``document``, or None if it is public."""
    pages = referring_pages(document)
    course_pages = [page for page in pages if isinstance(page, LearnerPageMixin)]
    if not course_pages or len(course_pages) < len(pages):
        return None
    return course_pages


@hooks.register("before_serve_document")
def serve_course_documents_to_learners(document, request):
    pages = learner_pages(document)
    if pages is None:
        return None
    denied = None
    for page in pages:
        denied = page.check_learner_access(request)
        if denied is None:
            return None
    if hasattr(denied, "render"):
        denied.render()
    return denied
