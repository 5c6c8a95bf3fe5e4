"""GET /healthz reports the database and the cache; 503 names the failing part.

The "down" cases start a separate Django process whose settings point at a port where
nothing listens, so the failure is real, not simulated.
"""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
DEAD_PORT = "127.0.0.1:9"  # discard port: nothing listens there

PROBE = """
import json, django
django.setup()
from django.test import Client
response = Client().get("/healthz", HTTP_HOST="localhost")
print(json.dumps({"status_code": response.status_code, "body": response.json()}))
"""


def probe(**env):
    full_env = {**os.environ, "DJANGO_SETTINGS_MODULE": "config.settings.dev", **env}
    full_env.setdefault("KLIMAPATEN_VAR_DIR", str(ROOT / "var"))
    result = subprocess.run(
        [sys.executable, "-c", PROBE],
        cwd=ROOT,
        env=full_env,
        capture_output=True,
        text=True,
        timeout=90,
    )
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


@pytest.mark.django_db
def test_healthz_ok(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok", "cache": "ok"}
    assert "no-cache" in response["Cache-Control"]


@pytest.mark.slow  # starts a Python process of its own
def test_healthz_database_down():
    result = probe(DATABASE_URL=f"postgresql://nobody@{DEAD_PORT}/none", REDIS_URL="")
    assert result["status_code"] == 503
    assert result["body"] == {"status": "error", "database": "error", "cache": "ok"}


@pytest.mark.slow  # starts a Python process of its own
def test_healthz_cache_down():
    result = probe(REDIS_URL=f"redis://{DEAD_PORT}/0", DATABASE_URL="sqlite:///:memory:")
    assert result["status_code"] == 503
    assert result["body"] == {"status": "error", "database": "ok", "cache": "error"}


@pytest.mark.django_db
def test_healthz_sees_through_the_degrading_cache(client, settings):
    """django-redis swallows connection errors (pages degrade to misses); /healthz must not."""
    settings.CACHES = {
        "default": {
            "BACKEND": "core.cache.DegradingRedisCache",
            "LOCATION": f"redis://{DEAD_PORT}/0",
            "OPTIONS": {"IGNORE_EXCEPTIONS": True, "SOCKET_CONNECT_TIMEOUT": 0.25},
        }
    }
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json() == {"status": "error", "database": "ok", "cache": "error"}
