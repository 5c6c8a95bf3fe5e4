"""Celery tasks: thin wrappers around ``coaching.reminders``; scheduled in settings."""

from celery import shared_task

from coaching import reminders

# A mail server that is down: try again later (the sent-log keeps it from sending twice).
RETRY = {"autoretry_for": (OSError,), "retry_backoff": True, "max_retries": 5}


@shared_task(name="coaching.send_task_due_reminders", **RETRY)
def send_task_due_reminders() -> int:
    return reminders.send_task_due_reminders()


@shared_task(name="coaching.send_overdue_task_reminders", **RETRY)
def send_overdue_task_reminders() -> int:
    return reminders.send_overdue_task_reminders()


@shared_task(name="coaching.send_milestone_reminders", **RETRY)
def send_milestone_reminders() -> int:
    return reminders.send_milestone_reminders()


@shared_task(name="coaching.send_event_reminders", **RETRY)
def send_event_reminders() -> int:
    return reminders.send_event_reminders()


@shared_task(name="coaching.send_weekly_digests", **RETRY)
def send_weekly_digests() -> int:
    return reminders.send_weekly_digests()
