"""Template helpers shared by every app."""

from django import template
from django.utils.safestring import mark_safe

from core.sanitize import sanitize_html, sanitize_rich_text

register = template.Library()


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
