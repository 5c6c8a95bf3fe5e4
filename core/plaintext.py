"""Turn sanitised HTML into the text its author typed, for outputs that are plain text.

- Rich text (reflections) written to a plain-text output (the personal-data export, e-mails)
  must lose its tags *and* its entities: ``strip_html`` alone leaves ``Müller &amp; Söhne``.
- Until 2026-12 some plain-text fields (descriptions, notes) were run through the sanitiser on
  save, so they hold HTML with entities. The data migrations of ``coaching`` and
  ``municipalities`` repair them once with ``repair``; plain text is now stored as typed and
  escaped on output.
"""

import html
import re

from core.sanitize import strip_html

_BREAK = re.compile(r"<br\s*/?>", re.IGNORECASE)
_BLOCK_END = re.compile(r"</(p|li|h[1-6]|blockquote)\s*>", re.IGNORECASE)


def html_to_text(value: str | None) -> str:
    if not value:
        return ""
    text = _BREAK.sub("\n", value)
    text = _BLOCK_END.sub("\n\n", text)
    text = html.unescape(strip_html(text))
    return re.sub(r"\n{3,}", "\n\n", text).strip()


def repair(model, field: str) -> None:
    """Rewrite ``field`` of every row of ``model`` (a historical model) as plain text."""
    for pk, value in model.objects.exclude(**{field: ""}).values_list("pk", field).iterator():
        text = html_to_text(value)
        if text != value:
            model.objects.filter(pk=pk).update(**{field: text})
