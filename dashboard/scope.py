"""Who may see which level of the progress review: (user, requested level) → a ``Scope``.

Views and exports both resolve the request through ``resolve_scope``; nothing else in the
dashboard decides what a user may see. Region-owned rows are always reached through the
scoping managers of the other apps (``visible_to`` / ``managed_by``), and this module only
narrows their result to the requested state, region or participation.

Levels: coordinators start at the programme, regional managers at their region (or an
overview of their regions), volunteers and municipal contacts at their own participation,
which they see aggregated only (no list of people, no one else's activity). Nobody sees quiz
answers or reflections here.
"""

from dataclasses import dataclass, field
from enum import StrEnum

from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.http import Http404
from django.utils.functional import cached_property

from accounts.roles import Role, is_signed_in
from municipalities.models import FederalState, Membership, Participation, Region


class Level(StrEnum):
    PROGRAMME = "programme"
    STATE = "state"
    REGION = "region"
    PARTICIPATION = "participation"
    PERSON = "person"


def is_staff(user) -> bool:
    return user.has_role(Role.COORDINATOR, Role.REGIONAL_MANAGER)


def may_use_dashboard(user) -> bool:
    return is_signed_in(user) and bool(user.roles)


@dataclass
class Scope:
    user: object
    level: Level
    state: object = None
    region: object = None
    participation: object = None
    person: object = None
    # The parameters that identify this scope in a URL (for links and exports).
    params: dict = field(default_factory=dict)

    @property
    def staff(self) -> bool:
        return is_staff(self.user)

    @property
    def coordinator(self) -> bool:
        return self.user.has_role(Role.COORDINATOR)

    @property
    def sees_people(self) -> bool:
        """Only staff who manage the participation see its people one by one."""
        if self.level == Level.PERSON:
            return True
        return self.staff

    @cached_property
    def managed_regions(self):
        return Region.objects.managed_by(self.user)

    def participations(self):
        """The participations this scope covers, through the municipalities scoping layer."""
        queryset = Participation.objects.visible_to(self.user)
        if self.level in (Level.PARTICIPATION, Level.PERSON):
            return queryset.filter(pk=self.participation.pk)
        if not self.staff:  # pragma: no cover - resolve_scope sends them to a participation
            return queryset.none()
        queryset = Participation.objects.managed_by(self.user)
        if self.state is not None:
            queryset = queryset.filter(municipality__state=self.state)
        if self.region is not None:
            queryset = queryset.filter(region=self.region)
        return queryset

    def aggregate_filter(self) -> Q:
        """Rows of the learning aggregates in this scope (programme, state, region levels)."""
        condition = Q(region__in=self.managed_regions.values("pk"))
        if self.state is not None:
            condition &= Q(state=self.state)
        if self.region is not None:
            condition &= Q(region=self.region)
        return condition

    def child_regions(self):
        return self.managed_regions

    def members(self):
        """Memberships of the scope's participation (participation and person levels)."""
        return Membership.objects.visible_to(self.user).filter(
            participation__in=self.participations().values("pk")
        )


def _state(code):
    try:
        return FederalState.objects.get(Q(short__iexact=code) | Q(code=code))
    except FederalState.DoesNotExist as error:
        raise Http404 from error


def resolve_scope(
    user, *, state=None, region=None, participation=None, person=None
) -> Scope | None:
    """The scope ``user`` asked for, or 404 (not in their scope) / 403 (no dashboard).

    Returns None when a staff member asked for the programme level but should start
    elsewhere; ``default_scope_url`` then says where.
    """
    if not may_use_dashboard(user):
        raise PermissionDenied
    if participation is not None:
        try:
            participation_obj = (
                Participation.objects.visible_to(user)
                .select_related("municipality__state", "region")
                .get(pk=participation)
            )
        except (Participation.DoesNotExist, ValueError, TypeError) as error:
            raise Http404 from error
        params = {"participation": participation_obj.pk}
        if person is None:
            return Scope(
                user,
                Level.PARTICIPATION,
                state=participation_obj.municipality.state,
                region=participation_obj.region,
                participation=participation_obj,
                params=params,
            )
        membership = (
            participation_obj.memberships.filter(user_id=person).select_related("user").first()
        )
        own = str(person) == str(user.pk)
        managed = Participation.objects.managed_by(user).filter(pk=participation_obj.pk).exists()
        if membership is None or not (own or managed):
            raise Http404
        params["person"] = membership.user.pk
        return Scope(
            user,
            Level.PERSON,
            state=participation_obj.municipality.state,
            region=participation_obj.region,
            participation=participation_obj,
            person=membership.user,
            params=params,
        )

    if not is_staff(user):
        if state or region:
            raise Http404
        return None
    state_obj = _state(state) if state else None
    region_obj = None
    if region:
        region_obj = Region.objects.managed_by(user).filter(slug=region).first()
        if region_obj is None:
            raise Http404
    if region_obj is not None:
        params = {"region": region_obj.slug}
        if state_obj is not None:
            params["state"] = state_obj.short
        return Scope(user, Level.REGION, state=state_obj, region=region_obj, params=params)
    if state_obj is not None:
        return Scope(user, Level.STATE, state=state_obj, params={"state": state_obj.short})
    if not user.has_role(Role.COORDINATOR):
        regions = list(Region.objects.managed_by(user).values_list("slug", flat=True)[:2])
        if len(regions) == 1:
            return None  # a regional manager of one region starts at that region
    return Scope(user, Level.PROGRAMME, params={})


def default_start(user) -> dict:
    """Query parameters (or a participation) where ``user`` starts when none are given."""
    if is_staff(user):
        region = Region.objects.managed_by(user).values_list("slug", flat=True).first()
        return {"region": region} if region else {}
    ids = list(Participation.objects.visible_to(user).values_list("pk", flat=True)[:2])
    if len(ids) == 1:
        return {"participation": ids[0]}
    return {"participations": ids}
