"""The coaching programme: events and registrations, phase plans, measures, reminders.

Region-owned rows (events, plans and what hangs off them, measures) are only ever queried
through their ``visible_to(user)`` / ``managed_by(user)`` methods in ``coaching/scoping.py``,
which build on the municipalities scoping layer.
"""

import secrets

from django.conf import settings
from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel
from wagtail.models import Orderable

from accounts.roles import GROUP_NAMES
from coaching.scoping import (
    EventQuerySet,
    EventSeriesQuerySet,
    MeasureQuerySet,
    MilestoneQuerySet,
    PlanQuerySet,
    RegistrationQuerySet,
    TaskQuerySet,
)
from core.validators import validate_programme_date

# Events -----------------------------------------------------------------------------------


class EventSeries(models.Model):
    """Events that belong together and are numbered: "Coaching 1 von 3"."""

    title = models.CharField(_("title"), max_length=200)
    region = models.ForeignKey(
        "municipalities.Region",
        verbose_name=_("region"),
        on_delete=models.CASCADE,
        related_name="event_series",
        null=True,
        blank=True,
        help_text=_("Leave empty for a programme-wide series."),
    )

    objects = EventSeriesQuerySet.as_manager()

    class Meta:
        verbose_name = _("event series")
        verbose_name_plural = _("event series")
        ordering = ["title"]

    def __str__(self):
        return self.title


class Event(models.Model):
    """A coaching, training, regional meeting, workshop or local event."""

    class Kind(models.TextChoices):
        COACHING = "coaching", _("Coaching for regional managers")
        TRAINING = "training", _("Training for climate patrons")
        REGIONAL_MEETING = "regional_meeting", _("Regional meeting")
        WORKSHOP = "workshop", _("Workshop (e.g. Zukunftswerkstatt)")
        LOCAL = "local", _("Local event")

    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, default=Kind.TRAINING)
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    start = models.DateTimeField(_("start"), db_index=True, validators=[validate_programme_date])
    end = models.DateTimeField(_("end"), validators=[validate_programme_date])
    online_url = models.URLField(_("online link"), blank=True)
    venue = models.CharField(_("venue"), max_length=200, blank=True)
    street = models.CharField(_("street and number"), max_length=200, blank=True)
    postal_code = models.CharField(_("postal code"), max_length=5, blank=True)
    city = models.CharField(_("town"), max_length=200, blank=True)
    latitude = models.FloatField(
        _("latitude"),
        null=True,
        blank=True,
        validators=[MinValueValidator(-90), MaxValueValidator(90)],
    )
    longitude = models.FloatField(
        _("longitude"),
        null=True,
        blank=True,
        validators=[MinValueValidator(-180), MaxValueValidator(180)],
    )
    region = models.ForeignKey(
        "municipalities.Region",
        verbose_name=_("region"),
        on_delete=models.CASCADE,
        related_name="events",
        null=True,
        blank=True,
        help_text=_("Leave empty for a programme-wide event."),
    )
    audience = models.ManyToManyField(
        Group,
        verbose_name=_("audience"),
        related_name="+",
        blank=True,
        limit_choices_to={"name__in": list(GROUP_NAMES.values())},
        help_text=_("Roles the event is for. None ticked: everybody in the programme."),
    )
    capacity = models.PositiveIntegerField(
        _("capacity"), null=True, blank=True, help_text=_("Empty: no limit.")
    )
    registration_opens = models.DateTimeField(
        _("registration opens"),
        null=True,
        blank=True,
        validators=[validate_programme_date],
    )
    registration_closes = models.DateTimeField(
        _("registration closes"),
        null=True,
        blank=True,
        validators=[validate_programme_date],
    )
    series = models.ForeignKey(
        EventSeries,
        verbose_name=_("series"),
        on_delete=models.SET_NULL,
        related_name="events",
        null=True,
        blank=True,
    )
    preparation_modules = models.ManyToManyField(
        "courses.ModulePage",
        verbose_name=_("preparation modules"),
        related_name="+",
        blank=True,
    )
    materials = models.ManyToManyField(
        "wagtaildocs.Document", verbose_name=_("materials"), related_name="+", blank=True
    )
    is_public = models.BooleanField(
        _("public"),
        default=False,
        help_text=_("Public events appear in the public calendar (Termintipps)."),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created = models.DateTimeField(_("created"), auto_now_add=True)
    updated = models.DateTimeField(_("updated"), auto_now=True)

    objects = EventQuerySet.as_manager()

    class Meta:
        verbose_name = _("event")
        verbose_name_plural = _("events")
        ordering = ["start", "pk"]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("events:detail", args=[self.pk])

    def clean(self):
        super().clean()
        errors = {}
        if self.start and self.end and self.end <= self.start:
            errors["end"] = _("The event must end after it starts.")
        if (
            self.registration_opens
            and self.registration_closes
            and self.registration_closes <= self.registration_opens
        ):
            errors["registration_closes"] = _("Registration must close after it opens.")
        if (self.latitude is None) != (self.longitude is None):
            errors["longitude"] = _("Give both coordinates or neither.")
        if errors:
            raise ValidationError(errors)

    @property
    def address(self) -> str:
        place = " ".join(part for part in (self.postal_code, self.city) if part)
        return ", ".join(part for part in (self.venue, self.street, place) if part)

    @property
    def location_text(self) -> str:
        """Venue and address, or the online link: what a calendar shows as LOCATION."""
        return self.address or self.online_url

    @property
    def series_label(self) -> str:
        """ "Coaching 1 von 3" — the position of this event in its series, or ''."""
        if not self.series_id:
            return ""
        if "_series_label" in self.__dict__:  # set in bulk by services.attach_series_labels
            return self.__dict__["_series_label"]
        parts = list(self.series.events.order_by("start", "pk").values_list("pk", flat=True))
        if self.pk not in parts:
            return ""
        return _("%(series)s %(number)s of %(total)s") % {
            "series": self.series.title,
            "number": parts.index(self.pk) + 1,
            "total": len(parts),
        }

    def registration_is_open(self, now=None) -> bool:
        now = now or timezone.now()
        if self.start <= now:
            return False
        if self.registration_opens and now < self.registration_opens:
            return False
        return not (self.registration_closes and now >= self.registration_closes)

    @property
    def is_past(self) -> bool:
        return self.end < timezone.now()


class Registration(models.Model):
    """One person's place at an event: registered, on the waiting list, or cancelled."""

    class Status(models.TextChoices):
        REGISTERED = "registered", _("registered")
        WAITLISTED = "waitlisted", _("on the waiting list")
        CANCELLED = "cancelled", _("cancelled")

    event = models.ForeignKey(
        Event, verbose_name=_("event"), on_delete=models.CASCADE, related_name="registrations"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        on_delete=models.CASCADE,
        related_name="event_registrations",
    )
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.REGISTERED
    )
    # When the current status began; the waiting list is served in this order.
    status_since = models.DateTimeField(_("status since"), default=timezone.now)
    attended = models.BooleanField(_("attended"), null=True, blank=True)
    created = models.DateTimeField(_("created"), auto_now_add=True)

    objects = RegistrationQuerySet.as_manager()

    class Meta:
        verbose_name = _("registration")
        verbose_name_plural = _("registrations")
        ordering = ["status_since", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["event", "user"], name="coaching_registration_unique")
        ]

    def __str__(self):
        return f"{self.user} - {self.event} ({self.get_status_display()})"


class CalendarToken(models.Model):
    """The secret in a user's private calendar feed URL; renewing it revokes the old URL."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        on_delete=models.CASCADE,
        related_name="calendar_token",
    )
    token = models.CharField(_("token"), max_length=64, unique=True)
    created = models.DateTimeField(_("created"), default=timezone.now)

    class Meta:
        verbose_name = _("calendar feed token")
        verbose_name_plural = _("calendar feed tokens")

    def __str__(self):
        return str(self.user)

    def get_absolute_url(self):
        return reverse("events:private_feed", args=[self.token])

    @staticmethod
    def new_token() -> str:
        return secrets.token_urlsafe(32)

    @classmethod
    def for_user(cls, user) -> "CalendarToken":
        token, _created = cls.objects.get_or_create(user=user, defaults={"token": cls.new_token()})
        return token

    def renew(self) -> None:
        self.token = self.new_token()
        self.created = timezone.now()
        self.save(update_fields=["token", "created"])


# Plan templates ---------------------------------------------------------------------------


class Anchor(models.TextChoices):
    PLAN_START = "plan_start", _("plan start")
    COUNCIL_RESOLUTION = "council_resolution", _("council resolution")


class OwnerRole(models.TextChoices):
    VOLUNTEER = "volunteer", _("a climate patron of the municipality")
    REGIONAL_MANAGER = "regional_manager", _("the regional manager")
    MUNICIPAL_CONTACT = "municipal_contact", _("the municipal contact")
    NONE = "", _("nobody yet")


class PlanTemplate(ClusterableModel):
    """Coordinators' blueprint of a phase plan; applying it makes a concrete ``Plan``."""

    name = models.CharField(_("name"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    is_active = models.BooleanField(_("active"), default=True)
    created = models.DateTimeField(_("created"), auto_now_add=True)
    updated = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("plan template")
        verbose_name_plural = _("plan templates")
        ordering = ["name"]

    def __str__(self):
        return self.name


class PhaseTemplate(ClusterableModel, Orderable):
    template = ParentalKey(
        PlanTemplate,
        verbose_name=_("plan template"),
        on_delete=models.CASCADE,
        related_name="phases",
    )
    name = models.CharField(_("name"), max_length=200)
    description = models.TextField(_("description"), blank=True)

    class Meta(Orderable.Meta):
        verbose_name = _("phase template")
        verbose_name_plural = _("phase templates")

    def __str__(self):
        return f"{self.template} - {self.name}" if self.template_id else self.name


class _DatedTemplateItem(Orderable):
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    anchor = models.CharField(
        _("counted from"), max_length=20, choices=Anchor.choices, default=Anchor.PLAN_START
    )
    offset_days = models.IntegerField(
        _("offset in days"),
        default=0,
        help_text=_("Days after the anchor date (negative: before it)."),
    )

    class Meta(Orderable.Meta):
        abstract = True

    def __str__(self):
        return self.title


class TaskTemplate(_DatedTemplateItem):
    phase = ParentalKey(
        PhaseTemplate,
        verbose_name=_("phase"),
        on_delete=models.CASCADE,
        related_name="task_templates",
    )
    owner_role = models.CharField(
        _("owner"),
        max_length=20,
        choices=OwnerRole.choices,
        default=OwnerRole.VOLUNTEER,
        blank=True,
    )
    module = models.ForeignKey(
        "courses.ModulePage",
        verbose_name=_("module to do first"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta(_DatedTemplateItem.Meta):
        verbose_name = _("task template")
        verbose_name_plural = _("task templates")


class MilestoneTemplate(_DatedTemplateItem):
    phase = ParentalKey(
        PhaseTemplate,
        verbose_name=_("phase"),
        on_delete=models.CASCADE,
        related_name="milestone_templates",
    )
    is_gate = models.BooleanField(
        _("gate"),
        default=False,
        help_text=_("Must be reached before its phase counts as complete."),
    )

    class Meta(_DatedTemplateItem.Meta):
        verbose_name = _("milestone template")
        verbose_name_plural = _("milestone templates")


# Plans ------------------------------------------------------------------------------------


class Plan(models.Model):
    """A participation's phase plan with concrete dates (one per participation)."""

    participation = models.OneToOneField(
        "municipalities.Participation",
        verbose_name=_("participation"),
        on_delete=models.CASCADE,
        related_name="plan",
    )
    template = models.ForeignKey(
        PlanTemplate,
        verbose_name=_("template"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="plans",
    )
    name = models.CharField(_("name"), max_length=200)
    start_date = models.DateField(_("plan start"), validators=[validate_programme_date])
    council_resolution_date = models.DateField(
        _("date of council resolution"),
        help_text=_("Anchor for the dates counted from the council resolution."),
        validators=[validate_programme_date],
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created = models.DateTimeField(_("created"), auto_now_add=True)
    updated = models.DateTimeField(_("updated"), auto_now=True)

    objects = PlanQuerySet.as_manager()

    class Meta:
        verbose_name = _("plan")
        verbose_name_plural = _("plans")
        ordering = ["participation__municipality__name", "participation__district_name"]

    def __str__(self):
        return f"{self.name} - {self.participation}"

    def get_absolute_url(self):
        return reverse("plans:detail", args=[self.pk])

    def anchor_date(self, anchor: str):
        if anchor == Anchor.COUNCIL_RESOLUTION:
            return self.council_resolution_date
        return self.start_date


class Phase(models.Model):
    plan = models.ForeignKey(
        Plan, verbose_name=_("plan"), on_delete=models.CASCADE, related_name="phases"
    )
    name = models.CharField(_("name"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    sort_order = models.PositiveIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("phase")
        verbose_name_plural = _("phases")
        ordering = ["plan", "sort_order", "pk"]

    def __str__(self):
        return self.name


class Task(models.Model):
    class Status(models.TextChoices):
        OPEN = "open", _("open")
        IN_PROGRESS = "in_progress", _("in progress")
        DONE = "done", _("done")
        BLOCKED = "blocked", _("blocked")

    plan = models.ForeignKey(
        Plan, verbose_name=_("plan"), on_delete=models.CASCADE, related_name="tasks"
    )
    phase = models.ForeignKey(
        Phase, verbose_name=_("phase"), on_delete=models.CASCADE, related_name="tasks"
    )
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("owner"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="coaching_tasks",
    )
    due_date = models.DateField(_("due date"), db_index=True, validators=[validate_programme_date])
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.OPEN
    )
    module = models.ForeignKey(
        "courses.ModulePage",
        verbose_name=_("module to do first"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    anchor = models.CharField(
        _("counted from"), max_length=20, choices=Anchor.choices, default=Anchor.PLAN_START
    )
    completed_at = models.DateTimeField(_("completed"), null=True, blank=True)
    sort_order = models.PositiveIntegerField(_("order"), default=0)
    updated = models.DateTimeField(_("updated"), auto_now=True)

    objects = TaskQuerySet.as_manager()

    class Meta:
        verbose_name = _("task")
        verbose_name_plural = _("tasks")
        ordering = ["due_date", "sort_order", "pk"]

    def __str__(self):
        return self.title

    def save(self, *args, **kwargs):
        if self.status == self.Status.DONE and not self.completed_at:
            self.completed_at = timezone.now()
        elif self.status != self.Status.DONE:
            self.completed_at = None
        super().save(*args, **kwargs)

    @property
    def is_done(self) -> bool:
        return self.status == self.Status.DONE

    def is_overdue(self, today=None) -> bool:
        return not self.is_done and self.due_date < (today or timezone.localdate())


class Milestone(models.Model):
    plan = models.ForeignKey(
        Plan, verbose_name=_("plan"), on_delete=models.CASCADE, related_name="milestones"
    )
    phase = models.ForeignKey(
        Phase, verbose_name=_("phase"), on_delete=models.CASCADE, related_name="milestones"
    )
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("owner"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="coaching_milestones",
    )
    target_date = models.DateField(
        _("target date"),
        db_index=True,
        validators=[validate_programme_date],
    )
    reached_on = models.DateField(
        _("date reached"),
        null=True,
        blank=True,
        validators=[validate_programme_date],
    )
    is_gate = models.BooleanField(
        _("gate"),
        default=False,
        help_text=_("Must be reached before its phase counts as complete."),
    )
    anchor = models.CharField(
        _("counted from"), max_length=20, choices=Anchor.choices, default=Anchor.PLAN_START
    )
    sort_order = models.PositiveIntegerField(_("order"), default=0)

    objects = MilestoneQuerySet.as_manager()

    class Meta:
        verbose_name = _("milestone")
        verbose_name_plural = _("milestones")
        ordering = ["target_date", "sort_order", "pk"]

    def __str__(self):
        return self.title

    @property
    def is_reached(self) -> bool:
        return self.reached_on is not None

    def is_overdue(self, today=None) -> bool:
        return not self.is_reached and self.target_date < (today or timezone.localdate())


# Measures ---------------------------------------------------------------------------------

SDG_CHOICES = [
    (1, _("1 No poverty")),
    (2, _("2 Zero hunger")),
    (3, _("3 Good health and well-being")),
    (4, _("4 Quality education")),
    (5, _("5 Gender equality")),
    (6, _("6 Clean water and sanitation")),
    (7, _("7 Affordable and clean energy")),
    (8, _("8 Decent work and economic growth")),
    (9, _("9 Industry, innovation and infrastructure")),
    (10, _("10 Reduced inequalities")),
    (11, _("11 Sustainable cities and communities")),
    (12, _("12 Responsible consumption and production")),
    (13, _("13 Climate action")),
    (14, _("14 Life below water")),
    (15, _("15 Life on land")),
    (16, _("16 Peace, justice and strong institutions")),
    (17, _("17 Partnerships for the goals")),
]


def validate_sdgs(value):
    if not isinstance(value, list) or any(
        not isinstance(goal, int) or not 1 <= goal <= 17 for goal in value
    ):
        raise ValidationError(_("Choose goals between 1 and 17."))


class Measure(models.Model):
    """A concrete climate action in a municipality, with what it achieves."""

    class Category(models.TextChoices):
        ENERGY = "energy", _("Energy")
        MOBILITY = "mobility", _("Mobility")
        CONSUMPTION = "consumption", _("Consumption and food")
        NATURE = "nature", _("Nature and adaptation")
        EDUCATION = "education", _("Education and participation")
        OTHER = "other", _("Other")

    class Status(models.TextChoices):
        IDEA = "idea", _("idea")
        PLANNED = "planned", _("planned")
        IN_PROGRESS = "in_progress", _("in progress")
        DONE = "done", _("done")

    participation = models.ForeignKey(
        "municipalities.Participation",
        verbose_name=_("participation"),
        on_delete=models.CASCADE,
        related_name="measures",
    )
    title = models.CharField(_("title"), max_length=200)
    category = models.CharField(
        _("category"), max_length=20, choices=Category.choices, default=Category.OTHER
    )
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.IDEA
    )
    start_date = models.DateField(
        _("start"),
        null=True,
        blank=True,
        validators=[validate_programme_date],
    )
    end_date = models.DateField(
        _("end"),
        null=True,
        blank=True,
        validators=[validate_programme_date],
    )
    patrons = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("climate patrons involved"),
        related_name="coaching_measures",
        blank=True,
    )
    co2_savings_tonnes = models.DecimalField(
        _("estimated CO₂ saving (t per year)"),
        max_digits=10,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
    )
    investment_eur = models.DecimalField(
        _("investment (€)"),
        max_digits=12,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
    )
    funding_programme = models.CharField(_("funding programme"), max_length=200, blank=True)
    funding_eur = models.DecimalField(
        _("funding amount (€)"),
        max_digits=12,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
    )
    description = models.TextField(_("description"), blank=True)
    sdgs = models.JSONField(
        _("sustainable development goals"),
        default=list,
        blank=True,
        validators=[validate_sdgs],
    )
    created = models.DateTimeField(_("created"), auto_now_add=True)
    updated = models.DateTimeField(_("updated"), auto_now=True)

    objects = MeasureQuerySet.as_manager()

    class Meta:
        verbose_name = _("measure")
        verbose_name_plural = _("measures")
        ordering = ["participation__municipality__name", "title"]

    def __str__(self):
        return self.title

    def save(self, *args, **kwargs):
        self.sdgs = sorted({int(goal) for goal in self.sdgs or []})
        super().save(*args, **kwargs)

    def clean(self):
        super().clean()
        if self.start_date and self.end_date and self.end_date < self.start_date:
            raise ValidationError({"end_date": _("The end cannot be before the start.")})

    def get_sdg_labels(self) -> list[str]:
        labels = dict(SDG_CHOICES)
        return [str(labels[goal]) for goal in self.sdgs if goal in labels]


# Reminders --------------------------------------------------------------------------------


class ReminderKind(models.TextChoices):
    TASK_DUE = "task_due", _("Tasks due in three days")
    TASK_OVERDUE = "task_overdue", _("Overdue tasks")
    MILESTONE = "milestone", _("Milestones approaching")
    EVENT_TOMORROW = "event_tomorrow", _("Events tomorrow")
    WEEKLY_DIGEST = "weekly_digest", _("Weekly digest for regional managers")
    WAITLIST = "waitlist", _("A place on the waiting list became free")


class ReminderPreference(models.Model):
    """A kind of reminder a user has switched off (or on again). No row: it is on."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        on_delete=models.CASCADE,
        related_name="reminder_preferences",
    )
    kind = models.CharField(_("kind"), max_length=20, choices=ReminderKind.choices)
    enabled = models.BooleanField(_("enabled"), default=True)

    class Meta:
        verbose_name = _("reminder preference")
        verbose_name_plural = _("reminder preferences")
        constraints = [
            models.UniqueConstraint(fields=["user", "kind"], name="coaching_reminderpref_unique")
        ]

    def __str__(self):
        return f"{self.user}: {self.kind} {'on' if self.enabled else 'off'}"


class SentReminder(models.Model):
    """What was sent: the unique key makes a retried or doubly scheduled job harmless."""

    key = models.CharField(_("key"), max_length=200, unique=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        on_delete=models.CASCADE,
        related_name="sent_reminders",
    )
    kind = models.CharField(_("kind"), max_length=20, choices=ReminderKind.choices)
    sent_at = models.DateTimeField(_("sent"), default=timezone.now)

    class Meta:
        verbose_name = _("sent reminder")
        verbose_name_plural = _("sent reminders")
        ordering = ["-sent_at"]

    def __str__(self):
        return self.key
