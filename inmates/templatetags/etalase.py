"""Formatting shared by every surface: money in whole Rupiah, times in a venue's zone."""

import datetime

from django import template
from django.templatetags.tz import do_timezone
from django.utils.formats import date_format, time_format
from django.utils.timezone import template_localtime

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


def format_moment(value, *, zone: bool = False, short: bool = False, localise: bool = True) -> str:
    """A date and time of day in the language's own way: "5 Desember 2026, 10.30" in Indonesian,
    "5 December 2026, 10:30" in English; ``zone`` adds the zone (WIB), ``short`` the short month.
    ``localise`` turns it into the current zone as templates do (a value from the ``timezone``/
    ``in_zone`` filter stays in its zone); code that already chose the zone passes False."""
    if not value:
        return ""
    local = template_localtime(value) if localise else value
    text = f"{date_format(local, 'j M Y' if short else 'j F Y')}, {time_format(local, 'TIME_FORMAT')}"
    return f"{text} {date_format(local, 'T')}" if zone else text


@register.filter
def moment(value, options: str = "") -> str:
    """``{{ when|moment }}``, ``{{ when|moment:"zone" }}``, ``{{ when|moment:"short zone" }}``."""
    words = options.split()
    return format_moment(value, zone="zone" in words, short="short" in words)
