"""The coaching programme's models, one module per job, re-exported here.

``events`` (series, events, registrations, calendar tokens), ``plans`` (plan templates and
the plans made from them: phases, tasks, milestones), ``measures`` and ``reminders``. The
modules do not import one another, and none imports this package: code outside keeps
importing ``from coaching.models import X`` (migrations too: ``coaching.models.validate_sdgs``).

Region-owned rows (events, plans and what hangs off them, measures) are only ever queried
through their ``visible_to(user)`` / ``managed_by(user)`` methods in ``coaching/scoping.py``,
which build on the municipalities scoping layer.
"""

# The order of definition (events, plans, measures, reminders) is kept as it was in the
# single module, so the app registry lists the models as before.
# isort: off
from coaching.models.events import CalendarToken, Event, EventSeries, Registration
from coaching.models.plans import (
    Anchor,
    Milestone,
    MilestoneTemplate,
    OwnerRole,
    Phase,
    PhaseTemplate,
    Plan,
    PlanTemplate,
    Task,
    TaskTemplate,
)
from coaching.models.measures import SDG_CHOICES, Measure, validate_sdgs
from coaching.models.reminders import ReminderKind, ReminderPreference, SentReminder

# isort: on

__all__ = [
    "SDG_CHOICES",
    "Anchor",
    "CalendarToken",
    "Event",
    "EventSeries",
    "Measure",
    "Milestone",
    "MilestoneTemplate",
    "OwnerRole",
    "Phase",
    "PhaseTemplate",
    "Plan",
    "PlanTemplate",
    "Registration",
    "ReminderKind",
    "ReminderPreference",
    "SentReminder",
    "Task",
    "TaskTemplate",
    "validate_sdgs",
]
