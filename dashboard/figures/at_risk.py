"""Who and what is at risk: inactive volunteers, overdue milestones, stalled participations.

Shortened on screen (and cached, also for a region, until a write there), complete in exports.
"""

from datetime import timedelta

from django.db.models import F, Q
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _

from coaching.models import Milestone
from dashboard.figures.links import Links
from dashboard.figures.people import PeopleFigures
from dashboard.figures.plans import PlanFigures
from dashboard.figures.tables import Column, Table
from dashboard.scope import Level
from municipalities.models import Membership, Participation

AT_RISK_LIMIT = 50
AT_RISK_CACHED = (Level.PROGRAMME, Level.STATE, Level.REGION)
STALLED_DAYS = 60


class AtRiskTables(PeopleFigures, PlanFigures, Links):
    """The at-risk lists of the scope."""

    def _inactive_volunteers(self):
        return (
            self.rows_of(Membership)
            .filter(role=Membership.Role.VOLUNTEER)
            .filter(self._inactive_condition())
        )

    def _overdue_milestones(self):
        return self.rows_of(Milestone).overdue(self.today)

    def _stalled_participations(self):
        cut = self.now - timedelta(days=STALLED_DAYS)
        working = [
            Participation.Status.COUNCIL_RESOLUTION,
            Participation.Status.ACTIVE,
            Participation.Status.CONTINUING,
        ]
        return self.participations.filter(status__in=working).filter(
            Q(learning_activity__last_progress_at__lt=cut)
            | Q(learning_activity__isnull=True, created__lt=cut)
        )

    def at_risk_volunteers(self, limit=None) -> Table | None:
        if not self.scope.sees_people:
            return None

        def compute():
            queryset = self._inactive_volunteers()
            limited = queryset.select_related("user", "participation__municipality").order_by(
                F("user__last_login").asc(nulls_first=True), "user__email"
            )
            if limit:
                limited = limited[:limit]
            return [
                {
                    "name": membership.user.get_full_name(),
                    "url": self.person_url(membership.participation_id, membership.user.pk),
                    "participation": str(membership.participation),
                    "last_login": timezone.localtime(membership.user.last_login).date()
                    if membership.user.last_login
                    else None,
                }
                for membership in limited
            ]

        rows = self._cached("risk-volunteers", compute, AT_RISK_CACHED) if limit else compute()
        return Table(
            name="at_risk_volunteers",
            title=_("Climate patrons inactive for 30 days"),
            columns=[
                Column("name", _("Person"), link="url"),
                Column("participation", _("Participation")),
                Column("last_login", _("Last login")),
            ],
            rows=rows,
            count=self.people[1]["inactive"] if limit else None,
        )

    def at_risk_milestones(self, limit=None) -> Table:
        def compute():
            limited = (
                self._overdue_milestones()
                .select_related("plan__participation__municipality")
                .order_by("target_date", "pk")
            )
            if limit:
                limited = limited[:limit]
            return [
                {
                    "title": milestone.title,
                    "participation": str(milestone.plan.participation),
                    "url": self.participation_url(milestone.plan.participation_id),
                    "target_date": milestone.target_date,
                    "days": (self.today - milestone.target_date).days,
                }
                for milestone in limited
            ]

        rows = self._cached("risk-milestones", compute, AT_RISK_CACHED) if limit else compute()
        return Table(
            name="at_risk_milestones",
            title=_("Overdue milestones"),
            columns=[
                Column("title", _("Milestone")),
                Column("participation", _("Participation"), link="url"),
                Column("target_date", _("Target date")),
                Column("days", _("Days overdue"), True),
            ],
            rows=rows,
            count=self.milestones[1]["overdue"] if limit else None,
        )

    def at_risk_participations(self, limit=None) -> Table:
        def compute():
            queryset = self._stalled_participations()
            limited = queryset.select_related("municipality", "learning_activity").order_by(
                F("learning_activity__last_progress_at").asc(nulls_first=True), "pk"
            )
            if limit:
                limited = limited[:limit]
            rows = []
            for participation in limited:
                activity = getattr(participation, "learning_activity", None)
                rows.append(
                    {
                        "name": str(participation),
                        "url": self.participation_url(participation.pk),
                        "status": participation.get_status_display(),
                        "last_progress": timezone.localtime(activity.last_progress_at).date()
                        if activity
                        else None,
                    }
                )
            return rows, (queryset.count() if limit else None)

        rows, count = (
            self._cached("risk-participations", compute, AT_RISK_CACHED) if limit else compute()
        )
        return Table(
            name="at_risk_participations",
            title=_("Participations without learning progress for 60 days"),
            columns=[
                Column("name", _("Participation"), link="url"),
                Column("status", _("Status")),
                Column("last_progress", _("Last learning progress")),
            ],
            rows=rows,
            count=count,
        )

    @cached_property
    def at_risk(self) -> list[Table]:
        tables = [
            self.at_risk_volunteers(self.limit),
            self.at_risk_milestones(self.limit),
            self.at_risk_participations(self.limit)
            if self.level not in (Level.PARTICIPATION, Level.PERSON)
            else None,
        ]
        return [table for table in tables if table is not None]
