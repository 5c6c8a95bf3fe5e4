"""Background jobs of the courses app: thin wrappers around ``courses.services``."""

import logging

from celery import shared_task

from courses import services
from courses.models import Certificate

logger = logging.getLogger(__name__)


@shared_task(bind=True, max_retries=8, default_retry_delay=300, acks_late=True)
def deliver_certificate(self, certificate_id: int) -> str:
    """Make the certificate's PDF and mail it; safe to run any number of times."""
    certificate = Certificate.objects.select_related("user").filter(pk=certificate_id).first()
    if certificate is None:
        return "missing"
    services.ensure_certificate_pdf(certificate)
    try:
        sent = services.send_certificate_mail(certificate)
    except Exception as exc:
        # The certificate and its PDF are stored; only the mail is retried.
        logger.exception("Certificate %s could not be mailed", certificate_id)
        if self.request.is_eager:
            return "mail-failed"
        raise self.retry(exc=exc) from exc
    return "sent" if sent else "already-sent"


@shared_task
def retry_unsent_certificates(limit: int = 200) -> int:
    """Beat job: deliver certificates whose PDF or mail is still missing."""
    pending = Certificate.objects.filter(emailed_at__isnull=True, revoked_at__isnull=True)
    ids = list(pending.order_by("pk").values_list("pk", flat=True)[:limit])
    for certificate_id in ids:
        deliver_certificate.delay(certificate_id)
    return len(ids)
