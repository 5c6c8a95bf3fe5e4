"""The outbox's Celery tasks: send one message (after its commit) and the minute sweep."""

from celery import shared_task

from core.outbox import delivery


@shared_task(name="outbox.send_message", ignore_result=True, acks_late=True)
def send_message(pk: int) -> str:
    """Safe to run any number of times: only one claim of a message can succeed."""
    return delivery.deliver(pk)


@shared_task(name="outbox.sweep_messages", ignore_result=True)
def sweep() -> dict:
    """Beat, every minute: reconcile dead workers' rows and send what is due."""
    return delivery.sweep()
