"""One htmx focus handler: static/js/site.js (loaded by base.html), driven by an attribute."""

import re

from tests.frontend.source import ROOT, rel, scripts, templates

# Listeners around a swap: where focus handlers hook in.
SWAP_LISTENER = re.compile(
    r"""htmx:(before|after)(Swap|Settle)|hx-on[:-]+(before|after)-(swap|settle)""", re.I
)


def test_only_site_js_listens_around_htmx_swaps():
    listening = [
        rel(path) for path in scripts() + templates() if SWAP_LISTENER.search(path.read_text())
    ]
    assert listening == ["static/js/site.js"]


def test_the_handler_is_loaded_everywhere_and_driven_by_the_attribute():
    site = (ROOT / "static/js/site.js").read_text()
    assert "data-focus-after-swap" in site and ".focus()" in site
    assert "{% static 'js/site.js' %}" in (ROOT / "templates/base.html").read_text()
    marked = [rel(path) for path in templates() if "data-focus-after-swap" in path.read_text()]
    assert "templates/courses/_activity.html" in marked
