"""The 16 federal states: AGS prefix, the usual two-letter abbreviation and the name."""

FEDERAL_STATES = [
    ("01", "SH", "Schleswig-Holstein"),
    ("02", "HH", "Hamburg"),
    ("03", "NI", "Niedersachsen"),
    ("04", "HB", "Bremen"),
    ("05", "NW", "Nordrhein-Westfalen"),
    ("06", "HE", "Hessen"),
    ("07", "RP", "Rheinland-Pfalz"),
    ("08", "BW", "Baden-Württemberg"),
    ("09", "BY", "Bayern"),
    ("10", "SL", "Saarland"),
    ("11", "BE", "Berlin"),
    ("12", "BB", "Brandenburg"),
    ("13", "MV", "Mecklenburg-Vorpommern"),
    ("14", "SN", "Sachsen"),
    ("15", "ST", "Sachsen-Anhalt"),
    ("16", "TH", "Thüringen"),
]
SHORT_BY_CODE = {code: short for code, short, _name in FEDERAL_STATES}
