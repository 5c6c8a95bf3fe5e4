"""Hostile input over every discovered URL: malformed ids and query values never give a 500.

For each URL of the matrix (``cases.py``), one role that can reach it (per the table in
``expected.py``) requests it with each URL parameter replaced in turn by an overflowing,
negative, zero, non-numeric, NUL or very long value, and with query strings full of bad
values (non-numeric pages and ids, markup, dates outside 1900–2200). Every answer must be
below 500; a 4xx with a message is what the issue asks for. The test client does not raise
the view's exception (``raise_request_exception=False``), so a 500 is reported as a response
together with the exception, and the next value is still tried.
"""

from __future__ import annotations

from urllib.parse import quote

import pytest

from tests.security.cases import all_cases, build_request, cases_by_key
from tests.security.expected import EXPECTED, expected_for
from tests.security.known_broken import KNOWN_BROKEN_FUZZ, KNOWN_BROKEN_FUZZ_BY_VENDOR
from tests.security.outcomes import HIDDEN, IGNORED, OK

BAD_IDS = ("99999999999999999999", "-1", "0", "abc", "%00", "x" * 3000)
BAD_QUERIES = (
    # Paging and ids that are not numbers, or overflow.
    "page=abc&p=-1&id=abc&pk=99999999999999999999&child_of=abc&parent=abc&order=%00",
    # Scope and filter values of the dashboard, the exports and the lists.
    "person=abc&participation=abc&region=%3Cscript%3E&state=%3Cscript%3E&course=abc"
    "&kind=%3Cscript%3E&status=abc&role=abc&category=abc&template=abc&series=abc",
    # Dates and months outside 1900–2200, and nonsense.
    "from=0001-01-01&to=99999-01-01&month=0001-01&date=99999-01-01&start_date=0001-01-01"
    "&end_date=abc&period=abc",
    # Search terms: very long, NUL, markup.
    "q=" + "x" * 3000 + "&search=%00&query=%3Cscript%3Ealert(1)%3C/script%3E",
)
# Roles tried in this order: the first one that reaches the URL requests it.
ROLE_ORDER = ("rm_own", "coordinator", "volunteer", "contact", "anon")


def _role_for(key: str) -> str:
    for role in ROLE_ORDER:
        if expected_for(key, role, "GET") in (OK, HIDDEN, IGNORED):
            return role
    return "coordinator"


def _vendor() -> str:
    from django.conf import settings

    engine = settings.DATABASES["default"]["ENGINE"]
    return "postgresql" if engine.endswith("postgresql") else "sqlite"


def _params():
    by_vendor = KNOWN_BROKEN_FUZZ_BY_VENDOR.get(_vendor(), {})
    for case in all_cases():
        if case.key not in EXPECTED:
            continue
        kinds = ["query"]
        if case.pattern.params and not case.variant:
            kinds.insert(0, "ids")
        for kind in kinds:
            reason = KNOWN_BROKEN_FUZZ.get((case.key, kind)) or by_vendor.get((case.key, kind))
            marks = [pytest.mark.xfail(strict=True, reason=reason)] if reason else []
            yield pytest.param(case.key, kind, marks=marks, id=f"{case.key}|{kind}")


def _bad_paths(case, world):
    """The case's path with one parameter at a time replaced by each bad value."""
    good = build_request(case, world)
    for param in case.pattern.params:
        for bad in BAD_IDS:
            path = case.pattern.build({**good.values, param: quote(bad, safe="%")})
            yield path, good.query


@pytest.mark.parametrize(("key", "kind"), list(_params()))
def test_no_500(key, kind, client_for, security_world):
    case = cases_by_key()[key]
    role = _role_for(key)
    client = client_for(role)
    if kind == "ids":
        requests = [("GET", path, query) for path, query in _bad_paths(case, security_world)]
        # An overflowing id in a form post as well.
        requests += [("POST", path, query) for _get, path, query in requests[:1]]
    else:
        path = build_request(case, security_world).path
        requests = [("GET", path, query) for query in BAD_QUERIES]
    errors = []
    for method, path, query in requests:
        url = f"{path}?{query}" if query else path
        response = getattr(client, method.lower())(url)
        if response.status_code >= 500:
            exc = getattr(response, "exc_info", None)
            errors.append(
                f"{method} {url[:200]} as {role}: {response.status_code} {exc and exc[1]!r}"
            )
    assert not errors, "\n".join(errors)
