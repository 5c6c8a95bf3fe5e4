from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OutboxConfig(AppConfig):
    name = "core.outbox"
    label = "outbox"
    verbose_name = _("Outbox")
    default_auto_field = "django.db.models.BigAutoField"

    # Coordinators see pending and failed messages in the Wagtail admin and can resend them.
    role_permissions = {
        "coordinator": ["outbox.view_outboxmessage", "outbox.change_outboxmessage"],
    }
