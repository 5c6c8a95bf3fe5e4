"""Cases of the matrix and the fuzz test that fail today: strict xfails, by cause.

Each entry names one test case and why it fails; the helper named first fixes it. The
marks are strict, so a case that starts to pass fails the suite until its entry is
removed here. To see the whole matrix as it is, empty both dicts (or run with
``--runxfail``). Empty today: every case of the matrix and the fuzz test passes. A case that
cannot be fixed at once goes here with its reason (one ``_add`` per cause), never into
``expected.py``.
"""

KNOWN_BROKEN: dict[tuple[str, str, str], str] = {}
KNOWN_BROKEN_FUZZ: dict[tuple[str, str], str] = {}
# Fuzz cases that fail on one database only (the suite runs on SQLite locally, PostgreSQL in CI).
KNOWN_BROKEN_FUZZ_BY_VENDOR: dict[str, dict[tuple[str, str], str]] = {
    "sqlite": {},
    "postgresql": {},
}


def _add(table, reason, cases):
    for case in cases:
        table[case] = f"issue 9: {reason}"
