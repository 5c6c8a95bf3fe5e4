"""The screens: charts with text and tables, breadcrumbs, filters in URLs, CSP-safe markup."""

import re

import pytest

from accounts.roles import Role
from tests.accounts.factories import UserFactory

pytestmark = pytest.mark.django_db


def page(client, url) -> str:
    response = client.get(url)
    assert response.status_code == 200
    return response.content.decode()


def dashboard_part(html: str) -> str:
    return html[html.index('<div class="dashboard"') : html.index("</main>")]


def test_german_page_with_figures_and_headings(coordinator_client, world):
    html = page(coordinator_client, "/dashboard/")
    assert '<html lang="de">' in html
    for text in ("Das ganze Programm", "Kennzahlen", "Handlungsbedarf", "Diagramme"):
        assert text in html
    assert "<h1>" in html and '<h2 id="figures-heading">' in html
    assert '<th scope="col"' in html and '<th scope="row">' in html


def test_every_chart_has_caption_text_and_table(coordinator_client, world):
    html = dashboard_part(page(coordinator_client, "/dashboard/?region=rheinhessen"))
    figures = re.findall(r"<figure class=\"chart\".*?</figure>", html, flags=re.S)
    assert len(figures) == 4
    for figure in figures:
        assert "<figcaption" in figure
        assert 'role="img"' in figure and "<title" in figure and "<desc" in figure
        assert "<table" in figure and "<caption>" in figure
        assert 'class="chart__summary"' in figure
    # values are written on the bars, not told by colour
    assert ">3</text>" in figures[0]
    # the funnel's text alternative has the numbers
    assert "5 begonnen" in figures[0] or "insgesamt 5 begonnen" in figures[0]


def test_no_inline_styles_or_scripts(coordinator_client, world):
    for url in ("/dashboard/", f"/dashboard/participation/{world.nieder_olm.pk}/"):
        html = dashboard_part(page(coordinator_client, url))
        assert "style=" not in html
        assert "<script" not in html
        assert "dashboard/dashboard.css" in page(coordinator_client, url)


def test_breadcrumbs_for_the_drill_down(coordinator_client, world):
    url = f"/dashboard/participation/{world.nieder_olm.pk}/person/{world.anna.pk}/?period=90"
    html = page(coordinator_client, url)
    nav = re.search(r'<nav class="breadcrumbs".*?</nav>', html, flags=re.S).group(0)
    labels = re.findall(r">([^<>]+)</a>", nav)
    assert labels == ["Programm", "Rheinland-Pfalz", "Rheinhessen", "Nieder-Olm", "Anna Albrecht"]
    assert 'aria-current="page"' in nav
    # filters travel with every drill-down link
    assert 'href="/dashboard/?state=RP&amp;period=90"' in nav


def test_filters_are_kept_in_links_and_exports(coordinator_client, world):
    course = world.course.pk
    html = page(
        coordinator_client,
        f"/dashboard/?state=RP&course={course}&period=custom&from=2026-01-01&to=2026-12-31",
    )
    assert f"region=rheinhessen&amp;course={course}&amp;period=custom&amp;from=2026-01-01" in html
    assert f"/dashboard/export/summary.csv?state=RP&amp;course={course}&amp;period=custom" in html
    assert 'value="2026-01-01"' in html


def test_invalid_filters_are_ignored(coordinator_client, world):
    html = page(coordinator_client, "/dashboard/?course=nonsense&period=7&from=yesterday")
    assert "Das ganze Programm" in html


def test_region_table_is_paged(coordinator_client, world, monkeypatch):
    monkeypatch.setattr("dashboard.figures.PAGE_SIZE", 1)
    first = page(coordinator_client, "/dashboard/?region=rheinhessen")
    assert "Seite 1 von 2" in first
    assert 'href="/dashboard/?region=rheinhessen&amp;page=2"' in first
    second = page(coordinator_client, "/dashboard/?region=rheinhessen&page=2")
    assert "Seite 2 von 2" in second


def test_volunteer_without_participation_gets_a_friendly_page(client, db):
    client.force_login(UserFactory(roles=[Role.VOLUNTEER]))
    html = page(client, "/dashboard/")
    assert "noch keiner teilnehmenden Kommune" in html


def test_navigation_links_the_dashboard_for_every_role(client, world):
    client.force_login(world.anna)
    assert 'href="/dashboard/"' in page(client, "/me/")
