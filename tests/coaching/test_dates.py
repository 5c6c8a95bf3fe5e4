"""Date arithmetic in Europe/Berlin around the clock changes (2026: 29 March, 25 October)."""

from datetime import date, time, timedelta

import pytest

from coaching import dates
from coaching.models import Event

SPRING = date(2026, 3, 29)  # 02:00 CET -> 03:00 CEST, a 23-hour day
AUTUMN = date(2026, 10, 25)  # 03:00 CEST -> 02:00 CET, a 25-hour day


def test_local_datetime_has_the_right_offset_on_both_sides_of_the_change():
    before = dates.local_datetime(date(2026, 3, 28), time(18, 0))
    after = dates.local_datetime(date(2026, 3, 30), time(18, 0))
    assert before.utcoffset() == timedelta(hours=1)
    assert after.utcoffset() == timedelta(hours=2)
    assert before.astimezone(dates.UTC).hour == 17
    assert after.astimezone(dates.UTC).hour == 16


@pytest.mark.parametrize(("day", "hours"), [(SPRING, 23), (AUTUMN, 25), (date(2026, 6, 1), 24)])
def test_a_local_day_is_23_24_or_25_hours_long(day, hours):
    start, end = dates.day_bounds(day)
    assert end - start == timedelta(hours=hours)
    assert dates.local_date(start) == day
    assert dates.local_date(end - timedelta(microseconds=1)) == day


def test_shifting_keeps_the_wall_clock_time_across_the_change():
    weekly_coaching = dates.local_datetime(date(2026, 3, 24), time(18, 30))
    one_week_later = dates.shift_keeping_wall_time(weekly_coaching, 7)
    assert dates.to_local(one_week_later).time() == time(18, 30)
    assert dates.to_local(one_week_later).date() == date(2026, 3, 31)
    # ... which is only 167 real hours later, not 168.
    assert dates.utc(one_week_later) - dates.utc(weekly_coaching) == timedelta(hours=167)
    back = dates.shift_keeping_wall_time(dates.local_datetime(date(2026, 10, 20), time(9, 0)), 7)
    assert dates.to_local(back).time() == time(9, 0)


def test_a_time_skipped_in_spring_moves_forward_with_the_clock():
    skipped = dates.local_datetime(SPRING, time(2, 30))
    assert dates.to_local(skipped).time() == time(3, 30)
    assert skipped.utcoffset() == timedelta(hours=2)


def test_an_ambiguous_autumn_time_is_read_as_summer_time():
    ambiguous = dates.local_datetime(AUTUMN, time(2, 30))
    assert ambiguous.utcoffset() == timedelta(hours=2)


def test_month_and_week_bounds():
    start, end = dates.month_bounds(2026, 3)
    assert dates.to_local(start).utcoffset() == timedelta(hours=1)  # 1 March, winter time
    assert dates.to_local(end).utcoffset() == timedelta(hours=2)  # 1 April, summer time
    assert (start.hour, end.hour) == (23, 22)  # local midnight in UTC
    assert dates.month_bounds(2026, 12)[1] == dates.utc(
        dates.local_datetime(date(2027, 1, 1), time.min)
    )
    assert dates.week_bounds(date(2026, 3, 29)) == (date(2026, 3, 23), date(2026, 3, 29))
    assert dates.next_week(date(2026, 3, 26)) == (date(2026, 3, 30), date(2026, 4, 5))
    assert dates.parse_month("2026-03") == (2026, 3)
    assert dates.parse_month("2026-13") is None
    assert dates.parse_month("nonsense") is None


@pytest.mark.django_db
def test_event_over_the_spring_change_is_stored_and_read_back_in_local_time():
    start = dates.local_datetime(SPRING, time(1, 0))
    end = dates.local_datetime(SPRING, time(4, 0))
    event = Event.objects.create(title="Nachtwanderung", start=start, end=end)
    event.refresh_from_db()
    assert dates.utc(end) - dates.utc(start) == timedelta(hours=2)  # the clock skipped an hour
    assert dates.to_local(event.start).time() == time(1, 0)
    assert dates.to_local(event.end).time() == time(4, 0)
    assert dates.to_local(event.end).utcoffset() == timedelta(hours=2)
