"""Screens of the coaching programme outside the Wagtail admin.

Every object is fetched through the scoping querysets (``visible_to`` / ``managed_by``); a
row outside the user's scope is a 404, an action the user may not take a 403. Every form
works without JavaScript; with htmx, list filters and status buttons swap fragments.
"""

from datetime import timedelta

from csp.decorators import csp_replace
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Count, Q, Sum
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.views.decorators.clickjacking import xframe_options_exempt
from django.views.decorators.http import require_POST

from coaching import dates, ical, permissions, reminders, services
from coaching.forms import (
    ApplyTemplateForm,
    AttendanceForm,
    EventFilterForm,
    MeasureForm,
    ReminderPreferencesForm,
    ShiftForm,
    TaskForm,
    TaskStatusForm,
)
from coaching.models import (
    Anchor,
    CalendarToken,
    Event,
    Measure,
    Milestone,
    Plan,
    Registration,
    Task,
)
from coaching.timeline import build_timeline
from core.badinput import form_status
from core.validators import MAX_DATE, MIN_DATE, in_programme_range

# Events -----------------------------------------------------------------------------------


def _base_url(request) -> str:
    return request.build_absolute_uri("/").rstrip("/")


EVENTS_PER_PAGE = 30


def event_index(request):
    from municipalities.models import Region

    visible = Event.objects.visible_to(request.user)
    regions = Region.objects.filter(pk__in=visible.values("region")).order_by("name")
    form = EventFilterForm(request.GET or None, regions=regions)
    events = visible
    month = None
    if form.is_valid():
        data = form.cleaned_data
        if data.get("kind"):
            events = events.filter(kind=data["kind"])
        if data.get("region"):
            events = events.filter(region=data["region"])
        month = dates.parse_month(data.get("month"))
    if month:
        start, end = dates.month_bounds(*month)
        events = events.filter(start__lt=end, end__gte=start)
    else:
        events = events.upcoming()
    page = Paginator(events.select_related("region", "series"), EVENTS_PER_PAGE).get_page(
        request.GET.get("page")
    )
    events = list(page.object_list)
    services.attach_series_labels(events)
    query = request.GET.copy()
    query.pop("page", None)
    context = {
        "form": form,
        "events": events,
        "page": page,
        "query": query.urlencode(),
        "public_view": not request.user.is_authenticated,
        "month": month,
    }
    template = "coaching/_event_list.html" if request.htmx else "coaching/event_index.html"
    return TemplateResponse(request, template, context)


@xframe_options_exempt
@csp_replace({"frame-ancestors": ["*"]})
def event_embed(request):
    """Public event tips for municipal websites (may be framed): ``?region=<slug>``."""
    from municipalities.models import Region

    events = Event.objects.public().upcoming().select_related("region", "series")
    region = None
    if request.GET.get("region"):
        region = Region.objects.filter(slug=request.GET["region"]).first()
        if region is None:
            raise Http404
        events = events.filter(Q(region=region) | Q(region__isnull=True))
    events = list(events[:50])
    services.attach_series_labels(events)
    context = {"events": events, "region": region}
    return TemplateResponse(request, "coaching/event_embed.html", context)


def event_detail(request, pk):
    event = get_object_or_404(
        Event.objects.visible_to(request.user).select_related("region", "series"), pk=pk
    )
    return TemplateResponse(request, "coaching/event_detail.html", _event_context(request, event))


def _event_context(request, event):
    registration = None
    if request.user.is_authenticated:
        registration = (
            Registration.objects.filter(event=event, user=request.user)
            .exclude(status=Registration.Status.CANCELLED)
            .first()
        )
    counts = services.registration_counts(event)
    free = None
    if event.capacity is not None:
        free = max(event.capacity - counts[Registration.Status.REGISTERED], 0)
    return {
        "event": event,
        "registration": registration,
        "counts": counts,
        "free_seats": free,
        "registration_open": event.registration_is_open(),
        "can_manage": permissions.can_manage_event(request.user, event),
        "modules": list(event.preparation_modules.live().specific()),
        "materials": event.materials.all(),
    }


def _registration_response(request, event, **extra):
    """The registration panel for htmx (it shows the new state), else back to the event."""
    if request.htmx:
        context = {**_event_context(request, event), **extra}
        return TemplateResponse(request, "coaching/_registration.html", context)
    return redirect(event.get_absolute_url())


@login_required
@require_POST
def event_register(request, pk):
    event = get_object_or_404(Event.objects.visible_to(request.user), pk=pk)
    try:
        registration = services.register(event, request.user)
    except services.RegistrationClosed as exc:
        if not request.htmx:
            messages.error(request, exc.message)
    else:
        if request.htmx:
            pass  # the swapped panel shows the new state itself
        elif registration.status == Registration.Status.REGISTERED:
            messages.success(request, _("You are registered."))
        else:
            messages.info(
                request,
                _(
                    "The event is full. You are on the waiting list and will move up "
                    "automatically when a place becomes free."
                ),
            )
    return _registration_response(request, event)


@login_required
@require_POST
def event_cancel(request, pk):
    event = get_object_or_404(Event.objects.visible_to(request.user), pk=pk)
    cancelled = services.cancel(event, request.user) is not None
    if cancelled and not request.htmx:
        messages.success(request, _("Your registration has been cancelled."))
    return _registration_response(request, event, cancelled=cancelled)


@login_required
def event_attendance(request, pk):
    event = get_object_or_404(Event.objects.managed_by(request.user), pk=pk)
    registrations = list(
        event.registrations.select_related("user").order_by("status", "status_since")
    )
    registered = [reg for reg in registrations if reg.status == Registration.Status.REGISTERED]
    form = AttendanceForm(request.POST or None, registrations=registered)
    if request.method == "POST" and form.is_valid():
        services.record_attendance(event, form.cleaned_data["attended"], by=request.user)
        messages.success(request, _("Attendance has been saved."))
        return redirect("events:attendance", pk=event.pk)
    context = {"event": event, "form": form, "registrations": registrations}
    return TemplateResponse(request, "coaching/event_attendance.html", context)


def _ics_response(content: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def event_ics(request, pk):
    event = get_object_or_404(Event.objects.visible_to(request.user), pk=pk)
    content = ical.build_calendar(event.title, _base_url(request), events=[event])
    return _ics_response(content, f"event-{event.pk}.ics")


def public_feed(request):
    since = timezone.now() - timedelta(days=90)
    events = Event.objects.public().filter(end__gte=since).select_related("series")
    content = ical.build_calendar(_("Klimapaten - event tips"), _base_url(request), events=events)
    response = _ics_response(content, "klimapaten.ics")
    response["Content-Disposition"] = 'inline; filename="klimapaten.ics"'
    response["Cache-Control"] = "public, max-age=900"
    return response


def private_feed(request, token):
    """A user's own calendar: their events, tasks and milestones. The token is the key."""
    calendar_token = CalendarToken.objects.select_related("user").filter(token=token).first()
    if calendar_token is None or not calendar_token.user.is_active:
        raise Http404
    user = calendar_token.user
    since = timezone.now() - timedelta(days=90)
    events = (
        Event.objects.visible_to(user)
        .filter(
            end__gte=since,
            registrations__user=user,
            registrations__status__in=[
                Registration.Status.REGISTERED,
                Registration.Status.WAITLISTED,
            ],
        )
        .select_related("series")
        .distinct()
    )
    tasks = (
        Task.objects.visible_to(user)
        .filter(owner=user)
        .unfinished()
        .select_related("plan__participation__municipality")
    )
    milestones = (
        services.milestones_for(user)
        .unreached()
        .select_related("plan__participation__municipality")
    )
    with translation.override(user.language or None):
        content = ical.build_calendar(
            _("Klimapaten - my calendar"),
            _base_url(request),
            events=events,
            tasks=tasks,
            milestones=milestones,
        )
    response = _ics_response(content, "klimapaten-personal.ics")
    response["Content-Disposition"] = 'inline; filename="klimapaten-personal.ics"'
    response["Cache-Control"] = "private, no-store"
    response["X-Robots-Tag"] = "noindex"
    return response


@login_required
@require_POST
def renew_feed(request):
    CalendarToken.for_user(request.user).renew()
    messages.success(
        request, _("Your calendar address has been renewed. The old address no longer works.")
    )
    return redirect("reminders:settings")


# Plans ------------------------------------------------------------------------------------


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
    from municipalities.models import Participation

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


@login_required
def task_edit(request, pk):
    task = get_object_or_404(Task.objects.managed_by(request.user).select_related("plan"), pk=pk)
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
def task_create(request, pk):
    """A task of the plan's own, beyond the template (managers only)."""
    plan = get_object_or_404(Plan.objects.managed_by(request.user), pk=pk)
    task = Task(plan=plan, due_date=timezone.localdate())
    form = TaskForm(request.POST or None, instance=task)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("The task has been saved."))
        return redirect(f"{plan.get_absolute_url()}#task-{task.pk}")
    return TemplateResponse(
        request,
        "coaching/task_form.html",
        {"form": form, "task": task},
        status=form_status(request, form),
    )


@login_required
@require_POST
def milestone_reached(request, pk):
    milestone = get_object_or_404(Milestone.objects.managed_by(request.user), pk=pk)
    reached = None if milestone.is_reached else timezone.localdate()
    services.set_milestone_reached(milestone, reached, by=request.user)
    messages.success(request, _("The milestone has been updated."))
    return redirect(f"{milestone.plan.get_absolute_url()}#milestone-{milestone.pk}")


# Measures ---------------------------------------------------------------------------------


@login_required
def measure_list(request):
    from municipalities.models import Participation

    measures = Measure.objects.visible_to(request.user).select_related(
        "participation__municipality"
    )
    participation = None
    if request.GET.get("participation", "").isdigit():
        participation = get_object_or_404(
            Participation.objects.visible_to(request.user), pk=request.GET["participation"]
        )
        measures = measures.filter(participation=participation)
    totals = measures.aggregate(
        co2=Sum("co2_savings_tonnes"),
        investment=Sum("investment_eur"),
        funding=Sum("funding_eur"),
        count=Count("pk"),
        done=Count("pk", filter=Q(status=Measure.Status.DONE)),
    )
    context = {
        "measures": measures,
        "totals": totals,
        "participation": participation,
        "can_add": participation is not None
        and permissions.can_edit_measures(request.user, participation),
    }
    return TemplateResponse(request, "coaching/measure_list.html", context)


@login_required
def measure_create(request, participation_pk):
    from municipalities.models import Participation

    participation = get_object_or_404(
        Participation.objects.visible_to(request.user), pk=participation_pk
    )
    if not permissions.can_edit_measures(request.user, participation):
        raise PermissionDenied
    form = MeasureForm(request.POST or None, participation=participation)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("The measure has been saved."))
        return redirect(f"{reverse('measures:index')}?participation={participation.pk}")
    context = {"form": form, "participation": participation}
    return TemplateResponse(
        request, "coaching/measure_form.html", context, status=form_status(request, form)
    )


@login_required
def measure_edit(request, pk):
    measure = get_object_or_404(
        Measure.objects.visible_to(request.user).select_related("participation"), pk=pk
    )
    if not permissions.can_edit_measure(request.user, measure):
        raise PermissionDenied
    form = MeasureForm(request.POST or None, instance=measure, participation=measure.participation)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("The measure has been saved."))
        return redirect(f"{reverse('measures:index')}?participation={measure.participation_id}")
    context = {"form": form, "participation": measure.participation, "measure": measure}
    return TemplateResponse(
        request, "coaching/measure_form.html", context, status=form_status(request, form)
    )


# Reminders --------------------------------------------------------------------------------


@login_required
def reminder_settings(request):
    initial = {"kinds": sorted(reminders.enabled_kinds(request.user))}
    form = ReminderPreferencesForm(request.POST or None, initial=initial, user=request.user)
    if request.method == "POST" and form.is_valid():
        offered = [kind for kind, _label in form.offered]
        reminders.set_enabled_kinds(request.user, form.cleaned_data["kinds"], offered)
        messages.success(request, _("Your reminder settings have been saved."))
        return redirect("reminders:settings")
    token = CalendarToken.for_user(request.user)
    context = {
        "form": form,
        "feed_url": request.build_absolute_uri(token.get_absolute_url()),
    }
    return TemplateResponse(request, "coaching/reminder_settings.html", context)
