"""Filters of the programme's admin listings; region and participation choices are the
user's own."""

import django_filters
from django.utils.translation import gettext_lazy as _
from wagtail.admin.filters import WagtailFilterSet

from municipalities.models import (
    FederalState,
    Initiative,
    Membership,
    Municipality,
    Participation,
    Region,
    Stakeholder,
)


def _regions(request):
    return Region.objects.managed_by(request.user) if request else Region.objects.none()


def _participations(request):
    if request is None:
        return Participation.objects.none()
    return Participation.objects.managed_by(request.user).select_related("municipality")


class ParticipationFilterSet(WagtailFilterSet):
    region = django_filters.ModelChoiceFilter(label=_("Region"), queryset=_regions)
    state = django_filters.ModelChoiceFilter(
        label=_("Federal state"),
        field_name="municipality__state",
        queryset=FederalState.objects.all(),
    )

    class Meta:
        model = Participation
        fields = ["status", "region", "state"]


class MembershipFilterSet(WagtailFilterSet):
    participation = django_filters.ModelChoiceFilter(
        label=_("Participation"), queryset=_participations
    )
    region = django_filters.ModelChoiceFilter(
        label=_("Region"), field_name="participation__region", queryset=_regions
    )

    class Meta:
        model = Membership
        fields = ["role", "participation", "region"]


class StakeholderFilterSet(WagtailFilterSet):
    region = django_filters.ModelChoiceFilter(label=_("Region"), queryset=_regions)
    participation = django_filters.ModelChoiceFilter(
        label=_("Participation"), queryset=_participations
    )

    class Meta:
        model = Stakeholder
        fields = ["kind", "region", "participation"]


class InitiativeFilterSet(WagtailFilterSet):
    region = django_filters.ModelChoiceFilter(label=_("Region"), queryset=_regions)
    state = django_filters.ModelChoiceFilter(
        label=_("Federal state"),
        field_name="municipality__state",
        queryset=FederalState.objects.all(),
    )

    class Meta:
        model = Initiative
        fields = ["approved", "category", "region", "state", "suggested_publicly"]


class MunicipalityFilterSet(WagtailFilterSet):
    state = django_filters.ModelChoiceFilter(
        label=_("Federal state"), queryset=FederalState.objects.all()
    )

    class Meta:
        model = Municipality
        fields = ["state", "kind"]
