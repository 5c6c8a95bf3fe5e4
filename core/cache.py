"""The Redis cache as the platform uses it: django-redis, degrading to misses when Redis is down.

https://github.com/jazzband/django-redis#memcached-exceptions-behavior
"""

from django_redis.cache import RedisCache, omit_exception


class DegradingRedisCache(RedisCache):
    """django-redis with ``IGNORE_EXCEPTIONS``, plus one change: ``add`` succeeds while Redis is
    unreachable.

    allauth's rate limiter takes a lock with ``cache.add`` and, while ``add`` keeps failing,
    spins for a second and then refuses the request. django-redis answers ``None`` for an
    ignored error, which would turn a Redis outage into "too many requests" on every login.
    Answering ``True`` lets the limiter through: rate limits fail open for the length of the
    outage (logged once, see ``core.log_filters``), and everything else is django-redis's own.
    """

    @omit_exception(return_value=True)
    def add(self, *args, **kwargs):
        return self.client.add(*args, **kwargs)
