import pytest
from wagtail.models import Site

from home.models import HomePage, StandardPage


@pytest.mark.django_db
def test_home_page_is_site_root_and_renders_in_german(client):
    site = Site.objects.get(is_default_site=True)
    assert isinstance(site.root_page.specific, HomePage)
    response = client.get("/")
    assert response.status_code == 200
    html = response.content.decode()
    assert '<html lang="de">' in html
    assert "Zum Hauptinhalt springen" in html  # skip link, translated


@pytest.mark.django_db
def test_standard_page_tree_rules():
    assert StandardPage.can_create_at(HomePage.objects.first())
    assert not HomePage.can_create_at(HomePage.objects.first())


@pytest.mark.django_db
def test_every_base_block_renders(demo, client):
    html = client.get("/").content.decode()
    assert '<h2 class="block-heading">So funktioniert das Programm</h2>' in html
    assert 'class="callout callout--tip" role="note"' in html
    assert "<blockquote><p>Klimaschutz gelingt" in html
    assert 'class="block-text"' in html


@pytest.mark.django_db
def test_me_requires_login_and_shows_roles(client, volunteer):
    response = client.get("/me/")
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")
    client.force_login(volunteer)
    html = client.get("/me/").content.decode()
    assert "Klimaschutzpat:in" in html


@pytest.mark.django_db
def test_navigation_depends_on_roles(client, volunteer, regional_manager):
    html = client.get("/").content.decode()
    assert 'href="/admin/"' not in html
    client.force_login(volunteer)
    assert 'href="/admin/"' not in client.get("/").content.decode()
    client.force_login(regional_manager)
    assert 'href="/admin/"' in client.get("/").content.decode()
