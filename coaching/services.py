"""State changes that more than one view (or a task, or the admin) needs.

Registrations lock the event row (``select_for_update``) so two people can never take the
last seat at once; a cancellation moves the waiting list up in the same transaction.
Plans are made from templates and moved as a whole here.
"""

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, timedelta

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Prefetch, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from coaching import permissions, reminders
from coaching.models import (
    Anchor,
    Event,
    Milestone,
    MilestoneTemplate,
    OwnerRole,
    Phase,
    PhaseTemplate,
    Plan,
    PlanTemplate,
    Registration,
    Task,
    TaskTemplate,
)
from municipalities.models import Membership, MembershipRole

# Events -----------------------------------------------------------------------------------


class RegistrationClosed(Exception):
    """Registration is not open (not yet, no longer, or the event has begun)."""

    message = _("Registration for this event is not open.")


def register(event: Event, user, *, now=None) -> Registration:
    """Register ``user`` for ``event``: a seat if one is free, else the waiting list."""
    if not permissions.can_register(user, event):
        raise PermissionDenied
    now = now or timezone.now()
    with transaction.atomic():
        locked = Event.objects.select_for_update().get(pk=event.pk)
        existing = Registration.objects.filter(event=locked, user=user).first()
        if existing and existing.status != Registration.Status.CANCELLED:
            return existing
        if not locked.registration_is_open(now):
            raise RegistrationClosed
        free = locked.capacity is None or seats_taken(locked) < locked.capacity
        status = Registration.Status.REGISTERED if free else Registration.Status.WAITLISTED
        if existing:
            existing.status = status
            existing.status_since = now
            existing.attended = None
            existing.save(update_fields=["status", "status_since", "attended"])
            return existing
        return Registration.objects.create(event=locked, user=user, status=status, status_since=now)


def seats_taken(event: Event) -> int:
    return Registration.objects.filter(event=event, status=Registration.Status.REGISTERED).count()


def cancel(event: Event, user, *, now=None) -> Registration | None:
    """Cancel ``user``'s registration; a freed seat goes to the first on the waiting list."""
    now = now or timezone.now()
    with transaction.atomic():
        locked = Event.objects.select_for_update().get(pk=event.pk)
        registration = (
            Registration.objects.filter(event=locked, user=user)
            .exclude(status=Registration.Status.CANCELLED)
            .first()
        )
        if registration is None:
            return None
        registration.status = Registration.Status.CANCELLED
        registration.status_since = now
        registration.save(update_fields=["status", "status_since"])
        fill_from_waiting_list(locked, now=now)
    return registration


def fill_from_waiting_list(event: Event, *, now=None) -> list[Registration]:
    """Give free seats to the waiting list in order; call inside the event's lock."""
    now = now or timezone.now()
    waiting = Registration.objects.filter(
        event=event, status=Registration.Status.WAITLISTED
    ).order_by("status_since", "pk")
    unlimited = event.capacity is None
    free = len(waiting) if unlimited else max(event.capacity - seats_taken(event), 0)
    promoted = list(waiting[:free])
    for registration in promoted:
        registration.status = Registration.Status.REGISTERED
        registration.status_since = now
        registration.save(update_fields=["status", "status_since"])
        # The mail is written to the outbox in this transaction: no broker on the way, and
        # it goes (or rolls back) with the promotion.
        reminders.notify_waitlist_promotion(registration.pk)
    return promoted


def capacity_changed(event: Event) -> list[Registration]:
    """After an editor raised the capacity (or removed it), move the waiting list up."""
    with transaction.atomic():
        locked = Event.objects.select_for_update().get(pk=event.pk)
        return fill_from_waiting_list(locked)


def record_attendance(event: Event, attended_user_ids, *, by) -> int:
    """Mark who of the registered people came; everyone else registered did not."""
    if not permissions.can_manage_event(by, event):
        raise PermissionDenied
    attended_user_ids = {int(pk) for pk in attended_user_ids}
    registrations = Registration.objects.filter(event=event, status=Registration.Status.REGISTERED)
    changed = 0
    for registration in registrations:
        attended = registration.user_id in attended_user_ids
        if registration.attended != attended:
            registration.attended = attended
            registration.save(update_fields=["attended"])
            changed += 1
    return changed


def attach_series_labels(events) -> None:
    """Work out "Coaching 1 von 3" for a list of events in one query."""
    series_ids = {event.series_id for event in events if event.series_id}
    if not series_ids:
        return
    parts: dict[int, list[int]] = defaultdict(list)
    rows = Event.objects.filter(series_id__in=series_ids).order_by("start", "pk")
    for pk, series_id in rows.values_list("pk", "series_id"):
        parts[series_id].append(pk)
    for event in events:
        if event.series_id:
            members = parts[event.series_id]
            event.__dict__["_series_label"] = _("%(series)s %(number)s of %(total)s") % {
                "series": event.series.title,
                "number": members.index(event.pk) + 1,
                "total": len(members),
            }


def registration_counts(event: Event) -> dict[str, int]:
    counts = dict.fromkeys(Registration.Status.values, 0)
    for status in Registration.objects.filter(event=event).values_list("status", flat=True):
        counts[status] += 1
    return counts


# Plans ------------------------------------------------------------------------------------


@dataclass
class ApplyResult:
    created: list[Plan] = field(default_factory=list)
    skipped: list[tuple] = field(default_factory=list)  # (participation, reason)


def _owners_for(participation) -> dict[str, object]:
    def first_member(role):
        membership = (
            participation.memberships.filter(role=role)
            .select_related("user")
            .order_by("created", "pk")
            .first()
        )
        return membership.user if membership else None

    return {
        OwnerRole.VOLUNTEER: first_member(MembershipRole.VOLUNTEER),
        OwnerRole.MUNICIPAL_CONTACT: first_member(MembershipRole.MUNICIPAL_CONTACT),
        OwnerRole.REGIONAL_MANAGER: participation.region.managers.order_by("pk").first(),
        OwnerRole.NONE: None,
    }


def apply_template(
    template: PlanTemplate,
    participations,
    start_date: date,
    *,
    user=None,
    council_resolution_date: date | None = None,
) -> ApplyResult:
    """Make a plan for each participation that has none; dates are anchor + offset.

    Items counted from the council resolution use the date given, else the participation's
    own council resolution date, else the plan start.
    """
    phases = list(
        PhaseTemplate.objects.filter(template=template)
        .order_by("sort_order", "pk")
        .prefetch_related(
            Prefetch("task_templates", TaskTemplate.objects.order_by("sort_order", "pk")),
            Prefetch("milestone_templates", MilestoneTemplate.objects.order_by("sort_order", "pk")),
        )
    )
    result = ApplyResult()
    for participation in participations:
        if user is not None and not (
            type(participation).objects.managed_by(user).filter(pk=participation.pk).exists()
        ):
            result.skipped.append((participation, _("You do not manage this participation.")))
            continue
        if Plan.objects.filter(participation=participation).exists():
            result.skipped.append((participation, _("It already has a plan.")))
            continue
        resolution = council_resolution_date or participation.council_resolution_date or start_date
        owners = _owners_for(participation)
        with transaction.atomic():
            plan = Plan.objects.create(
                participation=participation,
                template=template,
                name=template.name,
                start_date=start_date,
                council_resolution_date=resolution,
                created_by=user,
            )
            tasks, milestones = [], []
            for position, phase_template in enumerate(phases):
                phase = Phase.objects.create(
                    plan=plan,
                    name=phase_template.name,
                    description=phase_template.description,
                    sort_order=position,
                )
                for order, item in enumerate(phase_template.task_templates.all()):
                    tasks.append(
                        Task(
                            plan=plan,
                            phase=phase,
                            title=item.title,
                            description=item.description,
                            owner=owners.get(item.owner_role),
                            due_date=plan.anchor_date(item.anchor)
                            + timedelta(days=item.offset_days),
                            module_id=item.module_id,
                            anchor=item.anchor,
                            sort_order=order,
                        )
                    )
                for order, item in enumerate(phase_template.milestone_templates.all()):
                    milestones.append(
                        Milestone(
                            plan=plan,
                            phase=phase,
                            title=item.title,
                            description=item.description,
                            target_date=plan.anchor_date(item.anchor)
                            + timedelta(days=item.offset_days),
                            is_gate=item.is_gate,
                            anchor=item.anchor,
                            sort_order=order,
                        )
                    )
            Task.objects.bulk_create(tasks)
            Milestone.objects.bulk_create(milestones)
        result.created.append(plan)
    return result


@dataclass(frozen=True)
class DateChange:
    kind: str  # "task" or "milestone"
    pk: int
    title: str
    old: date
    new: date


def preview_shift(plan: Plan, anchor: str, new_date: date) -> list[DateChange]:
    """What moving the anchor would change: unfinished items counted from that anchor."""
    delta = new_date - plan.anchor_date(anchor)
    if not delta:
        return []
    changes = [
        DateChange("task", task.pk, task.title, task.due_date, task.due_date + delta)
        for task in plan.tasks.unfinished().filter(anchor=anchor).order_by("due_date", "pk")
    ]
    changes += [
        DateChange("milestone", ms.pk, ms.title, ms.target_date, ms.target_date + delta)
        for ms in plan.milestones.unreached().filter(anchor=anchor).order_by("target_date")
    ]
    return sorted(changes, key=lambda change: (change.old, change.kind, change.pk))


def shift_plan(plan: Plan, anchor: str, new_date: date) -> list[DateChange]:
    """Move the anchor and every unfinished date counted from it by the same number of days.

    Done tasks and reached milestones keep their dates: they are history.
    """
    with transaction.atomic():
        plan = Plan.objects.select_for_update().get(pk=plan.pk)
        changes = preview_shift(plan, anchor, new_date)
        for change in changes:
            if change.kind == "task":
                Task.objects.filter(pk=change.pk).update(due_date=change.new)
            else:
                Milestone.objects.filter(pk=change.pk).update(target_date=change.new)
        if anchor == Anchor.COUNCIL_RESOLUTION:
            plan.council_resolution_date = new_date
        else:
            plan.start_date = new_date
        plan.save(update_fields=["start_date", "council_resolution_date", "updated"])
    return changes


def set_task_status(task: Task, status: str, *, by) -> Task:
    if not permissions.can_update_task(by, task):
        raise PermissionDenied
    if status not in Task.Status.values:
        raise ValueError(status)
    task.status = status
    task.save()
    return task


def set_milestone_reached(milestone: Milestone, reached_on: date | None, *, by) -> Milestone:
    if not permissions.can_update_milestone(by, milestone):
        raise PermissionDenied
    milestone.reached_on = reached_on
    milestone.save(update_fields=["reached_on"])
    return milestone


def milestones_for(user):
    """Milestones that are the user's: owned by them, or unowned in their municipality's plan."""
    mine = Membership.objects.filter(user_id=user.pk, role=MembershipRole.VOLUNTEER).values(
        "participation_id"
    )
    return Milestone.objects.visible_to(user).filter(
        Q(owner_id=user.pk) | Q(owner__isnull=True, plan__participation__in=mine)
    )


# Progress ---------------------------------------------------------------------------------


def plans_with_items(queryset):
    """Plans with phases, tasks and milestones prefetched (a constant number of queries)."""
    return queryset.select_related(
        "participation__municipality", "participation__region", "template"
    ).prefetch_related(
        Prefetch("phases", Phase.objects.order_by("sort_order", "pk")),
        Prefetch("phases__tasks", Task.objects.select_related("owner").order_by("due_date")),
        Prefetch("phases__milestones", Milestone.objects.order_by("target_date")),
    )


def phase_is_complete(phase: Phase) -> bool:
    """All tasks done and every gate milestone reached."""
    return all(task.is_done for task in phase.tasks.all()) and all(
        ms.is_reached for ms in phase.milestones.all() if ms.is_gate
    )


def current_phase(plan: Plan) -> Phase | None:
    """The first phase not complete; ``None`` when the whole plan is complete."""
    for phase in plan.phases.all():
        if not phase_is_complete(phase):
            return phase
    return None


@dataclass
class PlanStatus:
    plan: Plan
    phase: Phase | None
    phase_number: int
    phase_count: int
    tasks_total: int
    tasks_done: int
    overdue_tasks: list
    overdue_milestones: list
    next_milestone: Milestone | None

    @property
    def percent_done(self) -> int:
        return round(100 * self.tasks_done / self.tasks_total) if self.tasks_total else 0

    @property
    def at_risk(self) -> bool:
        return bool(self.overdue_milestones)


def plan_status(plan: Plan, today: date | None = None) -> PlanStatus:
    today = today or timezone.localdate()
    phases = list(plan.phases.all())
    tasks = [task for phase in phases for task in phase.tasks.all()]
    milestones = [ms for phase in phases for ms in phase.milestones.all()]
    phase = current_phase(plan)
    upcoming = sorted(
        (ms for ms in milestones if not ms.is_reached and ms.target_date >= today),
        key=lambda ms: ms.target_date,
    )
    return PlanStatus(
        plan=plan,
        phase=phase,
        phase_number=phases.index(phase) + 1 if phase else len(phases),
        phase_count=len(phases),
        tasks_total=len(tasks),
        tasks_done=sum(task.is_done for task in tasks),
        overdue_tasks=sorted(
            (task for task in tasks if task.is_overdue(today)), key=lambda t: t.due_date
        ),
        overdue_milestones=[ms for ms in milestones if ms.is_overdue(today)],
        next_milestone=upcoming[0] if upcoming else None,
    )


def region_overview(user, today: date | None = None) -> list[PlanStatus]:
    """Where each plan the user manages stands: phase, overdue items, next milestone."""
    plans = plans_with_items(Plan.objects.managed_by(user))
    return [plan_status(plan, today) for plan in plans]
