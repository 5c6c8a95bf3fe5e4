"""Cached figures of the programme and the states, and what makes them stale.

Every cache key contains a generation: the programme's, and a region's for its at-risk lists.
``forget_cached_figures`` moves a generation on, so the old entries are never read again.
"""

import hashlib
from urllib.parse import urlencode

from django.conf import settings
from django.core.cache import cache
from django.utils.functional import cached_property
from django.utils.translation import get_language

from dashboard.figures.rows import ScopedRows
from dashboard.scope import Level

GENERATION_KEY = "dashboard:generation"


def cache_generation(region_id=None) -> int:
    """Part of every cache key: the programme's generation, or a region's."""
    key = GENERATION_KEY if region_id is None else f"{GENERATION_KEY}:{region_id}"
    return cache.get_or_set(key, 1, None)


def forget_cached_figures(region_id=None) -> None:
    """Make cached figures stale: a region's (its at-risk lists, after a write there) or,
    without a region, everything (e.g. after an import)."""
    key = GENERATION_KEY if region_id is None else f"{GENERATION_KEY}:{region_id}"
    try:
        cache.incr(key)
    except ValueError:
        cache.set(key, 1, None)


class CachedFigures(ScopedRows):
    """Figures computed once per cache period instead of once per request."""

    def _cached(self, name, compute, levels=(Level.PROGRAMME, Level.STATE)):
        """Figures that are not learning progress (people, plans, measures, at-risk lists) of
        the programme and of a state, cached for ``DASHBOARD_CACHE_SECONDS``: grouping 100,000
        memberships on every request would cost more than all learning aggregates together.
        A region's figures are computed fresh; only its at-risk lists (long sorted lists) are
        cached too, and a write to the region's participations, memberships, invitations,
        plans, tasks, milestones or measures makes them stale at once (``signals.py``).
        Programme and state figures are not invalidated by single writes (at national scale
        something changes every few seconds): they are at most ``DASHBOARD_CACHE_SECONDS``
        old, while their learning figures always come live from the aggregates."""
        seconds = getattr(settings, "DASHBOARD_CACHE_SECONDS", 0)
        if self.level not in levels or not seconds:
            return compute()
        key = self.cache_key(name)
        value = cache.get(key)
        if value is None:
            value = compute()
            cache.set(key, value, seconds)
        return value

    def cache_key(self, name) -> str:
        scope = self.scope
        if scope.coordinator:
            regions = "all"
        else:
            regions = ",".join(str(pk) for pk in sorted(self._managed_region_ids))
        parts = [
            name,
            scope.level.value,
            scope.state.pk if scope.state else "",
            scope.region.pk if scope.region else "",
            regions,
            urlencode(sorted(self.filters.query().items())),
            self.today.isoformat(),
            get_language() or "",
            str(self._generation),
        ]
        digest = hashlib.sha256("|".join(map(str, parts)).encode()).hexdigest()[:32]
        return f"dashboard:{digest}"

    @cached_property
    def _generation(self) -> str:
        generation = str(cache_generation())
        if self.scope.region is not None:
            generation += f".{cache_generation(self.scope.region.pk)}"
        return generation

    @cached_property
    def _managed_region_ids(self):
        return list(self.scope.managed_regions.values_list("pk", flat=True))
