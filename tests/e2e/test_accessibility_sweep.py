"""axe-core over the main screens of every role: no serious or critical violations anywhere."""

import pytest

from accounts.demo import DEMO_PASSWORD
from tests.conftest import login_in_browser
from tests.e2e.test_home_and_login import serious_violations


def demo_paths():
    from coaching.models import Event, Plan
    from courses.models import Certificate, ModulePage
    from municipalities.models import Participation

    module = ModulePage.objects.live().filter(slug="verbuendete-gewinnen").first()
    certificate = Certificate.objects.filter(user__email="pate@example.org").first()
    event = Event.objects.filter(is_public=True).order_by("start").last()
    plan = Plan.objects.filter(participation__memberships__user__email="pate@example.org").first()
    participation = Participation.objects.filter(memberships__isnull=False).first()
    return {
        None: [
            "/",
            "/map/",
            "/map/suggest/",
            "/events/",
            event.get_absolute_url(),
            f"/certificates/verify/{certificate.code}/",
            "/accounts/login/",
            "/accounts/password/reset/",
        ],
        "pate@example.org": [
            "/me/",
            "/courses/",
            module.url,
            "/plans/",
            plan.get_absolute_url(),
            "/measures/",
            "/dashboard/",
            "/accounts/profile/",
            "/accounts/profile/data/",
        ],
        "koordination@example.org": [
            "/dashboard/",
            "/plans/overview/",
            "/participations/",
            f"/participations/{participation.pk}/",
        ],
    }


@pytest.mark.e2e
@pytest.mark.django_db(transaction=True)
def test_main_screens_have_no_serious_accessibility_violations(demo, page, live_server):
    found = {}
    for email, paths in demo_paths().items():
        page.context.clear_cookies()
        if email:
            login_in_browser(page, live_server, email, DEMO_PASSWORD)
        for path in paths:
            response = page.goto(live_server.url + path)
            assert response.status < 400, f"{email or 'anonymous'} {path}: {response.status}"
            violations = serious_violations(page)
            if violations:
                found[f"{email or 'anonymous'} {path}"] = violations
    assert found == {}
