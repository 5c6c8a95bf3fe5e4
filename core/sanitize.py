"""The one HTML sanitiser of the platform: the only module that imports bleach.

Everything users write as formatted text (reflections, task notes, descriptions) passes through
``sanitize_html`` before it is stored or shown. The allowlist is deliberately small: simple
formatted text, links with safe schemes only, no styles, no media, no forms.

Wagtail rich text (page intros, paragraph, callout, quiz and video blocks) goes through
``sanitize_rich_text`` when it is rendered (``templates/wagtailcore/shared/richtext.html``
overrides Wagtail's template): the Draftail editor writes clean HTML, but rich text that reached
the database another way (an import, a migration, the shell, a forged POST) must not run either.
Plain-text fields are never sanitised: autoescaping shows them as the text they are.
"""

import html
import unicodedata

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


RELATIVE_HREF_PREFIXES = ("/", "#", "?")


def _href_target(value: str) -> str:
    """The target as a browser judges it: decoded, without control characters and spaces.

    Encoded or split schemes (``jav&#x09;ascript:``, ``javascript&colon;``) are thereby seen
    for what they are. Unicode format characters (zero-width joiners) are dropped as well.
    """
    decoded = html.unescape(html.unescape(value))
    return "".join(ch for ch in decoded if ch > " " and unicodedata.category(ch) != "Cf").lower()


def _allow_attribute(tag: str, name: str, value: str) -> bool:
    """Links keep a title and an absolute http(s)/mailto target; nothing else keeps anything."""
    if tag != "a":
        return False
    if name == "title":
        return True
    if name == "href":
        return _href_target(value).startswith(SAFE_HREF_PREFIXES)
    return False


def _allow_rich_text_attribute(tag: str, name: str, value: str) -> bool:
    """As for user HTML, plus the site-relative links Wagtail writes for pages and documents."""
    if tag == "a" and name == "href" and _href_target(value).startswith(RELATIVE_HREF_PREFIXES):
        return True
    return _allow_attribute(tag, name, value)


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


_rich_text_cleaner = bleach.Cleaner(
    tags=ALLOWED_TAGS,
    attributes=_allow_rich_text_attribute,
    protocols=ALLOWED_PROTOCOLS,
    strip=True,
    strip_comments=True,
)


_linker = Linker(callbacks=[_set_link_rel], skip_tags={"pre", "code"}, parse_email=False)


def sanitize_html(html: str | None) -> str:
    """Return ``html`` reduced to the allowlist; safe to mark as safe in templates."""
    if not html:
        return ""
    cleaned = _cleaner.clean(str(html))
    # The linker runs on already-clean markup and only adds rel to links (and links bare URLs).
    return _linker.linkify(cleaned)


def sanitize_rich_text(html: str | None) -> str:
    """Return Wagtail rich text (already expanded to front-end HTML) reduced to the allowlist.

    Unlike ``sanitize_html`` it keeps site-relative links (page and document links) and does
    not turn bare URLs into links: editors decide where their links go.
    """
    if not html:
        return ""
    return _rich_text_cleaner.clean(str(html))


def strip_html(html: str | None) -> str:
    """Return the text of ``html`` with every tag removed (for plain-text e-mails and exports)."""
    if not html:
        return ""
    return bleach.clean(str(html), tags=set(), attributes={}, strip=True, strip_comments=True)
