"""iCalendar output: single events, the public feed and each user's private feed.

Times are written with TZID Europe/Berlin and a VTIMEZONE, so calendar programs show the
right wall-clock time on both sides of a daylight-saving change. Tasks and milestones are
all-day entries on their date.
"""

from datetime import timedelta

from django.utils import timezone
from django.utils.translation import gettext as _
from icalendar import Calendar
from icalendar import Event as ICalEvent

from coaching import dates
from coaching.services import attach_series_labels

PRODID = "-//Klimapaten//Coaching//DE"
UID_DOMAIN = "klimapaten"


def _calendar(name: str) -> Calendar:
    cal = Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("method", "PUBLISH")
    cal.add("x-wr-calname", name)
    cal.add("x-wr-timezone", dates.programme_tz().key)
    return cal


def event_component(event, base_url: str) -> ICalEvent:
    url = f"{base_url}{event.get_absolute_url()}"
    component = ICalEvent()
    component.add("uid", f"event-{event.pk}@{UID_DOMAIN}")
    component.add("dtstamp", timezone.now())
    component.add("dtstart", dates.to_local(event.start))
    component.add("dtend", dates.to_local(event.end))
    summary = event.title
    if event.series_id:
        summary = f"{event.title} ({event.series_label})"
    component.add("summary", summary)
    description = event.description.strip()
    if event.online_url:
        description = f"{description}\n\n{_('Online')}: {event.online_url}".strip()
    component.add("description", f"{description}\n\n{url}".strip())
    if event.location_text:
        component.add("location", event.location_text)
    if event.latitude is not None and event.longitude is not None:
        component.add("geo", (event.latitude, event.longitude))
    component.add("url", url)
    component.add("categories", [str(event.get_kind_display())])
    component.add("last-modified", event.updated)
    component.add("class", "PUBLIC" if event.is_public else "PRIVATE")
    return component


def _all_day(uid: str, summary: str, day, description: str, url: str) -> ICalEvent:
    component = ICalEvent()
    component.add("uid", uid)
    component.add("dtstamp", timezone.now())
    component.add("dtstart", day)
    component.add("dtend", day + timedelta(days=1))
    component.add("summary", summary)
    component.add("description", f"{description}\n\n{url}".strip())
    component.add("url", url)
    component.add("transp", "TRANSPARENT")
    return component


def task_component(task, base_url: str) -> ICalEvent:
    url = f"{base_url}{task.plan.get_absolute_url()}#task-{task.pk}"
    return _all_day(
        f"task-{task.pk}@{UID_DOMAIN}",
        _("Task due: %(title)s") % {"title": task.title},
        task.due_date,
        f"{task.plan.participation} - {task.description}".strip(" -"),
        url,
    )


def milestone_component(milestone, base_url: str) -> ICalEvent:
    url = f"{base_url}{milestone.plan.get_absolute_url()}#milestone-{milestone.pk}"
    return _all_day(
        f"milestone-{milestone.pk}@{UID_DOMAIN}",
        _("Milestone: %(title)s") % {"title": milestone.title},
        milestone.target_date,
        str(milestone.plan.participation),
        url,
    )


def build_calendar(name: str, base_url: str, events=(), tasks=(), milestones=()) -> bytes:
    cal = _calendar(name)
    events = list(events)
    attach_series_labels(events)  # "Coaching 1 von 3" without a query per event
    for event in events:
        cal.add_component(event_component(event, base_url))
    for task in tasks:
        cal.add_component(task_component(task, base_url))
    for milestone in milestones:
        cal.add_component(milestone_component(milestone, base_url))
    cal.add_missing_timezones()
    return cal.to_ical()
