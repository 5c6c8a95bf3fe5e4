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


# admin-scope: another region's object is reachable in the Wagtail admin (history, usage, choosers, copy, bulk actions, workflow views) instead of a 404 (49 cases)
_add(
    KNOWN_BROKEN,
    "another region's object is reachable in the Wagtail admin (history, usage, choosers, copy, bulk actions, workflow views) instead of a 404, fixed by admin-scope",
    [
        ("wagtailadmin_pages:confirm_workflow_cancellation", "rm_other", "GET"),
        ("wagtailadmin_pages:confirm_workflow_cancellation", "rm_other", "POST"),
        ("wagtailadmin_pages:move_confirm", "rm_other", "GET"),
    ],
)

# admin-scope: the Wagtail admin shows another region's names (reports, history, usage, choosers, bulk actions, page chooser/search, form fields) (57 cases)
_add(
    KNOWN_BROKEN,
    "the Wagtail admin shows another region's names (reports, history, usage, choosers, bulk actions, page chooser/search, form fields), fixed by admin-scope",
    [
        ("wagtail_bulk_action[wagtailcore.page.delete]", "rm_other", "GET"),
        ("wagtail_bulk_action[wagtailcore.page.move]", "rm_other", "GET"),
        ("wagtail_bulk_action[wagtailcore.page.move]", "rm_other", "POST"),
        ("wagtail_bulk_action[wagtailcore.page.publish]", "rm_other", "GET"),
        ("wagtail_bulk_action[wagtailcore.page.unpublish]", "rm_other", "GET"),
        ("wagtailadmin_reports:page_types_usage", "rm_other", "GET"),
        ("wagtailadmin_reports:page_types_usage", "rm_own", "GET"),
        ("wagtailadmin_reports:page_types_usage_results", "rm_other", "GET"),
        ("wagtailadmin_reports:page_types_usage_results", "rm_own", "GET"),
    ],
)

# input: an empty POST to a chooser form answers 500 (27 cases)
_add(
    KNOWN_BROKEN,
    "an empty POST to a chooser form answers 500, fixed by input",
    [
        ("wagtailadmin_choose_page_external_link", "coordinator", "POST"),
        ("wagtailadmin_choose_page_external_link", "rm_other", "POST"),
        ("wagtailadmin_choose_page_external_link", "rm_own", "POST"),
    ],
)


# a revision id that does not exist (0) on the page revert view answers 500, fixed by input (1 cases)
_add(
    KNOWN_BROKEN_FUZZ,
    "a revision id that does not exist (0) on the page revert view answers 500, fixed by input",
    [
        ("wagtailadmin_pages:revisions_revert", "ids"),
    ],
)

# SQLite only: an overflowing id (99999999999999999999) reaches the database (OverflowError) (2 cases)
_add(
    KNOWN_BROKEN_FUZZ_BY_VENDOR["sqlite"],
    "an overflowing id (99999999999999999999) reaches the database and answers 500 on SQLite, fixed by input",
    [],
)
