"""Shared fixtures: users per role, the two-region world, the demo, Chromium, CI strictness."""

import os
import shutil

import pytest

from accounts.roles import Role
from tests import demo as demo_data
from tests.accounts.factories import PASSWORD, UserFactory
from tests.world import build_world

IN_CI = os.environ.get("CI", "").lower() in {"1", "true", "yes"}
CHROMIUM = os.environ.get("CHROMIUM_PATH") or shutil.which("chromium") or "/usr/bin/chromium"

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


@pytest.fixture
def password():
    return PASSWORD


@pytest.fixture
def user_factory(db):
    return UserFactory


@pytest.fixture
def coordinator(db):
    return UserFactory(email="koordination@test.example", roles=[Role.COORDINATOR])


@pytest.fixture
def regional_manager(db):
    return UserFactory(email="rm@test.example", roles=[Role.REGIONAL_MANAGER])


@pytest.fixture
def volunteer(db):
    return UserFactory(email="pate@test.example", roles=[Role.VOLUNTEER])


@pytest.fixture
def municipal_contact(db):
    return UserFactory(email="kommune@test.example", roles=[Role.MUNICIPAL_CONTACT])


@pytest.fixture
def world(regional_manager, volunteer, municipal_contact):
    """The two-region world of ``tests/world.py`` around the role fixtures."""
    return build_world(
        regional_manager=regional_manager, volunteer=volunteer, municipal_contact=municipal_contact
    )


@pytest.fixture(scope="session")
def demo_snapshot(django_db_setup, django_db_blocker):
    """``seed_demo`` once per run (per xdist worker), kept as a snapshot (``tests/demo.py``)."""
    with django_db_blocker.unblock():
        return demo_data.seed_snapshot()


@pytest.fixture
def demo(db, demo_snapshot):
    """The demo in this test's database, transactional or not; request it before other data."""
    demo_data.restore(demo_snapshot)


@pytest.fixture(autouse=True)
def _clear_cache():
    """Rate-limit counters and cached fragments must not leak between tests."""
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


@pytest.fixture(autouse=True)
def _outbox_sends_inline(request, settings):
    """Queued mail is delivered at once: the suite's transactions never commit (core/mail.py).

    The services and fault tests leave it off: a real worker sends there.
    """
    if request.node.get_closest_marker("services") is None:
        settings.OUTBOX_SEND_INLINE = True


@pytest.fixture(scope="session")
def browser():
    """Debian's Chromium through Playwright; skipped loudly without it, a failure in CI."""
    if not os.path.exists(CHROMIUM):
        message = f"Chromium not found at {CHROMIUM}: browser journeys cannot run."
        if IN_CI:
            pytest.fail(message)
        print(f"\n\n*** SKIPPING BROWSER TESTS: {message} ***\n")
        pytest.skip(message)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM,
            headless=True,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-background-networking",
                "--disable-dev-shm-usage",
                "--disable-component-update",
                "--no-first-run",
            ],
        )
        yield browser
        browser.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(locale="de-DE")
    page = context.new_page()
    page.set_default_timeout(15_000)
    yield page
    context.close()


def login_in_browser(page, live_server, email, password):
    page.goto(f"{live_server.url}/accounts/login/")
    page.fill("input[name=login]", email)
    page.fill("input[name=password]", password)
    page.click("form.form button[type=submit]")
    page.wait_for_load_state("networkidle")


@pytest.fixture
def site_root(db):
    """The home page at the site root, recreated if a transactional test emptied the tables."""
    from home.setup import ensure_site_root

    return ensure_site_root()


def pytest_sessionstart(session):
    """Under CI=true the real services are required: no silent fallback to SQLite or eager."""
    if not IN_CI:
        return
    from django.conf import settings

    missing = []
    if settings.DATABASES["default"]["ENGINE"] != "django.db.backends.postgresql":
        missing.append("PostgreSQL (DATABASE_URL)")
    if not settings.CELERY_BROKER_URL or not settings.REDIS_URL:
        missing.append("Redis (REDIS_URL, CELERY_BROKER_URL)")
    if not os.path.exists(CHROMIUM):
        missing.append(f"Chromium ({CHROMIUM})")
    if missing:
        pytest.exit(f"CI=true but these services are missing: {', '.join(missing)}", returncode=3)
