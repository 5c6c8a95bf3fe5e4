# ruff: noqa: E501 (a listing of test cases, one a line)
"""Cases of the matrix and the fuzz test that fail today: strict xfails, by cause.

Each entry names one test case and why it fails; the helper named first fixes it. The
marks are strict, so a case that starts to pass fails the suite until its entry is
removed here. To see the whole matrix as it is, empty both dicts (or run with
``--runxfail``).
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


# accounts: REQUIRE_STAFF_MFA guards only /admin/ and /django-admin/: staff without TOTP reach every other staff page (82 cases)
_add(
    KNOWN_BROKEN,
    "REQUIRE_STAFF_MFA guards only /admin/ and /django-admin/: staff without TOTP reach every other staff page, fixed by accounts",
    [
        ("events:detail", "rm_no_mfa", "GET"),
        ("events:detail", "rm_no_mfa", "POST"),
        ("events:ics", "rm_no_mfa", "GET"),
        ("events:ics", "rm_no_mfa", "POST"),
        ("mfa_deactivate_totp", "rm_no_mfa", "GET"),
        ("mfa_deactivate_totp", "rm_no_mfa", "POST"),
        ("wagtail_serve", "rm_no_mfa", "GET"),
        ("wagtail_serve", "rm_no_mfa", "POST"),
        ("wagtailadmin_javascript_catalog", "rm_no_mfa", "GET"),
        ("wagtailadmin_javascript_catalog", "rm_no_mfa", "POST"),
        ("wagtailadmin_sprite", "rm_no_mfa", "GET"),
        ("wagtailadmin_sprite", "rm_no_mfa", "POST"),
    ],
)

# input: an empty POST to a chooser form answers 500 (27 cases)
_add(
    KNOWN_BROKEN,
    "an empty POST to a chooser form answers 500, fixed by input",
    [
        ("wagtailsnippetchoosers_coaching_phasetemplate:create", "coordinator", "POST"),
        ("wagtailsnippetchoosers_coaching_plantemplate:create", "coordinator", "POST"),
    ],
)


# SQLite only: an overflowing id (99999999999999999999) reaches the database (OverflowError) (2 cases)
_add(
    KNOWN_BROKEN_FUZZ_BY_VENDOR["sqlite"],
    "an overflowing id (99999999999999999999) reaches the database and answers 500 on SQLite, fixed by input",
    [],
)
