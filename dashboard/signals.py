"""Signal receivers that keep the learning aggregates right (see ``dashboard/aggregates.py``).

``post_init`` remembers what a progress row or certificate looked like when it was loaded, so
that ``post_save`` can add exactly the difference; a row saved without such a snapshot (rare:
deferred fields) is read once in ``pre_save``.
"""

from django.db.models.signals import post_delete, post_init, post_save, pre_save

from dashboard import aggregates

SNAPSHOT = "_dashboard_snapshot"
MODULE_FIELDS = ("user_id", "course_id", "module_id", "started_at", "completed_at")


def _module_snapshot(instance):
    values = instance.__dict__
    if any(field not in values for field in MODULE_FIELDS):
        return None
    return tuple(values[field] for field in MODULE_FIELDS)


def _certificate_snapshot(instance):
    values = instance.__dict__
    if any(field not in values for field in ("user_id", "course_id", "issued_on", "revoked_at")):
        return None
    return (
        values["user_id"],
        values["course_id"],
        values["issued_on"],
        values["revoked_at"] is not None,
    )


# Module progress ---------------------------------------------------------------------------


def progress_loaded(sender, instance, **kwargs):
    if instance.pk is not None:
        setattr(instance, SNAPSHOT, _module_snapshot(instance))


def progress_before_save(sender, instance, **kwargs):
    if instance._state.adding or getattr(instance, SNAPSHOT, None) is not None:
        return
    stored = sender.objects.filter(pk=instance.pk).values_list(*MODULE_FIELDS).first()
    setattr(instance, SNAPSHOT, tuple(stored) if stored else None)


def _complete(instance, fields, before):
    """The instance's values of ``fields``, deferred ones taken from ``before``."""
    values = instance.__dict__
    if before is None:
        return (
            tuple(values.get(name) for name in fields)
            if all(name in values for name in fields)
            else None
        )
    return tuple(values.get(name, before[index]) for index, name in enumerate(fields))


def progress_saved(sender, instance, created, **kwargs):
    before = None if created else getattr(instance, SNAPSHOT, None)
    after = _complete(instance, MODULE_FIELDS, before)
    setattr(instance, SNAPSHOT, after)
    if after is None or before == after:
        return
    if before is not None and before[0] != after[0]:  # moved to another learner
        aggregates.apply_module_deltas(before[0], aggregates.module_contribution(before, -1))
        before = None
    deltas = aggregates.module_contribution(after)
    if before is not None:
        deltas = aggregates.merge(deltas, aggregates.module_contribution(before, -1))
    aggregates.apply_module_deltas(after[0], deltas)
    aggregates.touch_participations(after[0])


def progress_deleted(sender, instance, **kwargs):
    snapshot = getattr(instance, SNAPSHOT, None) or _module_snapshot(instance)
    if snapshot is not None:
        aggregates.apply_module_deltas(snapshot[0], aggregates.module_contribution(snapshot, -1))


def activity_saved(sender, instance, **kwargs):
    aggregates.touch_participations(instance.user_id)


# Certificates ------------------------------------------------------------------------------


def certificate_loaded(sender, instance, **kwargs):
    if instance.pk is not None:
        setattr(instance, SNAPSHOT, _certificate_snapshot(instance))


def certificate_before_save(sender, instance, **kwargs):
    if instance._state.adding or getattr(instance, SNAPSHOT, None) is not None:
        return
    stored = (
        sender.objects.filter(pk=instance.pk)
        .values_list("user_id", "course_id", "issued_on", "revoked_at")
        .first()
    )
    setattr(
        instance,
        SNAPSHOT,
        (stored[0], stored[1], stored[2], stored[3] is not None) if stored else None,
    )


def certificate_saved(sender, instance, created, **kwargs):
    before = None if created else getattr(instance, SNAPSHOT, None)
    after = _certificate_snapshot(instance)
    setattr(instance, SNAPSHOT, after)
    if after is None or before == after:
        return
    if before is not None:
        aggregates.apply_certificate_deltas(
            before[0], aggregates.certificate_contribution(before, -1)
        )
    aggregates.apply_certificate_deltas(after[0], aggregates.certificate_contribution(after))


def certificate_deleted(sender, instance, **kwargs):
    snapshot = getattr(instance, SNAPSHOT, None) or _certificate_snapshot(instance)
    if snapshot is not None:
        aggregates.apply_certificate_deltas(
            snapshot[0], aggregates.certificate_contribution(snapshot, -1)
        )


# Memberships and participations: recompute the region after the commit --------------------


def membership_saved(sender, instance, created, **kwargs):
    if created:
        membership_deleted(sender, instance)


def membership_deleted(sender, instance, **kwargs):
    from municipalities.models import Participation

    cached = instance._state.fields_cache.get("participation")
    if cached is not None:
        region_id = cached.region_id
    else:
        region_id = (
            Participation.objects.filter(pk=instance.participation_id)
            .values_list("region_id", flat=True)
            .first()
        )
    aggregates.schedule_region_rebuild(region_id)


def participation_loaded(sender, instance, **kwargs):
    values = instance.__dict__
    if instance.pk is not None and "region_id" in values and "municipality_id" in values:
        instance._dashboard_place = (values["region_id"], values["municipality_id"])


def participation_saved(sender, instance, created, **kwargs):
    before = getattr(instance, "_dashboard_place", None)
    after = (instance.region_id, instance.municipality_id)
    instance._dashboard_place = after
    if created or before is None or before == after:
        return
    aggregates.schedule_region_rebuild(before[0], after[0])


def forget_figures(sender, instance, **kwargs):
    """A write in a region makes that region's cached at-risk lists stale."""
    from coaching.models import Plan
    from dashboard.figures import forget_cached_figures
    from municipalities.models import Participation

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
    from courses.models import ActivityProgress, Certificate, ModuleProgress
    from municipalities.models import Membership, Participation

    uid = "dashboard.aggregates"
    post_init.connect(progress_loaded, sender=ModuleProgress, dispatch_uid=f"{uid}.mp_init")
    pre_save.connect(progress_before_save, sender=ModuleProgress, dispatch_uid=f"{uid}.mp_pre")
    post_save.connect(progress_saved, sender=ModuleProgress, dispatch_uid=f"{uid}.mp_save")
    post_delete.connect(progress_deleted, sender=ModuleProgress, dispatch_uid=f"{uid}.mp_del")
    post_save.connect(activity_saved, sender=ActivityProgress, dispatch_uid=f"{uid}.ap_save")
    post_init.connect(certificate_loaded, sender=Certificate, dispatch_uid=f"{uid}.c_init")
    pre_save.connect(certificate_before_save, sender=Certificate, dispatch_uid=f"{uid}.c_pre")
    post_save.connect(certificate_saved, sender=Certificate, dispatch_uid=f"{uid}.c_save")
    post_delete.connect(certificate_deleted, sender=Certificate, dispatch_uid=f"{uid}.c_del")
    post_save.connect(membership_saved, sender=Membership, dispatch_uid=f"{uid}.m_save")
    post_delete.connect(membership_deleted, sender=Membership, dispatch_uid=f"{uid}.m_del")
    post_init.connect(participation_loaded, sender=Participation, dispatch_uid=f"{uid}.p_init")
    post_save.connect(participation_saved, sender=Participation, dispatch_uid=f"{uid}.p_save")

    # A region's cached at-risk lists go stale on these writes.
    from django.apps import apps

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
