"""Background tasks of the municipalities app: thin wrappers that send mail."""

import smtplib

from celery import shared_task
from django.conf import settings
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation


@shared_task(
    autoretry_for=(smtplib.SMTPException, OSError),
    retry_backoff=60,
    max_retries=5,
)
def send_invitation(invitation_id: int) -> bool:
    """Issue a fresh one-time token and mail the link, in the invitee's language.

    The token is made here, so it exists only in the e-mail, never in the broker or database.
    """
    from municipalities.models import Invitation

    invitation = (
        Invitation.objects.select_related("participation__municipality", "invited_by")
        .filter(pk=invitation_id)
        .first()
    )
    if invitation is None or not invitation.is_pending:
        return False
    token = invitation.new_token()
    invitation.sent_at = timezone.now()
    invitation.save(update_fields=["token_hash", "expires_at", "sent_at"])
    base_url = settings.WAGTAILADMIN_BASE_URL.rstrip("/")
    with translation.override(invitation.language):
        context = {
            "invitation": invitation,
            "participation": invitation.participation,
            "role": invitation.get_role_display(),
            "url": base_url + reverse("municipalities:accept_invitation", args=[token]),
            "expires": invitation.expires_at,
        }
        subject = render_to_string("municipalities/email/invitation_subject.txt", context)
        body = render_to_string("municipalities/email/invitation_body.txt", context)
    send_mail(
        settings.EMAIL_SUBJECT_PREFIX + " ".join(subject.split()),
        body,
        None,
        [invitation.email],
    )
    return True
