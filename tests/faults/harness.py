"""Processes for the fault tests: free ports, a private Redis and PostgreSQL, gunicorn, a Celery
worker and an SMTP sink — all on 127.0.0.1, each stopped by its context manager, every wait
bounded.

The web and worker processes run under ``config.settings.production`` (what an operator runs),
pointed at services the test may stop and start again.
"""

import contextlib
import glob
import html
import mailbox
import os
import re
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
IN_CI = os.environ.get("CI", "").lower() in {"1", "true", "yes"}
HOST = "127.0.0.1"


def require(condition: bool, message: str) -> None:
    """Skip loudly without a service; under CI=true a missing service fails the test."""
    if condition:
        return
    if IN_CI:
        pytest.fail(message)
    print(f"\n\n*** SKIPPING FAULT TEST: {message} ***\n")
    pytest.skip(message)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind((HOST, 0))
        return sock.getsockname()[1]


def wait_for(predicate, timeout: float, what: str, interval: float = 0.2, log=None):
    """Poll until ``predicate()`` is true; on timeout fail with the tail of ``log`` (an Output)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(interval)
    tail = f"\n--- log ---\n{log.text[-6000:]}" if log is not None else ""
    raise AssertionError(f"Timed out after {timeout:.0f} s waiting for {what}{tail}")


def port_open(port: int) -> bool:
    with socket.socket() as sock:
        sock.settimeout(0.2)
        return sock.connect_ex((HOST, port)) == 0


class Output:
    """Collect a child's output in a thread so its pipe never fills up."""

    def __init__(self, process: subprocess.Popen):
        self.lines: list[str] = []
        self._thread = threading.Thread(target=self._read, args=(process,), daemon=True)
        self._thread.start()

    def _read(self, process):
        for line in process.stdout:
            self.lines.append(line)

    @property
    def text(self) -> str:
        return "".join(self.lines)


def stop_process(process: subprocess.Popen, timeout: float = 15) -> None:
    if process.poll() is not None:
        return
    process.terminate()
    try:
        process.wait(timeout=timeout)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait(timeout=5)


# Redis ----------------------------------------------------------------------------------------


class RedisServer:
    """A private ``redis-server`` on its own port that a test may stop and start again."""

    def __init__(self, port: int | None = None):
        require(bool(shutil.which("redis-server")), "redis-server is not installed")
        self.port = port or free_port()
        self.dir = tempfile.mkdtemp(prefix="klimapaten-redis-")
        self.process: subprocess.Popen | None = None

    def url(self, db: int = 0) -> str:
        return f"redis://{HOST}:{self.port}/{db}"

    def start(self) -> None:
        self.process = subprocess.Popen(
            [
                "redis-server",
                "--bind",
                HOST,
                "--port",
                str(self.port),
                "--save",
                "",
                "--appendonly",
                "no",
                "--dir",
                self.dir,
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        wait_for(lambda: port_open(self.port), 20, f"redis-server on port {self.port}")

    def stop(self) -> None:
        if self.process is not None:
            stop_process(self.process)
            self.process = None
        wait_for(lambda: not port_open(self.port), 10, "redis-server to stop")

    def close(self) -> None:
        self.stop()
        shutil.rmtree(self.dir, ignore_errors=True)


@contextlib.contextmanager
def redis_server():
    server = RedisServer()
    server.start()
    try:
        yield server
    finally:
        server.close()


# PostgreSQL -----------------------------------------------------------------------------------


def pg_bin() -> Path | None:
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin"), key=lambda p: int(p.split("/")[-2]))
    if found:
        return Path(found[-1])
    initdb = shutil.which("initdb")
    return Path(initdb).parent if initdb else None


def as_postgres(args: list[str]) -> list[str]:
    """PostgreSQL refuses to run as root: run its tools as the postgres user then."""
    if os.geteuid() == 0:
        return ["runuser", "-u", "postgres", "--", *args]
    return args


class PostgresCluster:
    """A private PostgreSQL cluster (as ``.ci/services.sh`` starts one) on its own port, so a
    test may restart it without disturbing the rest of the suite."""

    def __init__(self):
        self.bin = pg_bin()
        require(self.bin is not None, "PostgreSQL server binaries (initdb) are not installed")
        self.port = free_port()
        self.dir = Path(tempfile.mkdtemp(prefix="klimapaten-pg-"))
        self.data = self.dir / "data"
        if os.geteuid() == 0:
            shutil.chown(self.dir, "postgres", "postgres")

    def tool(self, name: str) -> str:
        return str(self.bin / name)

    def run(self, *args: str, timeout: float = 120, check: bool = True):
        result = subprocess.run(
            as_postgres([*args]), capture_output=True, text=True, timeout=timeout, cwd=self.dir
        )
        if check and result.returncode != 0:
            raise AssertionError(f"{' '.join(args)} failed:\n{result.stdout}\n{result.stderr}")
        return result

    def init(self) -> None:
        self.run(
            self.tool("initdb"),
            "-D",
            str(self.data),
            "-U",
            "postgres",
            "-A",
            "trust",
            "--no-sync",
            "-E",
            "UTF8",
            "--locale=C.UTF-8",
        )

    def start(self) -> None:
        options = (
            f"-c listen_addresses={HOST} -p {self.port} -k {self.dir} -c fsync=off "
            "-c synchronous_commit=off -c full_page_writes=off -c max_connections=50"
        )
        self.run(
            self.tool("pg_ctl"),
            "-D",
            str(self.data),
            "-l",
            str(self.dir / "server.log"),
            "-w",
            "-t",
            "60",
            "-o",
            options,
            "start",
        )

    def stop(self, mode: str = "fast") -> None:
        self.run(self.tool("pg_ctl"), "-D", str(self.data), "-m", mode, "-w", "stop", check=False)

    def url(self, database: str) -> str:
        return f"postgresql://postgres@{HOST}:{self.port}/{database}"

    def libpq_env(self, database: str) -> dict:
        """The standard libpq variables the documented backup commands use."""
        return {
            **os.environ,
            "PGHOST": HOST,
            "PGPORT": str(self.port),
            "PGUSER": "postgres",
            "PGDATABASE": database,
            "PATH": f"{self.bin}{os.pathsep}{os.environ.get('PATH', '')}",
        }

    def query(self, database: str, sql: str, *params):
        import psycopg

        with psycopg.connect(self.url(database), connect_timeout=5) as conn:
            return conn.execute(sql, params).fetchall()

    def close(self) -> None:
        self.stop("immediate")
        shutil.rmtree(self.dir, ignore_errors=True)


@contextlib.contextmanager
def postgres_cluster():
    cluster = PostgresCluster()
    cluster.init()
    cluster.start()
    try:
        yield cluster
    finally:
        cluster.close()


# SMTP sink ------------------------------------------------------------------------------------


class SmtpSink:
    """aiosmtpd (from the dev dependencies) storing every message it accepts in a Maildir."""

    def __init__(self):
        require(_importable("aiosmtpd"), "aiosmtpd is not installed (pip install -e '.[dev]')")
        self.port = free_port()
        self.dir = tempfile.mkdtemp(prefix="klimapaten-smtp-")
        self.maildir = os.path.join(self.dir, "Maildir")
        self.process: subprocess.Popen | None = None

    @property
    def url(self) -> str:
        return f"smtp://{HOST}:{self.port}"

    def start(self) -> None:
        self.process = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "aiosmtpd",
                "-n",
                "-l",
                f"{HOST}:{self.port}",
                "-c",
                "aiosmtpd.handlers.Mailbox",
                self.maildir,
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        wait_for(lambda: port_open(self.port), 20, f"the SMTP sink on port {self.port}")

    def messages(self) -> list:
        if not os.path.isdir(self.maildir):
            return []
        return list(mailbox.Maildir(self.maildir, create=False))

    def stop(self) -> None:
        if self.process is not None:
            stop_process(self.process)
            self.process = None

    def close(self) -> None:
        self.stop()
        shutil.rmtree(self.dir, ignore_errors=True)


@contextlib.contextmanager
def smtp_sink():
    sink = SmtpSink()
    sink.start()
    try:
        yield sink
    finally:
        sink.close()


def _importable(name: str) -> bool:
    import importlib.util

    return importlib.util.find_spec(name) is not None


# The platform's processes -------------------------------------------------------------------


def production_env(
    *,
    database_url: str,
    redis_url: str,
    broker_url: str,
    email_url: str,
    static_root: str,
    media_root: str | None = None,
    **extra: str,
) -> dict:
    """The environment an operator gives gunicorn and the worker, pointed at test services."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "CELERY_"))}
    env.update(
        {
            "DJANGO_SETTINGS_MODULE": "config.settings.production",
            "DJANGO_SECRET_KEY": secrets.token_urlsafe(50),
            "ALLOWED_HOSTS": f"{HOST},localhost",
            "DATABASE_URL": database_url,
            "REDIS_URL": redis_url,
            "CELERY_BROKER_URL": broker_url,
            "CELERY_RESULT_BACKEND": broker_url,
            "EMAIL_URL": email_url,
            "STATIC_ROOT": static_root,
            "MEDIA_ROOT": media_root or f"{static_root.rstrip('/')}-media",
            "SECURE_SSL_REDIRECT": "false",
            "LOG_LEVEL": "WARNING",
            "PYTHONUNBUFFERED": "1",
        }
    )
    env.update(extra)
    return env


def collectstatic(env: dict) -> None:
    """The manifest storage of production needs collected static files before pages render."""
    result = subprocess.run(
        [sys.executable, "manage.py", "collectstatic", "--noinput"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stderr


def manage(env: dict, *args: str, timeout: float = 600) -> str:
    result = subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=timeout,
    )
    assert result.returncode == 0, f"manage.py {' '.join(args)} failed:\n{result.stderr}"
    return result.stdout


class Gunicorn:
    def __init__(self, env: dict, workers: int = 2):
        self.env = env
        self.port = free_port()
        self.base_url = f"http://{HOST}:{self.port}"
        self.process = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "gunicorn",
                "config.wsgi",
                "--bind",
                f"{HOST}:{self.port}",
                "--workers",
                str(workers),
                "--timeout",
                "60",
                "--graceful-timeout",
                "5",
            ],
            cwd=ROOT,
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
        )
        self.output = Output(self.process)

    def wait_ready(self, timeout: float = 90) -> None:
        def answers():
            if self.process.poll() is not None:
                raise AssertionError(f"gunicorn exited:\n{self.output.text}")
            try:
                urllib.request.urlopen(f"{self.base_url}/healthz", timeout=5)
            except urllib.error.HTTPError:
                return True  # it answers, even if unhealthy
            except OSError:
                return False
            return True

        wait_for(answers, timeout, "gunicorn to answer /healthz")


@contextlib.contextmanager
def gunicorn(env: dict, workers: int = 2):
    server = Gunicorn(env, workers)
    try:
        server.wait_ready()
        yield server
    finally:
        stop_process(server.process)


class CeleryWorker:
    def __init__(self, env: dict, name: str = "faults"):
        self.env = env
        self.process = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "celery",
                "-A",
                "config",
                "worker",
                "--pool=prefork",
                "--concurrency=1",
                "--without-heartbeat",
                "--without-gossip",
                "--without-mingle",
                "--loglevel=INFO",
                "-n",
                f"{name}-{os.getpid()}-{free_port()}@%h",
            ],
            cwd=ROOT,
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
            start_new_session=True,  # its own process group, so kill() reaches the pool too
        )
        self.output = Output(self.process)

    def wait_ready(self, timeout: float = 90) -> None:
        def ready():
            if self.process.poll() is not None:
                raise AssertionError(f"Celery worker exited:\n{self.output.text}")
            return " ready." in self.output.text

        wait_for(ready, timeout, "the Celery worker to be ready")

    def kill(self) -> None:
        """``kill -9`` the whole worker (main process and pool children)."""
        with contextlib.suppress(ProcessLookupError):
            os.killpg(os.getpgid(self.process.pid), signal.SIGKILL)
        self.process.wait(timeout=10)


@contextlib.contextmanager
def celery_worker(env: dict, name: str = "faults"):
    worker = CeleryWorker(env, name)
    try:
        worker.wait_ready()
        yield worker
    finally:
        stop_process(worker.process, timeout=20)


def send_task(broker_url: str, name: str, *args) -> None:
    """Publish a task by name the way beat does, on the given broker. A bare Celery app in a
    child process: Celery prefers the CELERY_BROKER_URL environment variable to any argument,
    and the test process's own points at the suite's broker."""
    code = (
        "import sys; from celery import Celery; "
        "Celery('faults').send_task(sys.argv[1], args=sys.argv[2:], ignore_result=True)"
    )
    env = {k: v for k, v in os.environ.items() if not k.startswith("CELERY_")}
    env["CELERY_BROKER_URL"] = broker_url
    result = subprocess.run(
        [sys.executable, "-c", code, name, *map(str, args)],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr


def mail_sweeps() -> list[str]:
    """The beat entries that (re)send mail: today the certificate retry; after the outbox merge
    the outbox sweep, whose entries start with "outbox"."""
    from django.conf import settings

    return [
        entry["task"]
        for key, entry in settings.CELERY_BEAT_SCHEDULE.items()
        if key.startswith("outbox") or key == "courses-retry-unsent-certificates"
    ]


def run_mail_sweeps(env: dict) -> None:
    """Do what beat does every few minutes, now: publish the mail sweeps."""
    for task in mail_sweeps():
        send_task(env["CELERY_BROKER_URL"], task)


# A small browser ------------------------------------------------------------------------------


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


class Client:
    """HTTP client for gunicorn behind a TLS proxy: sends ``X-Forwarded-Proto: https`` (the
    production settings trust it), keeps cookies itself (they are ``Secure``), records how long
    every request took, and does not follow redirects."""

    def __init__(self, base_url: str):
        self.base_url = base_url
        self.cookies: dict[str, str] = {}
        self.timings: list[tuple[str, str, float, int]] = []
        self._opener = urllib.request.build_opener(_NoRedirect)

    def request(self, method: str, path: str, data: dict | None = None, timeout: float = 30):
        url = path if path.startswith("http") else self.base_url + path
        body = None
        headers = {
            "X-Forwarded-Proto": "https",
            "Accept-Language": "de",
            "Cookie": "; ".join(f"{k}={v}" for k, v in self.cookies.items()),
        }
        if data is not None:
            body = urllib.parse.urlencode(data, doseq=True).encode()
            headers["Content-Type"] = "application/x-www-form-urlencoded"
            headers["Origin"] = self.base_url.replace("http://", "https://")
            headers["Referer"] = headers["Origin"] + "/"
        req = urllib.request.Request(url, data=body, headers=headers, method=method)
        started = time.monotonic()
        try:
            response = self._opener.open(req, timeout=timeout)
        except urllib.error.HTTPError as error:
            response = error
        content = response.read().decode("utf-8", "replace")
        elapsed = time.monotonic() - started
        for header in response.headers.get_all("Set-Cookie") or []:
            name, _, rest = header.partition("=")
            value = rest.split(";", 1)[0]
            if "max-age=0" in header.lower() or value in {"", '""'}:
                self.cookies.pop(name.strip(), None)
            else:
                self.cookies[name.strip()] = value
        self.timings.append((method, path, elapsed, response.status))
        return Response(response.status, content, response.headers, elapsed)

    def get(self, path: str, **kwargs):
        return self.request("GET", path, **kwargs)

    def post(self, path: str, data: dict, **kwargs):
        data = {**data, "csrfmiddlewaretoken": self.csrf_token()}
        return self.request("POST", path, data, **kwargs)

    def csrf_token(self) -> str:
        return self.cookies.get("csrftoken", "")

    def login(self, email: str, password: str):
        form = self.get("/accounts/login/")
        assert form.status == 200, form.status
        return self.post("/accounts/login/", {"login": email, "password": password})


class Response:
    def __init__(self, status: int, text: str, headers, elapsed: float):
        self.status = status
        self.text = text
        self.headers = headers
        self.elapsed = elapsed

    @property
    def location(self) -> str:
        return self.headers.get("Location", "")

    def forms(self) -> list[dict]:
        """Every POST form: its action and hidden fields."""
        found = []
        for match in re.finditer(r"<form\b[^>]*>.*?</form>", self.text, re.S):
            form = match.group(0)
            if not re.search(r'method="post"', form, re.I):
                continue
            action = re.search(r'action="([^"]*)"', form)
            fields = {
                html.unescape(name): html.unescape(value)
                for name, value in re.findall(
                    r'<input type="hidden" name="([^"]+)" value="([^"]*)"', form
                )
            }
            found.append({"action": html.unescape(action.group(1)) if action else "", **fields})
        return found
