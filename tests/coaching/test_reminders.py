"""Reminder jobs: who gets what, each at most once, in their language, unless switched off."""

from datetime import date, time, timedelta
from unittest import mock

import pytest
from django.core import mail
from django.utils import timezone

from coaching import dates, reminders, services, tasks
from coaching.models import ReminderKind, SentReminder, Task
from tests.coaching.factories import EventFactory

pytestmark = pytest.mark.django_db
START = date(2026, 2, 1)


@pytest.fixture
def plan(template, world):
    return services.apply_template(template, [world.own], START).created[0]


def test_task_due_in_three_days_is_sent_once_even_when_the_job_runs_twice(plan, volunteer):
    task = plan.tasks.get(title="Gespräch mit Bürgermeister:in")  # due 8 Feb, volunteer's
    today = task.due_date - timedelta(days=3)
    assert reminders.send_task_due_reminders(today) == 1
    assert reminders.send_task_due_reminders(today) == 0
    assert reminders.send_task_due_reminders(today + timedelta(days=1)) == 0
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == [volunteer.email]
    assert "Gespräch mit Bürgermeister:in" in message.subject
    assert "fällig" in message.subject  # German, the volunteer's language
    assert f"/plans/{plan.pk}/#task-{task.pk}" in message.body
    assert SentReminder.objects.filter(kind=ReminderKind.TASK_DUE).count() == 1


def test_tasks_due_later_or_done_are_not_reminded(plan):
    task = plan.tasks.get(title="Gespräch mit Bürgermeister:in")
    assert reminders.send_task_due_reminders(task.due_date - timedelta(days=4)) == 0
    task.status = Task.Status.DONE
    task.save()
    assert reminders.send_task_due_reminders(task.due_date - timedelta(days=1)) == 0


def test_overdue_reminder_once_per_task_and_due_date(plan, volunteer, regional_manager):
    today = date(2026, 2, 20)  # both phase-1 tasks overdue
    assert reminders.send_overdue_task_reminders(today) == 2
    assert reminders.send_overdue_task_reminders(today + timedelta(days=1)) == 0
    assert {m.to[0] for m in mail.outbox} == {volunteer.email, regional_manager.email}
    # Moved to a new date and overdue again: a new reminder.
    task = plan.tasks.get(owner=volunteer, title="Gespräch mit Bürgermeister:in")
    task.due_date = date(2026, 2, 25)
    task.save()
    assert reminders.send_overdue_task_reminders(date(2026, 2, 26)) == 1


def test_reminders_are_in_the_recipients_language(plan, volunteer):
    volunteer.language = "en"
    volunteer.save()
    reminders.send_overdue_task_reminders(date(2026, 2, 20))
    message = next(m for m in mail.outbox if m.to == [volunteer.email])
    assert message.subject.startswith("[Klimapaten] Overdue:")
    assert "Hello" in message.body


def test_switched_off_kinds_are_not_sent(plan, volunteer, client):
    client.force_login(volunteer)
    kinds = [k for k in ReminderKind.values if k not in ("task_overdue", "weekly_digest")]
    response = client.post("/me/reminders/", {"kinds": kinds})
    assert response.status_code == 302
    assert ReminderKind.TASK_OVERDUE not in reminders.enabled_kinds(volunteer)
    reminders.send_overdue_task_reminders(date(2026, 2, 20))
    assert volunteer.email not in {m.to[0] for m in mail.outbox}
    assert not SentReminder.objects.filter(user=volunteer).exists()


def test_a_failed_send_stays_in_the_outbox_and_goes_out_on_a_later_sweep(plan, volunteer):
    from core.outbox import delivery
    from core.outbox.models import OutboxMessage, OutboxState

    today = date(2026, 2, 20)
    broken = mock.Mock()
    broken.send_messages.side_effect = OSError("mail server down")
    with mock.patch.object(delivery, "transport", return_value=broken):
        assert reminders.send_overdue_task_reminders(today) == 2
    assert not mail.outbox
    assert SentReminder.objects.count() == 2
    waiting = OutboxMessage.objects.filter(state=OutboxState.PENDING)
    assert waiting.count() == 2 and "mail server down" in waiting.first().last_error
    assert reminders.send_overdue_task_reminders(today) == 0  # the job again: nothing new
    waiting.update(next_attempt_at=timezone.now())  # the backoff has passed
    assert delivery.sweep()["sent"] == 2
    assert len(mail.outbox) == 2


def test_milestone_approaching_goes_to_the_volunteers(plan, volunteer):
    # "Ratsbeschluss" is on 1 March (council resolution, offset 0).
    assert reminders.send_milestone_reminders(date(2026, 2, 20)) == 0
    assert reminders.send_milestone_reminders(date(2026, 2, 25)) == 1
    assert reminders.send_milestone_reminders(date(2026, 2, 26)) == 0
    assert mail.outbox[0].to == [volunteer.email]
    assert "Ratsbeschluss" in mail.outbox[0].subject


def test_event_tomorrow_uses_the_local_calendar_day_across_dst(world, volunteer):
    # Sunday 29 March 2026 is the 23-hour day; an event at 00:30 local on Monday 30 March
    # is 22:30 UTC on Sunday, and must count as "tomorrow" from Sunday, not from Saturday.
    early = EventFactory(
        region=world.own_region,
        start=dates.local_datetime(date(2026, 3, 30), time(0, 30)),
        end=dates.local_datetime(date(2026, 3, 30), time(2, 0)),
        registration_opens=None,
    )
    late_sunday = EventFactory(
        region=world.own_region,
        start=dates.local_datetime(date(2026, 3, 29), time(23, 30)),
        end=dates.local_datetime(date(2026, 3, 30), time(0, 15)),
    )
    with mock.patch("django.utils.timezone.now", return_value=timezone.now().replace(2026, 3, 1)):
        services.register(early, volunteer)
        services.register(late_sunday, volunteer)
    assert reminders.send_event_reminders(date(2026, 3, 29)) == 1
    assert early.title in mail.outbox[0].subject
    assert reminders.send_event_reminders(date(2026, 3, 28)) == 1
    assert late_sunday.title in mail.outbox[1].subject
    assert reminders.send_event_reminders(date(2026, 3, 29)) == 0


def test_weekly_digest_once_per_manager_and_week(plan, world, regional_manager, volunteer):
    volunteer.last_login = timezone.now() - timedelta(days=45)
    volunteer.save()
    monday = date(2026, 3, 9)
    EventFactory(
        region=world.own_region,
        title="Regionaltreffen März",
        start=dates.local_datetime(date(2026, 3, 18), time(18, 0)),
        end=dates.local_datetime(date(2026, 3, 18), time(20, 0)),
    )
    sent = reminders.send_weekly_digests(monday)
    assert sent == 1
    assert reminders.send_weekly_digests(monday + timedelta(days=2)) == 0  # same week
    (message,) = [m for m in mail.outbox if m.to == [regional_manager.email]]
    body = message.body
    assert "Gespräch mit Bürgermeister:in" in body  # overdue task
    assert "Ratsbeschluss" in body  # overdue milestone
    assert volunteer.get_full_name() in body  # inactive for 45 days
    assert "Regionaltreffen März" in body  # next week
    assert world.other_manager.email not in {m.to[0] for m in mail.outbox}
    assert reminders.send_weekly_digests(monday + timedelta(days=7)) == 1  # next week again


def test_celery_tasks_run_twice_send_once(plan, settings):
    """The scheduled tasks (eager here) are thin wrappers: twice scheduled, one e-mail."""
    with mock.patch("django.utils.timezone.localdate", return_value=date(2026, 2, 20)):
        first = tasks.send_overdue_task_reminders.delay().get()
        second = tasks.send_overdue_task_reminders.delay().get()
    assert (first, second) == (2, 0)
    assert len(mail.outbox) == 2


def test_beat_schedule_names_every_job(settings):
    names = {entry["task"] for entry in settings.CELERY_BEAT_SCHEDULE.values()}
    assert {
        "coaching.send_task_due_reminders",
        "coaching.send_overdue_task_reminders",
        "coaching.send_milestone_reminders",
        "coaching.send_event_reminders",
        "coaching.send_weekly_digests",
    } <= names


def test_the_weekly_digest_is_offered_to_regional_managers_only(
    client, volunteer, regional_manager
):
    client.force_login(volunteer)
    html = client.get("/me/reminders/").content.decode()
    assert 'value="weekly_digest"' not in html and 'value="task_due"' in html
    client.post("/me/reminders/", {"kinds": ["task_due"]})
    assert reminders.enabled_kinds(volunteer) == {"task_due", "weekly_digest"}
    client.force_login(regional_manager)
    assert 'value="weekly_digest"' in client.get("/me/reminders/").content.decode()


@pytest.mark.django_db(transaction=True)
def test_two_runs_at_the_same_moment_send_once(template, world, volunteer, monkeypatch):
    """Two workers run the same job at once (PostgreSQL): the unique key lets one send.

    The first run waits inside its transaction, key inserted and mail being sent, until the
    second has tried to insert the same key too (it blocks on the unique index, so the wait
    times out); then the first commits and the second gets an IntegrityError and skips.
    """
    import contextlib
    import threading

    from django.db import connection

    if connection.vendor != "postgresql":
        pytest.skip("Concurrent transactions need PostgreSQL (run in CI).")
    services.apply_template(template, [world.own], START)
    task = Task.objects.get(title="Gespräch mit Bürgermeister:in")
    today = task.due_date - timedelta(days=1)
    Task.objects.exclude(pk=task.pk).update(status=Task.Status.DONE)  # one reminder due
    both_inside = threading.Barrier(2)
    real_send = reminders.queue_templated_mail

    def slow_send(*args, **kwargs):
        with contextlib.suppress(threading.BrokenBarrierError):
            both_inside.wait(timeout=2)
        return real_send(*args, **kwargs)

    monkeypatch.setattr(reminders, "queue_templated_mail", slow_send)
    start, sent, errors = threading.Barrier(2), [], []

    def run_job():
        from django.db import connection as thread_connection

        try:
            start.wait(timeout=10)
            sent.append(reminders.send_task_due_reminders(today))
        except Exception as exc:  # pragma: no cover - reported below
            errors.append(exc)
        finally:
            thread_connection.close()

    threads = [threading.Thread(target=run_job) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert not errors
    assert sorted(sent) == [0, 1]
    assert len(mail.outbox) == 1
    assert SentReminder.objects.count() == 1
