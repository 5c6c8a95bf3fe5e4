"""Cases of the matrix that fail today, as strict xfails, grouped by cause (see the report)."""

KNOWN_BROKEN: dict[tuple[str, str, str], str] = {}
