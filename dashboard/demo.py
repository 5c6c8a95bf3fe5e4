"""Demo: the dashboard's aggregates for the demo programme (idempotent: a rebuild)."""

from dashboard.aggregates import rebuild
from dashboard.figures import forget_cached_figures


def seed(stdout):
    counts = rebuild()
    forget_cached_figures()
    stdout.write(f"  dashboard aggregates rebuilt: {counts}")
    stdout.write("  dashboard: /dashboard/ (coordination and regional managers)")
