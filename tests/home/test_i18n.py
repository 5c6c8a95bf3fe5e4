"""German by default, English after switching; every German catalogue is complete."""

from pathlib import Path

import pytest
from babel.messages.pofile import read_po
from django.conf import settings


@pytest.mark.django_db
def test_german_is_the_default(client):
    html = client.get("/").content.decode()
    assert '<html lang="de">' in html
    assert "Anmelden" in html
    assert "Zum Hauptinhalt springen" in html
    assert "Datenschutz" in html or "Hauptnavigation" in html


@pytest.mark.django_db
def test_english_after_switching(client):
    response = client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    assert response.status_code == 302
    html = client.get("/").content.decode()
    assert '<html lang="en">' in html
    assert "Log in" in html
    assert "Skip to main content" in html
    # and back
    client.post("/i18n/setlang/", {"language": "de", "next": "/"})
    assert '<html lang="de">' in client.get("/").content.decode()


@pytest.mark.django_db
def test_accept_language_english_browser_gets_english(client):
    html = client.get("/", HTTP_ACCEPT_LANGUAGE="en-GB,en;q=0.9").content.decode()
    assert '<html lang="en">' in html


def catalogues():
    base = Path(settings.BASE_DIR)
    paths = list((base / "locale").glob("de/LC_MESSAGES/*.po"))
    for app in settings.PROJECT_APPS:
        paths += list((base / app / "locale").glob("de/LC_MESSAGES/*.po"))
    return sorted(paths)


def test_there_is_a_german_catalogue():
    assert catalogues()


@pytest.mark.parametrize("path", catalogues(), ids=lambda p: str(p.relative_to(settings.BASE_DIR)))
def test_german_catalogue_is_complete(path):
    with path.open("rb") as po_file:
        catalog = read_po(po_file)
    untranslated = [
        message.id
        for message in catalog
        if message.id
        and (
            not message.string
            or (isinstance(message.string, tuple) and not all(message.string))
            or message.fuzzy
        )
    ]
    assert untranslated == []
