"""One set of design tokens: literal colours only in the :root block of static/css/site.css."""

import re

import pytest

from courses import certificates
from dashboard import charts
from municipalities.forms import MapFilterForm
from municipalities.models import Initiative
from tests.frontend.source import (
    SITE_CSS,
    python_files,
    rel,
    scripts,
    stylesheets,
    templates,
    token_block,
    tokens,
)

# A hex colour (not an HTML character reference such as &#106;) or a colour function.
COLOUR = re.compile(r"(?<![&\w])#[0-9a-fA-F]{3,8}\b|\b(?:rgba?|hsla?)\(", re.I)


def colours_in(text: str) -> list[str]:
    return [
        f"line {text.count(chr(10), 0, match.start()) + 1}: {match.group(0)}"
        for match in COLOUR.finditer(text)
    ]


def test_the_token_block_defines_the_colours():
    defined = tokens()
    for name in ("green-900", "ink", "muted", "line", "bg", "focus", "danger", "chart-series"):
        assert name in defined
    block, rest = token_block()
    assert colours_in(block), "the colours are defined in the :root block"
    assert colours_in(rest) == [], "site.css outside its :root block uses var(--token)"


@pytest.mark.parametrize(
    "path",
    [path for path in stylesheets() + scripts() + templates() if path != SITE_CSS],
    ids=rel,
)
def test_no_raw_colour_outside_the_tokens(path):
    assert colours_in(path.read_text()) == [], f"{rel(path)}: use var(--token) from site.css"


def test_no_python_colour_constants():
    found = {rel(path): colours_in(path.read_text()) for path in python_files()}
    assert {path: hits for path, hits in found.items() if hits} == {}


def test_tokens_are_defined_once_and_used_without_fallbacks():
    defined = tokens()
    for path in stylesheets() + templates():
        text = re.sub(
            r"/\*.*?\*/|\{%\s*comment\s*%\}.*?\{%\s*endcomment\s*%\}",
            "",
            path.read_text(),
            flags=re.S,
        )
        if path != SITE_CSS:
            assert not re.search(r"(?<![\w-])--[\w-]+\s*:", text), f"{rel(path)} defines a token"
        assert not re.search(r"var\(\s*--[\w-]+\s*,", text), f"{rel(path)}: a var() fallback"
        unknown = set(re.findall(r"var\(\s*--([\w-]+)", text)) - set(defined)
        assert unknown == set(), f"{rel(path)} uses undefined tokens"


def test_map_markers_and_legend_read_a_token_for_every_category():

    defined = tokens()
    categories = {*Initiative.Category.values, MapFilterForm.MUNICIPALITIES}
    assert {f"map-{category}" for category in categories} <= set(defined)
    script = (SITE_CSS.parent.parent / "municipalities" / "map.js").read_text()
    assert "getComputedStyle(document.documentElement)" in script
    for name in re.findall(r'token\("([\w-]+)"\)', script):
        assert name in defined


def test_chart_svg_takes_its_colours_from_classes():

    bars = charts.bar_chart("c", [("Modul", [3, 1])], ["Begonnen", "Abgeschlossen"])
    lines = charts.line_chart("l", ["KW 1", "KW 2"], {"Aktiv": [1, 2], "Neu": [0, 1]})
    for svg in (str(bars.body_html()), str(lines.body_html())):
        assert colours_in(svg) == []
        assert not re.search(r'(?:fill|stroke)="(?!none|url\()', svg)
        assert 'class="chart__text"' in svg


def test_certificate_pdf_draws_in_the_token_colours():
    """The PDF cannot read CSS: its RGB triples must stay the tokens' values."""
    defined = tokens()

    def rgb(name):
        value = defined[name].lstrip("#")
        return tuple(int(value[i : i + 2], 16) for i in (0, 2, 4))

    assert (
        rgb("green-700"),
        rgb("green-900"),
        rgb("ink"),
    ) == (certificates.GREEN, certificates.DARK, certificates.INK)
