"""Visitors are told an exhibition is over once the hall has closed on its last day or staff have
closed it (found by a ministry probe: at 21.19 WIB on the last day, after the formal close, the
home, the exhibition's and the products' pages still said "Sedang berlangsung")."""

import datetime
import zoneinfo

import pytest
from django.utils import timezone

from exhibitions.selectors import (
    PAST,
    RUNNING,
    exhibition_current_or_next,
    exhibition_phase,
    exhibition_public_phase,
    venue_dates,
)
from tests import factories

pytestmark = pytest.mark.django_db

WIB = zoneinfo.ZoneInfo("Asia/Jakarta")
WIT = zoneinfo.ZoneInfo("Asia/Jayapura")
LAST_DAY = datetime.date(2026, 12, 6)


def _fair(**kwargs):
    kwargs.setdefault("start_date", LAST_DAY - datetime.timedelta(days=3))
    kwargs.setdefault("end_date", LAST_DAY)
    return factories.make_exhibition(**kwargs)


def _at(hour, minute=0, zone=WIB, day=LAST_DAY):
    return datetime.datetime.combine(day, datetime.time(hour, minute), tzinfo=zone)


def test_the_last_day_is_running_until_the_hall_closes_then_over():
    fair = _fair()

    assert exhibition_public_phase(fair, now=_at(16, 59)) == RUNNING
    assert exhibition_public_phase(fair, now=_at(17, 0)) == PAST
    assert exhibition_public_phase(fair, now=_at(17, 0, day=LAST_DAY - datetime.timedelta(days=1))) == RUNNING
    # The back office keeps the whole last day: the evening's sales and counts are still recorded.
    assert exhibition_phase(fair, now=_at(21, 19)) == RUNNING


def test_the_hall_s_closing_is_read_on_the_venue_s_clock():
    fair = _fair(timezone="Asia/Jayapura", closing_time=datetime.time(18, 0))

    assert exhibition_public_phase(fair, now=_at(17, 30, zone=WIT)) == RUNNING
    assert exhibition_public_phase(fair, now=_at(16, 30, zone=WIB)) == PAST  # 18.30 WIT


def test_a_fair_closed_by_staff_is_over_at_once():
    fair = _fair()
    fair.closed_at = _at(12, 0)
    fair.save(update_fields=["closed_at"])

    assert exhibition_public_phase(fair, now=_at(12, 1)) == PAST
    assert exhibition_public_phase(fair, now=_at(11, 59)) == RUNNING


def test_the_home_page_moves_on_to_the_next_fair_once_the_last_one_has_closed():
    fair = _fair(title="Pameran Selesai Hari Ini")
    nxt = _fair(title="Pameran Berikutnya", start_date=LAST_DAY + datetime.timedelta(days=30),
                end_date=LAST_DAY + datetime.timedelta(days=33))

    assert exhibition_current_or_next(now=_at(16, 0)) == fair
    assert exhibition_current_or_next(now=_at(17, 30)) == nxt


def test_the_pages_say_over_after_closing_on_the_last_day(client, monkeypatch):
    fair = _fair(title="Pameran Hari Terakhir", slug="hari-terakhir")
    evening = _at(21, 19)
    monkeypatch.setattr(timezone, "now", lambda: evening)

    for url in ("/", "/pameran/", f"/pameran/{fair.slug}/"):
        page = client.get(url).content.decode()
        assert "Sedang berlangsung" not in page, url
    assert "Pameran Hari Terakhir" in client.get("/pameran/").content.decode()


def test_the_product_page_s_cached_piece_is_drawn_again_within_a_quarter_hour():
    assert venue_dates(now=_at(16, 59)) != venue_dates(now=_at(17, 0))
    assert venue_dates(now=_at(17, 0)) == venue_dates(now=_at(17, 14))
