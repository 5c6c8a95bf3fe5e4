"""Background jobs of the courses app: thin wrappers around ``courses.services``."""

import logging

from celery import shared_task

from courses import services
from courses.models import Certificate

logger = logging.getLogger(__name__)


@shared_task(bind=True, max_retries=8, default_retry_delay=300, acks_late=True)
def deliver_certificate(self, certificate_id: int) -> str:
    """Make the certificate's PDF and queue its mail in the outbox; safe to run again.

    "sent" means handed to the outbox, which sends the mail and retries it for days if the
    mail server is down (core/outbox); "already-sent" that it was handed over before.
    """
    certificate = Certificate.objects.select_related("user").filter(pk=certificate_id).first()
    if certificate is None:
        return "missing"
    services.ensure_certificate_pdf(certificate)
    sent = services.send_certificate_mail(certificate)
    return "sent" if sent else "already-sent"


@shared_task
def retry_unsent_certificates(limit: int = 200) -> int:
    """Beat job: certificates whose PDF is missing or whose mail was never queued."""
    pending = Certificate.objects.filter(emailed_at__isnull=True, revoked_at__isnull=True)
    ids = list(pending.order_by("pk").values_list("pk", flat=True)[:limit])
    for certificate_id in ids:
        deliver_certificate.delay(certificate_id)
    return len(ids)
