"""Every settings mode loads; production refuses to start without its secrets."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
PROBE = "import django; django.setup(); from django.conf import settings; print(settings.DEBUG)"


SERVICE_VARIABLES = (
    "DATABASE_URL",
    "REDIS_URL",
    "CELERY_BROKER_URL",
    "CELERY_RESULT_BACKEND",
    "EMAIL_URL",
)
PRODUCTION_ENV = {
    "DJANGO_SECRET_KEY": "x" * 60,
    "ALLOWED_HOSTS": "klimapaten.example",
    "DATABASE_URL": "postgresql://klimapaten@127.0.0.1:9/klimapaten",
    "REDIS_URL": "redis://127.0.0.1:9/0",
    "CELERY_BROKER_URL": "redis://127.0.0.1:9/1",
    "EMAIL_URL": "smtp://127.0.0.1:9",
}


def run_with(module, probe=PROBE, **env):
    base = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("DJANGO_", "ALLOWED_")) and k not in SERVICE_VARIABLES
    }
    base.update({"DJANGO_SETTINGS_MODULE": module, **env})
    return subprocess.run(
        [sys.executable, "-c", probe],
        cwd=ROOT,
        env=base,
        capture_output=True,
        text=True,
        timeout=120,
    )


@pytest.mark.parametrize(
    ("module", "debug"),
    [("config.settings.dev", "True"), ("config.settings.test", "False")],
)
@pytest.mark.slow  # starts a Python process of its own
def test_modes_load(module, debug):
    result = run_with(module)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == debug


@pytest.mark.slow  # starts a Python process of its own
def test_production_loads_with_its_environment():
    probe = (
        "import django; django.setup(); from django.conf import settings as s; "
        "from config.celery import app; db = s.DATABASES['default']; "
        "print(s.DEBUG, db['ENGINE'], db['CONN_MAX_AGE'], db['CONN_HEALTH_CHECKS'], "
        "s.CACHES['default']['BACKEND'], s.SESSION_ENGINE, s.EMAIL_BACKEND, "
        "s.OUTBOX_EMAIL_BACKEND, "
        "app.conf.task_always_eager)"
    )
    result = run_with("config.settings.production", probe, **PRODUCTION_ENV)
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == [
        "False",
        "django.db.backends.postgresql",
        "60",
        "True",
        "core.cache.DegradingRedisCache",
        "django.contrib.sessions.backends.db",
        "core.outbox.backends.OutboxBackend",  # every send_mail() is queued in the outbox …
        "core.outbox.backends.SMTPBackend",  # … and the worker sends it over SMTP
        "False",
    ]


@pytest.mark.parametrize(
    "missing",
    [
        "DJANGO_SECRET_KEY",
        "ALLOWED_HOSTS",
        "DATABASE_URL",
        "REDIS_URL",
        "CELERY_BROKER_URL",
        "EMAIL_URL",
    ],
)
@pytest.mark.slow  # starts a Python process of its own
def test_production_refuses_to_start_half_configured(missing):
    env = {k: v for k, v in PRODUCTION_ENV.items() if k != missing}
    result = run_with("config.settings.production", **env)
    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr
    assert f"The environment variable {missing} must" in result.stderr


@pytest.mark.slow  # starts a Python process of its own
def test_production_refuses_sqlite():
    env = {**PRODUCTION_ENV, "DATABASE_URL": "sqlite:////tmp/klimapaten.sqlite3"}
    result = run_with("config.settings.production", **env)
    assert result.returncode != 0
    assert "DATABASE_URL must point at PostgreSQL" in result.stderr


def test_email_url_is_parsed():
    from config.env import parse_email_url

    parsed = parse_email_url("smtp+tls://user%40x.example:p%40ss@mail.example:2525")
    assert parsed["EMAIL_HOST"] == "mail.example"
    assert parsed["EMAIL_PORT"] == 2525
    assert parsed["EMAIL_HOST_USER"] == "user@x.example"
    assert parsed["EMAIL_HOST_PASSWORD"] == "p@ss"
    assert parsed["EMAIL_USE_TLS"] is True
    assert parse_email_url("smtps://mail.example")["EMAIL_PORT"] == 465
    assert parse_email_url("console://")["EMAIL_BACKEND"].endswith("console.EmailBackend")


def test_email_url_with_unknown_scheme_is_refused():
    from django.core.exceptions import ImproperlyConfigured

    from config.env import parse_email_url

    with pytest.raises(ImproperlyConfigured):
        parse_email_url("pigeon://coop")


@pytest.mark.slow  # starts a Python process of its own
def test_celery_is_eager_without_a_broker_and_not_with_one():
    probe = (
        "import django; django.setup(); from config.celery import app; "
        "print(app.conf.task_always_eager)"
    )
    env = {k: v for k, v in os.environ.items() if k != "CELERY_BROKER_URL"}
    env["DJANGO_SETTINGS_MODULE"] = "config.settings.dev"
    eager = subprocess.run(
        [sys.executable, "-c", probe], cwd=ROOT, env=env, capture_output=True, text=True, timeout=60
    )
    assert eager.stdout.strip() == "True", eager.stderr
    env["CELERY_BROKER_URL"] = "redis://127.0.0.1:6399/0"
    queued = subprocess.run(
        [sys.executable, "-c", probe], cwd=ROOT, env=env, capture_output=True, text=True, timeout=60
    )
    assert queued.stdout.strip() == "False", queued.stderr
