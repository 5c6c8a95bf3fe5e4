"""Sections of /me/: the user's tasks and milestones, and their events."""

from django.utils import timezone

from coaching import permissions, services
from coaching.models import Event, Plan, Registration, Task


def tasks_section(request) -> dict | None:
    user = request.user
    tasks = list(
        Task.objects.visible_to(user)
        .filter(owner=user)
        .unfinished()
        .select_related("plan__participation__municipality", "module")
        .order_by("due_date")[:20]
    )
    milestones = list(
        services.milestones_for(user)
        .unreached()
        .select_related("plan__participation__municipality")
        .order_by("target_date")[:10]
    )
    manages = permissions.can_apply_templates(user)
    if not tasks and not milestones and not manages and not Plan.objects.visible_to(user).exists():
        return None
    return {
        "template": "coaching/_me_tasks.html",
        "tasks": tasks,
        "milestones": milestones,
        "today": timezone.localdate(),
        "manages": manages,
    }


def events_section(request) -> dict | None:
    user = request.user
    registrations = list(
        Registration.objects.filter(user=user, event__end__gte=timezone.now())
        .exclude(status=Registration.Status.CANCELLED)
        .select_related("event", "event__series")
        .order_by("event__start")[:10]
    )
    services.attach_series_labels([reg.event for reg in registrations])
    upcoming = Event.objects.visible_to(user).upcoming().count()
    return {
        "template": "coaching/_me_events.html",
        "registrations": registrations,
        "upcoming_count": upcoming,
    }
