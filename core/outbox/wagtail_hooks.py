"""The outbox in the Wagtail admin: coordinators see what is pending or failed, and resend."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.urls import path
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST
from wagtail import hooks
from wagtail.admin.viewsets.model import ModelViewSet

from core.outbox import delivery
from core.outbox.models import OutboxMessage


class OutboxViewSet(ModelViewSet):
    """Read-only listing (view permission: coordinators); resend needs the change permission."""

    model = OutboxMessage
    icon = "mail"
    menu_label = _("Outbox")
    menu_order = 900
    add_to_admin_menu = True
    inspect_view_enabled = True
    list_display = ["subject", "recipient", "state", "attempts", "next_attempt_at", "last_error"]
    list_filter = ["state", "kind"]
    search_fields = ["recipient", "subject", "key"]
    inspect_view_fields = [
        "subject",
        "recipient",
        "kind",
        "key",
        "state",
        "attempts",
        "next_attempt_at",
        "sent_at",
        "last_error",
        "created_at",
    ]
    form_fields = ["next_attempt_at"]

    def get_urlpatterns(self):
        return [
            *super().get_urlpatterns(),
            path("<int:pk>/resend/", require_POST(self.resend_view), name="resend"),
        ]

    def resend_view(self, request, pk):
        if not self.permission_policy.user_has_permission(request.user, "change"):
            raise PermissionDenied
        message = get_object_or_404(OutboxMessage, pk=pk)
        if delivery.resend(message.pk):
            delivery.schedule(message.pk)
            messages.success(request, _("The message will be sent again."))
        else:
            messages.error(request, _("This message was sent already."))
        return redirect(self.get_url_name("index"))


outbox_viewset = OutboxViewSet("outbox")


@hooks.register("register_admin_viewset")
def register_outbox_viewset():
    return outbox_viewset
