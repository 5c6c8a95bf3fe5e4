"""The outbox row that wraps each queued post_office ``Email``."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class OutboxState(models.TextChoices):
    PENDING = "pending", _("Pending")
    SENDING = "sending", _("Sending")
    HANDED_OVER = "handed_over", _("Handed to the mail server")
    SENT = "sent", _("Sent")
    UNCONFIRMED = "unconfirmed", _("Unconfirmed")
    FAILED = "failed", _("Failed")


# What a coordinator should look at: not yet out, given up, or out without the server's answer.
NEEDS_ATTENTION = (OutboxState.PENDING, OutboxState.FAILED, OutboxState.UNCONFIRMED)


class OutboxMessage(models.Model):
    """One e-mail to send, with its delivery state; the content lives in ``email``."""

    email = models.OneToOneField(
        "post_office.Email",
        verbose_name=_("e-mail"),
        on_delete=models.CASCADE,
        related_name="outbox",
    )
    key = models.CharField(
        _("key"),
        max_length=255,
        unique=True,
        null=True,
        blank=True,
        help_text=_("Makes a message go out once: a second message with the same key is dropped."),
    )
    kind = models.CharField(_("kind"), max_length=100, blank=True)
    recipient = models.CharField(_("recipient"), max_length=254, blank=True)
    subject = models.CharField(_("subject"), max_length=255, blank=True)
    state = models.CharField(
        _("state"), max_length=20, choices=OutboxState.choices, default=OutboxState.PENDING
    )
    attempts = models.PositiveIntegerField(_("attempts"), default=0)
    next_attempt_at = models.DateTimeField(_("next attempt"), null=True, blank=True)
    claim_token = models.UUIDField(null=True, blank=True, editable=False)
    claimed_at = models.DateTimeField(_("claimed"), null=True, blank=True)
    sent_at = models.DateTimeField(_("sent"), null=True, blank=True)
    last_error = models.TextField(_("last error"), blank=True)
    sensitive = models.BooleanField(
        _("sensitive"),
        default=False,
        help_text=_("The body holds a secret link; it is removed once the message is sent."),
    )
    # Attachments made only when the message is sent (e.g. a certificate PDF): a list of
    # {"provider": "dotted.path", "args": [...]} whose callables return (name, bytes, mimetype).
    deferred_attachments = models.JSONField(default=list, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("outbox message")
        verbose_name_plural = _("outbox messages")
        ordering = ["-created_at"]
        indexes = [
            models.Index(fields=["state", "next_attempt_at"], name="outbox_due"),
            models.Index(fields=["state", "claimed_at"], name="outbox_claimed"),
        ]

    def __str__(self):
        return f"{self.subject} → {self.recipient}"
