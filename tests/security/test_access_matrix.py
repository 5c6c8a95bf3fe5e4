"""The access matrix: every URL of the URLconf × every role × GET and POST.

The URLs are discovered from the resolver (``discovery.py``), filled with objects of the own
region (``cases.py``) and requested as each role; the expected outcome comes from the one table
in ``expected.py``. Besides the outcome, every response is searched for names that are private
to a region the role does not belong to, and every refused POST must leave the database as it
was (row counts of every table, and the target object itself).
"""

from __future__ import annotations

import pytest
from django.db import connection

from tests.security.cases import all_cases, build_request, cases_by_key
from tests.security.expected import EXPECTED, LEAK_EXEMPT, expected_for
from tests.security.known_broken import KNOWN_BROKEN
from tests.security.outcomes import REFUSALS, body_text, describe, matches
from tests.security.world import ALL_ROLES, MAY_SEE, OTHER_MARKER, OWN_MARKER

METHODS = ("GET", "POST")
# Rows that may change on any request (signing in, sessions).
# Bookkeeping that a refused request may write: sessions, and the comment-notification
# subscription Wagtail's page editor creates for whoever opens it.
VOLATILE_TABLES = {"django_session", "wagtailcore_pagesubscription"}


def _params():
    for case in all_cases():
        if case.key not in EXPECTED:
            continue  # reported by test_every_url_has_a_row
        for role in ALL_ROLES:
            for method in METHODS:
                marks = []
                reason = KNOWN_BROKEN.get((case.key, role, method))
                if reason:
                    marks.append(pytest.mark.xfail(strict=True, reason=reason))
                test_id = f"{case.key}|{role}|{method}"
                yield pytest.param(case.key, role, method, marks=marks, id=test_id)


def test_every_url_has_a_row():
    """A URL without a row in expected.EXPECTED fails here, with the list of what is missing."""
    keys = set(cases_by_key())
    missing = sorted(keys - set(EXPECTED))
    stale = sorted(set(EXPECTED) - keys)
    assert not missing, (
        "URL patterns without a row in tests/security/expected.py (add one per URL, with the "
        "outcome for each role):\n  " + "\n  ".join(missing)
    )
    assert not stale, "Rows in tests/security/expected.py for URLs that no longer exist:\n  " + (
        "\n  ".join(stale)
    )


def test_known_broken_cases_exist():
    """Every entry of known_broken.KNOWN_BROKEN names a case of the matrix."""
    keys = set(cases_by_key())
    unknown = sorted(k for k in KNOWN_BROKEN if k[0] not in keys or k[1] not in ALL_ROLES)
    assert not unknown, f"known_broken.py names cases that do not exist: {unknown}"


def _snapshot(target):
    """Row counts of every table (in one query) and the target row's values."""
    tables = sorted(set(connection.introspection.table_names()) - VOLATILE_TABLES)
    quote = connection.ops.quote_name
    # Table names from the introspection, quoted: no outside input reaches this SQL.
    counts_sql = ", ".join(f"(SELECT COUNT(*) FROM {quote(t)})" for t in tables)  # noqa: S608
    sql = f"SELECT {counts_sql}"
    with connection.cursor() as cursor:
        cursor.execute(sql)
        counts = dict(zip(tables, cursor.fetchone(), strict=True))
    row = None
    if target is not None:
        row = list(type(target)._base_manager.filter(pk=target.pk).values())
    return counts, row


def _changes(before, after) -> list[str]:
    changes = [
        f"{table}: {before[0][table]} -> {after[0][table]} rows"
        for table in before[0]
        if before[0][table] != after[0][table]
    ]
    if before[1] != after[1]:
        changes.append(f"target changed: {before[1]} -> {after[1]}")
    return changes


def _leaked(role, key, body) -> list[str]:
    if key in LEAK_EXEMPT:
        return []
    text = body.lower()
    hidden = []
    if "own" not in MAY_SEE[role]:
        hidden.append(OWN_MARKER)
    if "other" not in MAY_SEE[role]:
        hidden.append(OTHER_MARKER)
    return [marker for marker in hidden if marker.lower() in text]


@pytest.mark.parametrize(("key", "role", "method"), list(_params()))
def test_access(key, role, method, client_for, security_world):
    case = cases_by_key()[key]
    request = build_request(case, security_world)
    url = f"{request.path}?{request.query}" if request.query else request.path
    expected = expected_for(key, role, method)
    client = client_for(role)
    check_changes = method == "POST" and expected in REFUSALS
    before = _snapshot(request.target) if check_changes else None

    response = getattr(client, method.lower())(url)

    assert response.status_code < 500, (
        f"{method} {url} as {role}: {response.status_code}; "
        f"{getattr(response, 'exc_info', None) and response.exc_info[1]!r}"
    )
    assert matches(response, expected), (
        f"{method} {url} as {role}: got {describe(response)}, expected {expected.name} "
        f"({expected.value})"
    )
    leaked = _leaked(role, key, body_text(response))
    assert not leaked, f"{method} {url} as {role} shows another region's data: {leaked}"
    if check_changes:
        changes = _changes(before, _snapshot(request.target))
        assert not changes, f"{method} {url} as {role} was refused but changed: {changes}"
