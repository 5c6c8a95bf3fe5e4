"""In Chromium: a coordinator drills down from the programme to a person and downloads XLSX."""

import openpyxl
import pytest
from axe_playwright_python.sync_playwright import Axe

from tests.conftest import login_in_browser
from tests.dashboard.conftest import build_dashboard_world

SERIOUS = {"serious", "critical"}


def serious_violations(page):
    results = Axe().run(page)
    return [
        (violation["id"], [node["target"] for node in violation["nodes"]][:3])
        for violation in results.response["violations"]
        if violation["impact"] in SERIOUS
    ]


@pytest.mark.e2e
@pytest.mark.django_db(transaction=True)
def test_coordinator_drills_down_and_downloads_xlsx(
    page,
    live_server,
    site_root,
    coordinator,
    regional_manager,
    volunteer,
    municipal_contact,
    password,
    tmp_path,
):
    world = build_dashboard_world(regional_manager, volunteer, municipal_contact)
    errors = []
    page.on("console", lambda message: message.type == "error" and errors.append(message.text))
    login_in_browser(page, live_server, coordinator.email, password)

    page.goto(f"{live_server.url}/dashboard/")
    assert page.locator("h1").inner_text().strip() == "Das ganze Programm"
    assert serious_violations(page) == []

    # programme → state → region → participation → person, always through the tables
    page.click("#table-children >> text=Rheinland-Pfalz")
    assert page.locator("h1").inner_text().strip() == "Rheinland-Pfalz"
    page.click("#table-children >> text=Rheinhessen")
    assert page.locator("h1").inner_text().strip() == "Region Rheinhessen"
    page.click("#table-children >> text=Nieder-Olm")
    assert page.locator("h1").inner_text().strip() == "Nieder-Olm"
    page.click("#table-children >> text=Anna Albrecht")
    assert page.locator("h1").inner_text().strip() == "Anna Albrecht"
    crumbs = page.locator("nav.breadcrumbs a").all_inner_texts()
    assert crumbs == ["Programm", "Rheinland-Pfalz", "Rheinhessen", "Nieder-Olm", "Anna Albrecht"]
    assert serious_violations(page) == []

    with page.expect_download() as info:
        page.click('a[data-export="children-xlsx"]')
    download = info.value
    assert download.suggested_filename.endswith(".xlsx")
    target = tmp_path / download.suggested_filename
    download.save_as(target)
    sheet = openpyxl.load_workbook(target).active
    rows = [list(row) for row in sheet.iter_rows(values_only=True)]
    assert rows[0] == ["Kurs", "Modul", "Begonnen am", "Abgeschlossen am"]
    assert [row[1] for row in rows[1:]] == ["Modul 1", "Modul 2", "Modul 3"]
    assert rows[3][3] is None  # Modul 3 is started, not completed
    assert rows[1][3] is not None
    assert world.anna.full_name == "Anna Albrecht"
    assert errors == []
