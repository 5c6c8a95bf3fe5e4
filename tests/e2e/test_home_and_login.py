"""In Chromium: the home page, the volunteer's login, and no serious accessibility violations."""

import pytest
from axe_playwright_python.sync_playwright import Axe

from accounts.demo import DEMO_PASSWORD
from tests.conftest import login_in_browser

SERIOUS = {"serious", "critical"}


def serious_violations(page):
    results = Axe().run(page)
    return [
        (violation["id"], violation["impact"], [node["target"] for node in violation["nodes"]])
        for violation in results.response["violations"]
        if violation["impact"] in SERIOUS
    ]


@pytest.mark.e2e
@pytest.mark.django_db(transaction=True)
def test_volunteer_logs_in_and_pages_are_accessible(demo, page, live_server):
    console_errors = []
    page.on("console", lambda msg: msg.type == "error" and console_errors.append(msg.text))

    page.goto(live_server.url + "/")
    assert page.locator("html").get_attribute("lang") == "de"
    assert page.locator("h1").first.inner_text() == "Klimapaten"
    assert serious_violations(page) == []

    # The skip link is the first thing the keyboard reaches and leads to the main content.
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.getAttribute('href')") == "#main"

    page.goto(live_server.url + "/accounts/login/")
    assert serious_violations(page) == []

    login_in_browser(page, live_server, "pate@example.org", DEMO_PASSWORD)
    assert page.url.endswith("/me/")
    assert "Paula" in page.locator("h1").inner_text()
    assert serious_violations(page) == []
    # Nothing the CSP blocked and no script errors along the way.
    assert console_errors == []
