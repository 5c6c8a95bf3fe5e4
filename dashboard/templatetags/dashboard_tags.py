"""Formatting of dashboard table cells in the user's language."""

from datetime import date
from decimal import Decimal

from django import template
from django.utils import formats

register = template.Library()


def separators() -> tuple[str, str]:
    """(thousands, decimal) separators of the active language."""
    return formats.get_format("THOUSAND_SEPARATOR"), formats.get_format("DECIMAL_SEPARATOR")


def formatter():
    """A fast cell formatter for the active language (tables have thousands of cells, and
    ``number_format`` looks the separators up again for every one)."""
    thousands, decimal = separators()
    date_format = formats.get_format("SHORT_DATE_FORMAT")

    def format_cell(value):
        if value is None or value == "":
            return "–"
        if isinstance(value, bool):
            return value
        if isinstance(value, int):
            return f"{value:,}".replace(",", thousands)
        if isinstance(value, Decimal | float):
            text = f"{value:,.0f}" if value == int(value) else f"{value:,.2f}"
            return text.replace(",", "\x00").replace(".", decimal).replace("\x00", thousands)
        if isinstance(value, date):
            return formats.date_format(value, date_format)
        return value

    return format_cell


@register.filter
def cell(value):
    """Numbers grouped, money and tonnes with up to two decimals, dates localised, '–' if empty."""
    return formatter()(value)
