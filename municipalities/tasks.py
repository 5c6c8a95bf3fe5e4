"""Celery tasks of the municipalities app: thin wrappers around ``municipalities.services``."""

from celery import shared_task

from municipalities import services


@shared_task(name="municipalities.send_invitation")
def send_invitation(invitation_id: int) -> bool:
    """Queue the invitation mail of a pending invitation (kept for callers that enqueue)."""
    return services.send_invitation(invitation_id)
