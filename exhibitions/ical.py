"""A small iCalendar (RFC 5545) writer for exhibition and programme-item calendar files.

Only what a visitor's calendar needs: VCALENDAR with VEVENTs whose times are in UTC (the ``Z``
form), so no VTIMEZONE block is needed; Indonesia has no daylight saving, so a daily recurrence
in UTC stays at the same local hour. Text values are escaped (RFC 5545 3.3.11) and content lines
folded at 75 octets (3.1) without splitting a UTF-8 character.
"""

import dataclasses
import datetime

from django.utils.formats import time_format
from django.utils.translation import gettext as _

PRODID = "-//Etalase//Pameran Karya Warga Binaan//ID"
CRLF = "\r\n"
MAX_OCTETS = 75


@dataclasses.dataclass(frozen=True)
class Event:
    uid: str
    starts_at: datetime.datetime
    ends_at: datetime.datetime
    summary: str
    location: str = ""
    description: str = ""
    url: str = ""
    # Repeat the event on this many consecutive days (the exhibition's daily opening hours).
    daily_count: int = 1


def escape_text(value: str) -> str:
    """A TEXT value: backslash, semicolon and comma escaped, any line break as ``\\n``."""
    value = value.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,")
    value = value.replace("\r\n", "\n").replace("\r", "\n")
    return value.replace("\n", "\\n")


def format_utc(moment: datetime.datetime) -> str:
    """An aware datetime as a UTC DATE-TIME, e.g. ``20180403T020000Z``."""
    if moment.tzinfo is None or moment.utcoffset() is None:
        raise ValueError("iCalendar times need an aware datetime")
    return moment.astimezone(datetime.UTC).strftime("%Y%m%dT%H%M%SZ")


def fold(line: str) -> str:
    """One content line folded into pieces of at most 75 octets, joined by CRLF and a space.

    A continuation starts with one space, which counts towards its 75 octets.
    """
    pieces: list[str] = []
    current = ""
    size = 0
    limit = MAX_OCTETS
    for char in line:
        width = len(char.encode("utf-8"))
        if size + width > limit:
            pieces.append(current)
            current, size = " ", 1
        current += char
        size += width
    pieces.append(current)
    return CRLF.join(pieces)


def _property(name: str, value: str) -> str:
    return fold(f"{name}:{value}")


def _event_lines(event: Event, *, stamp: datetime.datetime) -> list[str]:
    lines = [
        "BEGIN:VEVENT",
        _property("UID", event.uid),
        _property("DTSTAMP", format_utc(stamp)),
        _property("DTSTART", format_utc(event.starts_at)),
        _property("DTEND", format_utc(event.ends_at)),
    ]
    if event.daily_count > 1:
        lines.append(_property("RRULE", f"FREQ=DAILY;COUNT={event.daily_count}"))
    lines.append(_property("SUMMARY", escape_text(event.summary)))
    if event.location:
        lines.append(_property("LOCATION", escape_text(event.location)))
    if event.description:
        lines.append(_property("DESCRIPTION", escape_text(event.description)))
    if event.url:
        # URL is of type URI, not TEXT: no escaping.
        lines.append(_property("URL", event.url))
    lines.append("END:VEVENT")
    return lines


def calendar(
    events: list[Event], *, name: str = "", stamp: datetime.datetime | None = None
) -> str:
    """A complete VCALENDAR document with CRLF line endings (the last line ends with CRLF too)."""
    stamp = stamp or datetime.datetime.now(datetime.UTC)
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        _property("PRODID", PRODID),
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
    ]
    if name:
        lines.append(_property("X-WR-CALNAME", escape_text(name)))
    for event in events:
        lines.extend(_event_lines(event, stamp=stamp))
    lines.append("END:VCALENDAR")
    return CRLF.join(lines) + CRLF


# --- The calendar events Etalase offers: an exhibition's opening hours, one programme item.


def _location(*parts: str) -> str:
    seen: list[str] = []
    for part in parts:
        part = (part or "").strip()
        # The city is often already the address's last part ("..., Makassar").
        if part and not any(part.lower() in earlier.lower() for earlier in seen):
            seen.append(part)
    return ", ".join(seen)


def exhibition_event(exhibition, *, url: str, domain: str) -> Event:
    """The exhibition's daily opening hours as one event repeated on each of its days."""
    zone = exhibition.tzinfo
    opens = datetime.datetime.combine(exhibition.start_date, exhibition.opening_time, tzinfo=zone)
    closes = datetime.datetime.combine(exhibition.start_date, exhibition.closing_time, tzinfo=zone)
    # In the language's own way (09.00 in Indonesian, 09:00 in English), as the pages write it.
    hours = _("Setiap hari pukul %(opening)s–%(closing)s %(zone)s.") % {
        "opening": time_format(exhibition.opening_time, "TIME_FORMAT"),
        "closing": time_format(exhibition.closing_time, "TIME_FORMAT"),
        "zone": exhibition.zone_abbreviation,
    }
    return Event(
        uid=f"pameran-{exhibition.pk}@{domain}",
        starts_at=opens,
        ends_at=closes,
        daily_count=(exhibition.end_date - exhibition.start_date).days + 1,
        summary=exhibition.title,
        location=_location(exhibition.venue, exhibition.address, exhibition.city),
        description="\n\n".join(p for p in (hours, exhibition.description.strip(), url) if p),
        url=url,
    )


def programme_item_event(item, *, url: str, domain: str) -> Event:
    """One programme item (a show, a demo, a talk) at its own times."""
    exhibition = item.exhibition
    host = ", ".join(h for h in (item.host, item.host_prison.name if item.host_prison_id else "") if h)
    part_of = _("Bagian dari %(exhibition)s.") % {"exhibition": exhibition.title}
    hosted = _("Penyelenggara acara: %(host)s.") % {"host": host} if host else ""
    return Event(
        uid=f"acara-{item.pk}@{domain}",
        starts_at=item.starts_at,
        ends_at=item.ends_at,
        summary=item.title,
        location=_location(item.place, exhibition.venue, exhibition.address, exhibition.city),
        description="\n\n".join(
            p for p in (item.description.strip(), hosted, part_of, url) if p
        ),
        url=url,
    )
