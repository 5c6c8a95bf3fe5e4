"""Reminders: which kinds a user has switched off, and what was sent (once per key)."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


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
