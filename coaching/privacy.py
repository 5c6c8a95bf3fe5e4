"""This app's part in the export and deletion of personal data (see accounts/privacy.py)."""

from django.utils import timezone

from coaching import services
from coaching.models import (
    CalendarToken,
    Measure,
    Milestone,
    Registration,
    ReminderPreference,
    SentReminder,
    Task,
)


def export(user) -> dict:
    return {
        "event_registrations": [
            {
                "event": registration.event.title,
                "start": registration.event.start,
                "status": registration.status,
                "since": registration.status_since,
                "attended": registration.attended,
            }
            for registration in Registration.objects.filter(user=user).select_related("event")
        ],
        "tasks": [
            {
                "title": task.title,
                "participation": str(task.plan.participation),
                "due_date": task.due_date,
                "status": task.status,
            }
            for task in Task.objects.filter(owner=user).select_related(
                "plan__participation__municipality"
            )
        ],
        "milestones": list(
            Milestone.objects.filter(owner=user).values_list("title", "target_date")
        ),
        "measures_involved_in": list(
            Measure.objects.filter(patrons=user).values_list("title", flat=True)
        ),
        "reminders_switched_off": list(
            ReminderPreference.objects.filter(user=user, enabled=False).values_list(
                "kind", flat=True
            )
        ),
        "reminders_sent": SentReminder.objects.filter(user=user).count(),
        "has_private_calendar_feed": CalendarToken.objects.filter(user=user).exists(),
    }


def erase(user, placeholder=None) -> None:
    """Give up places at coming events so the waiting list moves up; the rest cascades.

    Past registrations (attendance figures) stay with the anonymous placeholder. Tasks and
    milestones stay in their plans without an owner; measures (reported to funders) stay
    without the person.
    """
    if placeholder is not None:
        Registration.objects.filter(user=user, event__start__lte=timezone.now()).update(
            user=placeholder
        )
    upcoming = Registration.objects.filter(user=user, event__start__gt=timezone.now()).exclude(
        status=Registration.Status.CANCELLED
    )
    for registration in upcoming.select_related("event"):
        services.cancel(registration.event, user)
