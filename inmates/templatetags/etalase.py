"""Formatting shared by every surface: money in whole Rupiah, times in a venue's zone."""

import datetime
from decimal import Decimal

from django import template
from django.templatetags.tz import do_timezone
from django.utils.formats import date_format, number_format, time_format
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


def format_weight(grams) -> str:
    """A weight as people say it: "350 gram", "1,25 kg", "65 kg" (grouping and the decimal mark
    of the language: "1.25 kg" in English)."""
    if grams is None or grams == "":
        return ""
    grams = int(grams)
    if grams < 1000:
        return f"{number_format(grams, force_grouping=True)} gram"
    kilograms = Decimal(grams) / 1000
    places = 0 if grams % 1000 == 0 else (1 if grams % 100 == 0 else (2 if grams % 10 == 0 else 3))
    return f"{number_format(kilograms, decimal_pos=places, force_grouping=True)} kg"


@register.filter
def weight(grams) -> str:
    return format_weight(grams)


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


def format_date_range(start: datetime.date, end: datetime.date | None, *, short: bool = False) -> str:
    """Two days as one span, the shared parts said once: "3–6 April 2018", "29 Maret – 2 April
    2018", "29 Desember 2026 – 2 Januari 2027", "3 April 2018" for one day; ``short`` uses the
    short month ("29 Des 2026 – 2 Jan 2027"). An end before the start is shown as it is."""
    if not start:
        return ""
    month = "M" if short else "F"
    if not end or end == start:
        return date_format(start, f"j {month} Y")
    if (start.year, start.month) == (end.year, end.month) and start < end:
        return f"{start.day}\u2013{date_format(end, f'j {month} Y')}"
    if start.year == end.year:
        return f"{date_format(start, f'j {month}')} \u2013 {date_format(end, f'j {month} Y')}"
    return f"{date_format(start, f'j {month} Y')} \u2013 {date_format(end, f'j {month} Y')}"


@register.simple_tag
def date_range(start, end, options: str = "") -> str:
    """``{% date_range exhibition.start_date exhibition.end_date %}``, or with ``"short"``."""
    return format_date_range(start, end, short="short" in options.split())


@register.filter
def moment(value, options: str = "") -> str:
    """``{{ when|moment }}``, ``{{ when|moment:"zone" }}``, ``{{ when|moment:"short zone" }}``."""
    words = options.split()
    return format_moment(value, zone="zone" in words, short="short" in words)
