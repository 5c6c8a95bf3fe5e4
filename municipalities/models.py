"""The official German directory, the programme's regions and participations, their people.

``FederalState``, ``District`` and ``Municipality`` mirror the Destatis municipal directory
(imported with ``manage.py import_municipalities``). ``Region``, ``Participation``,
``Membership``, ``Stakeholder``, ``Initiative`` and ``Invitation`` are the programme's own
data; every query for them that depends on who is asking goes through ``visible_to(user)``
(see ``municipalities/scoping.py``).
"""

import hashlib
import secrets
from datetime import timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.roles import Role, grant_role
from core.models import CreatedModel, TimeStampedModel
from core.validators import validate_programme_date
from municipalities.scoping import (
    InitiativeQuerySet,
    InvitationQuerySet,
    MembershipQuerySet,
    ParticipationQuerySet,
    RegionQuerySet,
    StakeholderQuerySet,
)

# The official directory -------------------------------------------------------------------


class FederalState(models.Model):
    """One of the 16 Länder; ``code`` is the AGS prefix, ``short`` the usual two letters."""

    code = models.CharField(_("state key"), max_length=2, unique=True)
    short = models.CharField(_("abbreviation"), max_length=2, unique=True)
    name = models.CharField(_("name"), max_length=100)

    class Meta:
        verbose_name = _("federal state")
        verbose_name_plural = _("federal states")
        ordering = ["code"]

    def __str__(self):
        return self.name


class District(models.Model):
    """A Kreis or kreisfreie Stadt (AGS 5 digits: state, Regierungsbezirk, Kreis)."""

    class Kind(models.TextChoices):
        # Destatis ``textkennzeichen`` of record type 40.
        INDEPENDENT_CITY = "41", _("independent city")
        URBAN_DISTRICT = "42", _("urban district (Stadtkreis)")
        DISTRICT = "43", _("district (Kreis)")
        RURAL_DISTRICT = "44", _("rural district (Landkreis)")
        REGIONAL_ASSOCIATION = "45", _("regional association")

    ags = models.CharField(_("district key"), max_length=5, unique=True)
    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(_("type"), max_length=2, choices=Kind.choices, blank=True)
    state = models.ForeignKey(
        FederalState,
        verbose_name=_("federal state"),
        on_delete=models.PROTECT,
        related_name="districts",
    )

    class Meta:
        verbose_name = _("district")
        verbose_name_plural = _("districts")
        ordering = ["ags"]

    def __str__(self):
        return self.name


class Municipality(models.Model):
    """A Gemeinde from the official directory, keyed by its AGS (8 digits)."""

    class Kind(models.TextChoices):
        # Destatis ``textkennzeichen`` of record type 60.
        MARKET_TOWN = "60", _("market town (Markt)")
        INDEPENDENT_CITY = "61", _("independent city")
        URBAN_DISTRICT = "62", _("urban district (Stadtkreis)")
        TOWN = "63", _("town")
        MUNICIPALITY = "64", _("municipality")
        UNINCORPORATED_INHABITED = "65", _("unincorporated area, inhabited")
        UNINCORPORATED = "66", _("unincorporated area, uninhabited")
        MAJOR_DISTRICT_TOWN = "67", _("major district town")

    ags = models.CharField(_("municipality key (AGS)"), max_length=8, unique=True)
    ars = models.CharField(_("regional key (ARS)"), max_length=12, db_index=True)
    name = models.CharField(_("name"), max_length=200, db_index=True)
    kind = models.CharField(_("type"), max_length=2, choices=Kind.choices, blank=True)
    district = models.ForeignKey(
        District,
        verbose_name=_("district"),
        on_delete=models.PROTECT,
        related_name="municipalities",
        null=True,
        blank=True,
        help_text=_("Empty for the few areas outside any district (e.g. coastal waters)."),
    )
    state = models.ForeignKey(
        FederalState,
        verbose_name=_("federal state"),
        on_delete=models.PROTECT,
        related_name="municipalities",
    )
    population = models.PositiveIntegerField(_("population"), null=True, blank=True)
    area_km2 = models.DecimalField(
        _("area (km²)"), max_digits=9, decimal_places=2, null=True, blank=True
    )
    postal_code = models.CharField(_("postal code"), max_length=5, blank=True, db_index=True)
    latitude = models.FloatField(_("latitude"), null=True, blank=True)
    longitude = models.FloatField(_("longitude"), null=True, blank=True)

    class Meta:
        verbose_name = _("municipality")
        verbose_name_plural = _("municipalities")
        ordering = ["name", "ags"]

    def __str__(self):
        return f"{self.name} ({self.ags})"


# The programme ----------------------------------------------------------------------------


class Region(models.Model):
    """The area one partner organisation manages: whole states and/or single districts."""

    name = models.CharField(_("name"), max_length=200)
    slug = models.SlugField(_("slug"), max_length=100, unique=True)
    partner_organisation = models.CharField(_("partner organisation"), max_length=200)
    website = models.URLField(_("website"), blank=True)
    states = models.ManyToManyField(
        FederalState, verbose_name=_("federal states"), related_name="regions", blank=True
    )
    districts = models.ManyToManyField(
        District, verbose_name=_("districts"), related_name="regions", blank=True
    )
    managers = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("regional managers"),
        related_name="managed_regions",
        blank=True,
    )

    objects = RegionQuerySet.as_manager()

    class Meta:
        verbose_name = _("region")
        verbose_name_plural = _("regions")
        ordering = ["name"]

    def __str__(self):
        return self.name

    def covers(self, municipality: Municipality) -> bool:
        """True if the municipality lies in one of the region's states or districts."""
        return (
            self.states.filter(pk=municipality.state_id).exists()
            or self.districts.filter(pk=municipality.district_id).exists()
        )


class Participation(TimeStampedModel):
    """A municipality, or one district of a city (Stadtteil), taking part in the programme."""

    class Status(models.TextChoices):
        IDENTIFIED = "identified", _("identified")
        CONTACTED = "contacted", _("contacted")
        COUNCIL_RESOLUTION = "council_resolution", _("council resolution")
        ACTIVE = "active", _("active")
        CONTINUING = "continuing", _("continuing")
        WITHDRAWN = "withdrawn", _("withdrawn")

    # Statuses shown on the public map.
    PUBLIC_STATUSES = (Status.ACTIVE, Status.CONTINUING)
    # What the last save wrote, so that a status change is recorded once in the history.
    _saved_status = None
    _saved_date = None
    _status_user = None
    _status_note = ""

    municipality = models.ForeignKey(
        Municipality,
        verbose_name=_("municipality"),
        on_delete=models.PROTECT,
        related_name="participations",
    )
    district_name = models.CharField(
        _("city district"),
        max_length=200,
        blank=True,
        help_text=_("Only if a single district of a city (Stadtteil) takes part."),
    )
    region = models.ForeignKey(
        Region,
        verbose_name=_("region"),
        on_delete=models.PROTECT,
        related_name="participations",
    )
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.IDENTIFIED
    )
    status_changed = models.DateField(
        _("status since"),
        default=timezone.localdate,
        validators=[validate_programme_date],
    )
    council_resolution_date = models.DateField(
        _("date of council resolution"),
        null=True,
        blank=True,
        validators=[validate_programme_date],
    )
    contact_name = models.CharField(_("municipal contact"), max_length=200, blank=True)
    contact_role = models.CharField(_("position of the contact"), max_length=200, blank=True)
    contact_email = models.EmailField(_("contact e-mail"), blank=True)
    contact_phone = models.CharField(_("contact phone"), max_length=50, blank=True)
    public_email = models.EmailField(
        _("public contact e-mail"),
        blank=True,
        help_text=_("Shown on the public map. Leave empty to show no e-mail address."),
    )
    website = models.URLField(_("website"), blank=True)
    notes = models.TextField(_("notes"), blank=True)

    objects = ParticipationQuerySet.as_manager()

    class Meta:
        verbose_name = _("participation")
        verbose_name_plural = _("participations")
        ordering = ["municipality__name", "district_name"]
        constraints = [
            models.UniqueConstraint(
                fields=["municipality", "district_name"],
                name="municipalities_participation_unique_place",
            )
        ]

    def __str__(self):
        if self.district_name:
            return f"{self.district_name} ({self.municipality.name})"
        return self.municipality.name

    def save(self, *args, **kwargs):
        status_is_new = self.status != self._saved_status
        if status_is_new:
            if self._saved_status is not None and self.status_changed == self._saved_date:
                self.status_changed = timezone.localdate()  # changed in a form without a date
            if self.status == self.Status.COUNCIL_RESOLUTION and not self.council_resolution_date:
                self.council_resolution_date = self.status_changed
        super().save(*args, **kwargs)
        if status_is_new:
            self.status_history.create(
                status=self.status,
                date=self.status_changed,
                changed_by=self._status_user,
                note=self._status_note,
            )
            self._saved_status, self._saved_date = self.status, self.status_changed
            self._status_user, self._status_note = None, ""

    def get_absolute_url(self):
        return reverse("municipalities:participation", args=[self.pk])

    @classmethod
    def from_db(cls, db, field_names, values):
        instance = super().from_db(db, field_names, values)
        instance._saved_status = instance.__dict__.get("status")
        instance._saved_date = instance.__dict__.get("status_changed")
        return instance

    @property
    def name(self) -> str:
        return str(self)

    @property
    def is_public(self) -> bool:
        return self.status in self.PUBLIC_STATUSES

    def set_status(self, status, *, user=None, date=None, note=""):
        """Change the pipeline status; ``save`` records the step in the history."""
        self.status = status
        self.status_changed = date or timezone.localdate()
        self._status_user = user
        self._status_note = note
        self.save()


class ParticipationStatusChange(CreatedModel):
    """One dated step in a participation's pipeline."""

    participation = models.ForeignKey(
        Participation,
        verbose_name=_("participation"),
        on_delete=models.CASCADE,
        related_name="status_history",
    )
    status = models.CharField(_("status"), max_length=20, choices=Participation.Status.choices)
    date = models.DateField(
        _("date"),
        default=timezone.localdate,
        validators=[validate_programme_date],
    )
    note = models.CharField(_("note"), max_length=500, blank=True)
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("changed by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        verbose_name = _("status change")
        verbose_name_plural = _("status changes")
        ordering = ["-date", "-created"]

    def __str__(self):
        return f"{self.get_status_display()} ({self.date:%d.%m.%Y})"


class MembershipRole(models.TextChoices):
    VOLUNTEER = "volunteer", _("climate patron")
    MUNICIPAL_CONTACT = "municipal_contact", _("municipal contact")


ROLE_FOR_MEMBERSHIP = {
    MembershipRole.VOLUNTEER: Role.VOLUNTEER,
    MembershipRole.MUNICIPAL_CONTACT: Role.MUNICIPAL_CONTACT,
}


class Membership(CreatedModel):
    """A user's place in a participation."""

    Role = MembershipRole

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        on_delete=models.CASCADE,
        related_name="memberships",
    )
    participation = models.ForeignKey(
        Participation,
        verbose_name=_("participation"),
        on_delete=models.CASCADE,
        related_name="memberships",
    )
    role = models.CharField(
        _("role"), max_length=20, choices=MembershipRole.choices, default=MembershipRole.VOLUNTEER
    )

    objects = MembershipQuerySet.as_manager()

    class Meta:
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        ordering = ["participation__municipality__name", "user__email"]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "participation"], name="municipalities_membership_unique"
            )
        ]

    def __str__(self):
        return f"{self.user} - {self.participation} ({self.get_role_display()})"

    def save(self, *args, **kwargs):
        super().save(*args, **kwargs)
        # However a membership comes about (invitation, admin), the role comes with it.
        grant_role(self.user, ROLE_FOR_MEMBERSHIP[self.role])


class Stakeholder(TimeStampedModel):
    """A person or body around a participation or a region, to win or to involve."""

    class Kind(models.TextChoices):
        MAYOR = "mayor", _("mayor")
        DISTRICT_ADMINISTRATOR = "district_administrator", _("district administrator")
        CLIMATE_MANAGER = "climate_manager", _("climate protection manager")
        ADMINISTRATION = "administration", _("administration")
        COUNCIL = "council", _("council member or faction")
        ASSOCIATION = "association", _("association")
        INITIATIVE = "initiative", _("initiative")
        BUSINESS = "business", _("business")
        PRESS = "press", _("press")
        OTHER = "other", _("other")

    region = models.ForeignKey(
        Region,
        verbose_name=_("region"),
        on_delete=models.CASCADE,
        related_name="stakeholders",
        help_text=_("Set automatically from the participation if one is chosen."),
    )
    participation = models.ForeignKey(
        Participation,
        verbose_name=_("participation"),
        on_delete=models.CASCADE,
        related_name="stakeholders",
        null=True,
        blank=True,
    )
    kind = models.CharField(_("kind"), max_length=30, choices=Kind.choices, default=Kind.OTHER)
    name = models.CharField(_("name"), max_length=200)
    organisation = models.CharField(_("organisation"), max_length=200, blank=True)
    position = models.CharField(_("position"), max_length=200, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    phone = models.CharField(_("phone"), max_length=50, blank=True)
    address = models.CharField(_("address"), max_length=300, blank=True)
    last_contact = models.DateField(
        _("last contact"),
        null=True,
        blank=True,
        validators=[validate_programme_date],
    )
    notes = models.TextField(_("notes"), blank=True)

    objects = StakeholderQuerySet.as_manager()

    class Meta:
        verbose_name = _("stakeholder")
        verbose_name_plural = _("stakeholders")
        ordering = ["name"]

    def __str__(self):
        return f"{self.name} ({self.organisation})" if self.organisation else self.name

    def save(self, *args, **kwargs):
        if self.participation_id:
            self.region_id = self.participation.region_id
        super().save(*args, **kwargs)

    def clean(self):
        super().clean()
        if (
            self.participation_id
            and self.region_id
            and self.participation.region_id != self.region_id
        ):
            raise ValidationError(
                {"participation": _("The participation belongs to another region.")}
            )


class Initiative(TimeStampedModel):
    """A local group shown on the public map once approved."""

    class Category(models.TextChoices):
        FOOD = "food", _("Rescue food and grow your own")
        SHARING = "sharing", _("Share and swap")
        MOBILITY = "mobility", _("Ride and transport")
        REPAIR = "repair", _("Repair and upcycle")
        WASTE = "waste", _("Avoid waste")
        ENERGY = "energy", _("Energy")
        OTHER = "other", _("Other")

    name = models.CharField(_("name"), max_length=200)
    category = models.CharField(
        _("category"), max_length=20, choices=Category.choices, default=Category.OTHER
    )
    description = models.TextField(_("description"), blank=True)
    street = models.CharField(_("street and number"), max_length=200, blank=True)
    postal_code = models.CharField(_("postal code"), max_length=5, blank=True)
    city = models.CharField(_("town"), max_length=200, blank=True)
    municipality = models.ForeignKey(
        Municipality,
        verbose_name=_("municipality"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="initiatives",
    )
    region = models.ForeignKey(
        Region,
        verbose_name=_("region"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="initiatives",
        help_text=_("Found from the municipality if left empty."),
    )
    latitude = models.FloatField(_("latitude"), null=True, blank=True)
    longitude = models.FloatField(_("longitude"), null=True, blank=True)
    website = models.URLField(_("website"), blank=True)
    contact_name = models.CharField(_("contact person"), max_length=200, blank=True)
    contact_email = models.EmailField(_("contact e-mail"), blank=True)
    contact_phone = models.CharField(_("contact phone"), max_length=50, blank=True)
    approved = models.BooleanField(_("approved"), default=False, db_index=True)
    suggested_publicly = models.BooleanField(_("suggested by the public"), default=False)
    submitter_email = models.EmailField(_("e-mail of the person suggesting it"), blank=True)

    objects = InitiativeQuerySet.as_manager()

    class Meta:
        verbose_name = _("initiative")
        verbose_name_plural = _("initiatives")
        ordering = ["name"]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        if self.municipality_id:
            if self.region_id is None:
                self.region = Region.objects.covering(self.municipality).first()
            if self.latitude is None or self.longitude is None:
                self.latitude = self.municipality.latitude
                self.longitude = self.municipality.longitude
        super().save(*args, **kwargs)

    @property
    def address(self) -> str:
        place = " ".join(part for part in (self.postal_code, self.city) if part)
        return ", ".join(part for part in (self.street, place) if part)


class Invitation(CreatedModel):
    """A one-time, expiring link that lets one person join one participation.

    Only a SHA-256 hash of the token is stored; the token itself exists only in the e-mail.
    """

    class State(models.TextChoices):
        PENDING = "pending", _("pending")
        ACCEPTED = "accepted", _("accepted")
        REVOKED = "revoked", _("revoked")
        EXPIRED = "expired", _("expired")

    VALIDITY = timedelta(days=14)

    email = models.EmailField(_("e-mail"))
    participation = models.ForeignKey(
        Participation,
        verbose_name=_("participation"),
        on_delete=models.CASCADE,
        related_name="invitations",
    )
    role = models.CharField(
        _("role"), max_length=20, choices=MembershipRole.choices, default=MembershipRole.VOLUNTEER
    )
    language = models.CharField(
        _("language"), max_length=8, choices=settings.LANGUAGES, default="de"
    )
    token_hash = models.CharField(max_length=64, unique=True, editable=False)
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("invited by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    sent_at = models.DateTimeField(_("sent"), null=True, blank=True)
    expires_at = models.DateTimeField(_("expires"))
    accepted_at = models.DateTimeField(_("accepted"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("revoked"), null=True, blank=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("account"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    objects = InvitationQuerySet.as_manager()

    class Meta:
        verbose_name = _("invitation")
        verbose_name_plural = _("invitations")
        ordering = ["-created"]

    def __str__(self):
        return f"{self.email} → {self.participation}"

    @staticmethod
    def hash_token(token: str) -> str:
        return hashlib.sha256(token.encode()).hexdigest()

    def new_token(self) -> str:
        """Give the invitation a fresh token and validity; return the token (not stored)."""
        token = secrets.token_urlsafe(32)
        self.token_hash = self.hash_token(token)
        self.expires_at = timezone.now() + self.VALIDITY
        return token

    @property
    def state(self) -> str:
        if self.accepted_at:
            return self.State.ACCEPTED
        if self.revoked_at:
            return self.State.REVOKED
        if self.expires_at and self.expires_at <= timezone.now():
            return self.State.EXPIRED
        return self.State.PENDING

    def get_state_display(self) -> str:
        return self.State(self.state).label

    @property
    def is_pending(self) -> bool:
        return self.state == self.State.PENDING
