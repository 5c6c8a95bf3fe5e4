"""The one sanitiser against a corpus of known XSS vectors."""

import re
from html.parser import HTMLParser

import pytest

from core.sanitize import sanitize_html, sanitize_rich_text, strip_html
from tests.security.xss_vectors import VECTORS as CORPUS

# Each vector must come out with no executable part: no script, no event handler, no dangerous
# scheme, no style, no foreign element.
XSS_VECTORS = [
    "<script>alert(1)</script>",
    "<SCRIPT SRC=//evil.example/xss.js></SCRIPT>",
    "<script>alert(String.fromCharCode(88,83,83))</script>",
    "<scr<script>ipt>alert(1)</scr</script>ipt>",
    '<img src=x onerror="alert(1)">',
    "<img src=x onerror=alert(1)//",
    '<IMG SRC="javascript:alert(1);">',
    "<IMG SRC=javascript:alert('XSS')>",
    "<IMG SRC=JaVaScRiPt:alert('XSS')>",
    "<IMG SRC=`javascript:alert(1)`>",
    '<IMG """><SCRIPT>alert("XSS")</SCRIPT>">',
    "<IMG SRC=&#106;&#97;&#118;&#97;&#115;&#99;&#114;&#105;&#112;&#116;&#58;"
    "&#97;&#108;&#101;&#114;&#116;&#40;&#49;&#41;>",
    '<a href="javascript:alert(1)">x</a>',
    '<a href="JAVASCRIPT:alert(1)">x</a>',
    '<a href=" javascript:alert(1)">x</a>',
    '<a href="jav&#x09;ascript:alert(1)">x</a>',
    '<a href="jav&#x0A;ascript:alert(1)">x</a>',
    '<a href="&#106;avascript:alert(1)">x</a>',
    '<a href="&#x6A;&#x61;&#x76;&#x61;&#x73;&#x63;&#x72;&#x69;&#x70;&#x74;:alert(1)">x</a>',
    '<a href="javascript&colon;alert(1)">x</a>',
    '<a href="vbscript:msgbox(1)">x</a>',
    '<a href="data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==">x</a>',
    '<a href="data:text/html,<script>alert(1)</script>">x</a>',
    '<a href="#" onclick="alert(1)">x</a>',
    '<a href="https://ok.example" onmouseover="alert(1)">x</a>',
    '<p onmouseover="alert(1)">hover</p>',
    '<body onload="alert(1)">',
    '<svg onload="alert(1)">',
    "<svg><script>alert(1)</script></svg>",
    '<svg><a xlink:href="javascript:alert(1)"><text x="20" y="20">x</text></a></svg>',
    '<svg><animate onbegin="alert(1)" attributeName="x" dur="1s">',
    "<svg><set attributeName=href to=javascript:alert(1) /></svg>",
    '<math><mtext><table><mglyph><style><img src=x onerror="alert(1)">',
    '<math><maction actiontype="statusline" xlink:href="javascript:alert(1)">x</maction></math>',
    '<svg></p><style><a id="</style><img src=1 onerror=alert(1)>">',
    '<noscript><p title="</noscript><img src=x onerror=alert(1)>">',
    '<iframe src="javascript:alert(1)"></iframe>',
    '<iframe srcdoc="<script>alert(1)</script>"></iframe>',
    '<object data="javascript:alert(1)"></object>',
    '<embed src="javascript:alert(1)">',
    '<form action="javascript:alert(1)"><input type=submit></form>',
    '<button formaction="javascript:alert(1)">x</button>',
    '<input onfocus="alert(1)" autofocus>',
    '<details open ontoggle="alert(1)">',
    '<video><source onerror="alert(1)"></video>',
    '<audio src=x onerror="alert(1)">',
    '<marquee onstart="alert(1)">x</marquee>',
    '<div style="background:url(javascript:alert(1))">x</div>',
    '<div style="width: expression(alert(1))">x</div>',
    '<p style="behavior: url(xss.htc)">x</p>',
    "<style>@import 'javascript:alert(1)';</style>",
    '<link rel="stylesheet" href="javascript:alert(1)">',
    '<meta http-equiv="refresh" content="0;url=javascript:alert(1)">',
    '<base href="javascript:alert(1)//">',
    "<!--<img src=x onerror=alert(1)>-->",
    "<![CDATA[<script>alert(1)</script>]]>",
    '<table background="javascript:alert(1)"><tr><td>x</td></tr></table>',
    '<div data-bind="value: alert(1)" onpointerenter="alert(1)">x</div>',
    '<img srcset="x 1x" onerror="alert(1)">',
    '<a href="https://ok.example" target="_blank" rel="opener">x</a><script>alert(1)</script>',
    "<template><script>alert(1)</script></template>",
    "<textarea><script>alert(1)</script></textarea>",
    "<select><option><script>alert(1)</script></option></select>",
    '"><script>alert(1)</script>',
    "<sCrIpT>alert(1)</ScRiPt>",
    '<a href="java\0script:alert(1)">x</a>',
    '<isindex action="javascript:alert(1)" type=image>',
]

ALLOWED_TAGS = {
    "p",
    "br",
    "strong",
    "b",
    "em",
    "i",
    "u",
    "ul",
    "ol",
    "li",
    "a",
    "h2",
    "h3",
    "h4",
    "blockquote",
}
SAFE_SCHEMES = ("http:", "https:", "mailto:")


class MarkupInspector(HTMLParser):
    """Collects the live markup of the output: what a browser would build elements from."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.tags = []
        self.attributes = []

    def handle_starttag(self, tag, attrs):
        self.tags.append(tag)
        self.attributes.extend((tag, name, value or "") for name, value in attrs)

    handle_startendtag = handle_starttag

    def unknown_decl(self, data):  # CDATA and friends
        self.tags.append("!" + data)


def inspect(html):
    inspector = MarkupInspector()
    inspector.feed(html)
    inspector.close()
    return inspector


def assert_inert(cleaned, relative_links=False):
    found = inspect(cleaned)
    assert set(found.tags) <= ALLOWED_TAGS, f"foreign element in {cleaned!r}"
    safe = SAFE_SCHEMES + (("/", "#", "?") if relative_links else ())
    for _tag, name, value in found.attributes:
        assert not name.startswith("on"), f"event handler in {cleaned!r}"
        assert name in {"href", "title", "rel"}, f"attribute {name} in {cleaned!r}"
        if name == "href":
            target = "".join(ch for ch in value if ch > " ").lower()
            assert target.startswith(safe), cleaned
    assert "<script" not in cleaned.lower()


def test_corpus_is_large_enough():
    assert len(XSS_VECTORS) >= 60
    assert len(CORPUS) >= 150
    assert len(set(CORPUS)) == len(CORPUS)


@pytest.mark.parametrize("vector", CORPUS)
def test_no_vector_of_the_shared_corpus_survives(vector):
    """The corpus the browser test stores everywhere (``tests/security/xss_vectors.py``)."""
    once = sanitize_html(vector)
    assert_inert(once)
    assert sanitize_html(once) == once


@pytest.mark.parametrize("vector", XSS_VECTORS + CORPUS)
def test_no_vector_survives_as_rich_text(vector):
    once = sanitize_rich_text(vector)
    assert_inert(once, relative_links=True)
    assert sanitize_rich_text(once) == once


def test_the_whole_corpus_in_one_text_stays_inert():
    """Vectors can combine across each other's leftovers (an unclosed quote or comment)."""
    text = "\n".join(CORPUS)
    assert_inert(sanitize_html(text))
    assert_inert(sanitize_rich_text("".join(f"<p>{v}</p>" for v in CORPUS)), relative_links=True)


@pytest.mark.parametrize("vector", XSS_VECTORS)
def test_no_vector_survives(vector):
    assert_inert(sanitize_html(vector))


@pytest.mark.parametrize("vector", XSS_VECTORS)
def test_sanitising_is_stable(vector):
    once = sanitize_html(vector)
    assert sanitize_html(once) == once


def test_allowed_formatting_is_kept():
    html = (
        "<h2>Ziel</h2><p>Wir <strong>sparen</strong> <em>Energie</em>.</p>"
        "<ul><li>eins</li></ul><ol><li>zwei</li></ol><blockquote>Zitat</blockquote>"
        "<h3>a</h3><h4>b</h4>"
    )
    assert sanitize_html(html) == html


def test_links_get_rel_and_keep_safe_schemes():
    cleaned = sanitize_html(
        '<a href="https://klimapaten.example/">web</a> <a href="mailto:a@b.example">mail</a>'
    )
    assert 'href="https://klimapaten.example/"' in cleaned
    assert 'href="mailto:a@b.example"' in cleaned
    assert cleaned.count('rel="noopener noreferrer"') == 2


def test_disallowed_headings_and_attributes_are_stripped():
    cleaned = sanitize_html('<h1 class="x" id="y">Titel</h1><p class="lead">Text</p>')
    assert cleaned == "Titel<p>Text</p>"


def test_rich_text_keeps_what_wagtail_writes():
    """Page and document links are site-relative; Draftail's block keys are not needed."""
    html = (
        '<h2 data-block-key="a1">Ziel</h2><p data-block-key="b2">Siehe <a href="/kurse/modul/">'
        'das Modul</a>, <a href="/documents/1/plan.pdf">den Plan</a> und '
        '<a href="https://klimapaten.example/">die Website</a>: www.example.org</p>'
    )
    assert sanitize_rich_text(html) == (
        '<h2>Ziel</h2><p>Siehe <a href="/kurse/modul/">das Modul</a>, '
        '<a href="/documents/1/plan.pdf">den Plan</a> und '
        '<a href="https://klimapaten.example/">die Website</a>: www.example.org</p>'
    )


@pytest.mark.parametrize(
    "href",
    [
        "javascript:alert(1)",
        "java\u200bscript:alert(1)",
        "&#106;avascript:alert(1)",
        "data:text/html,<script>alert(1)</script>",
        "vbscript:x",
    ],
)
def test_rich_text_drops_dangerous_links(href):
    cleaned = sanitize_rich_text(f'<a href="{href}">x</a>')
    assert cleaned == "<a>x</a>"


@pytest.mark.django_db
def test_wagtail_rich_text_renders_through_the_sanitiser():
    """``|richtext`` and ``RichText`` values (StreamField blocks) both render sanitised."""
    from django.template import Context, Template
    from wagtail.rich_text import RichText

    raw = '<p>ok</p><img src=x onerror="alert(1)"><script>alert(2)</script><a href="/x/">l</a>'
    by_filter = Template("{% load wagtailcore_tags %}{{ v|richtext }}").render(Context({"v": raw}))
    by_value = str(RichText(raw))
    for rendered in (by_filter, by_value):
        assert "onerror" not in rendered and "<script" not in rendered and "<img" not in rendered
        assert "<p>ok</p>" in rendered and '<a href="/x/">l</a>' in rendered


def test_empty_input():
    assert sanitize_html(None) == ""
    assert sanitize_html("") == ""
    assert sanitize_rich_text(None) == ""
    assert sanitize_rich_text("") == ""


def test_strip_html_leaves_only_text():
    assert strip_html("<p>Hallo <b>Welt</b><script>x</script></p>") == "Hallo Weltx"


def test_only_core_imports_bleach():
    from pathlib import Path

    from django.conf import settings

    offenders = []
    for app in [*settings.PROJECT_APPS, "config"]:
        for path in (Path(settings.BASE_DIR) / app).rglob("*.py"):
            text = path.read_text(encoding="utf-8")
            if (
                re.search(r"^\s*(import bleach|from bleach)", text, re.M)
                and path.name != "sanitize.py"
            ):
                offenders.append(str(path))
    assert offenders == []


def test_inspector_catches_live_markup():
    """The checker itself must fail on dangerous output, or the corpus proves nothing."""
    for bad in [
        "<img src=x onerror=alert(1)>",
        '<a href="javascript:alert(1)">x</a>',
        '<p style="x">y</p>',
        "<script>alert(1)</script>",
    ]:
        with pytest.raises(AssertionError):
            assert_inert(bad)
