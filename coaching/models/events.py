"""Events and registrations: series, events, places on them, the private calendar feed.

Events and series are region-owned (``coaching/scoping.py``); a registration is the
user's own. Nothing here depends on the other coaching modules.
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

from accounts.roles import GROUP_NAMES
from coaching.scoping import EventQuerySet, EventSeriesQuerySet, RegistrationQuerySet
from core.models import CreatedByModel, CreatedModel, TimeStampedModel
from core.validators import validate_programme_date


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


class Event(CreatedByModel, TimeStampedModel):
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


class Registration(CreatedModel):
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
