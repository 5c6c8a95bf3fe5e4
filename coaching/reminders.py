"""Reminders and digests: what is due, overdue, approaching; each sent at most once.

Every message has a key (``task_due:<task>:<due date>``, ``digest:<user>:<ISO week>`` …).
The key is inserted into ``SentReminder`` and the e-mail queued in the outbox (under the same
key) in one transaction: a second run, a retry or a doubly scheduled job hits the unique key
and queues nothing. The outbox sends it and retries for days if the mail server is down, so a
reminder is never lost to SMTP trouble. Messages are rendered in the recipient's language,
and nobody gets a kind they switched off.
"""

import logging
from datetime import date, timedelta

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone

from accounts.models import User
from accounts.roles import GROUP_NAMES, Role
from coaching import dates
from coaching.models import (
    Event,
    Milestone,
    Registration,
    ReminderKind,
    ReminderPreference,
    SentReminder,
    Task,
)
from core.mail import queue_templated_mail
from municipalities.models import Membership, MembershipRole

logger = logging.getLogger(__name__)

TASK_DUE_DAYS = 3
MILESTONE_DAYS = 7
INACTIVE_DAYS = 30
ACTIVE_PARTICIPATION = ~Q(plan__participation__status="withdrawn")


def reminder_enabled(user, kind: str) -> bool:
    if not user.is_active or not user.email:
        return False
    preference = ReminderPreference.objects.filter(user=user, kind=kind).first()
    return preference is None or preference.enabled


def enabled_kinds(user) -> set[str]:
    switched_off = set(
        ReminderPreference.objects.filter(user=user, enabled=False).values_list("kind", flat=True)
    )
    return set(ReminderKind.values) - switched_off


def set_enabled_kinds(user, kinds, offered=None) -> None:
    """Switch the ``offered`` kinds (default: all) on if in ``kinds``, else off."""
    kinds = set(kinds)
    for kind in offered or ReminderKind.values:
        ReminderPreference.objects.update_or_create(
            user=user, kind=kind, defaults={"enabled": kind in kinds}
        )


def message_context(user, context: dict) -> dict:
    return {"user": user, "base_url": settings.WAGTAILADMIN_BASE_URL.rstrip("/"), **context}


def send_once(key: str, user, kind: str, context: dict) -> bool:
    """Queue one reminder unless it was queued before (or the user switched the kind off)."""
    if not reminder_enabled(user, kind):
        return False
    if SentReminder.objects.filter(key=key).exists():
        return False
    try:
        with transaction.atomic():
            SentReminder.objects.create(key=key, user=user, kind=kind)
            queue_templated_mail(
                f"coaching/email/{kind}",
                [user.email],
                message_context(user, context),
                language=user.language or settings.LANGUAGE_CODE,
                key=f"reminder:{key}",
            )
    except IntegrityError:
        return False  # queued by a concurrent run a moment ago
    logger.info("reminder queued: %s", key)
    return True


def _today(today: date | None) -> date:
    return today or timezone.localdate()


def send_task_due_reminders(today: date | None = None) -> int:
    """Owners of unfinished tasks due within the next three days."""
    today = _today(today)
    tasks = (
        Task.objects.unfinished()
        .filter(ACTIVE_PARTICIPATION, owner__isnull=False)
        .filter(due_date__gte=today, due_date__lte=today + timedelta(days=TASK_DUE_DAYS))
        .select_related("owner", "plan__participation__municipality")
    )
    sent = 0
    for task in tasks:
        key = f"task_due:{task.pk}:{task.due_date.isoformat()}"
        sent += send_once(key, task.owner, ReminderKind.TASK_DUE, {"task": task})
    return sent


def send_overdue_task_reminders(today: date | None = None) -> int:
    """Owners of tasks past their due date (once per task and due date)."""
    today = _today(today)
    tasks = (
        Task.objects.overdue(today)
        .filter(ACTIVE_PARTICIPATION, owner__isnull=False)
        .select_related("owner", "plan__participation__municipality")
    )
    sent = 0
    for task in tasks:
        key = f"task_overdue:{task.pk}:{task.due_date.isoformat()}"
        sent += send_once(key, task.owner, ReminderKind.TASK_OVERDUE, {"task": task})
    return sent


def _milestone_recipients(milestone: Milestone):
    if milestone.owner_id:
        return [milestone.owner]
    return [
        membership.user
        for membership in milestone.plan.participation.memberships.filter(
            role=MembershipRole.VOLUNTEER
        ).select_related("user")
    ]


def send_milestone_reminders(today: date | None = None) -> int:
    """Milestones not reached within the next week: their owner, else the patrons."""
    today = _today(today)
    milestones = (
        Milestone.objects.unreached()
        .filter(ACTIVE_PARTICIPATION)
        .filter(target_date__gte=today, target_date__lte=today + timedelta(days=MILESTONE_DAYS))
        .select_related("owner", "plan__participation__municipality")
    )
    sent = 0
    for milestone in milestones:
        for user in _milestone_recipients(milestone):
            key = f"milestone:{milestone.pk}:{milestone.target_date.isoformat()}:{user.pk}"
            sent += send_once(key, user, ReminderKind.MILESTONE, {"milestone": milestone})
    return sent


def send_event_reminders(today: date | None = None) -> int:
    """Everyone registered for an event that starts tomorrow (local calendar day)."""
    today = _today(today)
    tomorrow = today + timedelta(days=1)
    start, end = dates.day_bounds(tomorrow)
    registrations = Registration.objects.filter(
        status=Registration.Status.REGISTERED, event__start__gte=start, event__start__lt=end
    ).select_related("event", "user")
    sent = 0
    for registration in registrations:
        event = registration.event
        key = f"event:{event.pk}:{registration.user_id}:{tomorrow.isoformat()}"
        sent += send_once(key, registration.user, ReminderKind.EVENT_TOMORROW, {"event": event})
    return sent


def digest_for(manager, today: date) -> dict:
    """What a regional manager's weekly digest holds."""
    overdue_tasks = list(
        Task.objects.managed_by(manager)
        .overdue(today)
        .filter(ACTIVE_PARTICIPATION)
        .select_related("owner", "plan__participation__municipality")
        .order_by("due_date")
    )
    overdue_milestones = list(
        Milestone.objects.managed_by(manager)
        .overdue(today)
        .filter(ACTIVE_PARTICIPATION)
        .select_related("plan__participation__municipality")
        .order_by("target_date")
    )
    cutoff = timezone.now() - timedelta(days=INACTIVE_DAYS)
    inactive = (
        Membership.objects.managed_by(manager)
        .filter(role=MembershipRole.VOLUNTEER, user__is_active=True)
        .filter(
            Q(user__last_login__lt=cutoff)
            | Q(user__last_login__isnull=True, user__date_joined__lt=cutoff)
        )
        .select_related("user", "participation__municipality")
        .order_by("participation__municipality__name", "user__email")
    )
    monday, sunday = dates.next_week(today)
    week_start, _ = dates.day_bounds(monday)
    _, week_end = dates.day_bounds(sunday)
    events = list(
        Event.objects.managed_by(manager)
        .filter(start__gte=week_start, start__lt=week_end)
        .select_related("region")
        .order_by("start")
    )
    return {
        "overdue_tasks": overdue_tasks,
        "overdue_milestones": overdue_milestones,
        "inactive_memberships": list(inactive),
        "events_next_week": events,
        "week_start": monday,
        "week_end": sunday,
    }


def send_weekly_digests(today: date | None = None) -> int:
    """One digest per regional manager and ISO week, if there is anything to say."""
    today = _today(today)
    year, week, _weekday = today.isocalendar()
    managers = User.objects.filter(
        is_active=True,
        groups__name=GROUP_NAMES[Role.REGIONAL_MANAGER],
        managed_regions__isnull=False,
    ).distinct()
    sent = 0
    for manager in managers:
        digest = digest_for(manager, today)
        if not any(
            digest[name]
            for name in (
                "overdue_tasks",
                "overdue_milestones",
                "inactive_memberships",
                "events_next_week",
            )
        ):
            continue
        key = f"digest:{manager.pk}:{year}-W{week:02d}"
        sent += send_once(key, manager, ReminderKind.WEEKLY_DIGEST, digest)
    return sent


def notify_waitlist_promotion(registration_id: int) -> bool:
    registration = (
        Registration.objects.filter(pk=registration_id, status=Registration.Status.REGISTERED)
        .select_related("event", "user")
        .first()
    )
    if registration is None:
        return False
    key = f"waitlist:{registration.pk}:{registration.status_since.isoformat()}"
    return send_once(key, registration.user, ReminderKind.WAITLIST, {"event": registration.event})
