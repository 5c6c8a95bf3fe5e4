"""Filters of the coaching admin listings; the region choices are the user's own regions."""

import django_filters
from django.utils.translation import gettext_lazy as _
from wagtail.admin.filters import WagtailFilterSet

from coaching.models import Event, Measure, Plan
from municipalities.models import Region


def _regions(request):
    return Region.objects.managed_by(request.user) if request else Region.objects.none()


class EventFilterSet(WagtailFilterSet):
    region = django_filters.ModelChoiceFilter(label=_("Region"), queryset=_regions)

    class Meta:
        model = Event
        fields = ["kind", "region", "is_public", "series"]


class PlanFilterSet(WagtailFilterSet):
    region = django_filters.ModelChoiceFilter(
        label=_("Region"), field_name="participation__region", queryset=_regions
    )

    class Meta:
        model = Plan
        fields = ["template", "region"]


class MeasureFilterSet(WagtailFilterSet):
    region = django_filters.ModelChoiceFilter(
        label=_("Region"), field_name="participation__region", queryset=_regions
    )

    class Meta:
        model = Measure
        fields = ["category", "status", "region"]
