"""Climate patrons, municipal contacts and invitations of a scope."""

from datetime import timedelta

from django.db.models import Count, Q
from django.utils.functional import cached_property

from dashboard.figures.cache import CachedFigures
from dashboard.scope import Level
from municipalities.models import Invitation, Membership

INACTIVE_DAYS = 30
ACTIVE_DAYS = 30


class PeopleFigures(CachedFigures):
    """Members per child: volunteers, active, inactive, contacts; invitations."""

    @cached_property
    def people(self):
        return self._cached("people", self._compute_people)

    def _compute_people(self):
        cut = self.now - timedelta(days=ACTIVE_DAYS)
        volunteer = Q(role=Membership.Role.VOLUNTEER)
        members = self.rows_of(Membership)
        per_child, totals = self.grouped(
            members,
            volunteers=Count("pk", filter=volunteer),
            active=Count("pk", filter=volunteer & Q(user__last_login__gte=cut)),
            contacts=Count("pk", filter=Q(role=Membership.Role.MUNICIPAL_CONTACT)),
            inactive=Count("pk", filter=volunteer & self._inactive_condition()),
        )
        invited = 0
        if self.scope.staff and self.level != Level.PERSON:
            invited = (
                self.rows_of(Invitation)
                .filter(role=Membership.Role.VOLUNTEER, revoked_at__isnull=True)
                .count()
            )
        totals["invited"] = invited
        return per_child, totals

    def _inactive_condition(self) -> Q:
        cut = self.now - timedelta(days=INACTIVE_DAYS)
        return Q(user__last_login__lt=cut) | Q(user__last_login__isnull=True, created__lt=cut)
