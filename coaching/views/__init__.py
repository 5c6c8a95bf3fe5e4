"""Screens of the coaching programme outside the Wagtail admin, one module per job.

``events`` (calendar, registration, attendance, iCal feeds), ``plans`` (plans, the region
overview, templates applied, tasks and milestones), ``measures`` and ``reminders`` (the
reminder settings). The modules do not import one another, and none imports this package;
``coaching/urls.py`` reaches every view through the names re-exported here.

Every object is fetched through the scoping querysets (``visible_to`` / ``managed_by``); a
row outside the user's scope is a 404, an action the user may not take a 403. Every form
works without JavaScript; with htmx, list filters and status buttons swap fragments.
"""

from coaching.views.events import (
    EVENTS_PER_PAGE,
    event_attendance,
    event_cancel,
    event_detail,
    event_embed,
    event_ics,
    event_index,
    event_register,
    private_feed,
    public_feed,
    renew_feed,
)
from coaching.views.measures import measure_create, measure_edit, measure_list
from coaching.views.plans import (
    apply_template,
    milestone_reached,
    plan_detail,
    plan_list,
    plan_shift,
    region_overview,
    task_create,
    task_edit,
    task_status,
)
from coaching.views.reminders import reminder_settings

__all__ = [
    "EVENTS_PER_PAGE",
    "apply_template",
    "event_attendance",
    "event_cancel",
    "event_detail",
    "event_embed",
    "event_ics",
    "event_index",
    "event_register",
    "measure_create",
    "measure_edit",
    "measure_list",
    "milestone_reached",
    "plan_detail",
    "plan_list",
    "plan_shift",
    "private_feed",
    "public_feed",
    "region_overview",
    "reminder_settings",
    "renew_feed",
    "task_create",
    "task_edit",
    "task_status",
]
