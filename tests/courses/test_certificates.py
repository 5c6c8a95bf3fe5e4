"""The certificate task, its PDF and e-mail, downloads and the public verification page."""

import io
import smtplib

import pytest
from django.urls import reverse
from pypdf import PdfReader

from courses import actions, services
from courses.certificates import pdf_text, render_certificate_pdf
from courses.models import Certificate
from courses.tasks import deliver_certificate, retry_unsent_certificates
from tests.courses import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def certificate(volunteer, course):
    volunteer.full_name = "Paula Pat:in – Müller"
    volunteer.save()
    cert, created = actions.issue_certificate(volunteer, course)
    assert created
    return cert


def pdf_text_of(data: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)


def test_task_makes_the_pdf_and_mails_it(certificate, mailoutbox):
    assert deliver_certificate.delay(certificate.pk).get() == "sent"
    certificate.refresh_from_db()
    text = pdf_text_of(bytes(certificate.pdf))
    assert "Paula Pat:in – Müller" in text
    assert certificate.code in text
    assert certificate.course_title in text
    assert f"/certificates/verify/{certificate.code}/" in text
    assert "Klimapaten" in text
    assert len(mailoutbox) == 1
    mail = mailoutbox[0]
    assert mail.to == [certificate.user.email]
    assert certificate.code in mail.body
    assert mail.attachments[0][0] == f"zertifikat-{certificate.code}.pdf"
    assert mail.attachments[0][2] == "application/pdf"


def test_task_is_idempotent(certificate, mailoutbox, volunteer, course):
    deliver_certificate.delay(certificate.pk)
    assert deliver_certificate.delay(certificate.pk).get() == "already-sent"
    assert len(mailoutbox) == 1
    again, created = actions.issue_certificate(volunteer, course)
    assert not created and again.pk == certificate.pk
    assert Certificate.objects.count() == 1


def test_failing_mail_keeps_the_certificate_and_is_retried(certificate, mailoutbox, monkeypatch):
    from django.utils import timezone

    from core.outbox import delivery
    from core.outbox.models import OutboxMessage, OutboxState

    def broken_send(self, messages):
        raise smtplib.SMTPServerDisconnected("mail server down")

    monkeypatch.setattr("django.core.mail.backends.locmem.EmailBackend.send_messages", broken_send)
    assert deliver_certificate.delay(certificate.pk).get() == "sent"  # handed to the outbox
    certificate.refresh_from_db()
    assert certificate.pdf and certificate.emailed_at is not None
    waiting = OutboxMessage.objects.get(key=f"certificate:{certificate.pk}")
    assert waiting.state == OutboxState.PENDING and "mail server down" in waiting.last_error
    assert not mailoutbox
    monkeypatch.undo()
    assert retry_unsent_certificates.delay().get() == 0  # queued once, not again
    OutboxMessage.objects.update(next_attempt_at=timezone.now())  # the backoff has passed
    assert delivery.sweep()["sent"] == 1
    assert len(mailoutbox) == 1
    assert mailoutbox[0].attachments[0][0] == f"zertifikat-{certificate.code}.pdf"


def test_broken_broker_loses_nothing(certificate, monkeypatch):
    def broken_delay(*args, **kwargs):
        raise ConnectionError("broker down")

    monkeypatch.setattr(deliver_certificate, "delay", broken_delay)
    services.enqueue_certificate(certificate.pk)  # logs, does not raise
    assert Certificate.objects.filter(pk=certificate.pk, emailed_at__isnull=True).exists()


def test_pdf_text_handles_characters_outside_the_builtin_fonts():
    assert pdf_text("Pat:innen – „Zitat“ € ß") == "Pat:innen – „Zitat“ € ß"
    assert pdf_text("Łukasz Šťastný") == "Lukasz Štastný"
    assert pdf_text("名前") == "??"


def test_pdf_renders_in_english_for_english_users(certificate):
    certificate.user.language = "en"
    text = pdf_text_of(render_certificate_pdf(certificate))
    assert "Certificate" in text and certificate.code in text


def test_verify_page_shows_only_name_course_and_date(client, certificate):
    response = client.get(reverse("courses:certificate_verify", args=[certificate.code]))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Paula Pat:in – Müller" in html and certificate.course_title in html
    assert certificate.user.email not in html
    assert 'name="robots" content="noindex"' in html
    lower = client.get(reverse("courses:certificate_verify", args=[certificate.code.lower()]))
    assert lower.status_code == 200


def test_verify_page_for_unknown_and_revoked_codes(client, certificate):
    response = client.get(reverse("courses:certificate_verify", args=["AAAA-BBBB-CCCC"]))
    assert response.status_code == 404
    assert "AAAA-BBBB-CCCC" in response.content.decode()
    Certificate.objects.filter(pk=certificate.pk).update(revoked_at="2026-01-01T00:00Z")
    response = client.get(reverse("courses:certificate_verify", args=[certificate.code]))
    assert response.status_code == 404
    assert certificate.holder_name not in response.content.decode()


def test_download_for_owner_and_coordinator_only(client, certificate, coordinator, user_factory):
    url = reverse("courses:certificate_download", args=[certificate.code])
    assert client.get(url).status_code == 302  # login first
    client.force_login(certificate.user)
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert certificate.code in pdf_text_of(response.content)
    client.force_login(user_factory(roles=["volunteer"]))
    assert client.get(url).status_code == 404
    client.force_login(coordinator)
    assert client.get(url).status_code == 200


def test_me_lists_certificates_with_download_link(client, certificate):
    client.force_login(certificate.user)
    html = client.get(reverse("me")).content.decode()
    assert certificate.get_download_url() in html
    assert certificate.code in html


def test_certificate_codes_are_unique_and_readable():
    from courses.models import new_certificate_code

    codes = {new_certificate_code() for _ in range(500)}
    assert len(codes) == 500
    assert all(len(code) == 14 and code.count("-") == 2 for code in codes)


def test_course_completion_creates_the_certificate_on_commit(
    client, volunteer, django_capture_on_commit_callbacks, mailoutbox
):
    course = factories.course()
    module = factories.module(course)
    client.force_login(volunteer)
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        factories.post_activity(client, volunteer, module, factories.block(module, "mark_done"))
    assert len(callbacks) == 1
    assert Certificate.objects.get(user=volunteer, course=course).emailed_at
