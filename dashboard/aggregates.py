"""Keeping the learning aggregates (``dashboard/models.py``) right.

Incremental: every save or delete of a ``ModuleProgress`` or ``Certificate`` adds its change
(+1/-1 per week bucket) to the aggregate rows of every participation its learner belongs to,
with ``F()`` increments in the same transaction as the change itself, so a rollback takes the
aggregate change back too and two concurrent learners never overwrite each other's counts.

From scratch: ``rebuild()`` recomputes the aggregates of some regions (or all) from the
progress table. It runs after a membership or a participation's region or municipality
changes (on commit, once per transaction and region), after ``generate_scale_data`` and as a
repair (``manage.py rebuild_dashboard_aggregates``, Celery task ``rebuild_aggregates``).
Writes that bypass model signals (``QuerySet.update``, ``bulk_create``, raw SQL) need a
rebuild afterwards.
"""

from collections import Counter, defaultdict
from datetime import date, datetime, timedelta
from itertools import islice

from django.db import connection, transaction
from django.db.models import Count, DateField, F, Max, Q
from django.db.models.functions import TruncWeek
from django.utils import timezone

from dashboard.models import (
    CertificateAggregate,
    ModuleActivityAggregate,
    ParticipationActivity,
    ParticipationWeekAggregate,
)

BATCH_SIZE = 5000


def week_of(value) -> date:
    """The Monday of the (local) week of a date or datetime."""
    if isinstance(value, datetime):
        value = timezone.localdate(value) if timezone.is_aware(value) else value.date()
    return value - timedelta(days=value.weekday())


def places_of(user_id) -> list[tuple[int, int, int]]:
    """(participation, region, state) of every membership of the user (one query)."""
    from municipalities.models import Membership

    return list(
        Membership.objects.filter(user_id=user_id).values_list(
            "participation_id", "participation__region_id", "participation__municipality__state_id"
        )
    )


# Incremental -------------------------------------------------------------------------------


def apply_module_deltas(user_id, deltas: dict) -> None:
    """Add ``deltas`` {(course_id, module_id, week): (started, completed)} for each
    membership of the learner."""
    deltas = {key: value for key, value in deltas.items() if any(value)}
    if not deltas:
        return
    memberships = places_of(user_id)
    if not memberships:
        return
    places = Counter((region, state) for _p, region, state in memberships)
    per_course = defaultdict(lambda: (0, 0))
    for (course, _module, week), (started, completed) in deltas.items():
        s, c = per_course[(course, week)]
        per_course[(course, week)] = (s + started, c + completed)
    _apply_participation_deltas(
        [participation for participation, _r, _s in memberships],
        {key: {"started": s, "completed": c} for key, (s, c) in per_course.items()},
    )
    ModuleActivityAggregate.objects.bulk_create(
        [
            ModuleActivityAggregate(
                region_id=region, state_id=state, course_id=course, module_id=module, week=week
            )
            for region, state in places
            for course, module, week in deltas
        ],
        ignore_conflicts=True,
    )
    for (region, state), times in places.items():
        for (_course, module, week), (started, completed) in deltas.items():
            ModuleActivityAggregate.objects.filter(
                region_id=region, state_id=state, module_id=module, week=week
            ).update(
                started=F("started") + started * times,
                completed=F("completed") + completed * times,
            )


def apply_certificate_deltas(user_id, deltas: dict) -> None:
    """Add ``deltas`` {(course_id, week): (issued, revoked)} for each membership."""
    deltas = {key: value for key, value in deltas.items() if any(value) and key[0]}
    if not deltas:
        return
    memberships = places_of(user_id)
    if not memberships:
        return
    places = Counter((region, state) for _p, region, state in memberships)
    _apply_participation_deltas(
        [participation for participation, _r, _s in memberships],
        {key: {"issued": i, "revoked": r} for key, (i, r) in deltas.items()},
    )
    CertificateAggregate.objects.bulk_create(
        [
            CertificateAggregate(region_id=region, state_id=state, course_id=course, week=week)
            for region, state in places
            for course, week in deltas
        ],
        ignore_conflicts=True,
    )
    for (region, state), times in places.items():
        for (course, week), (issued, revoked) in deltas.items():
            CertificateAggregate.objects.filter(
                region_id=region, state_id=state, course_id=course, week=week
            ).update(issued=F("issued") + issued * times, revoked=F("revoked") + revoked * times)


def _apply_participation_deltas(participations, deltas: dict) -> None:
    """Add ``deltas`` {(course_id, week): {field: change}} to each participation's rows."""
    deltas = {key: changes for key, changes in deltas.items() if any(changes.values())}
    if not deltas or not participations:
        return
    ParticipationWeekAggregate.objects.bulk_create(
        [
            ParticipationWeekAggregate(participation_id=participation, course_id=course, week=week)
            for participation in participations
            for course, week in deltas
        ],
        ignore_conflicts=True,
    )
    for (course, week), changes in deltas.items():
        ParticipationWeekAggregate.objects.filter(
            participation_id__in=participations, course_id=course, week=week
        ).update(**{name: F(name) + change for name, change in changes.items()})


def touch_participations(user_id, when=None) -> None:
    """Note learning progress now in every participation of the learner."""
    participations = {participation for participation, _r, _s in places_of(user_id)}
    if not participations:
        return
    when = when or timezone.now()
    ParticipationActivity.objects.bulk_create(
        [
            ParticipationActivity(participation_id=pk, last_progress_at=when)
            for pk in participations
        ],
        update_conflicts=True,
        unique_fields=["participation"],
        update_fields=["last_progress_at"],
    )


def module_contribution(snapshot, sign=1) -> dict:
    """The aggregate contribution of one progress row given as its snapshot tuple."""
    _user, course, module, started_at, completed_at = snapshot
    deltas = defaultdict(lambda: (0, 0))
    if started_at is not None:
        key = (course, module, week_of(started_at))
        s, c = deltas[key]
        deltas[key] = (s + sign, c)
    if completed_at is not None:
        key = (course, module, week_of(completed_at))
        s, c = deltas[key]
        deltas[key] = (s, c + sign)
    return dict(deltas)


def merge(*parts: dict) -> dict:
    total = defaultdict(lambda: (0, 0))
    for part in parts:
        for key, (a, b) in part.items():
            x, y = total[key]
            total[key] = (x + a, y + b)
    return dict(total)


def certificate_contribution(snapshot, sign=1) -> dict:
    _user, course, issued_on, revoked = snapshot
    if course is None or issued_on is None:
        return {}
    return {(course, week_of(issued_on)): (sign, sign if revoked else 0)}


# Rebuilding after membership changes, once per transaction ----------------------------------

_PENDING_ATTR = "_dashboard_pending_regions"


def schedule_region_rebuild(*region_ids) -> None:
    """Rebuild these regions' aggregates when the current transaction commits."""
    region_ids = {pk for pk in region_ids if pk}
    if not region_ids:
        return
    pending = getattr(connection, _PENDING_ATTR, None)
    if pending is not None and connection.in_atomic_block and connection.run_on_commit:
        pending.update(region_ids)
        return
    pending = set(region_ids)
    setattr(connection, _PENDING_ATTR, pending)

    def flush():
        from dashboard.tasks import rebuild_aggregates

        regions = getattr(connection, _PENDING_ATTR, None) or set()
        setattr(connection, _PENDING_ATTR, None)
        rebuild_aggregates.delay(sorted(regions))

    transaction.on_commit(flush)


# From scratch ------------------------------------------------------------------------------


def _progress_rows(region_ids, date_field):
    """(region, state, course, module, week) → count of progress rows, per membership."""
    from courses.models import ModuleProgress

    queryset = ModuleProgress.objects.filter(user__memberships__isnull=False)
    if region_ids is not None:
        queryset = ModuleProgress.objects.filter(
            user__memberships__participation__region_id__in=region_ids
        )
    if date_field == "completed_at":
        queryset = queryset.filter(completed_at__isnull=False)
    return (
        queryset.values(
            region=F("user__memberships__participation__region_id"),
            state=F("user__memberships__participation__municipality__state_id"),
            course_ref=F("course_id"),
            module_ref=F("module_id"),
            bucket=TruncWeek(date_field, output_field=DateField()),
        )
        .annotate(n=Count("pk"))
        .order_by()
    )


def _bulk(model, objects) -> int:
    objects = iter(objects)
    made = 0
    while batch := list(islice(objects, BATCH_SIZE)):
        model.objects.bulk_create(batch)
        made += len(batch)
    return made


def rebuild(region_ids=None) -> dict:
    """Recompute the aggregates of ``region_ids`` (all regions if None); returns row counts."""
    from courses.models import Certificate
    from municipalities.models import Participation

    region_ids = None if region_ids is None else sorted(set(region_ids))
    if region_ids == []:
        return {}
    with transaction.atomic():
        modules = ModuleActivityAggregate.objects.all()
        certificates = CertificateAggregate.objects.all()
        activity = ParticipationActivity.objects.all()
        weeks = ParticipationWeekAggregate.objects.all()
        if region_ids is not None:
            modules = modules.filter(region_id__in=region_ids)
            certificates = certificates.filter(region_id__in=region_ids)
            activity = activity.filter(participation__region_id__in=region_ids)
            weeks = weeks.filter(participation__region_id__in=region_ids)
        for queryset in (modules, certificates, activity, weeks):
            queryset._raw_delete(queryset.db)

        counts = defaultdict(lambda: [None, 0, 0])
        for index, field in ((1, "started_at"), (2, "completed_at")):
            for row in _progress_rows(region_ids, field):
                key = (row["region"], row["state"], row["module_ref"], row["bucket"])
                counts[key][0] = row["course_ref"]
                counts[key][index] += row["n"]
        participation_rows = _rebuild_participation_weeks(region_ids)
        module_rows = _bulk(
            ModuleActivityAggregate,
            (
                ModuleActivityAggregate(
                    region_id=region,
                    state_id=state,
                    module_id=module,
                    week=week,
                    course_id=course,
                    started=started,
                    completed=completed,
                )
                for (region, state, module, week), (course, started, completed) in counts.items()
            ),
        )

        issued = Certificate.objects.filter(course__isnull=False, user__memberships__isnull=False)
        if region_ids is not None:
            issued = Certificate.objects.filter(
                course__isnull=False, user__memberships__participation__region_id__in=region_ids
            )
        certificate_rows = _bulk(
            CertificateAggregate,
            (
                CertificateAggregate(
                    region_id=row["region"],
                    state_id=row["state"],
                    course_id=row["course_ref"],
                    week=week_of(row["issued_on"]),
                    issued=row["issued"],
                    revoked=row["revoked"],
                )
                for row in _certificate_rows(issued)
            ),
        )

        participations = Participation.objects.all()
        if region_ids is not None:
            participations = participations.filter(region_id__in=region_ids)
        latest = defaultdict(list)
        members = "memberships__user__"
        for model_path, fields in (
            ("module_progress__", ("started_at", "completed_at")),
            ("activity_progress__", ("updated_at",)),
        ):
            annotations = {field: Max(f"{members}{model_path}{field}") for field in fields}
            for row in participations.values("pk").annotate(**annotations).order_by():
                latest[row["pk"]] += [row[field] for field in fields if row[field]]
        activity_rows = _bulk(
            ParticipationActivity,
            (
                ParticipationActivity(participation_id=pk, last_progress_at=max(values))
                for pk, values in latest.items()
                if values
            ),
        )
    return {
        "participation_week_rows": participation_rows,
        "module_rows": module_rows,
        "certificate_rows": certificate_rows,
        "activity_rows": activity_rows,
    }


def _certificate_rows(queryset):
    """Certificates per region, state, course and issue date (merged into weeks by caller)."""
    merged = defaultdict(lambda: [0, 0])
    rows = (
        queryset.values(
            region=F("user__memberships__participation__region_id"),
            state=F("user__memberships__participation__municipality__state_id"),
            course_ref=F("course_id"),
            bucket=TruncWeek("issued_on", output_field=DateField()),
        )
        .annotate(issued=Count("pk"), revoked=Count("pk", filter=Q(revoked_at__isnull=False)))
        .order_by()
    )
    for row in rows:
        key = (row["region"], row["state"], row["course_ref"], row["bucket"])
        merged[key][0] += row["issued"]
        merged[key][1] += row["revoked"]
    for (region, state, course, bucket), (issued_count, revoked_count) in merged.items():
        yield {
            "region": region,
            "state": state,
            "course_ref": course,
            "issued_on": bucket,
            "issued": issued_count,
            "revoked": revoked_count,
        }


def _rebuild_participation_weeks(region_ids) -> int:
    """Recompute ``ParticipationWeekAggregate`` (its rows were deleted by the caller)."""
    from courses.models import Certificate, ModuleProgress

    path = "user__memberships__participation"
    totals = defaultdict(lambda: [0, 0, 0, 0])
    progress = ModuleProgress.objects.filter(**{f"{path}__isnull": False})
    certificates = Certificate.objects.filter(course__isnull=False, **{f"{path}__isnull": False})
    if region_ids is not None:
        progress = ModuleProgress.objects.filter(**{f"{path}__region_id__in": region_ids})
        certificates = Certificate.objects.filter(
            course__isnull=False, **{f"{path}__region_id__in": region_ids}
        )
    sources = (
        (0, progress, "started_at", Count("pk")),
        (1, progress.filter(completed_at__isnull=False), "completed_at", Count("pk")),
        (2, certificates, "issued_on", Count("pk")),
        (3, certificates.filter(revoked_at__isnull=False), "issued_on", Count("pk")),
    )
    for index, queryset, field, counter in sources:
        rows = (
            queryset.values(
                participation_ref=F(f"{path}_id"),
                course_ref=F("course_id"),
                bucket=TruncWeek(field, output_field=DateField()),
            )
            .annotate(n=counter)
            .order_by()
        )
        for row in rows.iterator(chunk_size=BATCH_SIZE):
            totals[(row["participation_ref"], row["course_ref"], row["bucket"])][index] += row["n"]
    return _bulk(
        ParticipationWeekAggregate,
        (
            ParticipationWeekAggregate(
                participation_id=participation,
                course_id=course,
                week=week,
                started=started,
                completed=completed,
                issued=issued,
                revoked=revoked,
            )
            for (participation, course, week), (started, completed, issued, revoked) in (
                totals.items()
            )
        ),
    )
