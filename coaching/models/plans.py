"""Phase plans: the coordinators' templates and the plans made from them.

A ``PlanTemplate`` holds phases with dated task and milestone templates; applying it
(``coaching/services.py``) makes a participation's ``Plan`` with its phases, tasks and
milestones on concrete dates, counted from an ``Anchor``.
"""

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel
from wagtail.models import Orderable

from coaching.scoping import MilestoneQuerySet, PlanQuerySet, TaskQuerySet
from core.models import CreatedByModel, TimeStampedModel, UpdatedModel
from core.validators import validate_programme_date

# Plan templates ---------------------------------------------------------------------------


class Anchor(models.TextChoices):
    PLAN_START = "plan_start", _("plan start")
    COUNCIL_RESOLUTION = "council_resolution", _("council resolution")


class OwnerRole(models.TextChoices):
    VOLUNTEER = "volunteer", _("a climate patron of the municipality")
    REGIONAL_MANAGER = "regional_manager", _("the regional manager")
    MUNICIPAL_CONTACT = "municipal_contact", _("the municipal contact")
    NONE = "", _("nobody yet")


class PlanTemplate(TimeStampedModel, ClusterableModel):
    """Coordinators' blueprint of a phase plan; applying it makes a concrete ``Plan``."""

    name = models.CharField(_("name"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    is_active = models.BooleanField(_("active"), default=True)

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


class Plan(CreatedByModel, TimeStampedModel):
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


class Task(UpdatedModel):
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
