"""Who may do what in coaching: small predicates over (user, object), tested as a matrix.

They only combine the scoping querysets (``visible_to`` / ``managed_by``), so the rule of
one scoping layer holds: no predicate looks at regions itself.
"""

from accounts.roles import Role, is_signed_in
from coaching.models import Event, Measure, Plan
from municipalities.models import Membership, MembershipRole, Participation


def _is_member(user, participation_id, role=None) -> bool:
    memberships = Membership.objects.filter(user_id=user.pk, participation_id=participation_id)
    if role:
        memberships = memberships.filter(role=role)
    return memberships.exists()


# Events


def can_view_event(user, event: Event) -> bool:
    return Event.objects.visible_to(user).filter(pk=event.pk).exists()


def can_register(user, event: Event) -> bool:
    return is_signed_in(user) and can_view_event(user, event)


def can_manage_event(user, event: Event) -> bool:
    return Event.objects.managed_by(user).filter(pk=event.pk).exists()


# Plans


def can_view_plan(user, plan: Plan) -> bool:
    return Plan.objects.visible_to(user).filter(pk=plan.pk).exists()


def can_manage_plan(user, plan: Plan) -> bool:
    return Plan.objects.managed_by(user).filter(pk=plan.pk).exists()


def can_apply_templates(user) -> bool:
    return is_signed_in(user) and user.has_role(Role.COORDINATOR, Role.REGIONAL_MANAGER)


def can_update_task(user, task) -> bool:
    """Managers of the plan; otherwise a climate patron of the municipality who owns the task."""
    if not is_signed_in(user):
        return False
    if can_manage_plan(user, task.plan):
        return True
    return task.owner_id == user.pk and is_patron_of(user, task.plan.participation_id)


def is_patron_of(user, participation_id) -> bool:
    """A climate patron (volunteer member) of the participation."""
    return is_signed_in(user) and _is_member(user, participation_id, MembershipRole.VOLUNTEER)


def can_edit_task(user, task) -> bool:
    """Everything about a task (title, owner, dates) is for the plan's managers."""
    return can_manage_plan(user, task.plan)


def can_update_milestone(user, milestone) -> bool:
    return can_manage_plan(user, milestone.plan)


# Measures


def can_view_measures(user, participation) -> bool:
    return Participation.objects.visible_to(user).filter(pk=participation.pk).exists()


def can_edit_measures(user, participation) -> bool:
    """Managers of the participation and its climate patrons (they carry the measures out)."""
    if not is_signed_in(user):
        return False
    if Participation.objects.managed_by(user).filter(pk=participation.pk).exists():
        return True
    return _is_member(user, participation.pk, MembershipRole.VOLUNTEER)


def can_edit_measure(user, measure: Measure) -> bool:
    return can_edit_measures(user, measure.participation)
