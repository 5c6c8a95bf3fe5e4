"""The XSS corpus, stored through every writable field, rendered in Chromium as the coordinator.

Three listeners prove that nothing runs: a dialog listener (``alert``/``confirm``/``prompt``),
a ``window.__xss`` hook installed before any page script, and a request listener for the
marker host. The browser context bypasses the Content Security Policy, so the markup itself
must be inert (CSP stays a second line of defence), and every rendered DOM, frames included, is
searched for a surviving event handler, script or URL attribute carrying a marker.
"""

import re
import time

import pytest
from django.conf import settings
from django.test import Client
from playwright.sync_api import Error as PlaywrightError

from tests.security.xss_vectors import MARKER_HOST, VECTORS
from tests.security.xss_world import build

pytestmark = [pytest.mark.e2e, pytest.mark.slow]

INIT_SCRIPT = """
window.__xssHits = [];
window.__xss = function () { window.__xssHits.push(String(location)); };
"""

# Live markup that came from stored content: handlers, scripts, styles and URL attributes with
# one of the corpus's markers. Text, attribute values like ``title``/``value`` and JSON data
# are allowed to contain the markers: there they are inert.
SURVIVORS_JS = r"""
() => {
  const marker = /alert\(|confirm\(|prompt\(|__xss|xss\.marker|msgbox|expression\(/i;
  const urlAttributes = new Set(["href", "src", "action", "formaction", "xlink:href", "data",
    "srcdoc", "background", "poster", "codebase", "to", "values", "style", "srcset"]);
  const found = [];
  for (const element of document.querySelectorAll("*")) {
    const tag = element.tagName.toLowerCase();
    for (const attribute of element.attributes) {
      const name = attribute.name.toLowerCase();
      const dangerous = name.startsWith("on") || name.startsWith("hx-") ||
        urlAttributes.has(name) || (tag === "meta" && name === "content");
      if (dangerous && marker.test(attribute.value)) {
        found.push(`<${tag} ${name}="${attribute.value.slice(0, 80)}">`);
      }
    }
    const type = (element.getAttribute("type") || "").toLowerCase();
    if ((tag === "script" && !type.includes("json")) || tag === "style") {
      if (marker.test(element.textContent)) {
        found.push(`<${tag}>${element.textContent.slice(0, 80)}`);
      }
    }
    if (tag === "base" || (tag === "meta" && element.hasAttribute("http-equiv") &&
        element.closest("body"))) {
      found.push(`<${tag} ${element.outerHTML.slice(0, 80)}>`);
    }
  }
  return found;
}
"""


class Watch:
    """Everything that would show that a vector ran, collected over the whole journey."""

    def __init__(self, context):
        self.dialogs, self.requests, self.popups = [], [], []
        self.pages = 0
        self.where = ""
        context.add_init_script(INIT_SCRIPT)
        context.route(re.compile(rf"https?://{re.escape(MARKER_HOST)}/.*"), self._marker)
        context.on("request", self._request)
        context.on("page", self._page)

    def _marker(self, route):
        """Answer the marker host at once (it does not exist); the request event records it."""
        route.fulfill(status=204, body="")

    def _request(self, request):
        if MARKER_HOST in request.url:
            self.requests.append(f"{self.where}: {request.url}")

    def _page(self, page):
        """Every page of the context: the journey's own tab, and any window a vector opened."""
        page.on("dialog", self._dialog)
        self.pages += 1
        if self.pages > 1:
            self.popups.append(f"{self.where}: a new window")

    def _dialog(self, dialog):
        self.dialogs.append(f"{self.where}: {dialog.type} {dialog.message}")
        dialog.dismiss()


def admin_urls(world):
    """List, edit, inspect, history, usage and chooser of every snippet the manager writes."""
    from coaching.models import Event, EventSeries, Measure, Plan
    from municipalities.models import Initiative, Membership, Participation, Stakeholder

    first = {
        Participation: world.participations[0],
        Membership: world.participations[0].memberships.first(),
        Stakeholder: world.stakeholders[0],
        Initiative: world.initiatives[0],
        Event: world.events[0],
        EventSeries: world.series[0],
        Plan: world.plan,
        Measure: world.measures[0],
    }
    urls = []
    for model, obj in first.items():
        viewset = model.snippet_viewset
        urls.append(viewset.get_url_name("list"))
        for action in ("edit", "history", "usage", "delete"):
            urls.append((viewset.get_url_name(action), obj.pk))
        if viewset.inspect_view_enabled:
            urls.append((viewset.get_url_name("inspect"), obj.pk))
        urls.append(viewset.chooser_viewset.get_url_name("choose"))
    return urls


def paths(world):
    from django.urls import reverse

    def url(name, *args):
        return reverse(name, args=args)

    module = world.modules[0]
    participation = world.participations[0]
    volunteer = world.volunteers[0]
    public = [
        "/",
        world.standard_page.url,
        "/map/",
        "/map/embed/",
        "/events/",
        "/events/embed/",
        world.events[0].get_absolute_url(),
        world.events[-1].get_absolute_url(),
        f"/certificates/verify/{world.certificate.code}/",
    ]
    signed_in = [
        "/me/",
        "/courses/",
        world.section.url,
        world.course.url,
        module.url,
        world.modules[-1].url,
        "/participations/",
        url("municipalities:participation", participation.pk),
        url("municipalities:participation", world.participations[-1].pk),
        url("events:attendance", world.events[0].pk),
        "/plans/",
        "/plans/overview/",
        world.plan.get_absolute_url(),
        url("plans:task_edit", world.tasks[0].pk),
        "/measures/",
        f"/measures/?participation={participation.pk}",
        url("measures:edit", world.measures[0].pk),
        "/dashboard/",
        url("dashboard:participation", participation.pk),
        url("dashboard:person", participation.pk, volunteer.pk),
        url("dashboard:person", participation.pk, world.volunteers[-1].pk),
        "/accounts/profile/",
        "/accounts/profile/data/",
    ]
    admin = [
        "/admin/",
        f"/admin/pages/{world.home.pk}/",
        f"/admin/pages/{world.course.pk}/",
        f"/admin/pages/{module.pk}/edit/",
        f"/admin/pages/{module.pk}/history/",
        f"/admin/pages/{module.pk}/view_draft/",
        f"/admin/pages/{world.home.pk}/edit/",
        f"/admin/pages/{world.standard_page.pk}/edit/",
        f"/admin/pages/{world.course.pk}/edit/",
        f"/admin/pages/{world.section.pk}/edit/",
        "/admin/pages/search/?q=script",
        "/admin/choose-page/",
        f"/admin/choose-page/{world.course.pk}/",
        "/admin/users/",
        f"/admin/users/edit/{volunteer.pk}/",
        "/admin/reports/site-history/",
        "/admin/reports/locked/",
    ]
    for entry in admin_urls(world):
        admin.append(url(*entry) if isinstance(entry, tuple) else url(entry))
    return public + signed_in + admin


def open_map_popups(page):
    """Open every marker's popup (built by static/municipalities/map.js from the GeoJSON).

    Each click builds that feature's popup; the last one stays open for the DOM check.
    """
    page.wait_for_selector(".map-canvas--ready", state="attached")
    count = page.evaluate(
        """async () => {
            const buttons = [...document.querySelectorAll("[data-show-feature]")];
            for (const button of buttons) {
                button.click();
                await new Promise((resolve) => setTimeout(resolve, 20));
            }
            return buttons.length;
        }"""
    )
    page.wait_for_timeout(500)
    page.locator("[data-show-feature]").last.evaluate("button => button.click()")
    page.wait_for_selector(".map-popup", state="attached")
    return count


def survivors(page):
    found = []
    for frame in page.frames:
        try:
            found += [f"{frame.url}: {item}" for item in frame.evaluate(SURVIVORS_JS)]
        except Exception as error:  # a frame that navigated away meanwhile
            if "detached" not in str(error) and "destroyed" not in str(error):
                raise
    return found


@pytest.mark.django_db(transaction=True)
def test_no_stored_vector_runs_anywhere(browser, live_server, site_root, coordinator):
    assert len(VECTORS) >= 150
    world = build(coordinator)

    # Feeds other sites consume: never HTML.
    client = Client()
    client.force_login(coordinator)
    for path, kind in (
        ("/events/feed.ics", "text/calendar"),
        ("/api/map/initiatives.geojson", "json"),
        ("/api/map/municipalities.geojson", "json"),
    ):
        response = client.get(path)
        assert response.status_code == 200, path
        assert kind in response["Content-Type"], (path, response["Content-Type"])
        assert response.headers.get("X-Content-Type-Options") == "nosniff", path

    context = browser.new_context(locale="de-DE", bypass_csp=True)
    watch = Watch(context)
    session = client.cookies[settings.SESSION_COOKIE_NAME].value
    host = live_server.url.split("//", 1)[1].split(":")[0]
    context.add_cookies(
        [{"name": settings.SESSION_COOKIE_NAME, "value": session, "domain": host, "path": "/"}]
    )
    page = context.new_page()
    page.set_default_timeout(20_000)

    rendered, failures, left = [], {}, []
    try:
        for path in paths(world):
            watch.where = path
            started = time.monotonic()
            try:
                response = page.goto(live_server.url + path, wait_until="load")
            except PlaywrightError as error:
                failures[path] = str(error).splitlines()[0]
                continue
            print(f"{time.monotonic() - started:5.1f}s {path}", flush=True)
            status = response.status if response else 0
            if status >= 400:
                failures[path] = status
                continue
            if path.startswith("/map/"):
                assert open_map_popups(page) >= len(world.initiatives), path
                page.wait_for_selector(".map-popup", state="attached")
            page.wait_for_timeout(150)  # let onload/onerror/autofocus handlers fire
            found = survivors(page)
            if found:
                left += [f"{path}: {item}" for item in found]
            if page.evaluate("window.__xssHits ? window.__xssHits.length : 0"):
                watch.dialogs.append(f"{path}: __xss() ran")
            rendered.append(path)
    finally:
        context.close()

    print(f"\nrendered {len(rendered)} pages with {len(VECTORS)} vectors")
    problems = {
        "ran (dialog or __xss)": watch.dialogs,
        "marker requests": watch.requests,
        "new windows": watch.popups,
        "live markup left in the DOM": left,
        "pages that did not render": failures,
    }
    assert {name: found for name, found in problems.items() if found} == {}


def test_the_listeners_catch_a_vector_that_runs(browser):
    """The proof above is only worth something if the same listeners fire on live markup."""
    context = browser.new_context(bypass_csp=True)
    watch = Watch(context)
    page = context.new_page()
    try:
        watch.where = "control"
        page.set_content(
            '<img src=x onerror="alert(1)"><img src=y onerror="__xss()">'
            f'<img src="http://{MARKER_HOST}/control.png"><a href="javascript:alert(2)">x</a>'
        )
        page.wait_for_timeout(300)
        hits = page.evaluate("window.__xssHits.length")
        found = survivors(page)
    finally:
        context.close()
    assert watch.dialogs == ["control: alert 1"]
    assert hits == 1
    assert watch.requests == [f"control: http://{MARKER_HOST}/control.png"]
    assert len(found) == 4  # two handlers, the marker image and the javascript: link
