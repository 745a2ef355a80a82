"""The iCalendar writer (RFC 5545) and the exhibition / programme-item calendar files."""

import datetime
import zoneinfo

import pytest

from exhibitions import ical
from tests import factories

WITA = zoneinfo.ZoneInfo("Asia/Makassar")
WIB = zoneinfo.ZoneInfo("Asia/Jakarta")


def parse_ics(body: bytes) -> list[tuple[str, str]]:
    """A strict little reader: every line ends with CRLF and is at most 75 octets, BEGIN/END
    are balanced, VCALENDAR wraps everything. Returns the unfolded (name, value) pairs."""
    assert body.endswith(b"\r\n")
    raw_lines = body[:-2].split(b"\r\n")
    for raw in raw_lines:
        assert b"\n" not in raw and b"\r" not in raw, raw
        assert len(raw) <= 75, (len(raw), raw)
    unfolded: list[str] = []
    for raw in raw_lines:
        text = raw.decode("utf-8")  # each folded piece is valid UTF-8 on its own
        if text.startswith(" "):
            unfolded[-1] += text[1:]
        else:
            unfolded.append(text)
    stack: list[str] = []
    pairs = []
    for line in unfolded:
        name, _, value = line.partition(":")
        if name == "BEGIN":
            stack.append(value)
        elif name == "END":
            assert stack and stack.pop() == value, line
        else:
            assert stack, line
        pairs.append((name, value))
    assert stack == []
    assert pairs[0] == ("BEGIN", "VCALENDAR") and pairs[-1] == ("END", "VCALENDAR")
    return pairs


def values(pairs, name):
    return [value for key, value in pairs if key.split(";")[0] == name]


# --- the writer


def test_escape_text_escapes_backslash_semicolon_comma_and_newlines():
    assert ical.escape_text("a\\b;c,d\ne\r\nf\rg") == "a\\\\b\\;c\\,d\\ne\\nf\\ng"


def test_fold_keeps_short_line_unchanged():
    assert ical.fold("SUMMARY:Demo") == "SUMMARY:Demo"


def test_fold_splits_at_75_octets_with_leading_space():
    line = "DESCRIPTION:" + "x" * 200
    pieces = ical.fold(line).split("\r\n")
    # 212 octets: 75, then 1 + 74, then 1 + 63.
    assert [len(p.encode()) for p in pieces] == [75, 75, 64]
    assert all(p.startswith(" ") for p in pieces[1:])
    assert "".join(p[1:] if i else p for i, p in enumerate(pieces)) == line


def test_fold_never_splits_a_multibyte_character():
    line = "SUMMARY:" + "é" * 60 + "–" * 20  # 2-octet and 3-octet characters
    pieces = ical.fold(line).split("\r\n")
    for piece in pieces:
        assert len(piece.encode("utf-8")) <= 75
        piece.encode("utf-8").decode("utf-8")
    assert "".join(p[1:] if i else p for i, p in enumerate(pieces)) == line


def test_format_utc_converts_to_utc_with_z():
    assert ical.format_utc(datetime.datetime(2018, 4, 3, 9, 0, tzinfo=WIB)) == "20180403T020000Z"


def test_format_utc_refuses_naive_datetime():
    with pytest.raises(ValueError):
        ical.format_utc(datetime.datetime(2018, 4, 3, 9, 0))


def test_calendar_document_parses_with_every_required_property():
    stamp = datetime.datetime(2018, 3, 1, 0, 0, tzinfo=datetime.UTC)
    event = ical.Event(
        uid="acara-1@etalase.test",
        starts_at=datetime.datetime(2018, 4, 3, 13, 0, tzinfo=WIB),
        ends_at=datetime.datetime(2018, 4, 3, 14, 0, tzinfo=WIB),
        summary="Peragaan Busana; batik, tenun",
        location="Panggung utama, Plasa Industri",
        description="Baris satu\nBaris dua \\ selesai",
        url="https://etalase.test/pameran/x/#acara-1",
    )
    pairs = parse_ics(ical.calendar([event], name="Pameran", stamp=stamp).encode())
    assert values(pairs, "VERSION") == ["2.0"]
    assert values(pairs, "PRODID") == [ical.PRODID]
    assert values(pairs, "UID") == ["acara-1@etalase.test"]
    assert values(pairs, "DTSTAMP") == ["20180301T000000Z"]
    assert values(pairs, "DTSTART") == ["20180403T060000Z"]
    assert values(pairs, "DTEND") == ["20180403T070000Z"]
    assert values(pairs, "SUMMARY") == ["Peragaan Busana\\; batik\\, tenun"]
    assert values(pairs, "LOCATION") == ["Panggung utama\\, Plasa Industri"]
    assert values(pairs, "DESCRIPTION") == ["Baris satu\\nBaris dua \\\\ selesai"]
    assert values(pairs, "URL") == ["https://etalase.test/pameran/x/#acara-1"]
    assert values(pairs, "RRULE") == []


# --- the calendar files


@pytest.fixture
def exhibition_2018(db):
    return factories.make_exhibition(
        title="Pameran Produk Unggulan Narapidana",
        slug="pameran-2018",
        venue="Plasa Industri, Kementerian Perindustrian",
        address="Jl. Jend. Gatot Subroto Kav. 52-53, Jakarta Selatan",
        city="Jakarta",
        description="Pameran keenam; peragaan busana, demo membatik dan talk show. " * 3,
    )


def test_exhibition_ics_is_a_calendar_file_with_daily_opening_hours(client, exhibition_2018):
    response = client.get("/pameran/pameran-2018/kalender.ics")
    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    assert response["Content-Disposition"] == 'attachment; filename="pameran-2018.ics"'
    pairs = parse_ics(response.content)
    assert values(pairs, "BEGIN") == ["VCALENDAR", "VEVENT"]
    # 09.00-17.00 WIB = 02.00-10.00 UTC, every day 3-6 April.
    assert values(pairs, "DTSTART") == ["20180403T020000Z"]
    assert values(pairs, "DTEND") == ["20180403T100000Z"]
    assert values(pairs, "RRULE") == ["FREQ=DAILY;COUNT=4"]
    assert values(pairs, "SUMMARY") == ["Pameran Produk Unggulan Narapidana"]
    assert values(pairs, "LOCATION") == [
        "Plasa Industri\\, Kementerian Perindustrian\\, Jl. Jend. Gatot Subroto Kav. 52-53\\, Jakarta Selatan"
    ]
    assert values(pairs, "UID") == [f"pameran-{exhibition_2018.pk}@testserver"]
    assert values(pairs, "URL") == ["http://testserver/pameran/pameran-2018/"]
    assert len(values(pairs, "DTSTAMP")) == 1
    description = values(pairs, "DESCRIPTION")[0]
    assert description.startswith(
        "Setiap hari pukul 09.00–17.00 WIB.\\n\\nPameran keenam\\; peragaan busana\\,"
    )
    # The long description was folded.
    assert len(response.content.split(b"\r\n")) > len(pairs)


def test_exhibition_ics_in_wita_starts_at_the_venues_opening_hour(client, db):
    factories.make_exhibition(
        slug="pameran-makassar",
        timezone="Asia/Makassar",
        start_date=datetime.date(2027, 1, 28),
        end_date=datetime.date(2027, 1, 28),
        opening_time=datetime.time(10, 0),
        closing_time=datetime.time(20, 0),
    )
    pairs = parse_ics(client.get("/pameran/pameran-makassar/kalender.ics").content)
    assert values(pairs, "DTSTART") == ["20270128T020000Z"]  # 10.00 WITA
    assert values(pairs, "DTEND") == ["20270128T120000Z"]  # 20.00 WITA
    assert values(pairs, "RRULE") == []  # a single day


@pytest.mark.parametrize(
    ("language", "hours"),
    [("id", "Setiap hari pukul 10.00–20.00 WITA."), ("en", "Daily, 10:00–20:00 WITA.")],
)
def test_exhibition_ics_writes_the_hours_as_the_language_does(db, language, hours):
    """Found by a tester: the English calendar said "Daily, 10.00–20.00 WITA", where the English
    pages write 10:00."""
    from django.utils import translation

    exhibition = factories.make_exhibition(
        timezone="Asia/Makassar", opening_time=datetime.time(10, 0), closing_time=datetime.time(20, 0)
    )

    with translation.override(language):
        event = ical.exhibition_event(exhibition, url="", domain="testserver")

    assert event.description == hours


def test_programme_item_ics_has_the_items_own_times_place_and_host(client, db):
    exhibition = factories.make_exhibition(slug="pameran-makassar", timezone="Asia/Makassar", venue="CCC")
    host = factories.make_prison(name="Lapas Kelas I Makassar", slug="lapas-makassar")
    item = factories.make_programme_item(
        exhibition=exhibition,
        title="Demo Menenun Sutra Bugis, sesi 1",
        starts_at=datetime.datetime(2027, 1, 29, 10, 0, tzinfo=WITA),
        ends_at=datetime.datetime(2027, 1, 29, 12, 0, tzinfo=WITA),
        place="Area demo",
        host_prison=host,
    )
    response = client.get(f"/pameran/pameran-makassar/acara/{item.pk}/kalender.ics")
    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    assert response["Content-Disposition"] == f'attachment; filename="pameran-makassar-acara-{item.pk}.ics"'
    pairs = parse_ics(response.content)
    assert values(pairs, "DTSTART") == ["20270129T020000Z"]
    assert values(pairs, "DTEND") == ["20270129T040000Z"]
    assert values(pairs, "SUMMARY") == ["Demo Menenun Sutra Bugis\\, sesi 1"]
    assert values(pairs, "LOCATION") == ["Area demo\\, CCC\\, Jakarta"]
    assert values(pairs, "UID") == [f"acara-{item.pk}@testserver"]
    assert values(pairs, "URL") == [f"http://testserver/pameran/pameran-makassar/#acara-{item.pk}"]
    assert "Penyelenggara acara: Lapas Kelas I Makassar." in values(pairs, "DESCRIPTION")[0]


def test_ics_of_unpublished_exhibition_is_404(client, db):
    exhibition = factories.make_exhibition(slug="draf", is_published=False)
    item = factories.make_programme_item(exhibition=exhibition)
    assert client.get("/pameran/draf/kalender.ics").status_code == 404
    assert client.get(f"/pameran/draf/acara/{item.pk}/kalender.ics").status_code == 404


def test_programme_item_ics_under_another_exhibitions_slug_is_404(client, db):
    factories.make_exhibition(slug="pameran-a")
    item = factories.make_programme_item(exhibition=factories.make_exhibition(slug="pameran-b"))
    assert client.get(f"/pameran/pameran-a/acara/{item.pk}/kalender.ics").status_code == 404
    assert client.get(f"/pameran/pameran-b/acara/{item.pk}/kalender.ics").status_code == 200
