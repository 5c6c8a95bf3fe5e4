"""Event screens: the calendar with its filters, the embeddable tips, an event with its
registration panel, attendance, and the iCal feeds (public, per event, the private one).
"""

from datetime import timedelta

from csp.decorators import csp_replace
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.views.decorators.clickjacking import xframe_options_exempt
from django.views.decorators.http import require_POST

from accounts.roles import is_signed_in
from coaching import dates, ical, permissions, services
from coaching.forms import AttendanceForm, EventFilterForm
from coaching.models import CalendarToken, Event, Registration, Task
from municipalities.models import Region


def _base_url(request) -> str:
    return request.build_absolute_uri("/").rstrip("/")


EVENTS_PER_PAGE = 30


def event_index(request):
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
    context = {
        "form": form,
        "events": events,
        "page": page,
        "public_view": not is_signed_in(request.user),
        "month": month,
    }
    template = "coaching/_event_list.html" if request.htmx else "coaching/event_index.html"
    return TemplateResponse(request, template, context)


@xframe_options_exempt
@csp_replace({"frame-ancestors": ["*"]})
def event_embed(request):
    """Public event tips for municipal websites (may be framed): ``?region=<slug>``."""
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
    if is_signed_in(request.user):
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
