"""The actions that change memberships and participations: check, change (one transaction),
log, send the domain event of ``municipalities/signals.py``.

The admin forms' ``save()`` and delete hook, invitation acceptance and the demo all come
through here, so whoever follows these changes (the dashboard's aggregates, cached figures)
listens to one event instead of watching model saves. ``log_action=False`` is for callers
that log themselves (Wagtail's create and edit views log ``wagtail.create``/``wagtail.edit``).
"""

from django.db import transaction
from django.utils import timezone
from wagtail.actions.base import BaseAction
from wagtail.log_actions import log

from municipalities import signals
from municipalities.models import Membership, Participation

STATUS_LOG_ACTION = "municipalities.participation.status"
PLACE_FIELDS = ("region_id", "municipality_id")


def _membership_values(pk) -> dict | None:
    return (
        Membership.objects.filter(pk=pk).values("user_id", "participation_id", "role").first()
        if pk
        else None
    )


def _send_membership(membership, change, previous, by):
    signals.membership_changed.send(
        sender=Membership,
        membership=membership,
        user=membership.user,
        participation=membership.participation,
        role=membership.role,
        change=change,
        previous=previous,
        by=by,
    )


class AddMembershipAction(BaseAction):
    """Place a person in a participation (idempotent: an existing membership is kept)."""

    action_name = "add"
    permission_policy_action = "add"

    def __init__(
        self,
        user,
        participation,
        role=Membership.Role.VOLUNTEER,
        *,
        by=None,
        log_action="wagtail.create",
    ):
        super().__init__(Membership(user=user, participation=participation, role=role), user=by)
        self.person, self.participation, self.role = user, participation, role
        self.log_action = log_action

    def user_has_permission(self):
        return (
            self.permission_policy.user_has_permission(self.user, "add")
            and Participation.objects.managed_by(self.user)
            .filter(pk=self.participation.pk)
            .exists()
        )

    def execute(self, skip_permission_checks=False) -> tuple[Membership, bool]:
        self.check(skip_permission_checks=skip_permission_checks)
        with transaction.atomic():
            membership, created = Membership.objects.get_or_create(
                user=self.person, participation=self.participation, defaults={"role": self.role}
            )
            if created:
                if self.log_action:
                    log(instance=membership, action=self.log_action, user=self.user)
                _send_membership(membership, "added", None, self.user)
        return membership, created


def add_membership(
    user, participation, role=Membership.Role.VOLUNTEER, *, by=None, log_action="wagtail.create"
):
    return AddMembershipAction(user, participation, role, by=by, log_action=log_action).execute(
        skip_permission_checks=by is None
    )


def save_membership(membership: Membership, *, save, by=None, log_action=False) -> Membership:
    """Create or change a membership through ``save`` (an admin form's save); the permission
    check is the admin view's."""
    previous = _membership_values(membership.pk)
    with transaction.atomic():
        membership = save() or membership  # a form returns the instance, Model.save None
        if log_action:
            log(instance=membership, action=log_action, user=by)
        if previous is None:
            _send_membership(membership, "added", None, by)
        elif previous != {
            "user_id": membership.user_id,
            "participation_id": membership.participation_id,
            "role": membership.role,
        }:
            _send_membership(membership, "changed", previous, by)
    return membership


class RemoveMembershipAction(BaseAction):
    action_name = "delete"
    permission_policy_action = "delete"

    def __init__(self, membership, user=None, *, log_action="wagtail.delete"):
        super().__init__(membership, user=user)
        self.log_action = log_action

    def execute(self, skip_permission_checks=False) -> None:
        self.check(skip_permission_checks=skip_permission_checks)
        membership = self.instance
        with transaction.atomic():
            if self.log_action:
                log(instance=membership, action=self.log_action, user=self.user, deleted=True)
            pk = membership.pk
            membership.delete()
            membership.pk = pk  # the event's receivers may want to know which one it was
            _send_membership(membership, "removed", None, self.user)


def remove_membership(membership, *, by=None, log_action="wagtail.delete") -> None:
    RemoveMembershipAction(membership, user=by, log_action=log_action).execute(
        skip_permission_checks=by is None
    )


# Participations ---------------------------------------------------------------------------


def _participation_values(pk) -> dict | None:
    if not pk:
        return None
    return (
        Participation.objects.filter(pk=pk)
        .values("status", "status_changed", *PLACE_FIELDS)
        .first()
    )


def _after_participation_change(participation, previous, by, note=""):
    """Log and signal what changed between ``previous`` (stored values) and now."""
    if previous is None or previous["status"] != participation.status:
        log(
            instance=participation,
            action=STATUS_LOG_ACTION,
            user=by,
            data={
                "status": participation.status,
                "previous": previous["status"] if previous else None,
                "date": str(participation.status_changed),
                "note": note,
            },
        )
        signals.participation_status_changed.send(
            sender=Participation,
            participation=participation,
            previous_status=previous["status"] if previous else None,
            status=participation.status,
            date=participation.status_changed,
            note=note,
            by=by,
        )
    if previous is not None:
        changed = [name for name in PLACE_FIELDS if previous[name] != getattr(participation, name)]
        if changed:
            signals.participation_changed.send(
                sender=Participation,
                participation=participation,
                changed=changed,
                previous={name: previous[name] for name in PLACE_FIELDS},
                by=by,
            )


def save_participation(participation: Participation, *, save, by=None) -> Participation:
    """Create or change a participation through ``save`` (the admin form's save): a new
    status is recorded in its history with who changed it, logged and signalled; a move to
    another region or municipality is signalled."""
    previous = _participation_values(participation.pk)
    with transaction.atomic():
        participation._status_user = by  # Participation.save records the history step
        participation = save() or participation
        _after_participation_change(participation, previous, by)
    return participation


class ChangeParticipationStatusAction(BaseAction):
    """Move a participation along its pipeline (identified → … → active)."""

    action_name = "change_status"
    permission_policy_action = "change"

    def __init__(self, participation, status, *, user=None, date=None, note=""):
        super().__init__(participation, user=user)
        self.status, self.date, self.note = status, date, note

    def execute(self, skip_permission_checks=False) -> bool:
        """Returns False if the participation already had this status (nothing changes)."""
        self.check(skip_permission_checks=skip_permission_checks)
        participation = self.instance
        with transaction.atomic():
            previous = _participation_values(participation.pk)
            if previous and previous["status"] == self.status:
                return False
            participation.set_status(
                self.status,
                user=self.user,
                date=self.date or timezone.localdate(),
                note=self.note,
            )
            _after_participation_change(participation, previous, self.user, self.note)
        return True


def change_participation_status(participation, status, *, by=None, date=None, note="") -> bool:
    return ChangeParticipationStatusAction(
        participation, status, user=by, date=date, note=note
    ).execute(skip_permission_checks=by is None)
