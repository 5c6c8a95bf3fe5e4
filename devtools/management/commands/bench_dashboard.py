"""Time every dashboard level against one raw SQL GROUP BY over the progress table.

    python manage.py bench_dashboard --repeat 7

Each level is requested through the full Django stack (test client, signed in as a
coordinator) ``--repeat`` times after one warm-up with an empty cache (printed as "cold":
programme and state figures other than learning, and at-risk lists, are cached for
``DASHBOARD_CACHE_SECONDS``); the raw query computes the same learning
numbers (modules started and completed per module, attributed to participations through
memberships) straight from ``courses_moduleprogress`` for the same region and for the whole
programme. Prints medians, query counts and the ratios against the targets of issue 6:
region ≤ 3 × raw(region), programme ≤ 0.2 × raw(programme).
"""

import statistics
import time

from django.core.cache import cache
from django.core.management.base import BaseCommand, CommandError
from django.db import connection
from django.db.models import Count
from django.test import Client
from django.test.utils import CaptureQueriesContext

from accounts.models import User
from courses.models import ModuleProgress
from dashboard.figures import Dashboard
from dashboard.forms import Filters
from dashboard.scope import resolve_scope
from municipalities.models import Membership, Participation, Region

RAW_SQL = """
SELECT mp.module_id, COUNT(*) AS started, COUNT(mp.completed_at) AS completed
FROM courses_moduleprogress mp
JOIN municipalities_membership m ON m.user_id = mp.user_id
JOIN municipalities_participation p ON p.id = m.participation_id
{where}
GROUP BY mp.module_id
"""


class Command(BaseCommand):
    help = "Benchmark the dashboard levels against a raw GROUP BY on the progress table."

    def add_arguments(self, parser):
        parser.add_argument("--repeat", type=int, default=5)
        parser.add_argument("--region", help="region slug (default: the one with most members)")

    def handle(self, *args, **options):
        repeat = max(1, options["repeat"])
        if options["region"]:
            region = Region.objects.filter(slug=options["region"]).first()
        else:
            top = (
                Membership.objects.values("participation__region")
                .order_by()
                .annotate(n=Count("pk"))
                .order_by("-n")
                .first()
            )
            region = Region.objects.filter(pk=top["participation__region"]).first() if top else None
        if region is None:
            raise CommandError("No region with members: run generate_scale_data first.")
        participation = (
            Participation.objects.filter(region=region, memberships__isnull=False)
            .select_related("municipality__state")
            .first()
        )
        member = Membership.objects.filter(participation=participation).first()
        state = participation.municipality.state

        user, _created = User.objects.get_or_create(
            email="bench-coordinator@scale.example",
            defaults={"full_name": "Benchmark", "is_superuser": True, "is_staff": True},
        )
        client = Client(HTTP_HOST="localhost")
        client.force_login(user)

        levels = [
            ("programme", "/dashboard/"),
            ("state", f"/dashboard/?state={state.short}"),
            ("region", f"/dashboard/?region={region.slug}"),
            ("participation", f"/dashboard/participation/{participation.pk}/"),
            (
                "person",
                f"/dashboard/participation/{participation.pk}/person/{member.user_id}/",
            ),
        ]

        self.stdout.write(
            f"Database: {connection.vendor}; progress rows: {ModuleProgress.objects.count():,}; "
            f"memberships: {Membership.objects.count():,}; "
            f"participations: {Participation.objects.count():,}"
        )
        self.stdout.write(
            f"Region: {region.slug} ({Participation.objects.filter(region=region).count():,} "
            f"participations); repeat: {repeat} (median after one warm-up)\n"
        )

        results = {}
        cold = {}
        for name, url in levels:
            times = []
            queries = 0
            cache.clear()  # the first request of each level runs with an empty cache
            for attempt in range(repeat + 1):
                with CaptureQueriesContext(connection) as captured:
                    started = time.perf_counter()
                    response = client.get(url)
                    elapsed = time.perf_counter() - started
                if response.status_code != 200:
                    raise CommandError(f"{url} answered {response.status_code}")
                if attempt:
                    times.append(elapsed)
                    queries = len(captured.captured_queries)
                else:
                    cold[name] = elapsed
            results[name] = (statistics.median(times), queries)

        raw = {}
        for name, where, params in (
            ("raw region", "WHERE p.region_id = %s", [region.pk]),
            ("raw programme", "", []),
        ):
            times = []
            for attempt in range(repeat + 1):
                with connection.cursor() as cursor:
                    started = time.perf_counter()
                    cursor.execute(RAW_SQL.format(where=where), params)
                    cursor.fetchall()
                    elapsed = time.perf_counter() - started
                if attempt:
                    times.append(elapsed)
            raw[name] = statistics.median(times)

        agree = self.numbers_agree(user, region, where="WHERE p.region_id = %s", params=[region.pk])
        agree_all = self.numbers_agree(user, None, where="", params=[])
        self.stdout.write(f"{'level':<16}{'median ms':>12}{'queries':>10}{'cold ms':>12}")
        for name, (seconds, queries) in results.items():
            self.stdout.write(
                f"{name:<16}{seconds * 1000:>12.1f}{queries:>10}{cold[name] * 1000:>12.1f}"
            )
        for name, seconds in raw.items():
            self.stdout.write(f"{name:<16}{seconds * 1000:>12.1f}{1:>10}")
        region_ratio = results["region"][0] / raw["raw region"]
        programme_ratio = results["programme"][0] / raw["raw programme"]
        self.stdout.write("")
        self.stdout.write(
            f"region / raw region       = {region_ratio:6.2f}  (target ≤ 3.0)  "
            + ("OK" if region_ratio <= 3 else "MISSED")
        )
        self.stdout.write(
            f"programme / raw programme = {programme_ratio:6.2f}  (target ≤ 0.2)  "
            + ("OK" if programme_ratio <= 0.2 else "MISSED")
        )
        state_ratio = results["state"][0] / raw["raw programme"]
        self.stdout.write(f"state / raw programme     = {state_ratio:6.2f}")
        self.stdout.write(
            "same numbers as the raw query: "
            f"region {'yes' if agree else 'NO'}, programme {'yes' if agree_all else 'NO'}"
        )

    def numbers_agree(self, user, region, *, where, params) -> bool:
        """The dashboard's funnel (from the aggregates) equals the raw GROUP BY."""
        with connection.cursor() as cursor:
            cursor.execute(RAW_SQL.format(where=where), params)
            raw = {module: (started, completed) for module, started, completed in cursor}
        scope = resolve_scope(user, region=region.slug if region else None)
        shown = Dashboard(scope, Filters()).module_counts
        return {key: tuple(value) for key, value in shown.items() if any(value)} == raw
