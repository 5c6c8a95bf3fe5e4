"""The outbox: every e-mail the platform sends is a row first, and a worker sends it.

The message itself (recipients, subject, body, attachments, attempt log) is a django-post-office
``Email``; ``OutboxMessage`` adds what post_office lacks for our guarantees: a unique key (a
message goes out once), the "sending" → "handed over" → "sent" states that make a crashed worker
harmless, exponential backoff for days and a claim that is safe across hosts. See
``core/outbox/delivery.py`` for the argument.
"""
