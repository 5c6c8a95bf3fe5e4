"""The one HTML sanitiser of the platform: the only module that imports bleach.

Everything users write as formatted text (reflections, task notes, descriptions) passes through
``sanitize_html`` before it is stored or shown. The allowlist is deliberately small: simple
formatted text, links with safe schemes only, no styles, no media, no forms.
"""

import html

import bleach
from bleach.linkifier import Linker

ALLOWED_TAGS = frozenset(
    {
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
)
ALLOWED_PROTOCOLS = frozenset({"http", "https", "mailto"})
SAFE_HREF_PREFIXES = ("http://", "https://", "mailto:")


def _allow_attribute(tag: str, name: str, value: str) -> bool:
    """Links keep a title and an absolute http(s)/mailto target; nothing else keeps anything.

    The target is decoded and stripped of control characters and spaces before it is judged,
    so encoded or split schemes (``jav&#x09;ascript:``, ``javascript&colon;``) never pass.
    """
    if tag != "a":
        return False
    if name == "title":
        return True
    if name == "href":
        decoded = html.unescape(html.unescape(value))
        target = "".join(ch for ch in decoded if ch > " ").lower()
        return target.startswith(SAFE_HREF_PREFIXES)
    return False


_cleaner = bleach.Cleaner(
    tags=ALLOWED_TAGS,
    attributes=_allow_attribute,
    protocols=ALLOWED_PROTOCOLS,
    strip=True,
    strip_comments=True,
)


def _set_link_rel(attrs, new=False):
    href_key = (None, "href")
    if href_key not in attrs:
        return attrs
    attrs[(None, "rel")] = "noopener noreferrer"
    return attrs


_linker = Linker(callbacks=[_set_link_rel], skip_tags={"pre", "code"}, parse_email=False)


def sanitize_html(html: str | None) -> str:
    """Return ``html`` reduced to the allowlist; safe to mark as safe in templates."""
    if not html:
        return ""
    cleaned = _cleaner.clean(str(html))
    # The linker runs on already-clean markup and only adds rel to links (and links bare URLs).
    return _linker.linkify(cleaned)


def strip_html(html: str | None) -> str:
    """Return the text of ``html`` with every tag removed (for plain-text e-mails and exports)."""
    if not html:
        return ""
    return bleach.clean(str(html), tags=set(), attributes={}, strip=True, strip_comments=True)
