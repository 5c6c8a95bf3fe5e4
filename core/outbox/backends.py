"""Two e-mail backends: the outbox as Django's ``EMAIL_BACKEND``, and the SMTP transport.

``OutboxBackend`` queues every ``send_mail()`` (Wagtail's workflow notices, Django's own mail)
in the outbox instead of talking to a mail server on the caller's request.

``SMTPBackend`` is Django's SMTP backend with one change: it writes the whole message but the
final ``.`` of DATA, asks the outbox to record "handed over" (a committed row), and only then
sends the ``.``. A worker that dies before that commit leaves a message the server never
completed (SMTP discards a transaction whose connection closes inside DATA), so it is safe to
send again; see ``core/outbox/delivery.py``.
"""

import contextlib
import re
import smtplib

from django.conf import settings
from django.core.mail.backends.base import BaseEmailBackend
from django.core.mail.backends.smtp import EmailBackend as DjangoSMTPBackend
from django.core.mail.message import sanitize_address

_LEADING_DOT = re.compile(rb"(?m)^\.")


class ClaimLost(Exception):
    """Another worker took the message over; this one stopped before the end of DATA."""


class DeliveryUnconfirmed(Exception):
    """The end of DATA went out, but the server's answer never came back."""


class OutboxBackend(BaseEmailBackend):
    """Queue each message in the outbox (in the caller's transaction); a worker sends it."""

    def send_messages(self, email_messages):
        # cycle: core.mail imports core.outbox.delivery, which imports this module
        from core.mail import queue_message

        count = 0
        for message in email_messages or ():
            if queue_message(message, kind="send_mail") is not None:
                count += 1
        return count


class SMTPBackend(DjangoSMTPBackend):
    """Django's SMTP backend that lets the outbox commit just before the end of DATA."""

    supports_commit_point = True

    def _send(self, email_message):
        commit_point = getattr(email_message, "outbox_commit_point", None)
        if commit_point is None:
            return super()._send(email_message)
        if not email_message.recipients():
            return False
        encoding = email_message.encoding or settings.DEFAULT_CHARSET
        from_email = sanitize_address(email_message.from_email, encoding)
        recipients = [sanitize_address(addr, encoding) for addr in email_message.recipients()]
        data = email_message.message().as_bytes(linesep="\r\n")
        smtp = self.connection
        smtp.ehlo_or_helo_if_needed()
        code, reply = smtp.mail(from_email)
        if code != 250:
            smtp.rset()
            raise smtplib.SMTPSenderRefused(code, reply, from_email)
        refused = {}
        for recipient in recipients:
            code, reply = smtp.rcpt(recipient)
            if code not in (250, 251):
                refused[recipient] = (code, reply)
        if len(refused) == len(recipients):
            smtp.rset()
            raise smtplib.SMTPRecipientsRefused(refused)
        code, reply = smtp.docmd("data")
        if code != 354:
            smtp.rset()
            raise smtplib.SMTPDataError(code, reply)
        data = _LEADING_DOT.sub(b"..", data)
        if not data.endswith(b"\r\n"):
            data += b"\r\n"
        smtp.send(data)
        if not commit_point():
            # Close inside DATA: the server drops the half-sent message.
            self._drop_connection()
            raise ClaimLost()
        try:
            smtp.send(b".\r\n")
            code, reply = smtp.getreply()
        except (smtplib.SMTPServerDisconnected, OSError) as exc:
            self._drop_connection()
            raise DeliveryUnconfirmed(str(exc)) from exc
        if code != 250:
            raise smtplib.SMTPDataError(code, reply)
        return True

    def _drop_connection(self):
        with contextlib.suppress(Exception):  # the socket is gone either way
            self.connection.sock.close()
        self.connection = None
