"""seed_demo builds the demo programme, twice without duplicates, never in production.

The ``demo`` fixture holds the demo as the first run left it (seeded once per test run).
"""

import pytest
from django.apps import apps
from django.core.management import CommandError, call_command

from accounts.demo import DEMO_ACCOUNTS, DEMO_PASSWORD
from accounts.models import User
from accounts.roles import Role


def row_counts():
    return {
        model._meta.label: model.objects.count()
        for model in apps.get_models()
        if not model._meta.label.startswith(("sessions.", "admin.", "django_tasks"))
        and model._meta.label not in {"wagtailcore.ModelLogEntry", "wagtailcore.PageLogEntry"}
    }


@pytest.mark.django_db
def test_seed_twice_gives_the_same_counts(demo, capsys):
    first = row_counts()
    call_command("seed_demo")  # the second run
    out = capsys.readouterr().out
    for email, *_ in DEMO_ACCOUNTS:
        assert email in out  # prints the logins
    assert row_counts() == first


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("email", "role"),
    [
        ("koordination@example.org", Role.COORDINATOR),
        ("rm-rlp@example.org", Role.REGIONAL_MANAGER),
        ("rm-nrw@example.org", Role.REGIONAL_MANAGER),
        ("pate@example.org", Role.VOLUNTEER),
        ("kommune@example.org", Role.MUNICIPAL_CONTACT),
    ],
)
def test_demo_logins_work(demo, client, email, role):
    user = User.objects.get(email=email)
    assert role in user.roles
    response = client.post("/accounts/login/", {"login": email, "password": DEMO_PASSWORD})
    assert response.status_code == 302
    assert response["Location"] == "/me/"


@pytest.mark.django_db
def test_demo_sets_legal_pages_in_footer(demo, client):
    html = client.get("/").content.decode()
    assert 'href="/impressum/"' in html
    assert 'href="/datenschutz/"' in html


@pytest.mark.django_db
def test_refused_under_production_settings(settings):
    settings.DEMO_DATA_ALLOWED = False
    with pytest.raises(CommandError):
        call_command("seed_demo")
    assert not User.objects.filter(email="pate@example.org").exists()
