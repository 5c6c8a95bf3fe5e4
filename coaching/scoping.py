"""Who sees and manages which coaching rows, built on the municipalities scoping layer.

Events: public ones for everybody; members-only ones for people of the event's region (or of
any region for a programme-wide event) whose role is in the audience; regional managers see
and manage all events of their regions; coordinators everything. Plans, tasks, milestones
and measures follow their participation: ``Participation.objects.visible_to`` to read,
``Participation.objects.managed_by`` to manage.
"""

from django.db import models
from django.db.models import Q

from accounts.roles import is_coordinator, is_signed_in


def visible_participations(user):
    from municipalities.models import Participation

    return Participation.objects.visible_to(user).values("pk")


def managed_participations(user):
    from municipalities.models import Participation

    return Participation.objects.managed_by(user).values("pk")


class EventSeriesQuerySet(models.QuerySet):
    """Series follow their region; a programme-wide series (no region) is the coordinators'."""

    def visible_to(self, user):
        if not is_signed_in(user):
            return self.none()
        if is_coordinator(user):
            return self.all()
        from municipalities.models import Region

        return self.filter(Q(region__isnull=True) | Q(region__in=Region.objects.visible_to(user)))

    def managed_by(self, user):
        if not is_signed_in(user):
            return self.none()
        if is_coordinator(user):
            return self.all()
        from municipalities.models import Region

        return self.filter(region__in=Region.objects.managed_by(user))


class EventQuerySet(models.QuerySet):
    def public(self):
        return self.filter(is_public=True)

    def upcoming(self, now=None):
        from django.utils import timezone

        return self.filter(end__gte=now or timezone.now())

    def visible_to(self, user):
        if not is_signed_in(user):
            return self.public()
        if is_coordinator(user):
            return self.all()
        from municipalities.models import Region

        through = self.model.audience.through
        has_audience = through.objects.values("event_id")
        for_my_roles = through.objects.filter(group__in=user.groups.all()).values("event_id")
        audience_ok = ~Q(pk__in=has_audience) | Q(pk__in=for_my_roles)
        place_ok = Q(region__isnull=True) | Q(region__in=Region.objects.visible_to(user))
        managed = Q(region__in=Region.objects.managed_by(user))
        return self.filter(Q(is_public=True) | managed | (audience_ok & place_ok))

    def managed_by(self, user):
        """Events whose registrations and attendance the user may manage."""
        if not is_signed_in(user):
            return self.none()
        if is_coordinator(user):
            return self.all()
        from municipalities.models import Region

        return self.filter(region__in=Region.objects.managed_by(user))


class RegistrationQuerySet(models.QuerySet):
    def active(self):
        return self.exclude(status="cancelled")

    def visible_to(self, user):
        if not is_signed_in(user):
            return self.none()
        from coaching.models import Event

        return self.filter(
            Q(user_id=user.pk) | Q(event__in=Event.objects.managed_by(user).values("pk"))
        )

    def managed_by(self, user):
        """Registrations of the events the user manages."""
        if not is_signed_in(user):
            return self.none()
        from coaching.models import Event

        return self.filter(event__in=Event.objects.managed_by(user).values("pk"))


class PlanQuerySet(models.QuerySet):
    def visible_to(self, user):
        if not is_signed_in(user):
            return self.none()
        return self.filter(participation__in=visible_participations(user))

    def managed_by(self, user):
        if not is_signed_in(user):
            return self.none()
        return self.filter(participation__in=managed_participations(user))


class _PlanItemQuerySet(models.QuerySet):
    def visible_to(self, user):
        if not is_signed_in(user):
            return self.none()
        return self.filter(plan__participation__in=visible_participations(user))

    def managed_by(self, user):
        if not is_signed_in(user):
            return self.none()
        return self.filter(plan__participation__in=managed_participations(user))


class TaskQuerySet(_PlanItemQuerySet):
    def unfinished(self):
        return self.exclude(status="done")

    def overdue(self, today):
        return self.unfinished().filter(due_date__lt=today)


class MilestoneQuerySet(_PlanItemQuerySet):
    def unreached(self):
        return self.filter(reached_on__isnull=True)

    def overdue(self, today):
        return self.unreached().filter(target_date__lt=today)


class MeasureQuerySet(models.QuerySet):
    def visible_to(self, user):
        if not is_signed_in(user):
            return self.none()
        return self.filter(participation__in=visible_participations(user))

    def managed_by(self, user):
        if not is_signed_in(user):
            return self.none()
        return self.filter(participation__in=managed_participations(user))
