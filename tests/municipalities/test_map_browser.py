"""A visitor opens the map, filters by category and reads a popup (Chromium via Playwright)."""

import pytest

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_map_filters_by_category_and_shows_a_popup(page, live_server, world):
    problems = []
    page.on("console", lambda message: message.type == "error" and problems.append(message.text))
    page.on("pageerror", lambda error: problems.append(str(error)))

    page.goto(f"{live_server.url}/map/")
    page.wait_for_selector("[data-map][data-map-ready=true]")
    assert page.locator(".leaflet-container").count() == 1
    repair_row = page.locator("tr", has_text="Repair-Café Nieder-Olm")
    energy_row = page.locator("tr", has_text="Energiegenossenschaft Olpe")
    assert energy_row.is_visible()

    page.get_by_label("Reparieren und upcyceln").check()
    assert energy_row.is_hidden()
    assert repair_row.is_visible()
    assert page.locator("tr", has_text="Olpe").filter(has_text="aktiv").is_hidden()
    count = page.locator("[data-map-count]").inner_text()
    assert "0 teilnehmende Kommunen, 1 Initiativen" in count

    repair_row.get_by_role("button", name="Auf der Karte zeigen").click()
    popup = page.locator(".leaflet-popup-content")
    popup.wait_for()
    text = popup.inner_text()
    assert "Repair-Café Nieder-Olm" in text
    assert "Reparieren und upcyceln" in text
    assert popup.get_by_role("link", name=world.own_initiative.contact_email).count() == 1
    assert problems == []


def test_embed_shows_markers_for_its_filter(page, live_server, world):
    page.goto(f"{live_server.url}/map/embed/?category=energy")
    page.wait_for_selector("[data-map][data-map-ready=true]")
    assert page.locator("tr", has_text="Energiegenossenschaft Olpe").is_visible()
    assert page.locator("tr", has_text="Repair-Café Nieder-Olm").count() == 0
