"""Demo programme: regions for Rheinland-Pfalz and Nordrhein-Westfalen, real municipalities
(true AGS, population and coordinates from the Destatis directory, shipped as a small extract in
``fixtures/demo_directory.csv``) in every pipeline stage, members, stakeholders and initiatives.

Idempotent: everything is looked up by its natural key before it is created.
"""

from datetime import date, timedelta
from pathlib import Path

from django.utils.text import slugify

from accounts.demo import demo_user
from accounts.roles import Role, grant_role
from municipalities.importer import DirectoryImport, parse, read_rows
from municipalities.models import (
    FederalState,
    Initiative,
    Membership,
    MembershipRole,
    Municipality,
    Participation,
    Region,
    Stakeholder,
)

FIXTURE = Path(__file__).parent / "fixtures" / "demo_directory.csv"
S = Participation.Status
PIPELINE = [S.IDENTIFIED, S.CONTACTED, S.COUNCIL_RESOLUTION, S.ACTIVE, S.CONTINUING]

REGIONS = [
    (
        "rheinland-pfalz",
        "Rheinland-Pfalz",
        "Klimabündnis Rheinland-Pfalz e. V. (Demo)",
        "RP",
        "rm-rlp@example.org",
    ),
    (
        "nordrhein-westfalen",
        "Nordrhein-Westfalen",
        "Klimanetz NRW gGmbH (Demo)",
        "NW",
        "rm-nrw@example.org",
    ),
]

# (AGS, Stadtteil, final status, public e-mail)
PARTICIPATIONS = [
    ("07339042", "", S.ACTIVE, "klimaschutz@nieder-olm.example"),
    ("07339030", "", S.CONTINUING, "klima@ingelheim.example"),
    ("07339005", "", S.ACTIVE, ""),
    ("07331003", "", S.COUNCIL_RESOLUTION, ""),
    ("07140501", "", S.ACTIVE, "umwelt@boppard.example"),
    ("07135020", "", S.CONTACTED, ""),
    ("07231134", "", S.ACTIVE, ""),
    ("07231502", "", S.CONTINUING, ""),
    ("07231008", "", S.IDENTIFIED, ""),
    ("07232018", "", S.COUNCIL_RESOLUTION, ""),
    ("07233501", "", S.WITHDRAWN, ""),
    ("07143048", "", S.ACTIVE, ""),
    ("07141075", "", S.CONTACTED, ""),
    ("07332025", "", S.ACTIVE, ""),
    ("07337501", "", S.IDENTIFIED, ""),
    ("07315000", "Mainz-Gonsenheim", S.ACTIVE, "klima-gonsenheim@mainz.example"),
    ("05315000", "Köln-Ehrenfeld", S.ACTIVE, "klima-ehrenfeld@koeln.example"),
    ("05315000", "Köln-Nippes", S.CONTACTED, ""),
    ("05966024", "", S.ACTIVE, "klimaschutz@olpe.example"),
    ("05966004", "", S.COUNCIL_RESOLUTION, ""),
    ("05966020", "", S.CONTINUING, ""),
    ("05970004", "", S.ACTIVE, ""),
    ("05958012", "", S.IDENTIFIED, ""),
    ("05958032", "", S.CONTACTED, ""),
    ("05762020", "", S.ACTIVE, ""),
    ("05762036", "", S.WITHDRAWN, ""),
    ("05766044", "", S.ACTIVE, "klima@lemgo.example"),
    ("05558012", "", S.COUNCIL_RESOLUTION, ""),
    ("05558016", "", S.ACTIVE, ""),
    ("05554004", "", S.IDENTIFIED, ""),
    ("05366004", "", S.CONTINUING, ""),
    ("05334020", "", S.ACTIVE, ""),
]
MEMBER_AGS = "07339042"  # Nieder-Olm: the demo volunteer and municipal contact belong here

# (region slug, AGS or None, kind, name, organisation, position)
STAKEHOLDERS = [
    (
        "rheinland-pfalz",
        "07339042",
        "mayor",
        "Petra Beispiel",
        "Stadt Nieder-Olm",
        "Bürgermeisterin",
    ),
    (
        "rheinland-pfalz",
        "07339042",
        "climate_manager",
        "Jonas Muster",
        "VG Nieder-Olm",
        "Klimaschutzmanager",
    ),
    (
        "rheinland-pfalz",
        "07140501",
        "association",
        "Naturfreunde Boppard",
        "Naturfreunde Boppard e. V.",
        "",
    ),
    (
        "rheinland-pfalz",
        None,
        "district_administrator",
        "Dr. Anna Landrat",
        "Kreisverwaltung Mainz-Bingen",
        "Landrätin",
    ),
    (
        "rheinland-pfalz",
        None,
        "press",
        "Redaktion Rheinhessen",
        "Allgemeine Zeitung (Demo)",
        "Lokalredaktion",
    ),
    ("nordrhein-westfalen", "05966024", "mayor", "Markus Vorbild", "Stadt Olpe", "Bürgermeister"),
    (
        "nordrhein-westfalen",
        "05315000",
        "initiative",
        "Ehrenfeld klimaneutral",
        "Bürgerinitiative",
        "",
    ),
    (
        "nordrhein-westfalen",
        None,
        "district_administrator",
        "Sabine Kreis",
        "Kreis Olpe",
        "Landrätin",
    ),
]

# (name, category, AGS, street, offset north, offset east, website)
INITIATIVES = [
    ("Foodsharing Nieder-Olm", "food", "07339042", "Pariser Straße 5", 0.004, 0.002, ""),
    ("Gemeinschaftsgarten Ingelheim", "food", "07339030", "Binger Straße 20", -0.003, 0.004, ""),
    (
        "Solawi Olper Land",
        "food",
        "05966024",
        "Hofweg 3",
        0.005,
        -0.004,
        "https://solawi-olpe.example",
    ),
    (
        "Bücherschrank und Tauschbörse Bingen",
        "sharing",
        "07339005",
        "Speisemarkt 1",
        0.002,
        0.001,
        "",
    ),
    (
        "Leihladen Ehrenfeld",
        "sharing",
        "05315000",
        "Venloer Straße 400",
        0.012,
        -0.045,
        "https://leihladen-ehrenfeld.example",
    ),
    ("Lastenrad Boppard", "mobility", "07140501", "Marktplatz 1", 0.001, 0.003, ""),
    ("Mitfahrbank Wittlich", "mobility", "07231134", "Burgstraße 2", -0.002, 0.002, ""),
    ("Bürgerbus Lemgo", "mobility", "05766044", "Mittelstraße 10", 0.002, -0.002, ""),
    (
        "Repair-Café Alzey",
        "repair",
        "07331003",
        "Schloßgasse 8",
        0.001,
        -0.003,
        "https://repaircafe-alzey.example",
    ),
    ("Repair-Café Attendorn", "repair", "05966004", "Kölner Straße 12", -0.002, 0.001, ""),
    ("Zero Waste Montabaur", "waste", "07143048", "Kirchstraße 5", 0.002, 0.002, ""),
    ("Unverpackt-Laden Höxter", "waste", "05762020", "Marktstraße 4", -0.001, 0.002, ""),
    (
        "Bürgerenergie Hunsrück-Mosel",
        "energy",
        "07231502",
        "Bahnhofstraße 1",
        0.004,
        0.004,
        "https://buergerenergie.example",
    ),
    ("Energiegenossenschaft Sauerland", "energy", "05970004", "Poststraße 7", -0.003, -0.002, ""),
    ("Klimastammtisch Haßloch", "other", "07332025", "Rathausplatz 1", 0.001, 0.001, ""),
    ("Klimawerkstatt Dülmen", "other", "05558016", "Marktstraße 1", 0.002, -0.001, ""),
]
PENDING_SUGGESTION = ("Tauschring Kusel (Vorschlag)", "sharing", "07336055")


def seed(stdout) -> None:
    directory = parse(read_rows(FIXTURE))
    DirectoryImport(directory).run()
    stdout.write(f"  directory: {len(directory.municipalities)} real municipalities (RP, NW)")

    regions = {}
    for slug, name, partner, state_short, manager_email in REGIONS:
        region, _created = Region.objects.update_or_create(
            slug=slug, defaults={"name": name, "partner_organisation": partner}
        )
        region.states.add(FederalState.objects.get(short=state_short))
        manager = demo_user(manager_email)
        region.managers.add(manager)
        grant_role(manager, Role.REGIONAL_MANAGER)
        regions[state_short] = region

    municipalities = {m.ags: m for m in Municipality.objects.filter(ags__startswith="0")}
    participations = {}
    today = date.today()
    for index, (ags, district_name, status, public_email) in enumerate(PARTICIPATIONS):
        municipality = municipalities[ags]
        region = regions["RP" if ags.startswith("07") else "NW"]
        participation = Participation.objects.filter(
            municipality=municipality, district_name=district_name
        ).first()
        if participation is None:
            participation = _create_with_history(
                municipality, district_name, region, status, public_email, today, index
            )
        participations[(ags, district_name)] = participation
    stdout.write(f"  participations: {len(participations)}")

    member_participation = participations[(MEMBER_AGS, "")]
    for email, role in (
        ("pate@example.org", MembershipRole.VOLUNTEER),
        ("kommune@example.org", MembershipRole.MUNICIPAL_CONTACT),
    ):
        Membership.objects.get_or_create(
            user=demo_user(email), participation=member_participation, defaults={"role": role}
        )

    for slug, ags, kind, name, organisation, position in STAKEHOLDERS:
        region = Region.objects.get(slug=slug)
        Stakeholder.objects.update_or_create(
            region=region,
            name=name,
            defaults={
                "participation": participations[(ags, "")]
                if ags and (ags, "") in participations
                else None,
                "kind": kind,
                "organisation": organisation,
                "position": position,
                "last_contact": today - timedelta(days=14),
            },
        )

    for name, category, ags, street, north, east, website in INITIATIVES:
        municipality = municipalities[ags]
        Initiative.objects.update_or_create(
            name=name,
            defaults={
                "category": category,
                "municipality": municipality,
                "region": regions["RP" if ags.startswith("07") else "NW"],
                "street": street,
                "postal_code": municipality.postal_code,
                "city": municipality.name.split(",")[0],
                "latitude": round(municipality.latitude + north, 6),
                "longitude": round(municipality.longitude + east, 6),
                "website": website,
                "contact_email": f"kontakt@{_slug(name)}.example",
                "description": "Eine Demo-Initiative: Wir treffen uns jeden ersten "
                "Samstag im Monat. Alle sind willkommen.",
                "approved": True,
            },
        )
    name, category, ags = PENDING_SUGGESTION
    municipality = municipalities[ags]
    Initiative.objects.update_or_create(
        name=name,
        defaults={
            "category": category,
            "municipality": municipality,
            "city": municipality.name.split(",")[0],
            "postal_code": municipality.postal_code,
            "description": "Ein Vorschlag aus der Öffentlichkeit, noch nicht geprüft.",
            "approved": False,
            "suggested_publicly": True,
        },
    )
    stdout.write(f"  initiatives: {len(INITIATIVES)} approved, 1 waiting for approval")


def _create_with_history(municipality, district_name, region, status, public_email, today, index):
    steps = PIPELINE[: PIPELINE.index(status) + 1] if status in PIPELINE else PIPELINE[:2]
    start = today - timedelta(days=60 * len(steps) + 7 * index)
    participation = Participation.objects.create(
        municipality=municipality,
        district_name=district_name,
        region=region,
        status=steps[0],
        status_changed=start,
        public_email=public_email,
        contact_name="Verwaltung (Demo)",
    )
    for number, step in enumerate(steps[1:], start=1):
        participation.set_status(step, date=start + timedelta(days=60 * number))
    if status not in PIPELINE:
        participation.set_status(status, date=today - timedelta(days=10), note="Demo")
    return participation


def _slug(name: str) -> str:
    return slugify(name)
