"""An exhibition's days follow what was recorded on them (found by a ministry-staff probe): a
closed exhibition keeps its days, hours and zone (moved to next week it read "Sedang buka"
again), and an open one cannot be moved off the days its sales and visitor counts were recorded
on (the report listed sales on a day after the new end)."""

import datetime
import zoneinfo

import pytest
from django.core.exceptions import ValidationError

from exhibitions.models import Exhibition, VisitorCount
from tests import factories
from tests.admin_helpers import admin_url, changeform_data

pytestmark = pytest.mark.django_db

WIT = zoneinfo.ZoneInfo("Asia/Jayapura")


@pytest.fixture
def papua():
    exhibition = factories.make_exhibition(
        timezone="Asia/Jayapura", start_date=datetime.date(2026, 12, 1), end_date=datetime.date(2026, 12, 8)
    )
    delegation = factories.make_delegation(exhibition=exhibition)
    # 6 December 00.30 WIT is still 5 December in Jakarta: the venue's day counts.
    factories.make_sale(delegation=delegation, sold_at=datetime.datetime(2026, 12, 6, 0, 30, tzinfo=WIT))
    return exhibition


def _errors(exhibition, **changes):
    fresh = Exhibition.objects.get(pk=exhibition.pk)
    for name, value in changes.items():
        setattr(fresh, name, value)
    with pytest.raises(ValidationError) as caught:
        fresh.full_clean()
    return caught.value.message_dict


def test_an_open_exhibition_cannot_end_before_a_day_with_sales(papua):
    errors = _errors(papua, end_date=datetime.date(2026, 12, 5))

    assert errors["end_date"] == [
        "Penjualan atau jumlah pengunjung sudah tercatat pada 6 Des 2026, di luar tanggal ini. Pilih tanggal "
        "yang mencakup hari-hari itu, atau perbaiki catatannya dulu."
    ]


def test_nor_start_after_a_day_with_a_visitor_count(papua):
    VisitorCount.objects.create(exhibition=papua, day=datetime.date(2026, 12, 2), count=40)

    errors = _errors(papua, start_date=datetime.date(2026, 12, 3))

    assert "2 Des 2026" in errors["start_date"][0]


def test_days_that_still_cover_the_records_are_fine(papua):
    fresh = Exhibition.objects.get(pk=papua.pk)
    fresh.end_date = datetime.date(2026, 12, 7)
    fresh.full_clean()


def test_a_closed_exhibition_keeps_its_days_hours_and_zone_in_the_admin(staff_client, papua):
    Exhibition.objects.filter(pk=papua.pk).update(closed_at=datetime.datetime(2026, 12, 8, 18, 0, tzinfo=WIT))
    url = admin_url(Exhibition, "change", papua.pk)
    data = changeform_data(staff_client.get(url))
    data["end_date"] = "10-12-2026"

    response = staff_client.post(url, data)

    assert response.status_code == 200
    assert response.context["adminform"].form.errors["end_date"] == [
        "Pameran ini sudah ditutup (8 Desember 2026): tanggal, jam dan zona waktunya tidak dapat diubah lagi, "
        "karena laporan dan penjualannya sudah final."
    ]
    papua.refresh_from_db()
    assert papua.end_date == datetime.date(2026, 12, 8)


def test_the_venue_day_at_either_edge_still_covers_a_sale(papua):
    for changes in ({"end_date": datetime.date(2026, 12, 6)}, {"start_date": datetime.date(2026, 12, 6)}):
        fresh = Exhibition.objects.get(pk=papua.pk)
        for name, value in changes.items():
            setattr(fresh, name, value)
        fresh.full_clean()  # 6 December 00.30 WIT is on the venue's 6 December


def test_saving_reads_only_the_sales_outside_the_new_days(papua):
    # Every sale's time was read on each save of the exhibition: at a fair with thousands of
    # sales a save read them all to find none outside.
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    fresh = Exhibition.objects.get(pk=papua.pk)
    fresh.end_date = datetime.date(2026, 12, 7)
    with CaptureQueriesContext(connection) as queries:
        fresh.full_clean()
    sales = [q["sql"] for q in queries.captured_queries if '"exhibitions_sale"' in q["sql"]]
    assert sales and all('"sold_at" <' in sql or '"sold_at" >=' in sql for sql in sales)
