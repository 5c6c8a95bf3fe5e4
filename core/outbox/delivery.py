"""Sending the outbox: claim, hand over, mark sent; back off; reconcile.

A message moves ``pending → sending → handed_over → sent``; each arrow is a committed
compare-and-set on ``(state, claim_token)``, so two workers (or a worker and the sweep) can never
both own one message, on one host or many.

1. **Claim** (``pending → sending``, commit). Only a due message (``next_attempt_at <= now``).
2. **Write** envelope and body over SMTP, but not the final ``.`` of DATA.
3. **Hand over** (``sending → handed_over``, commit), only if the claim is still ours; then send
   the ``.``. If the claim was lost, the connection is closed inside DATA and the server drops
   the half-sent message.
4. **Sent** (``handed_over → sent``, commit) on the server's ``250``.

Why this is exactly once across a worker killed at any point:

* killed before 3 committed: the row stays ``sending``; the server never saw the end of DATA,
  so nothing was delivered. The sweep puts rows ``sending`` for longer than
  ``OUTBOX_SENDING_TIMEOUT`` back to ``pending`` and they are sent again — once. (A slow but
  living worker that wakes up later fails its compare-and-set in 3 and sends nothing.)
* killed after 3 committed: the ``.`` went out (or was about to); the server delivered it.
  The row stays ``handed_over``; the sweep marks it ``unconfirmed`` and never sends it again.

The residual window — there is no SMTP command to ask "did you get message X?" — is the
moment between the commit in 3 and the kernel taking the three bytes ``.\\r\\n`` (microseconds),
plus a server that *refuses* the message at the end of DATA while the worker dies before it
reads the refusal. In both, the message was not delivered but is ``unconfirmed``: at most once,
never twice, and shown to coordinators in the admin (with a resend button). Every message
carries a stable ``Message-ID`` and ``X-Outbox-Key``, so even a manual resend is recognisable.

Failures back off exponentially (``OUTBOX_RETRY_BASE`` doubling up to ``OUTBOX_RETRY_MAX``)
until ``OUTBOX_GIVE_UP_AFTER`` (default three days) has passed since the message was queued;
then it is ``failed`` and waits for a coordinator. A permanent refusal (5xx) fails at once.
"""

import contextlib
import logging
import time
import uuid
from datetime import timedelta

from celery import current_app
from django.conf import settings
from django.core.mail import get_connection
from django.db import transaction
from django.utils import timezone
from django.utils.module_loading import import_string
from post_office.models import STATUS, Email, Log

from core.outbox.backends import ClaimLost, DeliveryUnconfirmed, OutboxBackend
from core.outbox.models import OutboxMessage, OutboxState

logger = logging.getLogger("core.outbox")

OUTBOX_BACKEND_PATH = f"{OutboxBackend.__module__}.{OutboxBackend.__name__}"


def _setting(name, default):
    return getattr(settings, name, default)


def backoff(attempts: int) -> timedelta:
    """The wait after the ``attempts``-th failure: base, 2×base, 4×base … capped."""
    base = _setting("OUTBOX_RETRY_BASE", 60)
    cap = _setting("OUTBOX_RETRY_MAX", 3600)
    return timedelta(seconds=min(cap, base * 2 ** max(0, attempts - 1)))


def transport():
    """The backend that really sends.

    ``OUTBOX_EMAIL_BACKEND`` normally; but when ``EMAIL_BACKEND`` is not the outbox (the test
    runner forces locmem), deliveries go there too, so a test can never mail the world.
    """
    if settings.EMAIL_BACKEND != OUTBOX_BACKEND_PATH:
        return get_connection(settings.EMAIL_BACKEND)
    return get_connection(_setting("OUTBOX_EMAIL_BACKEND", settings.EMAIL_BACKEND))


def build_message(outbox: OutboxMessage):
    """The Django message for a claimed row: post_office renders it; we add the keys."""
    message = outbox.email.prepare_email_message()
    message.extra_headers.setdefault("Message-ID", outbox.email.message_id)
    if outbox.key:
        message.extra_headers["X-Outbox-Key"] = outbox.key
    for spec in outbox.deferred_attachments or ():
        name, content, mimetype = import_string(spec["provider"])(*spec.get("args", ()))
        message.attach(name, content, mimetype)
    return message


def _hand_over(pk: int, token: uuid.UUID) -> bool:
    """``sending → handed_over`` if the claim is still ours; committed at once (autocommit)."""
    return (
        OutboxMessage.objects.filter(pk=pk, state=OutboxState.SENDING, claim_token=token).update(
            state=OutboxState.HANDED_OVER
        )
        == 1
    )


def deliver(pk: int, backend=None) -> str:
    """Send one due message if nobody else has it; returns what happened (for logs and tests)."""
    now = timezone.now()
    token = uuid.uuid4()
    claimed = OutboxMessage.objects.filter(
        pk=pk, state=OutboxState.PENDING, next_attempt_at__lte=now
    ).update(state=OutboxState.SENDING, claim_token=token, claimed_at=now)
    if not claimed:
        return "skipped"
    outbox = OutboxMessage.objects.select_related("email").get(pk=pk)
    own_backend = backend is None
    backend = backend or transport()
    try:
        message = build_message(outbox)
        if getattr(backend, "supports_commit_point", False):
            message.outbox_commit_point = lambda: _hand_over(pk, token)
        elif not _hand_over(pk, token):
            return "claim-lost"
        backend.send_messages([message])
    except ClaimLost:
        return "claim-lost"
    except DeliveryUnconfirmed as exc:
        _close(backend)
        _finish(outbox, token, OutboxState.UNCONFIRMED, error=str(exc))
        return "unconfirmed"
    except Exception as exc:
        _close(backend)
        logger.warning("outbox message %s not sent: %r", pk, exc)
        return _failed(outbox, token, exc)
    finally:
        if own_backend:
            _close(backend)
    _finish(outbox, token, OutboxState.SENT)
    return "sent"


def _close(backend):
    with contextlib.suppress(Exception):  # a broken connection is dropped either way
        backend.close()


def _permanent(exc: Exception) -> bool:
    code = getattr(exc, "smtp_code", None)
    if code is None and getattr(exc, "recipients", None):
        codes = [value[0] for value in exc.recipients.values()]
        code = min(codes) if codes else None
    return isinstance(code, int) and 500 <= code < 600


def _failed(outbox: OutboxMessage, token: uuid.UUID, exc: Exception) -> str:
    now = timezone.now()
    attempts = outbox.attempts + 1
    give_up_at = outbox.created_at + timedelta(seconds=_setting("OUTBOX_GIVE_UP_AFTER", 259200))
    give_up = _permanent(exc) or now >= give_up_at
    state = OutboxState.FAILED if give_up else OutboxState.PENDING
    updated = OutboxMessage.objects.filter(
        pk=outbox.pk,
        claim_token=token,
        state__in=[OutboxState.SENDING, OutboxState.HANDED_OVER],
    ).update(
        state=state,
        attempts=attempts,
        next_attempt_at=now + backoff(attempts),
        last_error=f"{type(exc).__name__}: {exc}"[:2000],
    )
    if updated:
        Email.objects.filter(pk=outbox.email_id).update(
            status=STATUS.failed if give_up else STATUS.requeued,
            number_of_retries=attempts,
            scheduled_time=None if give_up else now + backoff(attempts),
        )
        Log.objects.create(
            email_id=outbox.email_id,
            status=STATUS.failed,
            message=str(exc)[:2000],
            exception_type=type(exc).__name__,
        )
    return "failed" if give_up else "retry"


def _finish(outbox: OutboxMessage, token: uuid.UUID, state: str, error: str = "") -> None:
    now = timezone.now()
    fields = {"state": state, "last_error": error}
    if state == OutboxState.SENT:
        fields.update(sent_at=now, attempts=outbox.attempts + 1)
    updated = OutboxMessage.objects.filter(
        pk=outbox.pk,
        claim_token=token,
        state__in=[OutboxState.HANDED_OVER, OutboxState.UNCONFIRMED],
    ).update(**fields)
    if not updated or state != OutboxState.SENT:
        return
    email_fields = {"status": STATUS.sent}
    if outbox.sensitive:
        email_fields.update(message="", html_message="")
    Email.objects.filter(pk=outbox.email_id).update(**email_fields)
    Log.objects.create(email_id=outbox.email_id, status=STATUS.sent, message="")


def reconcile() -> dict:
    """Rows a dead worker left behind: ``sending`` is re-queued, ``handed_over`` unconfirmed."""
    now = timezone.now()
    stale = now - timedelta(seconds=_setting("OUTBOX_SENDING_TIMEOUT", 600))
    requeued = OutboxMessage.objects.filter(state=OutboxState.SENDING, claimed_at__lt=stale).update(
        state=OutboxState.PENDING,
        next_attempt_at=now,
        claim_token=None,
        last_error="The worker stopped before handing the message over; queued again.",
    )
    unconfirmed = OutboxMessage.objects.filter(
        state=OutboxState.HANDED_OVER, claimed_at__lt=stale
    ).update(
        state=OutboxState.UNCONFIRMED,
        last_error=(
            "The worker stopped after handing the message to the mail server but before its "
            "answer: probably delivered, so not sent again. Resend if it did not arrive."
        ),
    )
    if requeued or unconfirmed:
        logger.warning("outbox reconcile: %s re-queued, %s unconfirmed", requeued, unconfirmed)
    return {"requeued": requeued, "unconfirmed": unconfirmed}


def due_ids(limit: int) -> list[int]:
    return list(
        OutboxMessage.objects.filter(state=OutboxState.PENDING, next_attempt_at__lte=timezone.now())
        .order_by("next_attempt_at", "pk")
        .values_list("pk", flat=True)[:limit]
    )


def sweep(time_budget: float | None = None) -> dict:
    """Reconcile, then send what is due in batches over one connection, within a time budget."""
    budget = _setting("OUTBOX_SWEEP_SECONDS", 50) if time_budget is None else time_budget
    deadline = time.monotonic() + budget
    result = {"sent": 0, "retry": 0, "failed": 0, **reconcile()}
    batch_size = _setting("OUTBOX_BATCH_SIZE", 200)
    backend = transport()
    try:
        while time.monotonic() < deadline:
            ids = due_ids(batch_size)
            if not ids:
                break
            for pk in ids:
                outcome = deliver(pk, backend)
                if outcome in result:
                    result[outcome] += 1
                if time.monotonic() >= deadline:
                    break
            if result["retry"] and not result["sent"]:
                break  # the mail server is down: wait for the next sweep, do not spin
    finally:
        _close(backend)
    return result


def resend(pk: int) -> bool:
    """A coordinator's resend: a failed, unconfirmed or waiting message goes out again soon."""
    return bool(
        OutboxMessage.objects.filter(
            pk=pk,
            state__in=[OutboxState.FAILED, OutboxState.UNCONFIRMED, OutboxState.PENDING],
        ).update(state=OutboxState.PENDING, next_attempt_at=timezone.now(), claim_token=None)
    )


def schedule(pk: int) -> None:
    """After the queueing transaction commits: hand the message to a worker, never block.

    Without a broker (eager Celery) it is sent in this process. With one, the task is published
    without retries; if the broker is down the beat sweep sends the message within a minute.
    """
    if getattr(settings, "OUTBOX_SEND_INLINE", False) or current_app.conf.task_always_eager:
        deliver(pk)
        return
    # cycle: core.outbox.tasks imports this module
    from core.outbox.tasks import send_message

    try:
        send_message.apply_async((pk,), retry=False)
    except Exception:
        logger.warning("broker unavailable: outbox message %s waits for the sweep", pk)


def after_commit(pk: int) -> None:
    if getattr(settings, "OUTBOX_SEND_INLINE", False):
        schedule(pk)  # the test suite: its transactions never commit
    else:
        transaction.on_commit(lambda: schedule(pk))
