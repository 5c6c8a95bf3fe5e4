"""The one HTML sanitiser of the platform: the only module that imports bleach.

Everything users write as formatted text (reflections, task notes, descriptions) passes through
``sanitize_html`` before it is stored or shown. The allowlist is deliberately small: simple
formatted text, links with safe schemes only, no styles, no media, no forms.
"""

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
ALLOWED_ATTRIBUTES = {"a": ["href", "title"]}
ALLOWED_PROTOCOLS = frozenset({"http", "https", "mailto"})

_cleaner = bleach.Cleaner(
    tags=ALLOWED_TAGS,
    attributes=ALLOWED_ATTRIBUTES,
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
