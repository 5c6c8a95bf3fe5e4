"""The demo (``seed_demo``), seeded once per test run and restored for each test that needs it.

``seed_demo`` takes about two seconds. The ``demo_snapshot`` fixture (``tests/conftest.py``,
session scope, so once per pytest-xdist worker) runs it once inside a transaction, as a real run
would commit it (``on_commit`` callbacks run), serializes the database as Django's
``serialized_rollback`` does, and rolls back: no other test ever sees the demo. The ``demo``
fixture writes the snapshot into the test's database in a fraction of that time.

Why not seed in ``django_db_setup``: every test would then see the demo's participations and
people, and the figures, maps and lists the other suites compute by hand would change. Why a
snapshot per test rather than data left in place: a transactional test (``live_server``,
``transaction=True``) ends with a flush that empties every table (and post_migrate then makes
content types, permissions and role groups anew, under new primary keys); the restore replaces
whatever is there by the snapshot, so it works after a flush as before one.
"""

from __future__ import annotations

import contextlib
import io
import json

from django.apps import apps
from django.contrib.contenttypes.models import ContentType
from django.core.cache import cache
from django.core.management import call_command
from django.core.management.color import no_style
from django.db import connection, transaction
from django.db.models import signals
from django.test import TestCase

from accounts.models import User

# Saving the snapshot's rows must not set off the app's receivers: the rows are already complete
# (a receiver on a region's managers would create its editors' group a second time).
_MODEL_SIGNALS = (
    signals.pre_save,
    signals.post_save,
    signals.m2m_changed,
    signals.pre_delete,
    signals.post_delete,
)


def seed_snapshot() -> tuple[str, str]:
    """Seed the demo, return the database (content types, the rest), roll everything back."""
    with transaction.atomic():
        with TestCase.captureOnCommitCallbacks(execute=True):
            call_command("seed_demo", stdout=io.StringIO())
        rows = json.loads(connection.creation.serialize_db_to_string())
        transaction.set_rollback(True)
    cache.clear()  # nothing cached about rows that are gone now
    # Content types go in first: building some instances (Wagtail's pages) looks them up, and
    # a lookup that found none would make one under another primary key.
    first = [row for row in rows if row["model"] == "contenttypes.contenttype"]
    rest = [row for row in rows if row["model"] != "contenttypes.contenttype"]
    return json.dumps(first), json.dumps(rest)


@contextlib.contextmanager
def _model_signals_muted():
    saved = {signal: signal.receivers for signal in _MODEL_SIGNALS}
    try:
        for signal in _MODEL_SIGNALS:
            signal.receivers = []
            signal.sender_receivers_cache.clear()
        yield
    finally:
        for signal, receivers in saved.items():
            signal.receivers = receivers
            signal.sender_receivers_cache.clear()


def restore(snapshot: tuple[str, str]) -> None:
    """Make the test's database the snapshot: as migrated or flushed, as long as nothing else."""
    if User.objects.exists():
        raise RuntimeError(
            "The demo is restored with its own primary keys: request `demo` before any fixture "
            "that creates rows."
        )
    # The snapshot is the whole database. What is there now goes first: after a transactional
    # test's flush, post_migrate has made the content types, permissions and role groups again,
    # under other primary keys than the snapshot's (inside a test's transaction, undone with it).
    # One transaction (a transactional test runs in autocommit): the foreign keys are checked
    # once the snapshot is complete.
    tables = connection.introspection.django_table_names(only_existing=True, include_views=False)
    with transaction.atomic(), _model_signals_muted():
        with connection.cursor() as cursor:
            for statement in connection.ops.sql_flush(no_style(), tables, allow_cascade=True):
                cursor.execute(statement)
        ContentType.objects.clear_cache()
        for part in snapshot:
            connection.creation.deserialize_db_from_string(part)
    # The rows came with their primary keys; PostgreSQL's sequences must move past them.
    statements = connection.ops.sequence_reset_sql(no_style(), apps.get_models())
    if statements:
        with connection.cursor() as cursor:
            for statement in statements:
                cursor.execute(statement)
