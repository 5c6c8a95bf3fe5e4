"""Background tasks of the municipalities app: the invitation mail, through the outbox."""

from celery import shared_task
from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from core.mail import queue_templated_mail


def queue_invitation_mail(invitation) -> None:
    """Issue a fresh one-time token and queue the link, in the invitee's language.

    Runs in the caller's transaction, so the invitation and its mail commit (or roll back)
    together. The token itself is never stored: only its hash, and the link in the queued
    message, whose body the outbox removes once it is sent (``sensitive``).
    """
    with transaction.atomic():
        token = invitation.new_token()
        invitation.sent_at = timezone.now()
        invitation.save(update_fields=["token_hash", "expires_at", "sent_at"])
        base_url = settings.WAGTAILADMIN_BASE_URL.rstrip("/")
        queue_templated_mail(
            "municipalities/email/invitation",
            [invitation.email],
            {
                "invitation": invitation,
                "participation": invitation.participation,
                "role": invitation.get_role_display,  # rendered in the invitee's language
                "url": base_url + reverse("municipalities:accept_invitation", args=[token]),
                "expires": invitation.expires_at,
            },
            language=invitation.language,
            key=f"invitation:{invitation.pk}:{invitation.sent_at.isoformat()}",
            sensitive=True,
        )


@shared_task
def send_invitation(invitation_id: int) -> bool:
    """Queue the invitation mail of a pending invitation (kept for callers that enqueue)."""
    from municipalities.models import Invitation

    invitation = (
        Invitation.objects.select_related("participation__municipality", "invited_by")
        .filter(pk=invitation_id)
        .first()
    )
    if invitation is None or not invitation.is_pending:
        return False
    queue_invitation_mail(invitation)
    return True
