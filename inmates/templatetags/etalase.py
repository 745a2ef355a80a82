"""Formatting shared by every surface: money in whole Rupiah, times in a venue's zone."""

import datetime
import zoneinfo

from django import template

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
def in_zone(value: datetime.datetime, zone_name: str) -> datetime.datetime:
    """An aware datetime converted to a venue's zone (e.g. ``Asia/Makassar``) for display."""
    if not value:
        return value
    return value.astimezone(zoneinfo.ZoneInfo(zone_name))
