"""The staff report of an exhibition: exact figures for a small exhibition (corrections net out,
days in the venue's zone), the previous edition, the back-office page, formula-safe CSV/XLSX
exports of every table, and a query count that does not grow with the sales."""

import csv
import datetime
import io
import re
import uuid
import zoneinfo
from decimal import Decimal

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation
from django.utils.text import slugify
from openpyxl import load_workbook

from exhibitions.models import Delegation, Sale, VisitorCount, VisitorFeedback
from exhibitions.reports import MONEY, TABLE_FILE_NAMES, exhibition_report, previous_edition
from exhibitions.services import sale_reverse
from inmates import roles
from tests import factories
from tests.exhibitions.sales_helpers import make_booth

pytestmark = pytest.mark.django_db

WIB = zoneinfo.ZoneInfo("Asia/Jakarta")
WITA = zoneinfo.ZoneInfo("Asia/Makassar")
D1, D2, D3 = datetime.date(2019, 4, 2), datetime.date(2019, 4, 3), datetime.date(2019, 4, 4)


def _sale(*, delegation, booth, product, quantity, unit_price, sold_at, method):
    return factories.make_sale(
        delegation=delegation, booth=booth, product=product, quantity=quantity, unit_price=unit_price,
        sold_at=sold_at, payment_method=method, idempotency_key=uuid.uuid4(),
    )


@pytest.fixture
def fair(staff_user):
    """A three-day exhibition in Makassar (WITA) with three sales, one corrected sale, visitors,
    feedback and inquiries; the previous edition (6th) with one sale; an older (5th) and a later
    (8th) edition that the comparison must not pick."""
    west_java = factories.make_region(province="Jawa Barat")
    bali = factories.make_region(province="Bali")
    sukamiskin = factories.make_prison(name="Lapas Sukamiskin", region=west_java)
    kerobokan = factories.make_prison(name="Lapas Kerobokan", region=bali)
    batik = factories.make_category(name_id="Batik", name_en="Batik cloth")
    craft = factories.make_category(name_id="Kerajinan", name_en="Crafts")
    kain = factories.make_product(prison=sukamiskin, category=batik, name="Kain Batik Mega Mendung", price=200_000)
    tas = factories.make_product(prison=sukamiskin, category=craft, name="Tas Anyaman", price=50_000)
    ukir = factories.make_product(prison=kerobokan, category=craft, name="Ukiran Kayu", price=75_000)

    exhibition = factories.make_exhibition(
        title="Pameran Produk Unggulan 2019", edition=7, timezone="Asia/Makassar",
        start_date=D1, end_date=D3, share_inmate_pct=50, share_pnbp_pct=30, share_programme_pct=20,
    )
    d1 = factories.make_delegation(exhibition=exhibition, prison=sukamiskin, name="Lapas Sukamiskin", status="accepted")
    d2 = factories.make_delegation(exhibition=exhibition, prison=kerobokan, name="Lapas Kerobokan", status="accepted")
    d3 = factories.make_delegation(exhibition=exhibition, name="Rutan Tanpa Penjualan", status="accepted")
    factories.make_delegation(exhibition=exhibition, name="Lapas Ditolak", status=Delegation.Status.REJECTED)
    b1, b2 = make_booth(delegation=d1, code="A-01"), make_booth(delegation=d2, code="B-01")
    make_booth(delegation=d3, code="C-01")

    _sale(delegation=d1, booth=b1, product=kain, quantity=2, unit_price=200_000,
          sold_at=datetime.datetime(2019, 4, 2, 10, 0, tzinfo=WITA), method="cash")
    _sale(delegation=d1, booth=b1, product=tas, quantity=3, unit_price=45_000,
          sold_at=datetime.datetime(2019, 4, 2, 23, 30, tzinfo=WITA), method="qris")
    # 23:30 in Jakarta is 00:30 the next day in Makassar: the second day.
    _sale(delegation=d2, booth=b2, product=ukir, quantity=1, unit_price=75_000,
          sold_at=datetime.datetime(2019, 4, 2, 23, 30, tzinfo=WIB), method="qris")
    wrong = _sale(delegation=d2, booth=b2, product=ukir, quantity=2, unit_price=75_000,
                  sold_at=datetime.datetime(2019, 4, 4, 11, 0, tzinfo=WITA), method="transfer")
    sale_reverse(sale=wrong, user=staff_user, idempotency_key=uuid.uuid4())

    VisitorCount.objects.create(exhibition=exhibition, day=D1, count=1200)
    VisitorCount.objects.create(exhibition=exhibition, day=D2, count=1500)
    VisitorFeedback.objects.create(exhibition=exhibition, booth=b1, product=kain, rating=5, comment="Batiknya halus sekali.")
    VisitorFeedback.objects.create(exhibition=exhibition, rating=4, comment="=cmd|' /C calc'!A0")
    VisitorFeedback.objects.create(exhibition=exhibition, rating=4)
    factories.make_inquiry(exhibition=exhibition)
    factories.make_inquiry(exhibition=exhibition)
    factories.make_inquiry(exhibition=exhibition, status="answered")

    previous = factories.make_exhibition(title="Pameran 2018", edition=6, start_date=datetime.date(2018, 4, 3),
                                         end_date=datetime.date(2018, 4, 6))
    old_delegation = factories.make_delegation(exhibition=previous, prison=sukamiskin, status="accepted")
    factories.make_sale(delegation=old_delegation, product=kain, quantity=1, unit_price=100_000,
                        sold_at=datetime.datetime(2018, 4, 4, 10, tzinfo=WIB))
    VisitorCount.objects.create(exhibition=previous, day=datetime.date(2018, 4, 4), count=1000)
    factories.make_inquiry(exhibition=previous)
    older = factories.make_exhibition(title="Pameran 2017", edition=5, start_date=datetime.date(2017, 4, 3),
                                      end_date=datetime.date(2017, 4, 6))
    factories.make_sale(delegation=factories.make_delegation(exhibition=older, status="accepted"), unit_price=9_999_999)
    factories.make_exhibition(title="Pameran 2020", edition=8, start_date=datetime.date(2020, 4, 3),
                              end_date=datetime.date(2020, 4, 6))
    return exhibition


def test_report_totals_are_net_of_corrections(fair):
    report = exhibition_report(exhibition=fair)

    assert report.totals == {
        "revenue": 610_000, "items": 6, "sale_count": 3, "entry_count": 5,
        "share_inmate": 305_000, "share_pnbp": 183_000, "share_programme": 122_000,
        "visitors": 2700, "delegations": 3,
    }


def test_report_per_day_uses_the_venues_zone_and_lists_every_day(fair):
    table = exhibition_report(exhibition=fair).tables["per_day"]

    assert table.rows == [
        [D1, 2, 5, 535_000, 267_500],
        [D2, 1, 1, 75_000, 37_500],
        [D3, 0, 0, 0, 0],
    ]
    assert table.footer == ["Jumlah", 3, 6, 610_000, 305_000]


def test_report_per_delegation_region_category_product_and_payment(fair):
    tables = exhibition_report(exhibition=fair).tables

    assert tables["per_delegation"].rows == [
        ["A-01", "Lapas Sukamiskin", "Jawa Barat", 2, 5, 535_000],
        ["B-01", "Lapas Kerobokan", "Bali", 1, 1, 75_000],
        ["C-01", "Rutan Tanpa Penjualan", tables["per_delegation"].rows[2][2], 0, 0, 0],
    ]
    assert tables["per_region"].rows == [["Jawa Barat", 2, 5, 535_000], ["Bali", 1, 1, 75_000]]
    assert tables["per_category"].rows == [["Batik", 1, 2, 400_000], ["Kerajinan", 2, 4, 210_000]]
    assert tables["per_product"].rows == [
        ["Kain Batik Mega Mendung", "Lapas Sukamiskin", 200_000, 200_000, 1, 2, 400_000],
        ["Tas Anyaman", "Lapas Sukamiskin", 50_000, 45_000, 1, 3, 135_000],
        ["Ukiran Kayu", "Lapas Kerobokan", 75_000, 75_000, 1, 1, 75_000],
    ]
    assert tables["per_payment"].rows == [["Tunai", 1, 2, 400_000], ["QRIS", 2, 4, 210_000], ["Transfer bank", 0, 0, 0]]


def test_report_revenue_split_and_inmate_share_per_prison(fair):
    tables = exhibition_report(exhibition=fair).tables

    assert tables["split"].rows == [
        ["Bagian warga binaan", 50, 305_000],
        ["PNBP (penerimaan negara bukan pajak)", 30, 183_000],
        ["Biaya program", 20, 122_000],
    ]
    assert tables["split"].footer == ["Jumlah", 100, 610_000]
    assert tables["inmate_share"].rows == [
        ["Lapas Sukamiskin", 5, 535_000, 267_500],
        ["Lapas Kerobokan", 1, 75_000, 37_500],
    ]


def test_report_visitors_feedback_and_inquiries(fair):
    report = exhibition_report(exhibition=fair)
    tables = report.tables

    assert tables["visitors"].rows == [[D1, 1200], [D2, 1500]]
    assert tables["visitors"].footer == ["Jumlah", 2700]
    assert round(report.feedback["average"], 2) == 4.33
    assert tables["feedback"].rows == [["5 dari 5", 1], ["4 dari 5", 2], ["3 dari 5", 0], ["2 dari 5", 0], ["1 dari 5", 0]]
    assert [row[1:] for row in tables["comments"].rows] == [
        [4, "", "", "=cmd|' /C calc'!A0"],
        [5, "Kain Batik Mega Mendung", "A-01", "Batiknya halus sekali."],
    ]
    assert tables["inquiries"].rows == [["Baru", 2], ["Dijawab", 1], ["Selesai", 0]]
    assert tables["inquiries"].footer == ["Jumlah", 3]


def test_report_compares_with_the_previous_edition(fair):
    report = exhibition_report(exhibition=fair)

    assert report.previous.title == "Pameran 2018"
    rows = report.tables["comparison"].rows
    assert rows == [
        ["Pendapatan", 610_000, 100_000, 510_000, 510.0],
        ["Barang terjual", 6, 1, 5, 500.0],
        ["Transaksi", 3, 1, 2, 200.0],
        ["Bagian warga binaan", 305_000, 50_000, 255_000, 510.0],
        ["Pengunjung", 2700, 1000, 1700, 170.0],
        ["Delegasi diterima", 3, 1, 2, 200.0],
    ]
    assert report.tables["comparison"].headers[2] == "Pameran 2018 (2018)"


def test_the_comparison_csv_writes_its_percentages_with_a_decimal_comma(staff_client, fair):
    """The file is ";"-separated for spreadsheets set to Indonesian, which read "510.0" as text
    (or as 5100): found by a staff probe."""
    response = staff_client.get(report_url(fair), {"table": "comparison", "format": "csv"})

    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))

    assert rows[1] == ["Pendapatan", "610000", "100000", "510000", "510,0"]


def test_previous_edition_without_edition_numbers_is_the_one_that_started_before():
    first = factories.make_exhibition(start_date=datetime.date(2016, 5, 1), end_date=datetime.date(2016, 5, 3))
    second = factories.make_exhibition(start_date=datetime.date(2017, 5, 1), end_date=datetime.date(2017, 5, 3))
    third = factories.make_exhibition(start_date=datetime.date(2018, 5, 1), end_date=datetime.date(2018, 5, 3))

    assert previous_edition(third) == second
    assert previous_edition(second) == first
    assert previous_edition(first) is None


def test_previous_edition_is_of_the_same_kind_never_another_series():
    """Found by a ministry-staff probe: the regional fair in Makassar (no edition number) was
    compared with the national 7th edition in Jakarta, and an empty market trial in Jayapura with
    the Makassar fair."""
    national_6 = factories.make_exhibition(title="Pameran Produk Unggulan Narapidana ke-6", edition=6,
                                           start_date=datetime.date(2018, 4, 3), end_date=datetime.date(2018, 4, 6))
    national_7 = factories.make_exhibition(title="Pameran Produk Unggulan Narapidana ke-7", edition=7,
                                           start_date=datetime.date(2019, 4, 2), end_date=datetime.date(2019, 4, 5))
    makassar_2018 = factories.make_exhibition(
        title="Pameran Karya WBP Makassar 2018", city="Makassar", venue="Mal Panakkukang",
        start_date=datetime.date(2018, 10, 10), end_date=datetime.date(2018, 10, 12),
    )
    makassar_2019 = factories.make_exhibition(
        title="Pameran Karya WBP Makassar 2019", city="makassar ", venue="Trans Studio Mall",
        start_date=datetime.date(2019, 10, 10), end_date=datetime.date(2019, 10, 12),
    )
    # Another kind in the same city and hall, later than the 2018 fair: not its series either.
    factories.make_exhibition(
        title="Bazar Ramadan Kanwil Sulsel", city="Makassar", venue="Balai Kota",
        start_date=datetime.date(2019, 5, 1), end_date=datetime.date(2019, 5, 2),
    )
    trial_jayapura = factories.make_exhibition(
        title="Uji Pasar Produk WBP Jayapura", city="Jayapura", venue="Gedung Olahraga Cenderawasih",
        start_date=datetime.date(2019, 11, 1), end_date=datetime.date(2019, 11, 2),
    )
    trial_jayapura_again = factories.make_exhibition(
        title="Uji Pasar Produk WBP Jayapura II", city="Jayapura", venue="Gedung Olahraga Cenderawasih",
        start_date=datetime.date(2020, 11, 1), end_date=datetime.date(2020, 11, 2),
    )

    assert previous_edition(national_7) == national_6
    assert previous_edition(national_6) is None  # no lower number: not any earlier exhibition
    assert previous_edition(makassar_2019) == makassar_2018  # the same name, another year and hall
    assert previous_edition(makassar_2018) is None
    assert previous_edition(trial_jayapura) is None
    assert previous_edition(trial_jayapura_again) == trial_jayapura


def test_report_without_an_edition_of_its_series_says_so(fair):
    regional = factories.make_exhibition(title="Pameran Karya WBP Makassar 2019", city="Makassar",
                                         start_date=datetime.date(2019, 10, 10), end_date=datetime.date(2019, 10, 12))

    report = exhibition_report(exhibition=regional)

    assert report.previous is None
    assert report.tables["comparison"].note == "Belum ada edisi sebelumnya untuk dibandingkan."
    assert [row[2:] for row in report.tables["comparison"].rows] == [[None, None, None]] * 6


def test_report_figures_are_rounded_half_up_not_cut_off():
    """Found by a ministry-staff probe: 1 against 3 delegations read -66,6% and 20 against 68
    items -70,5%; an average rating of 4,67 would read 4,6."""
    from django.utils import translation

    from exhibitions.reports import DECIMAL, PERCENT, _pct_change, format_cell

    with translation.override("id"):
        assert format_cell(_pct_change(1, 3), PERCENT) == "-66,7%"
        assert format_cell(_pct_change(20, 68), PERCENT) == "-70,6%"
        assert format_cell(_pct_change(2, 3), PERCENT) == "-33,3%"
        assert format_cell(_pct_change(1001, 1000), PERCENT) == "+0,1%"
        assert format_cell(4.675, DECIMAL) == "4,68"
        # Large figures grouped (a staff probe read "+217627833,6%").
        assert format_cell(Decimal("2176278.36"), PERCENT) == "+2.176.278,4%"
        assert format_cell(Decimal("12345.678"), DECIMAL) == "12.345,68"
    with translation.override("en"):
        assert format_cell(_pct_change(1, 3), PERCENT) == "-66.7%"
        assert format_cell(Decimal("2176278.36"), PERCENT) == "+2,176,278.4%"
    # The exports hold the rounded figure, not the float -82.8424464487035.
    assert _pct_change(382, 2228) == Decimal("-82.9")
    assert str(_pct_change(1, 3)) == "-66.7"


def test_report_average_rating_is_rounded_half_up():
    exhibition = factories.make_exhibition()
    for rating in (5, 5, 4):  # 4,666…
        VisitorFeedback.objects.create(exhibition=exhibition, rating=rating)

    cards = {card["label"]: card["value"] for card in exhibition_report(exhibition=exhibition).cards}

    assert cards["Penilaian pengunjung"] == "4,7 / 5"


def test_report_average_price_paid_is_rounded_half_up():
    delegation = factories.make_delegation(status="accepted")
    product = factories.make_product(prison=delegation.prison, price=10_000)
    for unit_price in (10_000, 10_000, 10_001, 10_001):  # 10.000,5 on average
        factories.make_sale(delegation=delegation, product=product, unit_price=unit_price,
                            idempotency_key=uuid.uuid4())

    rows = exhibition_report(exhibition=delegation.exhibition).tables["per_product"].rows

    assert rows[0][3] == 10_001


def test_report_comment_and_inquiry_times_carry_the_venue_s_zone(staff_client, fair):
    """Found by a ministry-staff probe: "6 Des 2026, 04.25" with no zone, while the sales rows
    carry theirs; and localised text in the CSV."""
    from exhibitions.models import Inquiry

    moment = datetime.datetime(2019, 4, 2, 20, 25, tzinfo=datetime.UTC)  # 04.25 WITA on 3 Apr
    VisitorFeedback.objects.filter(exhibition=fair).update(created_at=moment)
    Inquiry.objects.filter(exhibition=fair).update(created_at=moment)

    html = staff_client.get(report_url(fair)).content.decode()
    comments = staff_client.get(report_url(fair), {"table": "comments"}).content.decode("utf-8-sig")
    inquiries = staff_client.get(report_url(fair), {"table": "inquiry_list"}).content.decode("utf-8-sig")
    xlsx = staff_client.get(report_url(fair), {"table": "comments", "format": "xlsx"}).content

    assert html.count("3 Apr 2019, 04.25 WITA") == 5  # two comments, three inquiries
    comment_rows = list(csv.reader(io.StringIO(comments), delimiter=";"))[1:]
    inquiry_rows = list(csv.reader(io.StringIO(inquiries), delimiter=";"))[1:]
    assert [row[0] for row in comment_rows + inquiry_rows] == ["2019-04-03T04:25:00+08:00"] * 5
    sheet = load_workbook(io.BytesIO(xlsx)).active
    assert next(sheet.iter_rows(min_row=2, values_only=True))[0] == datetime.datetime(2019, 4, 3, 4, 25)


def test_the_report_workbook_names_the_venue_s_zone_of_its_times(staff_client, fair):
    """Found by a tester: the sheet of inquiries said "06/12/2026 09:32" with no zone in the cell
    or the header, where the page says WIT and the CSV +09:00."""
    from exhibitions.models import Inquiry

    moment = datetime.datetime(2019, 4, 2, 20, 25, tzinfo=datetime.UTC)  # 04.25 WITA on 3 Apr
    Inquiry.objects.filter(exhibition=fair).update(created_at=moment)

    response = staff_client.get(report_url(fair), {"table": "semua"})

    sheet = load_workbook(io.BytesIO(response.content))["Daftar permintaan pembeli"]
    assert sheet["A1"].value == "Waktu (WITA)"
    assert (sheet["A2"].value, sheet["A2"].number_format) == (
        datetime.datetime(2019, 4, 3, 4, 25), 'dd/mm/yyyy hh:mm "WITA"'
    )


def test_report_index_counts_transactions_net_of_corrections(staff_client, fair):
    """Found by a ministry-staff probe: the index counted 10 "sale entries" (a corrected sale and
    its reversal among them) where the report said 8 transactions."""
    empty = factories.make_exhibition()

    response = staff_client.get(reverse("admin:exhibitions_exhibition_reports"))

    rows = {item.pk: item for item in response.context["exhibitions"]}
    assert exhibition_report(exhibition=fair).totals["sale_count"] == 3
    assert rows[fair.pk].transactions == 3  # five rows: four sales and one correction
    assert rows[fair.pk].accepted == 3
    assert rows[previous_edition(fair).pk].transactions == 1
    assert rows[empty.pk].transactions == 0
    assert "Entri penjualan" not in response.content.decode()


def test_report_of_an_exhibition_without_anything_is_all_noughts():
    exhibition = factories.make_exhibition()

    report = exhibition_report(exhibition=exhibition)

    assert report.totals["revenue"] == 0 and report.totals["visitors"] == 0
    assert report.previous is None
    assert [row[1] for row in report.tables["per_day"].rows] == [0, 0, 0, 0]
    assert report.tables["comparison"].rows[0] == ["Pendapatan", 0, None, None, None]


# --- The back-office page --------------------------------------------------------------------


def report_url(exhibition):
    return reverse("admin:exhibitions_exhibition_report", args=[exhibition.pk])


def test_report_page_shows_the_figures_and_charts(staff_client, fair):
    response = staff_client.get(report_url(fair))

    assert response.status_code == 200
    html = response.content.decode()
    for text in ["Rp 610.000", "Rp 305.000", "Rp 183.000", "Rp 122.000", "Lapas Sukamiskin", "Jawa Barat",
                 "Kain Batik Mega Mendung", "Pameran 2018 (2018)", "+510,0%", "4,3 / 5"]:
        assert text in html, text
    assert html.count('<svg class="chart"') == 7
    assert "?table=per_product&amp;format=xlsx" in html


def test_report_page_for_corrections_staff_and_not_for_officers(fair, officer_client):
    corrections = Client()
    corrections.force_login(factories.make_user(role=roles.CORRECTIONS_STAFF))

    assert corrections.get(report_url(fair)).status_code == 200
    response = officer_client.get(report_url(fair))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("admin:login"))


def test_report_index_lists_the_exhibitions_with_links(staff_client, fair):
    response = staff_client.get(reverse("admin:exhibitions_exhibition_reports"))

    html = response.content.decode()
    assert response.status_code == 200
    assert report_url(fair) in html
    assert reverse("admin:exhibitions_exhibition_labels", args=[fair.pk]) in html
    assert reverse("admin:exhibitions_exhibition_reports") in staff_client.get(reverse("admin:index")).content.decode()


def test_report_counts_and_lists_inquiries_about_products_on_show_during_the_fair(fair):
    """Found by a new user's probe: an inquiry sent from a product's page (the QR code on a booth
    label) during the fair was not the fair's; the report counted only those sent from its page,
    and listed none."""
    from exhibitions.models import Inquiry

    delegation = fair.delegations.get(name="Lapas Sukamiskin")
    kain = delegation.prison.products.get(name="Kain Batik Mega Mendung")
    tas = delegation.prison.products.get(name="Tas Anyaman")
    delegation.products.add(kain)

    def sent(product, moment, **kwargs):
        inquiry = factories.make_inquiry(product=product, prison=product.prison, **kwargs)
        Inquiry.objects.filter(pk=inquiry.pk).update(created_at=moment)
        return inquiry

    sent(kain, datetime.datetime(2019, 4, 4, 23, 30, tzinfo=WITA), buyer_name="Hotel Santika",
                  organisation="PT Santika", quantity=300, reference="K7QX-4M2P")
    sent(kain, datetime.datetime(2019, 4, 5, 0, 30, tzinfo=WITA))  # the day after, at the venue
    sent(kain, datetime.datetime(2019, 4, 1, 23, 59, tzinfo=WITA))  # the day before
    sent(tas, datetime.datetime(2019, 4, 3, 10, 0, tzinfo=WITA))  # not shown at the fair

    tables = exhibition_report(exhibition=fair).tables

    assert tables["inquiries"].rows == [["Baru", 3], ["Dijawab", 1], ["Selesai", 0]]
    assert tables["inquiries"].footer == ["Jumlah", 4]
    listed = tables["inquiry_list"].rows
    assert len(listed) == 4
    assert ["K7QX-4M2P", "Hotel Santika", "PT Santika", "Kain Batik Mega Mendung", "Lapas Sukamiskin", 300, "Baru"] in [
        row[1:] for row in listed
    ]


def test_report_numbers_are_grouped_as_the_reader_s_language_groups():
    from django.utils import translation

    from exhibitions.reports import INT, format_cell

    with translation.override("id"):
        assert format_cell(1280, INT) == "1.280" and format_cell(-3315, INT) == "-3.315"
    with translation.override("en"):
        assert format_cell(1280, INT) == "1,280"


@pytest.mark.parametrize(
    "name",
    ["per_day", "per_delegation", "per_region", "per_category", "per_product", "per_payment", "split",
     "inmate_share", "visitors", "feedback", "comments", "inquiries", "inquiry_list", "comparison"],
)
def test_report_every_table_exports_as_csv_and_xlsx(staff_client, fair, name):
    table = exhibition_report(exhibition=fair).tables[name]

    csv_response = staff_client.get(report_url(fair), {"table": name, "format": "csv"})
    xlsx_response = staff_client.get(report_url(fair), {"table": name, "format": "xlsx"})

    assert csv_response.status_code == 200
    assert csv_response["Content-Disposition"] == (
        f'attachment; filename="laporan-{fair.slug}-{slugify(TABLE_FILE_NAMES[name])}.csv"'
    )
    assert not re.search(r"product|payment|day|split|inquir|visitor|feedback|comment|region", str(TABLE_FILE_NAMES[name]))
    rows = list(csv.reader(io.StringIO(csv_response.content.decode("utf-8-sig")), delimiter=";"))
    assert rows[0] == _workbook_headers(table)  # the CSV's header names the zone too
    assert len(rows) == 1 + len(table.rows) + (1 if table.footer else 0)
    sheet = load_workbook(io.BytesIO(xlsx_response.content)).active
    assert [cell.value for cell in sheet[1]] == _workbook_headers(table)
    assert sheet.max_row == len(rows)
    # Sums of money say so and show their thousands grouped (found by a staff probe: bare
    # 14192000 under "Pendapatan").
    for index, column in enumerate(table.columns, start=1):
        if column.kind == MONEY:
            assert sheet.cell(row=1, column=index).value.endswith("(Rp)")
            values = [sheet.cell(row=r, column=index) for r in range(2, sheet.max_row + 1)]
            assert all(c.number_format == "#,##0" for c in values if isinstance(c.value, int)), name


def _workbook_headers(table) -> list[str]:
    """The table's headers as the workbook and the CSV write them: a column of times names its
    zone (the fair is in Makassar)."""
    from exhibitions.reports import MOMENT

    return [
        f"{header} (WITA)" if column.kind == MOMENT and table.rows else header
        for column, header in zip(table.columns, table.export_headers, strict=True)
    ]


def test_every_table_downloads_together_as_one_workbook(staff_client, fair):
    """Found by a ministry probe: the report sent up the line was fourteen downloads."""
    report = exhibition_report(exhibition=fair)
    page = staff_client.get(report_url(fair)).content.decode()
    assert 'href="?table=semua" download' in page

    response = staff_client.get(report_url(fair), {"table": "semua"})

    assert response.status_code == 200
    assert response["Content-Disposition"] == f'attachment; filename="laporan-{fair.slug}.xlsx"'
    workbook = load_workbook(io.BytesIO(response.content))
    assert len(workbook.worksheets) == len(report.tables)
    assert len({sheet.title.casefold() for sheet in workbook.worksheets}) == len(report.tables)
    for sheet, table in zip(workbook.worksheets, report.tables.values(), strict=True):
        assert [cell.value for cell in sheet[1]] == _workbook_headers(table)
        assert sheet.max_row == 1 + len(table.rows) + (1 if table.footer else 0)


def test_report_exports_are_formula_safe(staff_client, fair):
    csv_text = staff_client.get(report_url(fair), {"table": "comments"}).content.decode("utf-8-sig")
    xlsx = staff_client.get(report_url(fair), {"table": "comments", "format": "xlsx"}).content

    assert "'=cmd|' /C calc'!A0" in csv_text
    sheet = load_workbook(io.BytesIO(xlsx)).active
    comments = [row[4] for row in sheet.iter_rows(min_row=2, values_only=True)]
    assert "'=cmd|' /C calc'!A0" in comments
    assert all(cell.data_type != "f" for row in sheet.iter_rows() for cell in row)


def test_report_export_numbers_stay_numbers(staff_client, fair):
    xlsx = staff_client.get(report_url(fair), {"table": "per_day", "format": "xlsx"}).content

    rows = list(load_workbook(io.BytesIO(xlsx)).active.iter_rows(min_row=2, values_only=True))
    assert rows[0] == (datetime.datetime(2019, 4, 2), 2, 5, 535_000, 267_500)  # the day a date, not text


def test_report_unknown_table_is_404_and_unknown_format_400(staff_client, fair):
    assert staff_client.get(report_url(fair), {"table": "nope"}).status_code == 404
    assert staff_client.get(report_url(fair), {"table": "per_day", "format": "pdf"}).status_code == 400


def test_report_queries_do_not_grow_with_the_sales(staff_client, staff_user):
    exhibition = factories.make_exhibition(edition=2)
    factories.make_exhibition(edition=1, start_date=datetime.date(2017, 1, 1), end_date=datetime.date(2017, 1, 2))
    delegation = factories.make_delegation(exhibition=exhibition, status="accepted")
    booth = make_booth(delegation=delegation)
    moment = datetime.datetime(2018, 4, 4, 10, tzinfo=WIB)
    factories.make_sale(delegation=delegation, booth=booth, sold_at=moment)
    with CaptureQueriesContext(connection) as one:
        exhibition_report(exhibition=exhibition)
    with CaptureQueriesContext(connection) as one_page:
        staff_client.get(report_url(exhibition))

    for i in range(12):
        other = factories.make_delegation(exhibition=exhibition, status="accepted")
        make_booth(delegation=other)
        sale = factories.make_sale(delegation=other, sold_at=moment + datetime.timedelta(days=i % 3), quantity=i + 1)
        VisitorFeedback.objects.create(exhibition=exhibition, rating=1 + i % 5, comment=f"Komentar {i}")
        if i % 4 == 0:
            sale_reverse(sale=sale, user=staff_user, idempotency_key=uuid.uuid4())
    VisitorCount.objects.create(exhibition=exhibition, day=datetime.date(2018, 4, 4), count=10)

    with CaptureQueriesContext(connection) as many:
        report = exhibition_report(exhibition=exhibition)
    with CaptureQueriesContext(connection) as many_page:
        staff_client.get(report_url(exhibition))

    assert Sale.objects.filter(exhibition=exhibition).count() == 16
    assert len(report.tables["per_delegation"].rows) == 13
    assert len(many) == len(one)
    assert len(many_page) == len(one_page)


def test_report_charts_name_a_long_prison_whole(staff_user):
    """Found on a 1366 px screen: "Lapas Perempuan Kelas I…" in the charts; the names fit now."""
    prison = factories.make_prison(name="Lapas Perempuan Kelas IIA Tangerang")
    exhibition = factories.make_exhibition()
    delegation = factories.make_delegation(exhibition=exhibition, prison=prison, name=prison.name, status="accepted")
    factories.make_sale(delegation=delegation, booth=make_booth(delegation=delegation), unit_price=185_000)

    report = exhibition_report(exhibition=exhibition)
    charts = " ".join(str(section.chart) for section in report.sections if getattr(section, "chart", None))
    assert ">Lapas Perempuan Kelas IIA Tangerang</text>" in charts
    assert "…" not in charts


def test_downloads_are_named_in_the_language_of_the_page(staff_client, fair):
    """The file said "laporan-…-perbandingan.csv" while its headings were English."""
    staff_client.cookies["django_language"] = "en"

    table = staff_client.get(report_url(fair), {"table": "comparison", "format": "csv"})
    workbook = staff_client.get(report_url(fair), {"table": "semua"})

    assert table["Content-Disposition"] == f'attachment; filename="report-{fair.slug}-comparison.csv"'
    assert workbook["Content-Disposition"] == f'attachment; filename="report-{fair.slug}.xlsx"'


@pytest.mark.parametrize("language", ["id", "en"])
def test_the_workbooks_sheet_names_are_whole_words(staff_client, fair, language):
    """Excel allows 31 characters: "Compared with the previous edit" was cut mid-word."""
    staff_client.cookies["django_language"] = language
    report = exhibition_report(exhibition=fair)

    response = staff_client.get(report_url(fair), {"table": "semua"})

    names = load_workbook(io.BytesIO(response.content)).sheetnames
    assert len(names) == len(report.tables)
    assert all(len(name) <= 31 for name in names)
    with translation.override(language):
        titles = {str(table.title) for table in exhibition_report(exhibition=fair).tables.values()}
    shortened = {name for name in names if name not in titles}
    expected = {"id": {"Dibanding edisi sebelumnya", "Bagian warga binaan per lapas"}, "en": {"Compared with previous edition"}}
    assert shortened == expected[language]
