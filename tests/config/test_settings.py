"""Every settings mode loads; production refuses to start without its secrets."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
PROBE = "import django; django.setup(); from django.conf import settings; print(settings.DEBUG)"


def run_with(module, **env):
    base = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "ALLOWED_"))}
    base.update({"DJANGO_SETTINGS_MODULE": module, **env})
    return subprocess.run(
        [sys.executable, "-c", PROBE],
        cwd=ROOT,
        env=base,
        capture_output=True,
        text=True,
        timeout=60,
    )


@pytest.mark.parametrize(
    ("module", "debug"),
    [("config.settings.dev", "True"), ("config.settings.test", "False")],
)
def test_modes_load(module, debug):
    result = run_with(module)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == debug


def test_production_loads_with_its_environment():
    result = run_with(
        "config.settings.production",
        DJANGO_SECRET_KEY="x" * 60,
        ALLOWED_HOSTS="klimapaten.example",
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "False"


@pytest.mark.parametrize(
    ("env", "missing"),
    [
        ({"ALLOWED_HOSTS": "klimapaten.example"}, "DJANGO_SECRET_KEY"),
        ({"DJANGO_SECRET_KEY": "x" * 60}, "ALLOWED_HOSTS"),
    ],
)
def test_production_refuses_to_start_without_secrets(env, missing):
    result = run_with("config.settings.production", **env)
    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr
    assert missing in result.stderr


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
