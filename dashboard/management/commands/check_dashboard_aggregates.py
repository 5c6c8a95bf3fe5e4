"""Compare the live dashboard aggregates with a fresh rebuild and report what differs."""

from django.core.management.base import BaseCommand, CommandError

from dashboard.aggregates import differences


class Command(BaseCommand):
    help = (
        "Apply the queued aggregate events, then compare the live aggregates with a rebuild "
        "from the progress tables (rolled back: nothing changes). Exits 1 if they differ."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--no-drain", action="store_true", help="do not apply the queued events first"
        )
        parser.add_argument("--limit", type=int, default=20, help="rows to show per table")

    def handle(self, *args, **options):
        found = differences(drain_first=not options["no_drain"])
        if not found:
            self.stdout.write(self.style.SUCCESS("The aggregates equal a fresh rebuild."))
            return
        for table, rows in found.items():
            self.stdout.write(f"{table}: {len(rows)} rows differ (key: live → rebuilt)")
            for key, live, fresh in rows[: options["limit"]]:
                self.stdout.write(f"  {key}: {live} → {fresh}")
        raise CommandError(
            "The aggregates differ from a rebuild; run manage.py rebuild_dashboard_aggregates."
        )
