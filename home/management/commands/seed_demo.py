"""Build a believable demo programme; safe to run any number of times.

Each app contributes a ``seed(stdout)`` function, run in the order of ``SEEDERS``; every seeder
looks things up before it creates them, so a second run changes nothing. The course tree hangs
below the home page, which ``courses`` (a lower layer) does not know: this command passes it in.
"""

from importlib import import_module

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from accounts.demo import DEMO_ACCOUNTS, DEMO_PASSWORD
from home.models import HomePage

SEEDERS = [
    "accounts.demo",
    "home.demo",
    "municipalities.demo",
    "courses.demo",
    "coaching.demo",
    "dashboard.demo",
]
# Seeders that build pages below the home page (created by ``home.demo`` before them).
BELOW_HOME = {"courses.demo"}


class Command(BaseCommand):
    help = "Create demo accounts and data (refused under production settings)."

    def handle(self, *args, **options):
        if not getattr(settings, "DEMO_DATA_ALLOWED", False):
            raise CommandError("Demo data is not allowed with these settings (production?).")

        with transaction.atomic():
            for dotted in SEEDERS:
                self.stdout.write(f"Seeding {dotted} …")
                seeder = import_module(dotted)
                if dotted in BELOW_HOME:
                    seeder.seed(self.stdout, parent=HomePage.objects.first())
                else:
                    seeder.seed(self.stdout)

        self.stdout.write(
            self.style.SUCCESS(f"\nDemo data ready. Logins (password for all: {DEMO_PASSWORD}):")
        )
        for email, _name, _role, description in DEMO_ACCOUNTS:
            self.stdout.write(f"  {email:<28} {description}")
