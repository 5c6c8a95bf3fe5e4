"""The outbox: once per key, in the caller's transaction, backoff, reconcile, the SMTP hand-over."""

import uuid
from datetime import timedelta
from unittest import mock

import pytest
from django.core import mail
from django.db import transaction
from django.test import override_settings
from django.utils import timezone

from core.mail import queue_templated_mail
from core.outbox import delivery
from core.outbox.models import OutboxMessage, OutboxState
from tests.faults.smtp_sink import SMTPSink

pytestmark = pytest.mark.django_db

OUTBOX = "core.outbox.backends.OutboxBackend"
CONTEXT = {"user": None, "link": "https://example.test/x", "filename": "a.csv", "days": 7}


def queue(key=None, to="a@test.example"):
    return queue_templated_mail("dashboard/email/export", [to], CONTEXT, language="de", key=key)


def test_a_key_goes_out_once(settings):
    assert queue("k1") is not None
    assert queue("k1") is None
    assert OutboxMessage.objects.filter(key="k1").count() == 1
    assert len(mail.outbox) == 1
    assert mail.outbox[0].extra_headers["X-Outbox-Key"] == "k1"
    assert mail.outbox[0].extra_headers["Message-ID"]


def test_the_message_rolls_back_with_the_change(settings):
    settings.OUTBOX_SEND_INLINE = False
    with pytest.raises(RuntimeError), transaction.atomic():
        queue("k2")
        raise RuntimeError("the change fails")
    assert not OutboxMessage.objects.exists()


def test_backoff_doubles_up_to_the_cap(settings):
    settings.OUTBOX_RETRY_BASE, settings.OUTBOX_RETRY_MAX = 60, 3600
    assert [delivery.backoff(n).total_seconds() for n in (1, 2, 3, 7, 30)] == [
        60,
        120,
        240,
        3600,
        3600,
    ]


def broken_transport(exc):
    backend = mock.Mock(supports_commit_point=False)
    backend.send_messages.side_effect = exc
    return mock.patch.object(delivery, "transport", return_value=backend)


def test_failures_retry_later_then_fail_after_the_give_up_time(settings):
    with broken_transport(OSError("down")):
        message = queue("k3")
    message.refresh_from_db()
    assert message.state == OutboxState.PENDING and message.attempts == 1
    assert message.next_attempt_at > timezone.now() + timedelta(seconds=50)
    assert delivery.deliver(message.pk) == "skipped"  # not due yet
    OutboxMessage.objects.filter(pk=message.pk).update(
        next_attempt_at=timezone.now(), created_at=timezone.now() - timedelta(days=4)
    )
    with broken_transport(OSError("still down")):
        assert delivery.deliver(message.pk) == "failed"
    message.refresh_from_db()
    assert message.state == OutboxState.FAILED and "still down" in message.last_error
    assert delivery.resend(message.pk)
    assert delivery.deliver(message.pk) == "sent"
    assert len(mail.outbox) == 1


def test_reconcile_requeues_sending_and_never_resends_handed_over(settings):
    settings.OUTBOX_SEND_INLINE = False
    sending, handed_over = queue("k4"), queue("k5")
    old = timezone.now() - timedelta(hours=1)
    OutboxMessage.objects.filter(pk=sending.pk).update(
        state=OutboxState.SENDING, claim_token=uuid.uuid4(), claimed_at=old
    )
    OutboxMessage.objects.filter(pk=handed_over.pk).update(
        state=OutboxState.HANDED_OVER, claim_token=uuid.uuid4(), claimed_at=old
    )
    result = delivery.sweep()
    assert result["requeued"] == 1 and result["unconfirmed"] == 1 and result["sent"] == 1
    assert [m.extra_headers["X-Outbox-Key"] for m in mail.outbox] == ["k4"]
    assert OutboxMessage.objects.get(pk=handed_over.pk).state == OutboxState.UNCONFIRMED


def test_a_worker_whose_claim_was_taken_over_cannot_hand_over(settings):
    settings.OUTBOX_SEND_INLINE = False
    message = queue("k6")
    stale = uuid.uuid4()
    OutboxMessage.objects.filter(pk=message.pk).update(state=OutboxState.SENDING, claim_token=stale)
    delivery.reconcile()  # not stale yet: stays with its worker
    OutboxMessage.objects.filter(pk=message.pk).update(
        state=OutboxState.PENDING, claim_token=None
    )  # as the sweep does after the timeout
    assert not delivery._hand_over(message.pk, stale)


@pytest.fixture
def sink():
    with SMTPSink() as running:
        yield running


def smtp_settings(sink):
    return override_settings(
        EMAIL_BACKEND=OUTBOX,
        OUTBOX_EMAIL_BACKEND="core.outbox.backends.SMTPBackend",
        EMAIL_HOST="127.0.0.1",
        EMAIL_PORT=sink.port,
        EMAIL_USE_TLS=False,
        EMAIL_USE_SSL=False,
        EMAIL_HOST_USER="",
        EMAIL_HOST_PASSWORD="",
        OUTBOX_SEND_INLINE=False,
    )


def test_smtp_delivery_commits_before_the_end_of_data(sink):
    with smtp_settings(sink):
        message = queue("smtp-1")
        states = []
        real = delivery._hand_over

        def spy(pk, token):
            handed = real(pk, token)
            states.append((OutboxMessage.objects.get(pk=pk).state, len(sink.messages())))
            return handed

        with mock.patch.object(delivery, "_hand_over", spy):
            assert delivery.deliver(message.pk) == "sent"
    # at the commit point the row was handed over and the server had not yet accepted anything
    assert states == [(OutboxState.HANDED_OVER, 0)]
    assert [m["outbox_key"] for m in sink.wait_for(1, 10)] == ["smtp-1"]
    assert OutboxMessage.objects.get(pk=message.pk).state == OutboxState.SENT


def test_smtp_delivery_with_a_lost_claim_delivers_nothing(sink):
    with smtp_settings(sink):
        message = queue("smtp-2")
        with mock.patch.object(delivery, "_hand_over", return_value=False):
            assert delivery.deliver(message.pk) == "claim-lost"
        queue("smtp-3")
        assert delivery.sweep()["sent"] == 1  # the same server takes the next message
    assert [m["outbox_key"] for m in sink.wait_for(1, 10)] == ["smtp-3"]


def test_smtp_down_the_message_waits_and_the_request_does_not(sink):
    with smtp_settings(sink):
        sink.stop()
        message = queue("smtp-4")
        assert delivery.deliver(message.pk) == "retry"
        sink.start()
        OutboxMessage.objects.filter(pk=message.pk).update(next_attempt_at=timezone.now())
        assert delivery.sweep()["sent"] == 1
    assert [m["outbox_key"] for m in sink.wait_for(1, 10)] == ["smtp-4"]


def test_djangos_send_mail_is_queued_not_sent(settings):
    """Wagtail's workflow notices call send_mail(): with the outbox as EMAIL_BACKEND, queued."""
    from django.core.mail import send_mail

    settings.OUTBOX_SEND_INLINE = False
    with override_settings(EMAIL_BACKEND=OUTBOX):
        send_mail("Workflow", "A page waits for approval", None, ["rm@test.example"])
    assert not mail.outbox
    queued = OutboxMessage.objects.get()
    assert queued.recipient == "rm@test.example" and queued.state == OutboxState.PENDING


def test_wagtail_workflow_notification_is_queued(settings, coordinator):
    from wagtail.admin.mail import send_mail as wagtail_send_mail

    settings.OUTBOX_SEND_INLINE = False
    with override_settings(EMAIL_BACKEND=OUTBOX):
        wagtail_send_mail("Moderation", "Please review", ["koordination@test.example"])
    assert OutboxMessage.objects.filter(recipient="koordination@test.example").exists()
    assert not mail.outbox


def test_allauth_mail_is_queued(client, volunteer, settings):
    settings.OUTBOX_SEND_INLINE = False
    client.post("/accounts/password/reset/", {"email": volunteer.email})
    queued = OutboxMessage.objects.get(recipient=volunteer.email)
    assert queued.sensitive and queued.kind.startswith("account/")


def test_coordinators_see_the_outbox_region_managers_do_not(client, coordinator, regional_manager):
    from django.urls import reverse

    queue("admin-1")
    client.force_login(coordinator)
    response = client.get(reverse("outbox:index"))
    assert response.status_code == 200
    client.force_login(regional_manager)
    response = client.get(reverse("outbox:index"))
    assert response.status_code == 302  # Wagtail's denial: back to the dashboard
    assert response["Location"] == "/admin/"
    failed = OutboxMessage.objects.get()
    OutboxMessage.objects.filter(pk=failed.pk).update(state=OutboxState.FAILED)
    client.post(reverse("outbox:resend", args=[failed.pk]))
    assert OutboxMessage.objects.get(pk=failed.pk).state == OutboxState.FAILED
    client.force_login(coordinator)
    client.post(reverse("outbox:resend", args=[failed.pk]))
    assert OutboxMessage.objects.get(pk=failed.pk).state == OutboxState.SENT
