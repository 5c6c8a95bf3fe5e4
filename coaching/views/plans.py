"""Plan screens: the plans a user sees, the region overview, a plan with its timeline,
applying a template, moving a plan, and the task and milestone updates.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from coaching import permissions, services
from coaching.forms import ApplyTemplateForm, ShiftForm, TaskForm, TaskStatusForm
from coaching.models import Anchor, Milestone, Plan, Task
from coaching.timeline import build_timeline
from core.badinput import form_status
from core.validators import MAX_DATE, MIN_DATE, in_programme_range
from municipalities.models import Participation


@login_required
def plan_list(request):
    plans = services.plans_with_items(Plan.objects.visible_to(request.user))
    today = timezone.localdate()
    context = {
        "statuses": [services.plan_status(plan, today) for plan in plans],
        "can_apply": permissions.can_apply_templates(request.user),
    }
    return TemplateResponse(request, "coaching/plan_list.html", context)


@login_required
def region_overview(request):
    if not permissions.can_apply_templates(request.user):
        raise PermissionDenied
    statuses = services.region_overview(request.user)
    context = {"statuses": statuses, "today": timezone.localdate()}
    return TemplateResponse(request, "coaching/region_overview.html", context)


@login_required
def plan_detail(request, pk):
    plan = get_object_or_404(
        services.plans_with_items(Plan.objects.visible_to(request.user)), pk=pk
    )
    today = timezone.localdate()
    can_manage = permissions.can_manage_plan(request.user, plan)
    # Same rule as permissions.can_update_task, worked out once for the whole page.
    patron = permissions.is_patron_of(request.user, plan.participation_id)
    phases = []
    for phase in plan.phases.all():
        tasks = [
            {
                "task": task,
                "can_update": can_manage or (patron and task.owner_id == request.user.pk),
                "overdue": task.is_overdue(today),
            }
            for task in phase.tasks.all()
        ]
        phases.append({"phase": phase, "tasks": tasks, "milestones": phase.milestones.all()})
    context = {
        "plan": plan,
        "phases": phases,
        "status": services.plan_status(plan, today),
        "timeline": build_timeline(plan, today),
        "can_manage": can_manage,
        "status_choices": Task.Status.choices,
        "today": today,
        "can_edit_measures": permissions.can_edit_measures(request.user, plan.participation),
    }
    return TemplateResponse(request, "coaching/plan_detail.html", context)


@login_required
def apply_template(request):
    if not permissions.can_apply_templates(request.user):
        raise PermissionDenied
    participations = (
        Participation.objects.managed_by(request.user)
        .exclude(status=Participation.Status.WITHDRAWN)
        .select_related("municipality")
    )
    form = ApplyTemplateForm(request.POST or None, participations=participations)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        result = services.apply_template(
            data["template"],
            data["participations"],
            data["start_date"],
            user=request.user,
            council_resolution_date=data["council_resolution_date"],
        )
        for plan in result.created:
            messages.success(
                request, _("Plan created for %(name)s.") % {"name": plan.participation}
            )
        for participation, reason in result.skipped:
            messages.warning(
                request,
                _("%(name)s skipped: %(reason)s") % {"name": participation, "reason": reason},
            )
        if len(result.created) == 1:
            return redirect(result.created[0].get_absolute_url())
        return redirect("plans:overview")
    return TemplateResponse(
        request, "coaching/apply_template.html", {"form": form}, status=form_status(request, form)
    )


@login_required
def plan_shift(request, pk):
    plan = get_object_or_404(Plan.objects.managed_by(request.user), pk=pk)
    initial = {"anchor": Anchor.PLAN_START, "new_date": plan.start_date}
    form = ShiftForm(request.POST or None, initial=initial)
    changes = None
    if request.method == "POST" and form.is_valid():
        anchor, new_date = form.cleaned_data["anchor"], form.cleaned_data["new_date"]
        changes = _checked_shift(form, plan, anchor, new_date)
        if changes is not None and request.POST.get("confirm"):
            changes = services.shift_plan(plan, anchor, new_date)
            messages.success(
                request,
                _("The plan has been moved; %(count)s dates changed.") % {"count": len(changes)},
            )
            return redirect(plan.get_absolute_url())
    context = {
        "plan": plan,
        "form": form,
        "changes": changes,
        "anchors": {
            Anchor.PLAN_START: plan.start_date,
            Anchor.COUNCIL_RESOLUTION: plan.council_resolution_date,
        },
    }
    return TemplateResponse(
        request, "coaching/plan_shift.html", context, status=form_status(request, form)
    )


def _checked_shift(form, plan, anchor, new_date):
    """The preview of a shift, or None (with a form error) if a date would leave 1900–2200."""
    try:
        changes = services.preview_shift(plan, anchor, new_date)
    except OverflowError:
        changes = None
    if changes is None or not all(in_programme_range(change.new) for change in changes):
        form.add_error(
            "new_date",
            _("Moving the plan to this date would put some of its dates outside %(min)s–%(max)s.")
            % {"min": MIN_DATE.year, "max": MAX_DATE.year},
        )
        return None
    return changes


@login_required
@require_POST
def task_status(request, pk):
    task = get_object_or_404(
        Task.objects.visible_to(request.user).select_related("plan__participation"), pk=pk
    )
    if not permissions.can_update_task(request.user, task):
        raise PermissionDenied
    form = TaskStatusForm(request.POST)
    if form.is_valid():
        services.set_task_status(task, form.cleaned_data["status"], by=request.user)
        if not request.htmx:
            messages.success(request, _("The task has been updated."))
    if request.htmx:
        context = {
            "item": {"task": task, "can_update": True, "overdue": task.is_overdue()},
            "saved": form.is_valid(),
            "status_choices": Task.Status.choices,
            "can_manage": permissions.can_manage_plan(request.user, task.plan),
        }
        return TemplateResponse(request, "coaching/_task_row.html", context)
    return redirect(f"{task.plan.get_absolute_url()}#task-{task.pk}")


def _task_form(request, task):
    """The task form for a new or an existing task; saved, back to the task in its plan."""
    form = TaskForm(request.POST or None, instance=task)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("The task has been saved."))
        return redirect(f"{task.plan.get_absolute_url()}#task-{task.pk}")
    return TemplateResponse(
        request,
        "coaching/task_form.html",
        {"form": form, "task": task},
        status=form_status(request, form),
    )


@login_required
def task_edit(request, pk):
    task = get_object_or_404(Task.objects.managed_by(request.user).select_related("plan"), pk=pk)
    return _task_form(request, task)


@login_required
def task_create(request, pk):
    """A task of the plan's own, beyond the template (managers only)."""
    plan = get_object_or_404(Plan.objects.managed_by(request.user), pk=pk)
    return _task_form(request, Task(plan=plan, due_date=timezone.localdate()))


@login_required
@require_POST
def milestone_reached(request, pk):
    milestone = get_object_or_404(Milestone.objects.managed_by(request.user), pk=pk)
    reached = None if milestone.is_reached else timezone.localdate()
    services.set_milestone_reached(milestone, reached, by=request.user)
    messages.success(request, _("The milestone has been updated."))
    return redirect(f"{milestone.plan.get_absolute_url()}#milestone-{milestone.pk}")
