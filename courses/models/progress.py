"""What learners did: activity progress per block, quiz attempts, module progress, certificates.

Progress is keyed by the StreamField block id (stable across revisions) and records the page
revision it was earned on; nothing here is ever deleted because an editor changed a module.
"""

import secrets

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from core.fields import SanitizedHTMLField

CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"


class ActivityKind(models.TextChoices):
    QUIZ = "quiz", _("Quiz")
    CHECKLIST = "checklist", _("Checklist")
    REFLECTION = "reflection", _("Reflection")
    MARK_DONE = "mark_done", _("Mark as done")


class ActivityProgress(models.Model):
    """One learner's state of one activity block of one module."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("learner"),
        on_delete=models.CASCADE,
        related_name="activity_progress",
    )
    module = models.ForeignKey(
        "courses.ModulePage",
        verbose_name=_("module"),
        on_delete=models.CASCADE,
        related_name="activity_progress",
    )
    block_id = models.CharField(_("block id"), max_length=64)
    kind = models.CharField(_("kind"), max_length=20, choices=ActivityKind.choices)
    revision = models.ForeignKey(
        "wagtailcore.Revision",
        verbose_name=_("earned on revision"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    # Every accepted submission increments it; a form carries the version it was made for,
    # so double submits and replays are recognised and change nothing.
    version = models.PositiveIntegerField(_("version"), default=0)
    completed_at = models.DateTimeField(_("completed"), null=True, blank=True)
    score = models.PositiveSmallIntegerField(_("last quiz score (%)"), null=True, blank=True)
    best_score = models.PositiveSmallIntegerField(_("best quiz score (%)"), null=True, blank=True)
    last_answers = models.JSONField(_("answers of the last quiz attempt"), default=dict, blank=True)
    checked_items = models.JSONField(_("ticked items"), default=list, blank=True)
    reflection = SanitizedHTMLField(_("reflection"), blank=True)
    created_at = models.DateTimeField(_("started"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("activity progress")
        verbose_name_plural = _("activity progress")
        constraints = [
            models.UniqueConstraint(
                fields=["user", "module", "block_id"], name="courses_unique_activity_progress"
            )
        ]
        indexes = [models.Index(fields=["module", "block_id"])]

    def __str__(self):
        return f"{self.user} · {self.module_id} · {self.block_id}"

    @property
    def completed(self) -> bool:
        return self.completed_at is not None


class QuizAttempt(models.Model):
    progress = models.ForeignKey(
        ActivityProgress,
        verbose_name=_("activity progress"),
        on_delete=models.CASCADE,
        related_name="attempts",
    )
    revision = models.ForeignKey(
        "wagtailcore.Revision",
        verbose_name=_("revision"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    answers = models.JSONField(_("answers"), default=dict)
    score = models.PositiveSmallIntegerField(_("score (%)"))
    passed = models.BooleanField(_("passed"), default=False)
    created_at = models.DateTimeField(_("submitted"), auto_now_add=True)

    class Meta:
        verbose_name = _("quiz attempt")
        verbose_name_plural = _("quiz attempts")
        ordering = ["created_at", "pk"]

    def __str__(self):
        return f"{self.progress} · {self.score}%"


class ModuleProgress(models.Model):
    """A learner's progress in a module, rolled up from its activities (one row per module)."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("learner"),
        on_delete=models.CASCADE,
        related_name="module_progress",
    )
    module = models.ForeignKey(
        "courses.ModulePage",
        verbose_name=_("module"),
        on_delete=models.CASCADE,
        related_name="progress",
    )
    course = models.ForeignKey(
        "courses.CoursePage",
        verbose_name=_("course"),
        on_delete=models.CASCADE,
        related_name="module_progress",
    )
    started_at = models.DateTimeField(_("started"), auto_now_add=True)
    last_seen_at = models.DateTimeField(_("last seen"), null=True, blank=True)
    completed_at = models.DateTimeField(_("completed"), null=True, blank=True)
    completed_revision = models.ForeignKey(
        "wagtailcore.Revision",
        verbose_name=_("completed on revision"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("module progress")
        verbose_name_plural = _("module progress")
        constraints = [
            models.UniqueConstraint(
                fields=["user", "module"], name="courses_unique_module_progress"
            )
        ]
        indexes = [models.Index(fields=["user", "course"])]

    def __str__(self):
        return f"{self.user} · {self.module_id}"

    @property
    def completed(self) -> bool:
        return self.completed_at is not None


def new_certificate_code() -> str:
    raw = "".join(secrets.choice(CODE_ALPHABET) for _ in range(12))
    return f"{raw[:4]}-{raw[4:8]}-{raw[8:]}"


class Certificate(models.Model):
    """Proof that a learner completed a course; one per learner and course.

    Name and course title are copied at issue time so the certificate stays verifiable when
    the course is renamed or deleted.
    """

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("learner"),
        on_delete=models.CASCADE,
        related_name="certificates",
    )
    course = models.ForeignKey(
        "courses.CoursePage",
        verbose_name=_("course"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="certificates",
    )
    holder_name = models.CharField(_("name"), max_length=200)
    course_title = models.CharField(_("course title"), max_length=255)
    code = models.CharField(_("verification code"), max_length=20, unique=True)
    issued_on = models.DateField(_("issued on"))
    pdf = models.BinaryField(_("PDF"), blank=True, null=True, editable=False)
    emailed_at = models.DateTimeField(_("e-mailed"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("revoked"), null=True, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("certificate")
        verbose_name_plural = _("certificates")
        ordering = ["-issued_on", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["user", "course"], name="courses_unique_certificate")
        ]

    def __str__(self):
        return f"{self.course_title} · {self.holder_name} · {self.code}"

    @property
    def is_valid(self) -> bool:
        return self.revoked_at is None

    def get_verify_url(self) -> str:
        return reverse("courses:certificate_verify", args=[self.code])

    def get_absolute_verify_url(self) -> str:
        return settings.WAGTAILADMIN_BASE_URL.rstrip("/") + self.get_verify_url()

    def get_download_url(self) -> str:
        return reverse("courses:certificate_download", args=[self.code])


class RegionEditors(models.Model):
    """The Wagtail group through which a region's managers may edit its course sections."""

    region = models.OneToOneField(
        "municipalities.Region",
        verbose_name=_("region"),
        on_delete=models.CASCADE,
        related_name="course_editors",
    )
    group = models.OneToOneField(
        "auth.Group", verbose_name=_("group"), on_delete=models.CASCADE, related_name="+"
    )

    class Meta:
        verbose_name = _("course editors of a region")
        verbose_name_plural = _("course editors of regions")

    def __str__(self):
        return str(self.group)
