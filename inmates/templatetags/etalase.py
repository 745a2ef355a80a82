"""Formatting shared by every surface: money in whole Rupiah, times in a venue's zone."""

import datetime

from django import template
from django.templatetags.tz import do_timezone

register = template.Library()


def format_rupiah(value) -> str:
    """``150000`` -> ``Rp 150.000``: whole rupiah, dots for thousands, whatever the language."""
    if value is None or value == "":
        return ""
    amount = int(value)
    sign = "-" if amount < 0 else ""
    return f"{sign}Rp {abs(amount):,}".replace(",", ".")


@register.filter
def rupiah(value) -> str:
    return format_rupiah(value)


@register.filter
def in_zone(value: datetime.datetime, zone_name: str):
    """An aware datetime in a venue's zone (e.g. ``Asia/Makassar``) for display.

    Uses Django's own ``timezone`` filter, whose result the ``date``/``time`` filters leave in that
    zone; a plain ``astimezone()`` would be turned back into Jakarta time by them."""
    if not value:
        return value
    return do_timezone(value, zone_name)
