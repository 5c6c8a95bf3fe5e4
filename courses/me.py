"""The learning section of /me/: courses with progress, where to continue, certificates."""

from courses.models import Certificate
from courses.progress import course_cards, visible_courses


def learning_section(request) -> dict | None:
    user = request.user
    pairs = visible_courses(user)
    cards = course_cards(
        request,
        [course for course, _section in pairs],
        sections={course.pk: section for course, section in pairs},
    )
    certificates = list(Certificate.objects.filter(user=user, revoked_at__isnull=True))
    if not cards and not certificates:
        return None
    in_progress = [card for card in cards if card.started and not card.complete]
    return {
        "template": "courses/_me_section.html",
        "cards": cards,
        "in_progress": in_progress,
        "certificates": certificates,
    }
