"""Who may take which course: small predicates, tested as a matrix of role and course.

Audience: courses for climate patrons are open to patrons, regional managers (who coach them)
and coordinators; courses for regional managers only to those and coordinators; "everyone"
to every programme role. A course in a region's own section is, in addition, only for people
of that region (members of its participations and its managers), found through the
municipalities scoping layer.
"""

from dataclasses import dataclass

from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from accounts.roles import Role, is_signed_in
from courses.models.pages import Audience, CourseIndexPage
from municipalities.models import Region

AUDIENCE_ROLES = {
    Audience.VOLUNTEERS: frozenset({Role.VOLUNTEER, Role.REGIONAL_MANAGER, Role.COORDINATOR}),
    Audience.REGIONAL_MANAGERS: frozenset({Role.REGIONAL_MANAGER, Role.COORDINATOR}),
    Audience.EVERYONE: frozenset(Role),
}


@dataclass(frozen=True)
class Access:
    allowed: bool
    reason: str = ""


def audience_allows(user, audience: str) -> bool:
    if not is_signed_in(user):
        return False
    return bool(AUDIENCE_ROLES.get(audience, frozenset()) & user.roles)


def region_allows(user, region_id) -> bool:
    if region_id is None or user.has_role(Role.COORDINATOR):
        return True
    return Region.objects.visible_to(user).filter(pk=region_id).exists()


def learner_access(user, course, region_id=None) -> Access:
    """May ``user`` open ``course`` (in a section of ``region_id``) and record progress?"""
    if not is_signed_in(user):
        return Access(False, _("Please log in to take courses."))
    if course is None:
        return Access(False, _("This module does not belong to a course."))
    if not audience_allows(user, course.audience):
        return Access(
            False,
            _("This course is meant for %(audience)s.")
            % {"audience": course.get_audience_display()},
        )
    if not region_allows(user, region_id):
        return Access(False, _("This course belongs to another region's programme."))
    return Access(True)


def visible_region_ids(user) -> set | None:
    """The regions whose sections ``user`` may see; None means all of them."""
    if user.has_role(Role.COORDINATOR):
        return None
    return set(Region.objects.visible_to(user).values_list("pk", flat=True))


def pages_in_regions(pages, region_ids):
    """``pages`` (course or module pages) below programme-wide sections or sections of
    ``region_ids`` (None: all regions) — so no list offers another region's course titles."""
    if region_ids is None:
        return pages
    sections = CourseIndexPage.objects.filter(Q(region__isnull=True) | Q(region__in=region_ids))
    condition = Q(pk__in=[])
    for path in sections.values_list("path", flat=True):
        condition |= Q(path__startswith=path)
    return pages.filter(condition)


def can_download_certificate(user, certificate) -> bool:
    return certificate.user_id == user.pk or user.has_role(Role.COORDINATOR)
