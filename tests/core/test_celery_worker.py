"""A real worker takes a task from Redis, runs it against the database and cache, and answers."""

import pytest

from core.tasks import health_probe
from tests.celery_worker import celery_worker, require_broker


@pytest.mark.services
@pytest.mark.django_db(transaction=True)
def test_task_runs_on_a_real_worker():
    require_broker()
    with celery_worker("core"):
        result = health_probe.delay()
        assert result.get(timeout=60) == {"database": "ok", "cache": "ok"}
        assert result.successful()


@pytest.mark.django_db
def test_task_runs_eagerly_without_broker(settings):
    # The embedded default: no broker, the task runs in-process.
    assert health_probe.delay().get(timeout=5) == {"database": "ok", "cache": "ok"}
