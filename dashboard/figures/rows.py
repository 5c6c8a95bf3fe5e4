"""The rows of one scope: its participations, and any model's rows grouped by the level's
drill-down children (states, regions, participations or people) in one query."""

from collections import defaultdict
from decimal import Decimal

from django.db.models import F, Q, Sum
from django.db.models.functions import Coalesce
from django.utils.functional import cached_property

from dashboard.scope import Level
from municipalities.scoping import participation_lookup

ZERO = Decimal("0")

# Levels whose children (states, regions, participations) are found through each row's
# participation (``municipalities.scoping.participation_lookup``); below them, through the person.
CHILD_OF_PARTICIPATION = (Level.PROGRAMME, Level.STATE, Level.REGION)
# Whose row it is, at the participation and person levels (models without one have no person).
PERSON_PATH = {
    "municipalities.membership": "user",
    "coaching.task": "owner",
    "coaching.milestone": "owner",
    "coaching.measure": "patrons",
}


def _sum(field_name):
    return Coalesce(Sum(field_name), 0)


def _money(field_name, condition=None):
    return Coalesce(Sum(field_name, filter=condition), ZERO)


def _in_period(path, period):
    condition = Q()
    if period.start is not None:
        condition &= Q(**{f"{path}__gte": period.start_at})
    if period.end is not None:
        condition &= Q(**{f"{path}__lt": period.end_at})
    return condition


def _dates_in_period(path, period):
    condition = Q()
    if period.start is not None:
        condition &= Q(**{f"{path}__gte": period.start})
    if period.end is not None:
        condition &= Q(**{f"{path}__lt": period.end})
    return condition


class ScopedRows:
    """The scope's participations, and other rows of the scope grouped per child row."""

    @property
    def level(self) -> Level:
        return self.scope.level

    @cached_property
    def participations(self):
        return self.scope.participations()

    @cached_property
    def participation_ids(self):
        return self.participations.values("pk")

    @cached_property
    def participation_map(self) -> dict:
        """participation id → (state id, region id, status) of every participation in scope."""
        return {
            row[0]: row[1:]
            for row in self.participations.values_list(
                "pk", "municipality__state_id", "region_id", "status"
            ).order_by()
        }

    def child_of(self, participation_id):
        """The drill-down row a participation belongs to at this level."""
        place = self.participation_map.get(participation_id)
        if place is None:
            return None
        if self.level == Level.PROGRAMME:
            return place[0]
        if self.level == Level.STATE:
            return place[1]
        return participation_id

    def child_path(self, model):
        """The values() path that groups ``model`` rows by child of this level."""
        if self.level in CHILD_OF_PARTICIPATION:
            return participation_lookup(model, "pk")
        if self.level == Level.PARTICIPATION:
            return PERSON_PATH.get(model._meta.label_lower)
        return None

    def rows_of(self, model):
        """``model`` rows of this scope, through the model's own scoping manager."""
        queryset = model.objects.visible_to(self.scope.user)
        queryset = queryset.filter(
            **{participation_lookup(model, "pk__in"): self.participation_ids}
        )
        person = PERSON_PATH.get(model._meta.label_lower)
        if self.level == Level.PERSON and person:
            queryset = queryset.filter(**{person: self.scope.person.pk})
        return queryset

    def grouped(self, queryset, **annotations) -> tuple[dict, dict]:
        """(per child, totals) of ``annotations`` over ``queryset``.

        Above the participation level the rows are grouped by participation in SQL (no joins
        to places) and added up per state or region here.
        """
        path = self.child_path(queryset.model)
        per_child = defaultdict(lambda: defaultdict(int))
        totals = defaultdict(int)
        if path is None:
            row = queryset.aggregate(**annotations)
            for key, value in row.items():
                totals[key] = value or 0
            return {}, {key: totals.get(key, 0) for key in annotations}
        by_participation = self.level in CHILD_OF_PARTICIPATION
        for row in queryset.values(child=F(path)).annotate(**annotations).order_by():
            child = row.pop("child")
            if by_participation:
                child = self.child_of(child)
            for key, value in row.items():
                per_child[child][key] += value or 0
                totals[key] += value or 0
        return dict(per_child), {key: totals.get(key, 0) for key in annotations}
