"""Validators shared by every app's models and forms."""

from datetime import date, datetime

from django.core.exceptions import ValidationError
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

# Every date the programme stores lies in these years; anything outside is a typo (year 1
# instead of 2026) that would overflow date arithmetic further on (timelines, reminders).
MIN_DATE = date(1900, 1, 1)
MAX_DATE = date(2200, 12, 31)


def in_programme_range(value) -> bool:
    if value is None:
        return True
    day = value.date() if isinstance(value, datetime) else value
    return MIN_DATE <= day <= MAX_DATE


def validate_programme_date(value) -> None:
    """A date (or datetime) between 1900 and 2200."""
    if not in_programme_range(value):
        raise ValidationError(
            _("Enter a date between %(min)s and %(max)s."),
            code="date_out_of_range",
            params={"min": date_format(MIN_DATE), "max": date_format(MAX_DATE)},
        )
