"""Logging helpers: one warning per outage instead of one error per call.

When Redis is down, django-redis ignores the connection error of every cache call (the cache
degrades to a miss) and logs each one with a traceback: dozens of identical errors per request.
Python's logging has no rate limit and django-redis offers none, so this small filter lets the
first record of a kind through (as a one-line warning) and drops repeats until the logger has
been quiet for ``interval`` seconds — a continuous outage logs once, the next outage again.
"""

import logging
import threading
import time


class OncePerOutage(logging.Filter):
    """Pass one record per logger and message; drop repeats until ``interval`` s of quiet.

    ``level`` rewrites the passed record's level (django-redis logs ignored errors as ERROR,
    but a degraded cache is a warning); ``summary`` replaces its text, and the traceback is
    shortened to the exception's one-line description.
    """

    def __init__(self, interval: float = 60.0, level: str | None = None, summary: str = ""):
        super().__init__()
        self.interval = float(interval)
        self.level = logging.getLevelName(level) if level else None
        self.summary = summary
        self._last_seen: dict[tuple[str, str], float] = {}
        self._lock = threading.Lock()

    def filter(self, record: logging.LogRecord) -> bool:
        key = (record.name, str(record.msg))
        now = time.monotonic()
        with self._lock:
            last = self._last_seen.get(key)
            self._last_seen[key] = now  # sliding: every repeat extends the quiet period needed
        if last is not None and now - last < self.interval:
            return False
        if self.level is not None:
            record.levelno = self.level
            record.levelname = logging.getLevelName(self.level)
        if self.summary or record.exc_info:
            text = self.summary or record.getMessage()
            cause = record.exc_info[1] if record.exc_info else None
            if cause is not None:
                text = f"{text} ({type(cause).__name__}: {cause})"
            record.msg = "%s Repeats are not logged until %d s without one."
            record.args = (text, self.interval)
            record.exc_info = None
            record.exc_text = None
        return True
