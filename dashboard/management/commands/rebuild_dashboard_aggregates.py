"""Recompute the dashboard's learning aggregates from the progress table (repair, imports)."""

import time

from django.core.management.base import BaseCommand

from dashboard.aggregates import rebuild
from municipalities.models import Region


class Command(BaseCommand):
    help = "Rebuild the dashboard aggregates from scratch (all regions or the given slugs)."

    def add_arguments(self, parser):
        parser.add_argument("--region", action="append", help="region slug (repeatable)")

    def handle(self, *args, **options):
        region_ids = None
        if options["region"]:
            region_ids = list(
                Region.objects.filter(slug__in=options["region"]).values_list("pk", flat=True)
            )
        started = time.perf_counter()
        counts = rebuild(region_ids)
        seconds = time.perf_counter() - started
        self.stdout.write(self.style.SUCCESS(f"Aggregates rebuilt in {seconds:.1f} s: {counts}"))
