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
