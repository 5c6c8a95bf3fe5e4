"""The public map: GeoJSON feeds and their filters, list view, embedding, suggestions."""

import json

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from municipalities.models import Initiative, Participation
from tests.municipalities.factories import InitiativeFactory, ParticipationFactory

pytestmark = pytest.mark.django_db

MUNICIPALITIES = reverse("map:municipalities_geojson")
INITIATIVES = reverse("map:initiatives_geojson")


def features(client, url, **params):
    response = client.get(url, params)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/geo+json"
    data = json.loads(response.content)
    assert_valid_geojson(data)
    return data["features"]


def assert_valid_geojson(data):
    assert data["type"] == "FeatureCollection"
    assert isinstance(data["features"], list)
    for feature in data["features"]:
        assert feature["type"] == "Feature"
        assert isinstance(feature["properties"], dict)
        geometry = feature["geometry"]
        assert geometry["type"] == "Point"
        longitude, latitude = geometry["coordinates"]  # GeoJSON order: longitude first
        assert -180 <= longitude <= 180
        assert -90 <= latitude <= 90


def names(features):
    return sorted(feature["properties"]["name"] for feature in features)


def test_municipalities_feed_shows_active_and_continuing_participations(client, world):
    ParticipationFactory(
        municipality=world.own.municipality,
        district_name="Stadtteil Nord",
        region=world.own_region,
        status=Participation.Status.CONTACTED,
    )
    world.other.set_status(Participation.Status.CONTINUING)
    found = features(client, MUNICIPALITIES)
    assert names(found) == ["Nieder-Olm", "Olpe"]
    nieder_olm = next(f for f in found if f["properties"]["name"] == "Nieder-Olm")
    assert nieder_olm["geometry"]["coordinates"] == [8.203097, 49.909864]
    assert nieder_olm["properties"]["state"] == "RP"
    assert nieder_olm["properties"]["status_label"] == "aktiv"


def test_feeds_leave_internal_data_out(client, world):
    world.own.contact_email = "intern@example.org"
    world.own.notes = "Geheime Notiz"
    world.own.save()
    world.own_initiative.submitter_email = "vorschlag@example.org"
    world.own_initiative.save()
    text = client.get(MUNICIPALITIES).content.decode() + client.get(INITIATIVES).content.decode()
    for secret in ("intern@example.org", "Geheime Notiz", "vorschlag@example.org"):
        assert secret not in text


def test_initiatives_feed_shows_approved_only(client, world):
    InitiativeFactory(name="Noch nicht geprüft", approved=False)
    assert names(features(client, INITIATIVES)) == [
        "Energiegenossenschaft Olpe",
        "Repair-Café Nieder-Olm",
    ]


def test_filter_by_state(client, world):
    assert names(features(client, MUNICIPALITIES, state="RP")) == ["Nieder-Olm"]
    assert names(features(client, INITIATIVES, state="NW")) == ["Energiegenossenschaft Olpe"]


def test_filter_by_region(client, world):
    region = world.other_region.pk
    assert names(features(client, MUNICIPALITIES, region=region)) == ["Olpe"]
    assert names(features(client, INITIATIVES, region=region)) == ["Energiegenossenschaft Olpe"]


def test_filter_by_category(client, world):
    assert names(features(client, INITIATIVES, category="repair")) == ["Repair-Café Nieder-Olm"]
    # A category of initiatives hides the municipalities layer; "municipalities" selects it.
    assert features(client, MUNICIPALITIES, category="repair") == []
    assert len(features(client, MUNICIPALITIES, category="municipalities,repair")) == 2
    assert names(features(client, INITIATIVES, category="municipalities")) == []
    both = features(client, INITIATIVES, category="repair,energy")
    assert len(both) == 2


@pytest.mark.parametrize("query", [{"state": "XX"}, {"category": "bogus"}, {"region": "abc"}])
def test_unknown_filter_values_are_rejected(client, world, query):
    response = client.get(INITIATIVES, query)
    assert response.status_code == 400


def test_feed_query_count_does_not_grow_with_markers(client, world):
    def count():
        with CaptureQueriesContext(connection) as queries:
            client.get(MUNICIPALITIES)
            client.get(INITIATIVES)
        return len(queries)

    before = count()
    for number in range(5):
        ParticipationFactory(region=world.own_region, municipality__name=f"Ort {number}")
        InitiativeFactory(region=world.own_region)
    assert count() == before


def test_map_page_lists_the_same_data_accessibly(client, world):
    response = client.get(reverse("map:index"))
    content = response.content.decode()
    assert response.status_code == 200
    assert "<caption>Teilnehmende Kommunen</caption>" in content
    assert '<th scope="row">Nieder-Olm <button' in content
    assert "Repair-Café Nieder-Olm" in content
    assert "Reparieren und upcyceln" in content  # category as text, not only as colour
    assert 'id="map-config"' in content
    assert "vendor/leaflet/leaflet.js" in content
    assert "<script>" not in content  # no inline scripts under the CSP


def test_map_page_filters_without_javascript(client, world):
    content = client.get(reverse("map:index"), {"category": "energy"}).content.decode()
    assert "Energiegenossenschaft Olpe" in content
    assert "Repair-Café Nieder-Olm" not in content


def test_tile_url_is_a_setting(client, world, settings):
    settings.MAP_TILE_URL = "https://tiles.example.org/{z}/{x}/{y}.png"
    content = client.get(reverse("map:index")).content.decode()
    assert "https://tiles.example.org/{z}/{x}/{y}.png" in content
    settings.MAP_TILE_URL = ""
    content = client.get(reverse("map:index")).content.decode()
    assert "tiles.example.org" not in content


def test_leaflet_is_served_by_the_platform():
    from django.contrib.staticfiles import finders

    assert finders.find("vendor/leaflet/leaflet.js")
    assert finders.find("vendor/leaflet/leaflet.css")
    assert finders.find("municipalities/map.js")


def test_embed_may_be_framed_by_other_sites(client, world):
    response = client.get(reverse("map:embed"), {"state": "RP"})
    assert response.status_code == 200
    assert "X-Frame-Options" not in response
    policy = response["Content-Security-Policy"]
    assert "frame-ancestors *" in policy
    assert "script-src 'self'" in policy
    content = response.content.decode()
    assert reverse("map:municipalities_geojson") + "?state=RP" in content
    assert "Olpe" not in content  # the state filter applies to the list too


@pytest.mark.parametrize(
    "url",
    [
        reverse("map:index"),
        reverse("map:suggest"),
        reverse("map:municipalities_geojson"),
        reverse("map:initiatives_geojson"),
        "/",
        reverse("account_login"),
    ],
)
def test_no_other_view_may_be_framed(client, world, url):
    response = client.get(url)
    assert response["X-Frame-Options"] == "SAMEORIGIN"
    assert "frame-ancestors 'self'" in response["Content-Security-Policy"]


def suggestion(**overrides):
    data = {
        "name": "Repair-Café Cochem",
        "category": "repair",
        "description": '<p>Wir reparieren.</p><script>alert("x")</script>',
        "street": "Markt 1",
        "postal_code": "55268",
        "city": "Nieder-Olm",
        "website": "https://repair.example.org",
        "contact_email": "repair@example.org",
        "homepage": "",
    }
    data.update(overrides)
    return data


def test_public_suggestion_waits_for_approval(client, world):
    response = client.post(reverse("map:suggest"), suggestion())
    assert response.status_code == 302
    initiative = Initiative.objects.get(name="Repair-Café Cochem")
    assert not initiative.approved
    assert initiative.suggested_publicly
    # Plain text: stored as typed; the map writes it with textContent, the GeoJSON as JSON.
    assert initiative.description == suggestion()["description"]
    # Placed at its municipality (found by postal code), hence in that region.
    assert initiative.municipality == world.own.municipality
    assert initiative.region == world.own_region
    assert initiative.latitude == pytest.approx(49.909864)
    assert "Repair-Café Cochem" not in client.get(INITIATIVES).content.decode()


def test_honeypot_silently_drops_bots(client, world):
    response = client.post(reverse("map:suggest"), suggestion(homepage="https://spam.example"))
    assert response.status_code == 302
    assert not Initiative.objects.filter(name="Repair-Café Cochem").exists()


def test_suggestions_are_rate_limited(client, world):
    for number in range(5):
        response = client.post(reverse("map:suggest"), suggestion(name=f"Initiative {number}x"))
        assert response.status_code == 302
    response = client.post(reverse("map:suggest"), suggestion(name="Eine zu viel"))
    assert response.status_code == 429
    assert not Initiative.objects.filter(name="Eine zu viel").exists()


def test_invalid_suggestion_shows_errors(client, world):
    response = client.post(reverse("map:suggest"), suggestion(name="", postal_code="12"))
    assert response.status_code == 400
    assert "Eine Postleitzahl hat fünf Ziffern." in response.content.decode()
    assert not Initiative.objects.filter(suggested_publicly=True).exists()


def test_map_in_english(client, world):
    client.cookies["klimapaten_language"] = "en"
    content = client.get(reverse("map:index"), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Repair and upcycle" in content
    assert "Participating municipalities" in content


def test_feeds_are_compressed_and_cacheable(client, world):
    response = client.get(MUNICIPALITIES, HTTP_ACCEPT_ENCODING="gzip")
    assert response["Content-Encoding"] == "gzip"
    assert "max-age=300" in response["Cache-Control"]
