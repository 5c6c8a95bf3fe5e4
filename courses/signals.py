"""Domain events of learning, sent explicitly by the actions in ``courses/actions.py``.

Other apps follow learning through these (the dashboard's aggregates, notifications) instead
of watching model saves. Every event is sent *inside* the action's transaction, after the rows
have changed: a receiver may write in the same transaction (the dashboard queues an event row,
so a rollback takes it back too); a receiver with slow work defers it with
``transaction.on_commit``.
"""

from django.dispatch import Signal

# sender=ModulePage; user, module, course, progress (the new ModuleProgress).
module_started = Signal()
# sender=ModulePage; user, module, course, progress (ModuleProgress with completed_at set).
module_completed = Signal()
# sender=ModulePage; user, module, progress (the ActivityProgress), completed (bool): an
# accepted submission of one activity, whether or not it completed the activity.
activity_submitted = Signal()
# sender=CoursePage; user, course, certificate: all required modules are complete.
course_completed = Signal()
# sender=Certificate; certificate, user (the holder), course.
certificate_issued = Signal()
# sender=Certificate; certificate, user (the holder), course, revoked_by, reason.
certificate_revoked = Signal()
