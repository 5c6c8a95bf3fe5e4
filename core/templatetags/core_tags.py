"""Template helpers shared by every app."""

from typing import NamedTuple

from django import template
from django.http import QueryDict
from django.utils.safestring import mark_safe

from core.sanitize import sanitize_html, sanitize_rich_text

register = template.Library()


class Crumb(NamedTuple):
    label: str
    url: str = ""


@register.simple_tag
def field_widget(bound_field):
    """Render a form field's widget with aria-describedby/aria-invalid for its help and errors."""
    attrs = {}
    described_by = []
    if bound_field.help_text:
        described_by.append(f"{bound_field.auto_id}_help")
    if bound_field.errors:
        described_by.append(f"{bound_field.auto_id}_error")
        attrs["aria-invalid"] = "true"
    if described_by:
        attrs["aria-describedby"] = " ".join(described_by)
    return bound_field.as_widget(attrs=attrs)


@register.filter
def sanitized(value):
    """Clean user-written HTML with the platform's one sanitiser and mark it safe."""
    return mark_safe(sanitize_html(value))  # noqa: S308 - the sanitiser's output is safe


@register.filter
def sanitized_rich_text(value):
    """Expanded Wagtail rich text through the sanitiser.

    ``templates/wagtailcore/shared/richtext.html`` uses it; Wagtail's ``|richtext`` filter and
    ``RichText`` values both render with that template.
    """
    return mark_safe(sanitize_rich_text(value))  # noqa: S308 - the sanitiser's output is safe


@register.simple_tag(takes_context=True)
def query_with(context, **changes):
    """The current query string with ``changes`` set, e.g. ``{% query_with page=2 %}`` →
    ``?state=RP&page=2``: links that keep every other parameter (pagination, filters)."""
    request = context.get("request")
    query = request.GET.copy() if request is not None else QueryDict(mutable=True)
    for key, value in changes.items():
        query[key] = value
    return f"?{query.urlencode()}"


@register.simple_tag
def trail(*pairs):
    """Breadcrumbs from (label, url) pairs for ``includes/breadcrumbs.html``; a pair with an
    empty label is left out, the last pair is the current page (its url may be empty)."""
    return [Crumb(label, url) for label, url in zip(pairs[::2], pairs[1::2], strict=True) if label]
