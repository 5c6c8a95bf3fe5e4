"""Fixtures of the fault tests: collected static files for production settings, the test
database's URL for subprocesses, and a learner with a one-module course."""

import tempfile

import pytest
from django.db import connection

from tests.celery_worker import test_database_url
from tests.faults import harness


@pytest.fixture(scope="session")
def production_static():
    """Collected static files (production's manifest storage needs them), once per session."""
    root = tempfile.mkdtemp(prefix="klimapaten-faults-static-")
    env = harness.production_env(
        database_url="postgresql://postgres@127.0.0.1:9/unused",
        redis_url="redis://127.0.0.1:9/0",
        broker_url="redis://127.0.0.1:9/1",
        email_url="smtp://127.0.0.1:9",
        static_root=root,
    )
    harness.collectstatic(env)
    return root


@pytest.fixture
def live_database_url(transactional_db):
    """The pytest-django test database, which gunicorn and the worker must share."""
    harness.require(
        connection.vendor == "postgresql",
        "the fault tests need PostgreSQL (DATABASE_URL=postgresql://…): production settings "
        "refuse SQLite",
    )
    return test_database_url()


@pytest.fixture
def learner_course(live_database_url, site_root):
    """A volunteer whose password production's hasher can check, and a course of one module
    that a click on "mark as done" completes."""
    from django.contrib.auth.hashers import PBKDF2PasswordHasher

    from accounts.roles import Role
    from tests.accounts.factories import PASSWORD, UserFactory
    from tests.courses import factories

    learner = UserFactory(email="pate-fault@test.example", roles=[Role.VOLUNTEER])
    hasher = PBKDF2PasswordHasher()
    learner.password = hasher.encode(PASSWORD, hasher.salt())
    learner.save(update_fields=["password"])
    course = factories.course()
    module = factories.module(course)
    return learner, PASSWORD, course, module


DEMO_EMAIL = "pate@example.org"


@pytest.fixture(scope="session")
def seeded_cluster(production_static):
    """A private PostgreSQL cluster with the migrated, seeded demo database ``klimapaten``,
    for the restart and restore tests (so restarting it disturbs nothing else)."""
    with harness.postgres_cluster() as cluster:
        cluster.run(
            cluster.tool("createdb"),
            "-h",
            harness.HOST,
            "-p",
            str(cluster.port),
            "-U",
            "postgres",
            "klimapaten",
        )
        env = harness.production_env(
            database_url=cluster.url("klimapaten"),
            redis_url="redis://127.0.0.1:9/0",
            broker_url="redis://127.0.0.1:9/1",
            email_url="smtp://127.0.0.1:9",
            static_root=production_static,
            DJANGO_SETTINGS_MODULE="config.settings.dev",  # seed_demo is refused in production
            REDIS_URL="",
            CELERY_BROKER_URL="",
            CELERY_RESULT_BACKEND="",
            EMAIL_URL="locmem://",
        )
        harness.manage(env, "migrate", "--noinput")
        harness.manage(env, "seed_demo")
        yield cluster
