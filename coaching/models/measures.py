"""Measures: a participation's concrete climate actions and what they achieve."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from coaching.scoping import MeasureQuerySet
from core.models import TimeStampedModel
from core.validators import validate_programme_date

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


class Measure(TimeStampedModel):
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
