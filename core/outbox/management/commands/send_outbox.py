"""Run the outbox sweep once, in this process: what beat's ``outbox-sweep`` does every minute.

For operators (after an outage, or without a worker) and for CI's production smoke test.
"""

from django.core.management.base import BaseCommand

from core.outbox import delivery


class Command(BaseCommand):
    help = "Reconcile interrupted messages and send every message that is due, once."

    def handle(self, *args, **options):
        result = delivery.sweep()
        self.stdout.write(", ".join(f"{key}: {value}" for key, value in sorted(result.items())))
