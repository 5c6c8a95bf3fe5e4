"""A Celery worker for the outbox fault tests that can be killed with SIGKILL and restarted."""

import os
import signal
import subprocess
import sys
import tempfile
import time

from tests.celery_worker import ROOT, test_database_url


class OutboxWorker:
    """``--pool=solo``: the process that claims and sends is the one a ``kill -9`` hits."""

    def __init__(self, sink_port: int, name: str = "outbox"):
        self.sink_port = sink_port
        self.name = name
        self.process: subprocess.Popen | None = None
        self.log = tempfile.NamedTemporaryFile(  # noqa: SIM115 - closed in __exit__
            "w+", prefix="outbox-worker-", suffix=".log", delete=False
        )

    def start(self, timeout: float = 90) -> "OutboxWorker":
        from config.celery import app

        env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "tests.faults.outbox_settings",
            "DATABASE_URL": test_database_url(),
            "OUTBOX_SINK_PORT": str(self.sink_port),
        }
        self.process = subprocess.Popen(
            [
                *(sys.executable, "-m", "celery", "-A", "config", "worker", "--pool=solo"),
                *("--without-heartbeat", "--without-gossip", "--without-mingle"),
                *("--loglevel=WARNING", "-n", f"{self.name}-{os.getpid()}-{time.time_ns()}@%h"),
            ],
            cwd=ROOT,
            env=env,
            stdout=self.log,
            stderr=subprocess.STDOUT,
        )
        app.conf.task_always_eager = False
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"Celery worker exited early ({self.process.returncode})")
            if app.control.ping(timeout=1.0):
                return self
        raise RuntimeError(f"Celery worker did not answer within {timeout} s")

    def output(self) -> str:
        self.log.flush()
        with open(self.log.name, encoding="utf-8", errors="replace") as handle:
            return handle.read()[-4000:]

    def kill(self) -> None:
        """``kill -9``: no cleanup, no acknowledgement, no rollback by the worker itself."""
        if self.process and self.process.poll() is None:
            os.kill(self.process.pid, signal.SIGKILL)
            self.process.wait(timeout=10)

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.process.kill()
        self.process = None

    def __enter__(self) -> "OutboxWorker":
        return self.start()

    def __exit__(self, *exc) -> None:
        self.stop()
        from config.celery import app

        app.conf.task_always_eager = True
        self.log.close()
