"""Learning aggregates that keep programme and state figures fast at national scale.

Learning progress (``courses.ModuleProgress``, millions of rows) is rolled up per region,
federal state, module and week (programme and state figures, funnels); per participation,
course and week (a region's participations); certificates per region, state, course and week;
and the time of the last learning activity per participation (the at-risk list).
``dashboard/aggregates.py`` keeps them up to date from the domain events of ``courses`` and
``municipalities`` (queued as ``AggregateEvent`` rows in the learner's transaction, applied by
a worker) and rebuilds them from scratch (``manage.py rebuild_dashboard_aggregates``).

Attribution: progress belongs to the participations its learner is a member of, and counts
once for *each* of them (a patron of two municipalities counts in both). Progress of people
without a membership (regional managers, coordinators learning themselves) is not part of the
programme's figures.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class ModuleActivityAggregate(models.Model):
    """Modules started and completed in one week by members of one region's participations
    in one federal state (the week in which the learner started resp. completed it)."""

    region = models.ForeignKey(
        "municipalities.Region",
        verbose_name=_("region"),
        on_delete=models.CASCADE,
        related_name="+",
    )
    state = models.ForeignKey(
        "municipalities.FederalState",
        verbose_name=_("federal state"),
        on_delete=models.CASCADE,
        related_name="+",
    )
    course = models.ForeignKey(
        "courses.CoursePage", verbose_name=_("course"), on_delete=models.CASCADE, related_name="+"
    )
    module = models.ForeignKey(
        "courses.ModulePage", verbose_name=_("module"), on_delete=models.CASCADE, related_name="+"
    )
    week = models.DateField(_("week (Monday)"))
    started = models.IntegerField(_("modules started"), default=0)
    completed = models.IntegerField(_("modules completed"), default=0)

    class Meta:
        verbose_name = _("module activity aggregate")
        verbose_name_plural = _("module activity aggregates")
        constraints = [
            models.UniqueConstraint(
                fields=["region", "state", "module", "week"], name="dashboard_module_week_unique"
            )
        ]
        indexes = [
            models.Index(fields=["state", "week"], name="dashboard_mod_state_week"),
            models.Index(fields=["course", "week"], name="dashboard_mod_course_week"),
        ]

    def __str__(self):
        return f"{self.region_id}/{self.state_id}/{self.module_id}/{self.week}"


class CertificateAggregate(models.Model):
    """Certificates issued in one week (and how many of them were revoked since)."""

    region = models.ForeignKey(
        "municipalities.Region",
        verbose_name=_("region"),
        on_delete=models.CASCADE,
        related_name="+",
    )
    state = models.ForeignKey(
        "municipalities.FederalState",
        verbose_name=_("federal state"),
        on_delete=models.CASCADE,
        related_name="+",
    )
    course = models.ForeignKey(
        "courses.CoursePage", verbose_name=_("course"), on_delete=models.CASCADE, related_name="+"
    )
    week = models.DateField(_("week (Monday)"))
    issued = models.IntegerField(_("certificates issued"), default=0)
    revoked = models.IntegerField(_("certificates revoked"), default=0)

    class Meta:
        verbose_name = _("certificate aggregate")
        verbose_name_plural = _("certificate aggregates")
        constraints = [
            models.UniqueConstraint(
                fields=["region", "state", "course", "week"],
                name="dashboard_certificate_week_unique",
            )
        ]

    def __str__(self):
        return f"{self.region_id}/{self.state_id}/{self.course_id}/{self.week}"


class ParticipationWeekAggregate(models.Model):
    """Modules started and completed and certificates issued in one week by the members of
    one participation, per course: a region's participations without the progress table."""

    participation = models.ForeignKey(
        "municipalities.Participation",
        verbose_name=_("participation"),
        on_delete=models.CASCADE,
        related_name="+",
    )
    course = models.ForeignKey(
        "courses.CoursePage", verbose_name=_("course"), on_delete=models.CASCADE, related_name="+"
    )
    week = models.DateField(_("week (Monday)"))
    started = models.IntegerField(_("modules started"), default=0)
    completed = models.IntegerField(_("modules completed"), default=0)
    issued = models.IntegerField(_("certificates issued"), default=0)
    revoked = models.IntegerField(_("certificates revoked"), default=0)

    class Meta:
        verbose_name = _("participation week aggregate")
        verbose_name_plural = _("participation week aggregates")
        constraints = [
            models.UniqueConstraint(
                fields=["participation", "course", "week"],
                name="dashboard_participation_week_unique",
            )
        ]

    def __str__(self):
        return f"{self.participation_id}/{self.course_id}/{self.week}"


class ParticipationActivity(models.Model):
    """When members of a participation last made learning progress (for the at-risk list)."""

    participation = models.OneToOneField(
        "municipalities.Participation",
        verbose_name=_("participation"),
        on_delete=models.CASCADE,
        primary_key=True,
        related_name="learning_activity",
    )
    last_progress_at = models.DateTimeField(_("last learning progress"), db_index=True)

    class Meta:
        verbose_name = _("learning activity of a participation")
        verbose_name_plural = _("learning activity of participations")

    def __str__(self):
        return f"{self.participation_id}: {self.last_progress_at}"


class AggregateEvent(models.Model):
    """A domain event the aggregates still have to follow: written in the same transaction as
    the change (an insert into this append-only table, so learners never wait on or deadlock
    over aggregate rows), applied and deleted by ``aggregates.drain()`` (beat, every few
    seconds; at once, in the same transaction, when Celery runs eagerly).

    Plain ids rather than foreign keys: an event outlives the rows it names (a deleted or
    anonymised user, a removed membership) and is applied by recomputing what they touched.
    """

    class Kind(models.TextChoices):
        PROGRESS = "progress", _("module progress")
        ACTIVITY = "activity", _("activity")
        CERTIFICATE = "certificate", _("certificate")
        MEMBERSHIP = "membership", _("membership")
        PLACE = "place", _("participation moved")

    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    user_id = models.BigIntegerField(_("user"), null=True, blank=True)
    participation_id = models.BigIntegerField(_("participation"), null=True, blank=True)
    course_id = models.BigIntegerField(_("course"), null=True, blank=True)
    module_id = models.BigIntegerField(_("module"), null=True, blank=True)
    # The weeks (Mondays, ISO dates) the change touched; for PLACE the regions to recompute.
    weeks = models.JSONField(_("weeks"), default=list, blank=True)
    regions = models.JSONField(_("regions"), default=list, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("aggregate event")
        verbose_name_plural = _("aggregate events")

    def __str__(self):
        return f"{self.kind} #{self.pk}"
