"""Celery's delivery guarantees as configured: late acks only for idempotent tasks, time limits,
a visibility timeout longer than the longest task, and publishing that gives up at once."""

import pytest
from django.conf import settings

from config.celery import app

PROJECT_PREFIXES = ("core.", "accounts.", "home.", "courses.", "municipalities.", "coaching.")
PROJECT_PREFIXES += ("dashboard.", "outbox.")
# Known not to be safe to run twice: acknowledged on receipt.
NOT_IDEMPOTENT = {
    "municipalities.send_invitation",  # a fresh token and a second mail each run
    "dashboard.export_table",  # a second file and mail
}


def project_tasks():
    app.loader.import_default_modules()
    return {name: task for name, task in app.tasks.items() if name.startswith(PROJECT_PREFIXES)}


def test_every_task_is_audited():
    unknown = set(project_tasks()) - set(settings.IDEMPOTENT_TASKS) - NOT_IDEMPOTENT
    assert not unknown, (
        f"Decide for {sorted(unknown)}: safe to run twice? Then add it to IDEMPOTENT_TASKS in "
        "config/settings/base.py, otherwise to NOT_IDEMPOTENT here."
    )


@pytest.mark.parametrize("name", sorted(project_tasks()))
def test_late_acks_only_for_idempotent_tasks(name):
    task = app.tasks[name]
    idempotent = name in settings.IDEMPOTENT_TASKS
    assert bool(task.acks_late) is idempotent
    assert bool(task.reject_on_worker_lost) is idempotent


def test_time_limits_and_visibility_timeout():
    assert app.conf.task_soft_time_limit < app.conf.task_time_limit
    assert app.tasks["dashboard.rebuild_aggregates"].time_limit == 25 * 60
    longest = max(
        [app.conf.task_time_limit] + [task.time_limit or 0 for task in project_tasks().values()]
    )
    assert app.conf.broker_transport_options["visibility_timeout"] > longest
    assert app.conf.worker_prefetch_multiplier == 1


def test_publishing_never_waits_for_a_dead_broker():
    assert app.conf.task_publish_retry_policy["max_retries"] <= 1
    assert app.conf.task_publish_retry_policy["interval_max"] == 0
    assert app.conf.broker_transport_options["socket_connect_timeout"] <= 1
    assert app.conf.broker_connection_timeout <= 1
    policy = app.conf.result_backend_transport_options["retry_policy"]
    assert policy["max_retries"] <= 1
