"""Receivers that make the learning aggregates follow the domain events of ``courses`` and
``municipalities`` (see ``dashboard/aggregates.py``).

Each receiver only queues an ``AggregateEvent`` in the sender's transaction; nothing here
reads or writes an aggregate row, so a learner's request never waits on them. There are no
``post_init``/``pre_save`` snapshots: an event says what changed, and the drain recomputes the
rows it touched.
"""

from django.apps import apps
from django.db.models.signals import post_delete, post_save
from django.utils import timezone

from coaching.models import Plan
from courses import signals as course_signals
from dashboard import aggregates
from dashboard.figures import forget_cached_figures
from dashboard.models import AggregateEvent
from municipalities import signals as municipality_signals
from municipalities.models import Participation

Kind = AggregateEvent.Kind


def module_progressed(sender, user, module, course, progress, **kwargs):
    moment = progress.completed_at or progress.started_at
    aggregates.queue(
        Kind.PROGRESS,
        user_id=user.pk,
        course_id=course.pk,
        module_id=module.pk,
        weeks=[aggregates.week_of(moment or timezone.now())],
    )


def activity_submitted(sender, user, **kwargs):
    aggregates.queue(Kind.ACTIVITY, user_id=user.pk)


def certificate_changed(sender, certificate, **kwargs):
    aggregates.queue(
        Kind.CERTIFICATE,
        user_id=certificate.user_id,
        course_id=certificate.course_id,
        weeks=[aggregates.week_of(certificate.issued_on)],
    )


def membership_changed(sender, membership, change, previous=None, **kwargs):
    aggregates.queue(
        Kind.MEMBERSHIP, user_id=membership.user_id, participation_id=membership.participation_id
    )
    if previous:  # moved to another person or participation: the old place stops counting
        aggregates.queue(
            Kind.MEMBERSHIP,
            user_id=previous["user_id"],
            participation_id=previous["participation_id"],
        )


def participation_changed(sender, participation, changed, previous, **kwargs):
    """A participation moved to another region or municipality (state): both regions."""
    aggregates.queue(
        Kind.PLACE,
        participation_id=participation.pk,
        regions=[previous.get("region_id"), participation.region_id],
    )


def forget_figures(sender, instance, **kwargs):
    """A write in a region makes that region's cached at-risk lists stale."""
    if isinstance(instance, Participation):
        region_id = instance.region_id
    elif getattr(instance, "plan_id", None) is not None:
        region_id = (
            Plan.objects.filter(pk=instance.plan_id)
            .values_list("participation__region_id", flat=True)
            .first()
        )
    else:
        region_id = (
            Participation.objects.filter(pk=getattr(instance, "participation_id", None))
            .values_list("region_id", flat=True)
            .first()
        )
    if region_id is not None:
        forget_cached_figures(region_id)


def connect():
    uid = "dashboard.aggregates"
    course_signals.module_started.connect(module_progressed, dispatch_uid=f"{uid}.module_started")
    course_signals.module_completed.connect(
        module_progressed, dispatch_uid=f"{uid}.module_completed"
    )
    course_signals.activity_submitted.connect(activity_submitted, dispatch_uid=f"{uid}.activity")
    course_signals.certificate_issued.connect(certificate_changed, dispatch_uid=f"{uid}.issued")
    course_signals.certificate_revoked.connect(certificate_changed, dispatch_uid=f"{uid}.revoked")
    municipality_signals.membership_changed.connect(
        membership_changed, dispatch_uid=f"{uid}.member"
    )
    municipality_signals.participation_changed.connect(
        participation_changed, dispatch_uid=f"{uid}.place"
    )

    # A region's cached at-risk lists go stale on these writes.

    for label in (
        "municipalities.Participation",
        "municipalities.Membership",
        "municipalities.Invitation",
        "coaching.Plan",
        "coaching.Task",
        "coaching.Milestone",
        "coaching.Measure",
    ):
        model = apps.get_model(label)
        for signal in (post_save, post_delete):
            signal.connect(forget_figures, sender=model, dispatch_uid=f"{uid}.forget.{label}")
