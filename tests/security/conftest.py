"""The world of the security tests, built once per module inside a transaction.

Building the two regions takes a few seconds; the matrix makes thousands of requests. So the
world is made once per module, inside an outer transaction that is rolled back when the module
ends, and every test runs in a savepoint of its own (pytest-django's ``db``), so a POST that
changes or deletes something is undone before the next test. The sessions of the roles are
made once as well; each test's client only gets the role's session cookie.
"""

from __future__ import annotations

from http.cookies import SimpleCookie

import pytest
from django.conf import settings
from django.db import transaction
from django.test import Client

from tests.security.world import ALL_ROLES, build_world, remove_files


def _session_cookie(user) -> SimpleCookie:
    from django.utils import timezone

    client = Client()
    client.force_login(user)
    # Staff with a second factor signed in with it (as allauth records an MFA login).
    from allauth.mfa.models import Authenticator

    if Authenticator.objects.filter(user=user).exists():
        session = client.session
        now = timezone.now().timestamp()
        session["account_authentication_methods"] = [
            {"method": "password", "at": now, "email": user.email},
            {
                "method": "mfa",
                "at": now,
                "type": "totp",
                "id": Authenticator.objects.filter(user=user).first().pk,
            },
        ]
        session.save()
    return SimpleCookie(
        {settings.SESSION_COOKIE_NAME: client.cookies[settings.SESSION_COOKIE_NAME].value}
    )


@pytest.fixture(scope="module")
def security_world(django_db_setup, django_db_blocker):
    """The world and a session cookie per role; rolled back at the end of the module."""
    with django_db_blocker.unblock():
        atomic = transaction.atomic()
        atomic.__enter__()
        world = None
        try:
            world = build_world()
            world.cookies = {role: _session_cookie(user) for role, user in world.users.items()}
            yield world
        finally:
            transaction.set_rollback(True)
            atomic.__exit__(None, None, None)
            if world is not None:
                remove_files(world)


@pytest.fixture
def client_for(security_world, db, settings):
    """``client_for(role)``: a test client signed in as the role, answering 500s as responses."""
    settings.REQUIRE_STAFF_MFA = True  # as in production

    def make(role: str) -> Client:
        assert role in ALL_ROLES, role
        client = Client(raise_request_exception=False)
        if role != "anon":
            client.cookies = SimpleCookie(security_world.cookies[role])
        return client

    return make
