"""The Redis cache degrades instead of failing: pointed at a port where nothing listens, pages
render, logins work (allauth's rate limits fail open), and the log holds one warning, not one
error per cache call."""

import logging

import pytest

from core.log_filters import OncePerOutage

DEAD_REDIS = "redis://127.0.0.1:9/0"  # discard port: nothing listens there


@pytest.fixture
def dead_cache(settings):
    settings.CACHES = {
        "default": {
            "BACKEND": "core.cache.DegradingRedisCache",
            "LOCATION": DEAD_REDIS,
            "KEY_PREFIX": "klimapaten",
            "OPTIONS": {
                "SOCKET_CONNECT_TIMEOUT": 0.25,
                "SOCKET_TIMEOUT": 0.5,
                "IGNORE_EXCEPTIONS": True,
            },
        }
    }
    # A fresh outage for the filter (a second django.setup() may have added a second one).
    for outage_filter in logging.getLogger("django_redis.cache").filters:
        if isinstance(outage_filter, OncePerOutage):
            outage_filter._last_seen.clear()
    from django.core.cache import cache

    return cache


def test_cache_calls_fail_soft(dead_cache):
    assert dead_cache.get("missing", "default") == "default"
    dead_cache.set("key", "value")  # dropped, no exception
    assert dead_cache.get("key") is None
    assert dead_cache.add("lock", True) is True  # locks fail open (allauth's rate limiter)
    assert dead_cache.get_many(["a", "b"]) == {}
    dead_cache.delete("key")


def test_one_warning_per_outage_not_one_error_per_call(dead_cache, caplog):
    caplog.set_level(logging.WARNING)
    for n in range(30):
        dead_cache.get(f"key-{n}")
        dead_cache.set(f"key-{n}", n)
    records = [r for r in caplog.records if r.name == "django_redis.cache"]
    assert len(records) == 1, [r.getMessage() for r in records]
    assert records[0].levelname == "WARNING"
    assert "Cache (Redis) unreachable" in records[0].getMessage()
    assert records[0].exc_info is None


def test_the_filter_lets_the_next_outage_through():
    outage = OncePerOutage(interval=0.0)
    record = logging.LogRecord("x", logging.ERROR, __file__, 1, "down", (), None)
    assert outage.filter(record)
    assert outage.filter(logging.LogRecord("x", logging.ERROR, __file__, 1, "down", (), None))
    steady = OncePerOutage(interval=3600)
    assert steady.filter(logging.LogRecord("x", logging.ERROR, __file__, 1, "down", (), None))
    assert not steady.filter(logging.LogRecord("x", logging.ERROR, __file__, 1, "down", (), None))
    assert steady.filter(logging.LogRecord("x", logging.ERROR, __file__, 1, "other", (), None))


@pytest.mark.django_db
def test_pages_and_login_work_without_redis(dead_cache, client, site_root, password):
    from django.contrib.auth.hashers import make_password

    from accounts.roles import Role
    from tests.accounts.factories import UserFactory

    user = UserFactory(email="ohne-redis@test.example", roles=[Role.VOLUNTEER])
    user.password = make_password(password)
    user.save(update_fields=["password"])
    assert client.get(site_root.url).status_code == 200
    response = client.post("/accounts/login/", {"login": user.email, "password": password})
    assert response.status_code == 302, response.content[:500]
    assert client.get("/me/").status_code == 200
    assert client.get("/healthz").json()["cache"] == "error"
