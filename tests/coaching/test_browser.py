"""In Chromium: a climate patron registers for an event and marks a task done."""

from datetime import date, timedelta

import pytest
from axe_playwright_python.sync_playwright import Axe

from coaching import services
from coaching.models import Registration, Task
from tests.coaching.factories import EventFactory
from tests.conftest import login_in_browser


def serious_violations(page):
    results = Axe().run(page)
    return [
        (violation["id"], [node["target"] for node in violation["nodes"]])
        for violation in results.response["violations"]
        if violation["impact"] in {"serious", "critical"}
    ]


@pytest.mark.e2e
@pytest.mark.django_db(transaction=True)
def test_volunteer_registers_for_an_event_and_marks_a_task_done(
    page, live_server, site_root, world, template, volunteer, password
):
    event = EventFactory(region=world.own_region, title="Schulung Förderanträge", capacity=10)
    plan = services.apply_template(template, [world.own], date.today() - timedelta(days=3)).created[
        0
    ]
    task = plan.tasks.filter(owner=volunteer).order_by("due_date").first()
    console_errors = []
    page.on("console", lambda msg: msg.type == "error" and console_errors.append(msg.text))

    login_in_browser(page, live_server, volunteer.email, password)
    page.goto(f"{live_server.url}/events/")
    page.get_by_role("link", name="Schulung Förderanträge").click()
    assert page.locator("h1").inner_text() == "Schulung Förderanträge"
    assert serious_violations(page) == []
    page.get_by_role("button", name="Anmelden").click()
    page.get_by_text("Sie sind angemeldet.").first.wait_for()
    assert Registration.objects.get(event=event, user=volunteer).status == "registered"
    page.get_by_role("region", name="Anmeldung").get_by_role(
        "button", name="Anmeldung stornieren"
    ).wait_for()

    page.goto(f"{live_server.url}/plans/{plan.pk}/")
    assert page.locator("svg.timeline__svg").count() == 1
    assert serious_violations(page) == []
    page.get_by_label(f"Status von {task.title}").select_option("done")
    row = page.locator(f"#task-{task.pk}")
    row.get_by_role("button", name="Speichern").click()
    page.locator(f"#task-{task.pk}.task-row--done").wait_for()
    assert Task.objects.get(pk=task.pk).status == Task.Status.DONE
    # A task the patron does not own offers no status control.
    other = plan.tasks.exclude(owner=volunteer).first()
    assert page.locator(f"#status-{other.pk}").count() == 0
    assert console_errors == []
