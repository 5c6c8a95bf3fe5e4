"""Templated mail for every app, always through the outbox (``core.outbox``).

Every app sends its mail with ``queue_templated_mail`` and one naming scheme: the templates of
a mail ``<name>`` of app ``<app>`` are ``templates/<app>/email/<name>_subject.txt`` and
``templates/<app>/email/<name>_body.txt`` (optionally ``_body.html``), and the prefix passed is
``"<app>/email/<name>"``. The one exception is allauth's mail (``templates/account/email/``):
allauth renders it itself and its names (``<name>_subject.txt``, ``<name>_message.txt``) are
allauth's contract, so they stay; ``accounts.adapters.AccountAdapter.send_mail`` hands the
rendered message to ``queue_message`` below. Mail that other code sends with Django's
``send_mail()`` (Wagtail's workflow notices) reaches the outbox through its mail backend.

``queue_templated_mail`` renders ``<prefix>_subject.txt``, ``<prefix>_body.txt`` (and
``<prefix>_body.html`` if it exists) in the recipient's language *now*, and writes the message
in the caller's transaction: if the change that causes the mail rolls back, so does the mail;
if it commits, a worker sends it (retrying for days). Nothing here talks to a mail server or
waits for the broker.

A ``key`` makes the message go out once: queueing a second message with the same key returns
``None`` and writes nothing.
"""

from collections.abc import Iterable, Sequence
from email.utils import make_msgid
from urllib.parse import urlsplit

from django.conf import settings
from django.core.files.base import ContentFile
from django.core.mail import EmailMessage, EmailMultiAlternatives
from django.db import IntegrityError, transaction
from django.template import TemplateDoesNotExist
from django.template.loader import render_to_string
from django.utils import timezone, translation
from post_office.models import STATUS, Email
from post_office.utils import create_attachments

from core.outbox import delivery
from core.outbox.models import OutboxMessage


def render_templated_mail(template_prefix: str, context: dict, *, language: str | None):
    """Subject (with the site's prefix), plain body and optional HTML body, in ``language``."""
    with translation.override(language or settings.LANGUAGE_CODE):
        subject = render_to_string(f"{template_prefix}_subject.txt", context)
        body = render_to_string(f"{template_prefix}_body.txt", context)
        try:
            html = render_to_string(f"{template_prefix}_body.html", context)
        except TemplateDoesNotExist:
            html = ""
    subject = settings.EMAIL_SUBJECT_PREFIX + " ".join(subject.split())
    return subject, body.strip() + "\n", html


def queue_templated_mail(
    template_prefix: str,
    to: str | Sequence[str],
    context: dict,
    *,
    language: str | None,
    attachments: Iterable[tuple[str, bytes, str]] = (),
    key: str | None = None,
    reply_to: Sequence[str] | None = None,
    sensitive: bool = False,
    deferred_attachments: Iterable[dict] = (),
) -> OutboxMessage | None:
    """Render now, in the recipient's language, and queue; ``None`` if ``key`` was used before.

    ``attachments`` are ``(filename, content, mimetype)``; ``deferred_attachments`` are made
    when the message is sent (``{"provider": "dotted.path", "args": [...]}``, the callable
    returning ``(filename, content, mimetype)``) — for files a worker has yet to make.
    """
    subject, body, html = render_templated_mail(template_prefix, context, language=language)
    recipients = [to] if isinstance(to, str) else list(to)
    if html:
        message = EmailMultiAlternatives(subject, body, to=recipients, reply_to=reply_to)
        message.attach_alternative(html, "text/html")
    else:
        message = EmailMessage(subject, body, to=recipients, reply_to=reply_to)
    for name, content, mimetype in attachments:
        message.attach(name, content, mimetype)
    return queue_message(
        message,
        key=key,
        kind=template_prefix,
        sensitive=sensitive,
        deferred_attachments=deferred_attachments,
    )


def queue_message(
    message: EmailMessage,
    *,
    key: str | None = None,
    kind: str = "",
    sensitive: bool = False,
    deferred_attachments: Iterable[dict] = (),
) -> OutboxMessage | None:
    """Write a built Django message to the outbox in the current transaction."""
    if key and OutboxMessage.objects.filter(key=key).exists():
        return None
    headers = dict(message.extra_headers or {})
    if message.reply_to:
        headers.setdefault("Reply-To", ", ".join(str(v) for v in message.reply_to))
    alternatives = getattr(message, "alternatives", ())
    html = next((content for content, mimetype in alternatives if mimetype == "text/html"), "")
    now = timezone.now()
    try:
        with transaction.atomic():
            email = Email(
                from_email=message.from_email or settings.DEFAULT_FROM_EMAIL,
                to=list(message.to),
                cc=list(message.cc),
                bcc=list(message.bcc),
                subject=str(message.subject)[:989],
                message=message.body,
                html_message=html,
                headers=headers or None,
                status=STATUS.queued,
                message_id=make_msgid(domain=_message_id_domain()),
            )
            email.save()
            files = {}
            for attachment in message.attachments:
                name, content, mimetype = attachment
                if isinstance(content, str):
                    content = content.encode()
                files[name] = {"file": ContentFile(content), "mimetype": mimetype}
            if files:
                email.attachments.add(*create_attachments(files))
            outbox = OutboxMessage.objects.create(
                email=email,
                key=key or None,
                kind=kind[:100],
                recipient=", ".join(message.to)[:254],
                subject=str(message.subject)[:255],
                sensitive=sensitive,
                deferred_attachments=list(deferred_attachments),
                next_attempt_at=now,
            )
    except IntegrityError:
        if key and OutboxMessage.objects.filter(key=key).exists():
            return None  # queued by a concurrent transaction a moment ago
        raise
    delivery.after_commit(outbox.pk)
    return outbox


def _message_id_domain() -> str:
    return urlsplit(settings.WAGTAILADMIN_BASE_URL).hostname or "klimapaten.invalid"
