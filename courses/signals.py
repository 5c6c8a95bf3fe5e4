"""Signals other apps may listen to (e.g. coaching rolls learning progress up)."""

from django.dispatch import Signal

# Sent with ``user`` and ``module`` when a learner completes a module.
module_completed = Signal()
# Sent with ``user``, ``course`` and ``certificate`` when a learner completes a course.
course_completed = Signal()
