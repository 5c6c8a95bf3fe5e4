"""Browser journey: the demo volunteer works through a module of the demo curriculum."""

import pytest

from accounts.demo import DEMO_PASSWORD
from tests.conftest import login_in_browser

MODULE_PATH = "/kurse/klimaschutzpatin-werden/massnahmen-finden-und-priorisieren/"


def progress_value(page):
    return page.locator("#module-progress progress").first.get_attribute("value")


@pytest.mark.e2e
@pytest.mark.django_db(transaction=True)
def test_volunteer_fails_then_passes_quiz_ticks_checklist_and_completes_module(
    demo, page, live_server
):
    login_in_browser(page, live_server, "pate@example.org", DEMO_PASSWORD)

    page.goto(f"{live_server.url}/me/")
    assert page.get_by_text("Dort weitermachen, wo Sie aufgehört haben").is_visible()

    page.goto(f"{live_server.url}{MODULE_PATH}")
    assert page.locator("h1").inner_text() == "Maßnahmen finden und priorisieren"
    assert progress_value(page) == "0"
    page.evaluate("window.__noReload = true")

    quiz = page.locator("section.activity--quiz")
    quiz.get_by_label("Ein eigenes Windkraftwerk der Gemeinde").check()
    quiz.get_by_label("Was die Nachbargemeinde nicht hat").check()
    quiz.get_by_role("button", name="Antworten abschicken").click()
    quiz = page.locator("section.activity--quiz")
    quiz.get_by_text("zum Bestehen brauchen Sie 100 %").wait_for()
    assert quiz.get_by_text("Wichtig, aber für den Einstieg meist zu groß.").is_visible()
    assert progress_value(page) == "0"

    quiz.get_by_label("Die LED-Umrüstung der Straßenbeleuchtung").check()
    quiz.get_by_label("CO₂-Wirkung").check()
    quiz.get_by_label("Kosten und Förderung").check()
    quiz.get_by_role("button", name="Antworten erneut abschicken").click()
    page.locator("section.activity--quiz").get_by_text("Mit 100 % bestanden").wait_for()
    assert progress_value(page) == "33"

    checklist = page.locator("section.activity--checklist")
    for label in (
        "Ideen aus Verwaltung, Rat und Bürgerschaft gesammelt",
        "Jede Idee nach Wirkung, Kosten und Aufwand bewertet",
        "Drei Maßnahmen für das erste Jahr ausgewählt",
    ):
        checklist.get_by_label(label).check()
    checklist.get_by_role("button", name="Checkliste speichern").click()
    page.locator("section.activity--checklist").get_by_text(
        "Alle Punkte abgehakt."
    ).first.wait_for()
    assert progress_value(page) == "67"

    reflection = page.locator("section.activity--reflection")
    reflection.get_by_label("Ihre Antwort").fill(
        "LED-Straßenbeleuchtung, Energiecheck im Gemeindehaus und PV auf dem Kindergarten: "
        "sichtbar, wirksam und gut gefördert."
    )
    reflection.get_by_role("button", name="Reflexion speichern").click()
    page.locator('[data-module-complete="true"]').wait_for()
    assert progress_value(page) == "100"
    assert "Modul abgeschlossen" in page.locator("#module-progress").inner_text()
    assert page.evaluate("window.__noReload === true")  # htmx: no page reload
    current = page.locator(".module-list__item", has=page.locator('a[aria-current="page"]'))
    assert "abgeschlossen" in current.inner_text()  # the outline was updated as well

    # After a reload the module is still complete and listed as such in the course outline.
    page.reload()
    assert progress_value(page) == "100"
    current = page.locator(".module-list__item", has=page.locator('a[aria-current="page"]'))
    assert "abgeschlossen" in current.inner_text()


@pytest.mark.e2e
@pytest.mark.django_db(transaction=True)
def test_course_pages_are_accessible_and_video_loads_on_click(demo, page, live_server):
    from axe_playwright_python.sync_playwright import Axe

    from courses.models import Certificate

    def serious_violations():
        results = Axe().run(page)
        return [
            (violation["id"], [node["target"] for node in violation["nodes"]])
            for violation in results.response["violations"]
            if violation["impact"] in {"serious", "critical"}
        ]

    csp_errors = []
    page.on(
        "console",
        lambda msg: "Content Security Policy" in msg.text and csp_errors.append(msg.text),
    )
    login_in_browser(page, live_server, "pate@example.org", DEMO_PASSWORD)
    for path in (
        "/courses/",
        "/kurse/klimaschutzpatin-werden/",
        MODULE_PATH,
        "/kurse/klimaschutzpatin-werden/verbuendete-gewinnen/",
        "/me/",
    ):
        page.goto(f"{live_server.url}{path}")
        assert serious_violations() == [], path

    page.goto(f"{live_server.url}/kurse/klimaschutzpatin-werden/wie-eine-kommune-entscheidet/")
    assert page.locator("iframe").count() == 0
    page.get_by_role("button", name="Video von YouTube laden").click()
    frame = page.locator("iframe.video__frame")
    frame.wait_for(state="attached")
    assert frame.get_attribute("src").startswith("https://www.youtube-nocookie.com/embed/")

    code = Certificate.objects.get(user__email="pate@example.org").code
    page.goto(f"{live_server.url}/certificates/verify/{code}/")
    assert "Dieses Zertifikat ist gültig." in page.content()
    assert serious_violations() == []
    assert csp_errors == []
