"""Keeping the learning aggregates (``dashboard/models.py``) right.

Following events: the actions of ``courses`` and ``municipalities`` send domain events; the
receivers in ``dashboard/signals.py`` only queue an ``AggregateEvent`` row in the learner's
transaction (an insert into an append-only table: no aggregate row is read, locked or written
on the learner's request, so learners never wait on or deadlock over them). ``drain()`` applies
the queue: it works out which aggregate rows the events touched (participation × course ×
week, region × state × module × week, …) and recomputes exactly those rows from the progress
tables, then upserts them in one fixed key order. Recomputing instead of adding deltas makes
an event safe to apply twice, late or out of order, whatever happened to memberships in
between, and needs no snapshot of what a row looked like before. One drainer runs at a time
(a PostgreSQL advisory lock). Beat drains every few seconds; with eager Celery (no broker:
development, tests) the queue is applied at once, in the sender's transaction.

A new membership recomputes only what its learner's progress touches in that participation
(no region rebuild); a participation moving to another region or municipality recomputes the
two regions.

From scratch: ``rebuild()`` recomputes the aggregates of some regions (or all) from the
progress table, after ``generate_scale_data`` and as the nightly repair for writes that bypass
the actions (``QuerySet.update``, ``bulk_create``, raw SQL, imports): ``manage.py
rebuild_dashboard_aggregates``, Celery task ``rebuild_aggregates``. ``differences()`` (and
``manage.py check_dashboard_aggregates``) compares the live aggregates with a fresh rebuild.
"""

import logging
from collections import defaultdict
from datetime import date, datetime, time, timedelta
from itertools import islice

from django.conf import settings
from django.db import connection, transaction
from django.db.models import Count, DateField, F, Max, Q
from django.db.models.functions import TruncWeek
from django.utils import timezone

from courses.models import Certificate, ModuleProgress
from dashboard.models import (
    AggregateEvent,
    CertificateAggregate,
    ModuleActivityAggregate,
    ParticipationActivity,
    ParticipationWeekAggregate,
)
from municipalities.models import Membership, Participation

logger = logging.getLogger(__name__)

BATCH_SIZE = 5000
DRAIN_BATCH = 500
# pg_advisory_xact_lock key of the aggregate writers (drain and rebuild): "dashagg".
LOCK_KEY = 0x64617368616767


def week_of(value) -> date:
    """The Monday of the (local) week of a date or datetime."""
    if isinstance(value, datetime):
        value = timezone.localdate(value) if timezone.is_aware(value) else value.date()
    return value - timedelta(days=value.weekday())


def places_of(user_id) -> list[tuple[int, int, int]]:
    """(participation, region, state) of every membership of the user (one query)."""
    return list(
        Membership.objects.filter(user_id=user_id).values_list(
            "participation_id", "participation__region_id", "participation__municipality__state_id"
        )
    )


def _lock(wait: bool) -> bool:
    """Serialise the aggregate writers for the current transaction (PostgreSQL; SQLite
    serialises writers by itself)."""
    if connection.vendor != "postgresql":
        return True
    with connection.cursor() as cursor:
        if wait:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [LOCK_KEY])
            return True
        cursor.execute("SELECT pg_try_advisory_xact_lock(%s)", [LOCK_KEY])
        return bool(cursor.fetchone()[0])


# Queueing (in the learner's transaction) ---------------------------------------------------


def queue(
    kind,
    *,
    user_id=None,
    participation_id=None,
    course_id=None,
    module_id=None,
    weeks=(),
    regions=(),
) -> None:
    """Queue one event for the aggregates in the current transaction."""
    AggregateEvent.objects.create(
        kind=kind,
        user_id=user_id,
        participation_id=participation_id,
        course_id=course_id,
        module_id=module_id,
        weeks=sorted({str(week) for week in weeks}),
        regions=sorted({region for region in regions if region}),
    )
    _drain_after_commit()


def _drain_after_commit() -> None:
    """With a worker, beat drains the queue and nothing on the request path talks to the
    broker. Without one (eager Celery: development, the test suite) nobody else would, so the
    queue is applied at once, in the same transaction (a rollback takes it back too)."""
    if settings.CELERY_TASK_ALWAYS_EAGER:
        drain()


def drain_quietly() -> None:
    try:
        drain()
    except Exception:  # the queue stays; the next drain (or the nightly rebuild) applies it
        logger.exception("Could not apply the queued aggregate events")


# Applying the queue ------------------------------------------------------------------------


def drain(batch_size: int = DRAIN_BATCH) -> int:
    """Apply and delete the queued events; returns how many were applied. Returns at once
    if another drain holds the lock (it will apply what is queued)."""
    applied = 0
    while True:
        with transaction.atomic():
            if not _lock(wait=False):
                return applied
            events = list(
                AggregateEvent.objects.select_for_update(skip_locked=True).order_by("pk")[
                    :batch_size
                ]
            )
            if not events:
                return applied
            apply_events(events)
            AggregateEvent.objects.filter(pk__in=[event.pk for event in events]).delete()
        applied += len(events)


def _week_list(event) -> list[date]:
    return [date.fromisoformat(week) for week in event.weeks]


def apply_events(events) -> None:
    """Recompute every aggregate row the events touched (inside the drain's transaction)."""
    Kind = AggregateEvent.Kind
    progress, certificates = defaultdict(set), defaultdict(set)
    active, joined, regions = set(), set(), set()
    module_course = {}
    for event in events:
        if event.kind == Kind.PROGRESS:
            module_course[event.module_id] = event.course_id
            for week in _week_list(event):
                progress[event.user_id].add((event.course_id, event.module_id, week))
            active.add(event.user_id)
        elif event.kind == Kind.CERTIFICATE and event.course_id:
            for week in _week_list(event):
                certificates[event.user_id].add((event.course_id, week))
        elif event.kind == Kind.ACTIVITY:
            active.add(event.user_id)
        elif event.kind == Kind.MEMBERSHIP:
            joined.add((event.user_id, event.participation_id))
        elif event.kind == Kind.PLACE:
            regions.update(event.regions)
    if regions:
        rebuild(sorted(regions))

    users = set(progress) | set(certificates) | active
    places = defaultdict(set)
    for user, participation, region, state in Membership.objects.filter(
        user_id__in=users
    ).values_list(
        "user_id",
        "participation_id",
        "participation__region_id",
        "participation__municipality__state_id",
    ):
        places[user].add((participation, region, state))
    # A membership event counts the participation whether or not the membership still
    # exists: a removed one must stop counting there.
    joined_places = {
        pk: (pk, region, state)
        for pk, region, state in Participation.objects.filter(
            pk__in={participation for _user, participation in joined}
        ).values_list("pk", "region_id", "municipality__state_id")
    }
    for user, participation in joined:
        if participation in joined_places:
            places[("joined", user)].add(joined_places[participation])

    week_keys, module_keys, certificate_keys, activity_keys = set(), set(), set(), set()
    for user, keys in progress.items():
        for participation, region, state in places[user]:
            activity_keys.add(participation)
            for course, module, week in keys:
                week_keys.add((participation, course, week))
                module_keys.add((region, state, module, week))
    for user, keys in certificates.items():
        for participation, region, state in places[user]:
            for course, week in keys:
                week_keys.add((participation, course, week))
                certificate_keys.add((region, state, course, week))
    for user in active:
        activity_keys.update(participation for participation, _r, _s in places[user])

    joined_users = {user for user, participation in joined if participation in joined_places}
    if joined_users:
        rows = ModuleProgress.objects.filter(user_id__in=joined_users).values_list(
            "user_id", "course_id", "module_id", "started_at", "completed_at"
        )
        for user, course, module, started_at, completed_at in rows:
            module_course[module] = course
            for participation, region, state in places[("joined", user)]:
                activity_keys.add(participation)
                for moment in (started_at, completed_at):
                    if moment is not None:
                        week = week_of(moment)
                        week_keys.add((participation, course, week))
                        module_keys.add((region, state, module, week))
        rows = Certificate.objects.filter(
            user_id__in=joined_users, course__isnull=False
        ).values_list("user_id", "course_id", "issued_on")
        for user, course, issued_on in rows:
            for participation, region, state in places[("joined", user)]:
                week_keys.add((participation, course, week_of(issued_on)))
                certificate_keys.add((region, state, course, week_of(issued_on)))
        for user in joined_users:
            activity_keys.update(p for p, _r, _s in places[("joined", user)])

    recompute_participation_weeks(week_keys)
    recompute_module_weeks(module_keys)
    recompute_certificate_weeks(certificate_keys)
    recompute_activity(activity_keys)


def _moments(field, weeks):
    """A filter for ``field`` (a datetime) in the local weeks ``weeks``."""
    first, last = min(weeks), max(weeks) + timedelta(days=7)
    return {
        f"{field}__gte": timezone.make_aware(datetime.combine(first, time.min)),
        f"{field}__lt": timezone.make_aware(datetime.combine(last, time.min)),
    }


def _store(model, keys, values, key_fields, value_fields, extra=None):
    """Upsert the rows of ``keys`` with ``values`` (absent: delete the row), in key order."""
    keys = sorted(keys)
    rows, empty = [], []
    for key in keys:
        found = values.get(key)
        if found is None or not any(found):
            empty.append(key)
            continue
        fields = dict(zip(key_fields, key, strict=True))
        fields.update(zip(value_fields, found, strict=True))
        if extra:
            fields.update(extra(key))
        rows.append(model(**fields))
    if rows:
        update_fields = list(value_fields) + (list(extra(keys[0])) if extra else [])
        model.objects.bulk_create(
            rows,
            update_conflicts=True,
            unique_fields=[name.removesuffix("_id") for name in key_fields],
            update_fields=[name.removesuffix("_id") for name in update_fields],
        )
    for key in empty:
        model.objects.filter(**dict(zip(key_fields, key, strict=True))).delete()


def recompute_participation_weeks(keys) -> None:
    """(participation, course, week) rows, from the members' progress and certificates."""
    if not keys:
        return
    participations = {key[0] for key in keys}
    courses = {key[1] for key in keys}
    weeks = {key[2] for key in keys}
    path = "user__memberships__participation"
    progress = ModuleProgress.objects.filter(
        **{f"{path}_id__in": participations}, course_id__in=courses
    )
    issued = Certificate.objects.filter(
        **{f"{path}_id__in": participations},
        course_id__in=courses,
        issued_on__gte=min(weeks),
        issued_on__lt=max(weeks) + timedelta(days=7),
    )
    sources = (
        (0, progress.filter(**_moments("started_at", weeks)), "started_at"),
        (1, progress.filter(**_moments("completed_at", weeks)), "completed_at"),
        (2, issued, "issued_on"),
        (3, issued.filter(revoked_at__isnull=False), "issued_on"),
    )
    totals = defaultdict(lambda: [0, 0, 0, 0])
    for index, queryset, field in sources:
        rows = (
            queryset.values(
                participation_ref=F(f"{path}_id"),
                course_ref=F("course_id"),
                bucket=TruncWeek(field, output_field=DateField()),
            )
            .annotate(n=Count("pk"))
            .order_by()
        )
        for row in rows:
            key = (row["participation_ref"], row["course_ref"], _as_date(row["bucket"]))
            if key in keys:
                totals[key][index] += row["n"]
    _store(
        ParticipationWeekAggregate,
        keys,
        totals,
        ("participation_id", "course_id", "week"),
        ("started", "completed", "issued", "revoked"),
    )


def recompute_module_weeks(keys) -> None:
    """(region, state, module, week) rows, from the progress of the regions' members."""
    if not keys:
        return
    regions = {key[0] for key in keys}
    modules = {key[2] for key in keys}
    weeks = {key[3] for key in keys}
    path = "user__memberships__participation"
    base = ModuleProgress.objects.filter(
        **{f"{path}__region_id__in": regions}, module_id__in=modules
    )
    totals = defaultdict(lambda: [0, 0])
    courses = {}
    for index, field in ((0, "started_at"), (1, "completed_at")):
        rows = (
            base.filter(**_moments(field, weeks))
            .values(
                region=F(f"{path}__region_id"),
                state=F(f"{path}__municipality__state_id"),
                module_ref=F("module_id"),
                course_ref=F("course_id"),
                bucket=TruncWeek(field, output_field=DateField()),
            )
            .annotate(n=Count("pk"))
            .order_by()
        )
        for row in rows:
            key = (row["region"], row["state"], row["module_ref"], _as_date(row["bucket"]))
            if key in keys:
                totals[key][index] += row["n"]
                courses[key] = row["course_ref"]
    _store(
        ModuleActivityAggregate,
        keys,
        totals,
        ("region_id", "state_id", "module_id", "week"),
        ("started", "completed"),
        extra=lambda key: {"course_id": courses.get(key)},
    )


def recompute_certificate_weeks(keys) -> None:
    """(region, state, course, week) rows, from the certificates of the regions' members."""
    if not keys:
        return
    regions = {key[0] for key in keys}
    courses = {key[2] for key in keys}
    weeks = {key[3] for key in keys}
    path = "user__memberships__participation"
    rows = (
        Certificate.objects.filter(
            **{f"{path}__region_id__in": regions},
            course_id__in=courses,
            issued_on__gte=min(weeks),
            issued_on__lt=max(weeks) + timedelta(days=7),
        )
        .values(
            region=F(f"{path}__region_id"),
            state=F(f"{path}__municipality__state_id"),
            course_ref=F("course_id"),
            bucket=TruncWeek("issued_on", output_field=DateField()),
        )
        .annotate(issued=Count("pk"), revoked=Count("pk", filter=Q(revoked_at__isnull=False)))
        .order_by()
    )
    totals = defaultdict(lambda: [0, 0])
    for row in rows:
        key = (row["region"], row["state"], row["course_ref"], _as_date(row["bucket"]))
        if key in keys:
            totals[key][0] += row["issued"]
            totals[key][1] += row["revoked"]
    _store(
        CertificateAggregate,
        keys,
        totals,
        ("region_id", "state_id", "course_id", "week"),
        ("issued", "revoked"),
    )


def _latest_progress(participations) -> dict:
    """participation → time of its members' latest learning progress."""
    latest = defaultdict(list)
    members = "memberships__user__"
    for model_path, fields in (
        ("module_progress__", ("started_at", "completed_at")),
        ("activity_progress__", ("updated_at",)),
    ):
        annotations = {field: Max(f"{members}{model_path}{field}") for field in fields}
        for row in participations.values("pk").annotate(**annotations).order_by():
            latest[row["pk"]] += [row[field] for field in fields if row[field]]
    return {pk: max(values) for pk, values in latest.items() if values}


def recompute_activity(participations) -> None:
    if not participations:
        return
    latest = _latest_progress(Participation.objects.filter(pk__in=participations))
    _store(
        ParticipationActivity,
        {(pk,) for pk in participations},
        {(pk,): (moment,) for pk, moment in latest.items()},
        ("participation_id",),
        ("last_progress_at",),
    )


def _as_date(value) -> date:
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, str):
        return date.fromisoformat(value[:10])
    return value


# From scratch ------------------------------------------------------------------------------


def _progress_rows(region_ids, date_field):
    """(region, state, course, module, week) → count of progress rows, per membership."""
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
    region_ids = None if region_ids is None else sorted(set(region_ids))
    if region_ids == []:
        return {}
    with transaction.atomic():
        _lock(wait=True)
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
        latest = _latest_progress(participations)
        activity_rows = _bulk(
            ParticipationActivity,
            (
                ParticipationActivity(participation_id=pk, last_progress_at=moment)
                for pk, moment in latest.items()
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


# Checking ----------------------------------------------------------------------------------


def live_figures() -> dict:
    """The aggregate tables without empty rows, comparable with a rebuild."""
    return {
        "module weeks": {
            (r.region_id, r.state_id, r.module_id, r.week): (r.course_id, r.started, r.completed)
            for r in ModuleActivityAggregate.objects.all()
            if r.started or r.completed
        },
        "certificate weeks": {
            (r.region_id, r.state_id, r.course_id, r.week): (r.issued, r.revoked)
            for r in CertificateAggregate.objects.all()
            if r.issued or r.revoked
        },
        "participation weeks": {
            (r.participation_id, r.course_id, r.week): (r.started, r.completed, r.issued, r.revoked)
            for r in ParticipationWeekAggregate.objects.all()
            if r.started or r.completed or r.issued or r.revoked
        },
        "participation activity": {
            (r.participation_id,): (r.last_progress_at,)
            for r in ParticipationActivity.objects.all()
        },
    }


def differences(*, drain_first: bool = True) -> dict[str, list]:
    """Compare the live aggregates with a fresh rebuild (rolled back, nothing changes):
    {table: [(key, live, rebuilt), …]} for every row that differs; empty if all agree.

    With ``drain_first`` the queued events are applied first (a check right after a burst of
    learning would otherwise report the queue).
    """
    if drain_first:
        drain()
    with transaction.atomic():
        _lock(wait=True)
        live = live_figures()
        rebuild()
        fresh = live_figures()
        transaction.set_rollback(True)
    found = {}
    for table, rows in live.items():
        other = fresh[table]
        diff = [
            (key, rows.get(key), other.get(key))
            for key in sorted(set(rows) | set(other), key=str)
            if rows.get(key) != other.get(key)
        ]
        if diff:
            found[table] = diff
    return found
