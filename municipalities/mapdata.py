"""What the public map shows: active participations and approved initiatives, as GeoJSON.

The map page, its list view, the embed and the GeoJSON feeds all read through these two
functions, so they always show the same data for the same filters. Only public fields leave
the platform here (no internal contacts or notes).
"""

from django.utils.text import Truncator

from municipalities.models import Initiative, Participation

DESCRIPTION_LENGTH = 300


def _point(longitude, latitude):
    return {"type": "Point", "coordinates": [round(longitude, 6), round(latitude, 6)]}


def participations(filters: dict):
    queryset = Participation.objects.public().filter(
        municipality__latitude__isnull=False, municipality__longitude__isnull=False
    )
    if not filters["show_municipalities"]:
        return queryset.none()
    if filters["state"]:
        queryset = queryset.filter(municipality__state__short=filters["state"])
    if filters["region"]:
        queryset = queryset.filter(region_id=filters["region"])
    return queryset.select_related("municipality__state", "region").order_by(
        "municipality__name", "district_name"
    )


def initiatives(filters: dict):
    queryset = Initiative.objects.public().filter(latitude__isnull=False, longitude__isnull=False)
    if filters["categories"]:
        queryset = queryset.filter(category__in=filters["initiative_categories"])
    if filters["state"]:
        queryset = queryset.filter(municipality__state__short=filters["state"])
    if filters["region"]:
        queryset = queryset.filter(region_id=filters["region"])
    return queryset.select_related("municipality__state").order_by("name")


def participation_feature(participation) -> dict:
    municipality = participation.municipality
    return {
        "type": "Feature",
        "id": f"participation-{participation.pk}",
        "geometry": _point(municipality.longitude, municipality.latitude),
        "properties": {
            "kind": "municipality",
            "category": "municipalities",
            "name": str(participation),
            "status": participation.status,
            "status_label": str(participation.get_status_display()),
            "state": municipality.state.short,
            "state_name": municipality.state.name,
            "region": participation.region_id,
            "partner": participation.region.partner_organisation,
            "population": municipality.population,
            "email": participation.public_email,
            "website": participation.website,
        },
    }


def initiative_feature(initiative) -> dict:
    state = initiative.municipality.state if initiative.municipality_id else None
    return {
        "type": "Feature",
        "id": f"initiative-{initiative.pk}",
        "geometry": _point(initiative.longitude, initiative.latitude),
        "properties": {
            "kind": "initiative",
            "category": initiative.category,
            "category_label": str(initiative.get_category_display()),
            "name": initiative.name,
            "description": Truncator(initiative.description).chars(DESCRIPTION_LENGTH),
            "address": initiative.address,
            "state": state.short if state else "",
            "state_name": state.name if state else "",
            "region": initiative.region_id,
            "contact": initiative.contact_name,
            "email": initiative.contact_email,
            "phone": initiative.contact_phone,
            "website": initiative.website,
        },
    }


def feature_collection(features) -> dict:
    return {"type": "FeatureCollection", "features": list(features)}
