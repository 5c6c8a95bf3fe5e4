"""Date arithmetic in the programme's time zone (Europe/Berlin), correct across DST changes.

Events are stored as aware datetimes (UTC in the database). Anything that speaks of "a day",
"tomorrow", "next week" or "the same time two weeks later" is worked out in local wall-clock
time and converted back, never by adding multiples of 24 hours to a UTC instant: the day a
clock changes has 23 or 25 hours.
"""

from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from django.conf import settings

from core.validators import MAX_DATE, MIN_DATE, in_programme_range, validate_programme_date

__all__ = ["MAX_DATE", "MIN_DATE", "in_programme_range", "validate_programme_date"]


def programme_tz() -> ZoneInfo:
    return ZoneInfo(settings.TIME_ZONE)


def local_datetime(day: date, at: time) -> datetime:
    """The aware datetime of wall-clock time ``at`` on ``day`` in the programme's zone.

    A time that does not exist (skipped by the spring change) moves forward with the clock; an
    ambiguous one (repeated in autumn) is read as the first, summer-time occurrence.
    """
    tz = programme_tz()
    naive = datetime.combine(day, at)
    aware = naive.replace(tzinfo=tz, fold=0)
    # Round-trip through UTC to normalise non-existent local times (02:30 on the spring day).
    return aware.astimezone(UTC).astimezone(tz)


def to_local(value: datetime) -> datetime:
    return value.astimezone(programme_tz())


def local_date(value: datetime) -> date:
    return to_local(value).date()


def utc(value: datetime) -> datetime:
    """``value`` in UTC. Subtract and compare in UTC: Python does wall-clock arithmetic on
    two datetimes that share a tzinfo, which is wrong across a clock change."""
    return value.astimezone(UTC)


def day_bounds(day: date) -> tuple[datetime, datetime]:
    """Start of ``day`` and start of the next day (in UTC; 23, 24 or 25 hours apart)."""
    return (
        utc(local_datetime(day, time.min)),
        utc(local_datetime(day + timedelta(days=1), time.min)),
    )


def shift_keeping_wall_time(value: datetime, days: int) -> datetime:
    """``value`` moved by ``days`` calendar days, at the same local wall-clock time."""
    local = to_local(value)
    return local_datetime(local.date() + timedelta(days=days), local.time().replace(tzinfo=None))


def week_bounds(day: date) -> tuple[date, date]:
    """Monday and Sunday of the ISO week containing ``day``."""
    monday = day - timedelta(days=day.weekday())
    return monday, monday + timedelta(days=6)


def next_week(day: date) -> tuple[date, date]:
    monday, _sunday = week_bounds(day)
    return week_bounds(monday + timedelta(days=7))


def month_bounds(year: int, month: int) -> tuple[datetime, datetime]:
    """Start of the month and start of the following month (local midnight, as UTC)."""
    first = date(year, month, 1)
    following = date(year + (month == 12), month % 12 + 1, 1)
    return utc(local_datetime(first, time.min)), utc(local_datetime(following, time.min))


def parse_month(value: str | None) -> tuple[int, int] | None:
    """``"2026-03"`` → ``(2026, 3)``; anything else → ``None``."""
    if not value:
        return None
    try:
        year_text, month_text = value.split("-", 1)
        year, month = int(year_text), int(month_text)
    except ValueError:
        return None
    if not (1 <= month <= 12 and 2000 <= year <= 2100):
        return None
    return year, month


def clamp(day: date) -> date:
    """``day`` moved into the programme's range (for drawing dates stored before the check)."""
    return min(max(day, MIN_DATE), MAX_DATE)
