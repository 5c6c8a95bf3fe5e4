"""Demo pages: imprint, privacy policy, an about page, and the programme settings."""

from wagtail.models import Site

from home.models import ProgrammeSettings, StandardPage
from home.setup import ensure_site_root

PAGES = [
    (
        "impressum",
        "Impressum",
        "Angaben gemäß § 5 DDG.",
        "<p>Koordinationsstelle Klimapaten (Demo)<br/>Musterstraße 1<br/>55116 Mainz</p>"
        "<p>E-Mail: kontakt@klimapaten.example</p>",
    ),
    (
        "datenschutz",
        "Datenschutzerklärung",
        "Wie wir mit Ihren Daten umgehen.",
        "<p>Diese Plattform lädt keine Inhalte von Dritten ohne Ihre Einwilligung. Videos werden "
        "erst nach einem Klick geladen, Kartenkacheln kommen von einem konfigurierten Server.</p>"
        "<p>Sie können Ihre Daten jederzeit exportieren oder löschen lassen.</p>",
    ),
    (
        "ueber-das-programm",
        "Über das Programm",
        "Ehrenamtliche unterstützen Kommunen beim Klimaschutz.",
        "<p>Klimaschutzpat:innen werden geschult und begleitet, um in kleinen Kommunen und "
        "Stadtteilen Klimaschutzprojekte anzustoßen: vom Ratsbeschluss bis zur Umsetzung.</p>",
    ),
]


HOME_BODY = [
    ("heading", {"text": "So funktioniert das Programm", "level": "h2"}),
    (
        "paragraph",
        "<p>Klimaschutzpat:innen sind Ehrenamtliche, die ihre Kommune oder ihren Stadtteil "
        "beim Klimaschutz unterstützen. Regionalmanager:innen in den Bundesländern gewinnen "
        "Kommunen, begleiten den Ratsbeschluss und schulen die Pat:innen. Gemeinsam mit der "
        "Verwaltung planen sie Maßnahmen – vom Energiesparen im Rathaus bis zum Repair-Café.</p>",
    ),
    (
        "callout",
        {
            "kind": "tip",
            "title": "Mitmachen",
            "text": "<p>Auf der Mitmachkarte finden Sie teilnehmende Kommunen und lokale "
            "Initiativen in Ihrer Nähe, in den Termintipps öffentliche Veranstaltungen.</p>",
        },
    ),
    (
        "quote",
        {
            "quote": "Klimaschutz gelingt, wenn Menschen vor Ort ihn in die Hand nehmen.",
            "attribution": "Koordinationsstelle Klimapaten",
        },
    ),
]


def seed(stdout) -> None:
    home = ensure_site_root()
    if not home.body:
        home.body = HOME_BODY
        home.save_revision().publish()
        stdout.write("  home page content added")
    created_pages = {}
    for slug, title, intro, text in PAGES:
        page = StandardPage.objects.child_of(home).filter(slug=slug).first()
        if page is None:
            page = StandardPage(
                title=title,
                slug=slug,
                intro=intro,
                body=[("paragraph", text)],
                show_in_menus=slug == "ueber-das-programm",
            )
            home.add_child(instance=page)
            page.save_revision().publish()
            stdout.write(f"  page created: /{slug}/")
        created_pages[slug] = page
    site = Site.objects.get(is_default_site=True)
    programme = ProgrammeSettings.for_site(site)
    programme.programme_name = "Klimapaten"
    programme.tagline = "Ehrenamtlich für den Klimaschutz in Kommunen"
    programme.contact_email = "kontakt@klimapaten.example"
    programme.imprint_page = created_pages["impressum"]
    programme.privacy_page = created_pages["datenschutz"]
    programme.save()
