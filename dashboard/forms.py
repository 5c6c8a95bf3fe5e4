"""The filters of the progress review (GET, so that a filtered view can be shared as a URL).

Periods are counted in whole weeks (Monday to Sunday), the granularity of the learning
aggregates, so that every level adds up to the same numbers.
"""

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

PERIODS = [
    ("", _("All time")),
    ("30", _("Last 30 days")),
    ("90", _("Last 90 days")),
    ("365", _("Last 12 months")),
    ("custom", _("From … to …")),
]


@dataclass(frozen=True)
class Period:
    start: date | None  # a Monday, inclusive
    end: date | None  # a Monday, exclusive

    @property
    def bounded(self) -> bool:
        return self.start is not None or self.end is not None

    def aware(self, day: date | None):
        if day is None:
            return None
        return timezone.make_aware(datetime.combine(day, time.min))

    @property
    def start_at(self):
        return self.aware(self.start)

    @property
    def end_at(self):
        return self.aware(self.end)

    @property
    def last_day(self) -> date | None:
        return self.end - timedelta(days=1) if self.end else None


def monday(day: date) -> date:
    return day - timedelta(days=day.weekday())


@dataclass(frozen=True)
class Filters:
    course: object = None  # a CoursePage or None
    period: Period = Period(None, None)
    period_key: str = ""
    date_from: date | None = None
    date_to: date | None = None

    def query(self) -> dict:
        """The filter parameters that go into links and exports."""
        params = {}
        if self.course is not None:
            params["course"] = self.course.pk
        if self.period_key:
            params["period"] = self.period_key
        if self.period_key == "custom":
            if self.date_from:
                params["from"] = self.date_from.isoformat()
            if self.date_to:
                params["to"] = self.date_to.isoformat()
        return params


class FilterForm(forms.Form):
    state = forms.ChoiceField(label=_("Federal state"), required=False)
    region = forms.ChoiceField(label=_("Region"), required=False)
    course = forms.ChoiceField(label=_("Course"), required=False)
    period = forms.ChoiceField(label=_("Period"), choices=PERIODS, required=False)
    date_from = forms.DateField(
        label=_("From"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    date_to = forms.DateField(
        label=_("To"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )

    def __init__(self, data, *, states, regions, courses, **kwargs):
        data = data.copy()
        for name, param in (("date_from", "from"), ("date_to", "to")):
            if param in data and name not in data:
                data[name] = data[param]
        super().__init__(data, **kwargs)
        self.courses = {str(course.pk): course for course in courses}
        everything = [("", _("All"))]
        self.fields["state"].choices = everything + [(s.short, s.name) for s in states]
        self.fields["region"].choices = everything + [(r.slug, r.name) for r in regions]
        self.fields["course"].choices = everything + [
            (str(course.pk), course.title) for course in courses
        ]

    def filters(self) -> Filters:
        """Valid filters; invalid values are ignored (the form shows why)."""
        data = self.cleaned_data if self.is_valid() else {}
        course = self.courses.get(data.get("course") or "")
        key = data.get("period") or ""
        today = timezone.localdate()
        date_from = data.get("date_from")
        date_to = data.get("date_to")
        if key in {"30", "90", "365"}:
            period = Period(monday(today - timedelta(days=int(key))), monday(today) + timedelta(7))
        elif key == "custom" and (date_from or date_to):
            if date_from and date_to and date_to < date_from:
                date_from, date_to = date_to, date_from
            period = Period(
                monday(date_from) if date_from else None,
                monday(date_to) + timedelta(days=7) if date_to else None,
            )
        else:
            key = "" if key != "custom" else key
            period = Period(None, None)
        return Filters(
            course=course, period=period, period_key=key, date_from=date_from, date_to=date_to
        )
