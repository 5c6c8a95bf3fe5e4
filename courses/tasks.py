"""Celery tasks of the courses app: thin wrappers around ``courses.services``."""

from celery import shared_task

from courses import services


@shared_task(
    name="courses.deliver_certificate",
    bind=True,
    max_retries=8,
    default_retry_delay=300,
    acks_late=True,
)
def deliver_certificate(self, certificate_id: int) -> str:
    """Make the certificate's PDF and queue its mail in the outbox; safe to run again."""
    return services.deliver_certificate(certificate_id)


@shared_task(name="courses.retry_unsent_certificates")
def retry_unsent_certificates(limit: int = 200) -> int:
    """Beat job: certificates whose PDF is missing or whose mail was never queued."""
    return services.retry_unsent_certificates(limit)
