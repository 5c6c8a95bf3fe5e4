"""A reminder job on a real Celery worker and Redis (CI): twice sent, one e-mail logged."""

from datetime import date, timedelta

import pytest

from coaching import services, tasks
from coaching.models import SentReminder
from tests.celery_worker import celery_worker, require_broker


@pytest.mark.services
@pytest.mark.django_db(transaction=True)
def test_overdue_reminders_run_on_a_real_worker_and_send_once(template, world, volunteer):
    require_broker()
    # Plan started long enough ago that the first phase's tasks are overdue today.
    start = date.today() - timedelta(days=60)
    plan = services.apply_template(template, [world.own], start).created[0]
    overdue = plan.tasks.overdue(date.today()).filter(owner__isnull=False)
    expected = overdue.count()
    assert expected >= 2
    with celery_worker("coaching"):
        first = tasks.send_overdue_task_reminders.delay()
        assert first.get(timeout=60) == expected
        second = tasks.send_overdue_task_reminders.delay()
        assert second.get(timeout=60) == 0
    assert SentReminder.objects.filter(kind="task_overdue").count() == expected
    assert (
        SentReminder.objects.filter(user=volunteer).count()
        == overdue.filter(owner=volunteer).count()
    )
