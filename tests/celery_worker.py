"""A real Celery worker process on the configured Redis broker, for the services tests."""

import os
import subprocess
import sys
import time
from contextlib import contextmanager
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection

ROOT = Path(__file__).resolve().parents[1]
IN_CI = os.environ.get("CI", "").lower() in {"1", "true", "yes"}


def require_broker():
    if not settings.CELERY_BROKER_URL:
        message = "CELERY_BROKER_URL is not set: no real Celery worker can run."
        if IN_CI:
            pytest.fail(message)
        pytest.skip(message)


def test_database_url() -> str:
    """The URL of the database the test process uses (pytest-django's test database)."""
    db = connection.settings_dict
    if db["ENGINE"].endswith("sqlite3"):
        if "mode=memory" in str(db["NAME"]) or db["NAME"] == ":memory:":
            pytest.skip("A worker process cannot see the in-memory SQLite test database.")
        return f"sqlite:///{db['NAME']}"
    user = db.get("USER") or ""
    password = f":{db['PASSWORD']}" if db.get("PASSWORD") else ""
    auth = f"{user}{password}@" if user else ""
    return f"postgresql://{auth}{db['HOST']}:{db['PORT']}/{db['NAME']}"


@contextmanager
def celery_worker(name="test"):
    """Start a worker, wait until it answers a ping, and stop it afterwards."""
    from config.celery import app

    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings.test",
        "DATABASE_URL": test_database_url(),
    }
    worker = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "celery",
            "-A",
            "config",
            "worker",
            "--pool=solo",
            "--concurrency=1",
            "--without-heartbeat",
            "--without-gossip",
            "--without-mingle",
            "--loglevel=WARNING",
            "-n",
            f"{name}-{os.getpid()}@%h",
        ],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    previous = app.conf.task_always_eager
    app.conf.task_always_eager = False
    try:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if worker.poll() is not None:
                raise RuntimeError(f"Celery worker exited early:\n{worker.stdout.read()}")
            if app.control.ping(timeout=1.0):
                break
        else:
            raise RuntimeError("Celery worker did not answer within 60 s")
        yield worker
    finally:
        app.conf.task_always_eager = previous
        worker.terminate()
        try:
            worker.wait(timeout=20)
        except subprocess.TimeoutExpired:
            worker.kill()
