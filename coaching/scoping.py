"""Who sees and manages which coaching rows, built on the municipalities scoping layer.

Events: public ones for everybody; members-only ones for people of the event's region (or of
any region for a programme-wide event) whose role is in the audience; regional managers see
and manage all events of their regions; coordinators everything. Series and events are
region-owned (``RegionOwnedQuerySet``: managed by the managers of their region). Plans, tasks,
milestones and measures are participation-owned (``ParticipationOwnedQuerySet``): they follow
their participation, ``Participation.objects.visible_to`` to read and ``managed_by`` to manage.
"""

from django.db import models
from django.db.models import Q
from django.utils import timezone

from accounts.roles import is_coordinator, is_signed_in
from municipalities.models import Region
from municipalities.scoping import ParticipationOwnedQuerySet, RegionOwnedQuerySet


def _managed_events(user):
    from coaching.models import Event  # cycle: coaching.models imports this module

    return Event.objects.managed_by(user).values("pk")


class EventSeriesQuerySet(RegionOwnedQuerySet):
    """Series follow their region; a programme-wide series (no region) is the coordinators'."""

    def visible_to(self, user):
        if not is_signed_in(user):
            return self.none()
        if is_coordinator(user):
            return self.all()
        return self.filter(Q(region__isnull=True) | Q(region__in=Region.objects.visible_to(user)))


class EventQuerySet(RegionOwnedQuerySet):
    """``managed_by``: the events whose registrations and attendance the user may manage."""

    def public(self):
        return self.filter(is_public=True)

    def upcoming(self, now=None):
        return self.filter(end__gte=now or timezone.now())

    def visible_to(self, user):
        if not is_signed_in(user):
            return self.public()
        if is_coordinator(user):
            return self.all()
        through = self.model.audience.through
        has_audience = through.objects.values("event_id")
        for_my_roles = through.objects.filter(group__in=user.groups.all()).values("event_id")
        audience_ok = ~Q(pk__in=has_audience) | Q(pk__in=for_my_roles)
        place_ok = Q(region__isnull=True) | Q(region__in=Region.objects.visible_to(user))
        managed = Q(region__in=Region.objects.managed_by(user))
        return self.filter(Q(is_public=True) | managed | (audience_ok & place_ok))


class RegistrationQuerySet(models.QuerySet):
    def active(self):
        return self.exclude(status="cancelled")

    def visible_to(self, user):
        if not is_signed_in(user):
            return self.none()
        return self.filter(Q(user_id=user.pk) | Q(event__in=_managed_events(user)))

    def managed_by(self, user):
        """Registrations of the events the user manages."""
        if not is_signed_in(user):
            return self.none()
        return self.filter(event__in=_managed_events(user))


class PlanQuerySet(ParticipationOwnedQuerySet):
    pass


class TaskQuerySet(ParticipationOwnedQuerySet):
    def unfinished(self):
        return self.exclude(status="done")

    def overdue(self, today):
        return self.unfinished().filter(due_date__lt=today)


class MilestoneQuerySet(ParticipationOwnedQuerySet):
    def unreached(self):
        return self.filter(reached_on__isnull=True)

    def overdue(self, today):
        return self.unreached().filter(target_date__lt=today)


class MeasureQuerySet(ParticipationOwnedQuerySet):
    pass
