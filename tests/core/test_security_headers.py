"""Headers that keep the public site private by default and safe from framing."""

import pytest


@pytest.mark.django_db
def test_public_pages_have_a_strict_csp(client):
    response = client.get("/")
    csp = response["Content-Security-Policy"]
    directives = dict(part.strip().split(" ", 1) for part in csp.split(";") if part.strip())
    assert directives["default-src"] == "'self'"
    assert directives["script-src"] == "'self'"
    assert "unsafe-inline" not in directives["style-src"]
    assert directives["frame-ancestors"] == "'self'"
    assert directives["object-src"] == "'none'"
    assert response["X-Frame-Options"] == "SAMEORIGIN"
    assert response["X-Content-Type-Options"] == "nosniff"


@pytest.mark.django_db
def test_pages_load_nothing_from_other_hosts(client):
    import re

    html = client.get("/").content.decode() + client.get("/accounts/login/").content.decode()
    external = re.findall(r'(?:src|href)="(https?://[^"]+)"', html)
    assert [url for url in external if "testserver" not in url] == []


@pytest.mark.django_db
def test_allauth_pages_use_the_site_layout(client):
    for url in ("/accounts/login/", "/accounts/password/reset/", "/accounts/signup/"):
        html = client.get(url).content.decode()
        assert 'class="skip-link"' in html, url
        assert '<main id="main"' in html, url
