"""Formatting of dashboard table cells in the user's language."""

from datetime import date
from decimal import Decimal

from django import template
from django.utils import formats

register = template.Library()


@register.filter
def cell(value):
    """Numbers grouped, money and tonnes with up to two decimals, dates localised, '–' if empty."""
    if value is None or value == "":
        return "–"
    if isinstance(value, bool):
        return value
    if isinstance(value, int):
        return formats.number_format(value, 0, use_l10n=True, force_grouping=True)
    if isinstance(value, Decimal | float):
        places = 0 if value == int(value) else 2
        return formats.number_format(value, places, use_l10n=True, force_grouping=True)
    if isinstance(value, date):
        return formats.date_format(value, "SHORT_DATE_FORMAT")
    return value


@register.simple_tag
def fill(chart, pattern):
    """The SVG fill of a series: solid, or one of the chart's own patterns."""
    if pattern == "solid":
        return "#1f5130"
    return f"url(#{chart.id}-{pattern})"
