"""The one scoping layer: what each role may see of the programme's region-owned data.

Coordinators (and superusers) see everything; regional managers see the regions they manage
(``user.managed_regions``) and everything in them; volunteers and municipal contacts see their
own participations. Views and admin screens call ``Model.objects.visible_to(user)`` and never
filter by region themselves.
"""

from django.contrib.auth import get_user_model
from django.db import models
from django.db.models import Q

from accounts.roles import is_coordinator, is_regional_manager, is_signed_in


def _managed_region_ids(user):
    from municipalities.models import Region  # cycle: the models import scoping

    return Region.managers.through.objects.filter(user_id=user.pk).values("region_id")


def _participations():
    from municipalities.models import Participation  # cycle: the models import scoping

    return Participation.objects


def _member_participation_ids(user):
    from municipalities.models import Membership  # cycle: the models import scoping

    return Membership.objects.filter(user_id=user.pk).values("participation_id")


def people_managed_by(user):
    """The people ``user`` may choose in the admin (as patrons, owners, members, managers).

    Coordinators: everybody. Regional managers: the members of the participations they
    manage and the managers of their regions (themselves included). Nobody else.
    """
    # cycle: the models import scoping
    from municipalities.models import Membership, Participation, Region

    people = get_user_model().objects.all()
    if not is_signed_in(user):
        return people.none()
    if is_coordinator(user):
        return people
    if not is_regional_manager(user):
        return people.none()
    regions = _managed_region_ids(user)
    members = Membership.objects.filter(
        participation__in=Participation.objects.filter(region__in=regions)
    ).values("user_id")
    managers = Region.managers.through.objects.filter(region_id__in=regions).values("user_id")
    return people.filter(Q(pk__in=members) | Q(pk__in=managers) | Q(pk=user.pk))


class RegionQuerySet(models.QuerySet):
    def visible_to(self, user):
        if not is_signed_in(user):
            return self.none()
        if is_coordinator(user):
            return self.all()
        from municipalities.models import Participation  # cycle: the models import scoping

        own = Participation.objects.filter(pk__in=_member_participation_ids(user)).values(
            "region_id"
        )
        condition = Q(pk__in=own)
        if is_regional_manager(user):
            condition |= Q(pk__in=_managed_region_ids(user))
        return self.filter(condition)

    def managed_by(self, user):
        """Regions the user may manage (all of them for a coordinator)."""
        if is_coordinator(user):
            return self.all()
        if is_regional_manager(user):
            return self.filter(pk__in=_managed_region_ids(user))
        return self.none()

    def covering(self, municipality):
        """Regions whose states or districts contain the municipality."""
        condition = Q(states=municipality.state_id)
        if municipality.district_id:
            condition |= Q(districts=municipality.district_id)
        return self.filter(condition).distinct()


class RegionOwnedQuerySet(models.QuerySet):
    """Data owned by a region: coordinators manage all, regional managers their regions.

    ``region_path`` is the lookup from the model to its region. By default only those who
    manage an object see it; subclasses add what members see of their own participations.
    """

    region_path = "region"

    def managed_by(self, user):
        if not is_signed_in(user):
            return self.none()
        if is_coordinator(user):
            return self.all()
        if is_regional_manager(user):
            return self.filter(**{f"{self.region_path}__in": _managed_region_ids(user)})
        return self.none()

    def visible_to(self, user):
        if not is_signed_in(user):
            return self.none()
        if is_coordinator(user):
            return self.all()
        condition = self._own(user)
        if is_regional_manager(user):
            condition |= Q(**{f"{self.region_path}__in": _managed_region_ids(user)})
        return self.filter(condition)

    def _own(self, user) -> Q:
        """What a user sees without managing it (nothing, unless a subclass says so)."""
        return Q(pk__in=[])


class ParticipationQuerySet(RegionOwnedQuerySet):
    def _own(self, user) -> Q:
        return Q(pk__in=_member_participation_ids(user))

    def public(self):
        """Participations shown on the public map."""
        return self.filter(status__in=self.model.PUBLIC_STATUSES)


class MembershipQuerySet(RegionOwnedQuerySet):
    region_path = "participation__region"

    def _own(self, user) -> Q:
        return Q(user_id=user.pk)


class StakeholderQuerySet(RegionOwnedQuerySet):
    pass


class InitiativeQuerySet(RegionOwnedQuerySet):
    def public(self):
        return self.filter(approved=True)


class InvitationQuerySet(RegionOwnedQuerySet):
    region_path = "participation__region"


class ParticipationOwnedQuerySet(models.QuerySet):
    """Data owned through a participation (plans, their tasks and milestones, measures).

    A row is seen by whoever sees its participation and managed by whoever manages it
    (``Participation.objects.visible_to`` / ``managed_by``). The lookup from the model to its
    participation is its entry in ``PARTICIPATION_PATHS``, so it is declared once.
    """

    def visible_to(self, user):
        if not is_signed_in(user):
            return self.none()
        return self._of(_participations().visible_to(user))

    def managed_by(self, user):
        if not is_signed_in(user):
            return self.none()
        return self._of(_participations().managed_by(user))

    def _of(self, participations):
        return self.filter(**{participation_lookup(self.model, "in"): participations.values("pk")})


# How each participation-owned model's rows reach their participation: one ORM path per model
# (``""`` for a participation itself). Keyed by model label, so that this layer imports none of
# the apps above it; learners' rows reach their participations through their memberships.
PARTICIPATION_PATHS = {
    "municipalities.participation": "",
    "municipalities.membership": "participation",
    "municipalities.invitation": "participation",
    "coaching.plan": "participation",
    "coaching.task": "plan__participation",
    "coaching.milestone": "plan__participation",
    "coaching.measure": "participation",
    "courses.moduleprogress": "user__memberships__participation",
    "courses.certificate": "user__memberships__participation",
}


def participation_lookup(model, rest: str = "") -> str:
    """The ORM lookup from ``model``'s rows to their participation, followed by ``rest``.

    ``participation_lookup(Task)`` is ``"plan__participation"``, ``participation_lookup(Task,
    "pk__in")`` is ``"plan__participation__pk__in"`` and ``participation_lookup(Participation,
    "pk__in")`` is ``"pk__in"``: callers never join lookups themselves.
    """
    path = PARTICIPATION_PATHS[model._meta.label_lower]
    return "__".join(part for part in (path, rest) if part)
