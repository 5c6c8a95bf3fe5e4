"""Make sure the page tree has what every other part relies on: a root, a home page, a site.

The data migration creates these on a new database; this repairs a database where they are
gone (a test that emptied the tables, a home page deleted by hand) before demo data is added.
"""

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from wagtail.coreutils import get_supported_content_language_variant
from wagtail.models import Collection, Locale, Page, Site

from home.models import HomePage

HOME_INTRO = (
    "<p>Ehrenamtliche Klimaschutzpat:innen unterstützen kleine Kommunen und Stadtteile dabei, "
    "das Klima zu schützen.</p>"
)


def ensure_site_root() -> HomePage:
    ContentType.objects.clear_cache()  # ids may have changed if the tables were emptied
    locale, _ = Locale.objects.get_or_create(
        language_code=get_supported_content_language_variant(settings.LANGUAGE_CODE)
    )
    if Collection.get_first_root_node() is None:
        Collection.add_root(name="Root")
    root = Page.get_first_root_node()
    if root is None:
        root = Page.add_root(instance=Page(title="Root", slug="root", locale=locale))
    home = HomePage.objects.first()
    if home is None:
        home = root.add_child(
            instance=HomePage(title="Klimapaten", slug="home", intro=HOME_INTRO, locale=locale)
        )
        home.save_revision().publish()
    Site.objects.update_or_create(
        is_default_site=True,
        defaults={
            "hostname": "localhost",
            "port": 80,
            "root_page": home,
            "site_name": "Klimapaten",
        },
    )
    return home
