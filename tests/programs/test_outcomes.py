"""The outcomes dashboard: the funnel per year and per region, exact on a small fixture, computed
in a constant number of queries, for staff only, and exportable as formula-safe CSV and XLSX."""

import csv
import datetime
import io

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from openpyxl import load_workbook

from inmates.models import Inmate
from programs.models import Certificate, FollowUp, Training
from programs.selectors import outcome_report
from tests import factories

pytestmark = pytest.mark.django_db

URL = "/admin/programs/hasil/"
KEYS = [
    "registered",
    "trained",
    "certified",
    "with_products",
    "exhibited",
    "sold",
    "released",
    "business_6",
    "business_12",
]


def numbers(*values) -> dict[str, int]:
    return dict(zip(KEYS, values, strict=True))


def _created(inmate: Inmate, year: int) -> None:
    moment = timezone.make_aware(datetime.datetime(year, 1, 10, 9, 0))
    Inmate.objects.filter(pk=inmate.pk).update(created_at=moment)


def _certificate(participant, number: str, issued_on: datetime.date, *, revoked: bool = False) -> Certificate:
    return Certificate.objects.create(
        participant=participant,
        number=number,
        issued_on=issued_on,
        revoked_at=timezone.now() if revoked else None,
        revoke_reason="Keliru." if revoked else "",
    )


def build_programme(*, west_province="Jawa Barat", north_province="Sumatera Utara", tag="") -> dict:
    """Two regions, each with a prison, whose people go through the funnel (see the comments)."""
    west = factories.make_region(province=west_province, name=f"Kanwil {west_province}")
    north = factories.make_region(province=north_province, name=f"Kanwil {north_province}")
    factories.make_region(province=f"Papua{tag}", name=f"Kanwil Papua{tag}")  # no data at all
    bandung = factories.make_prison(region=west, name=f"Lapas Bandung{tag}", slug=f"lapas-bandung{tag}")
    medan = factories.make_prison(region=north, name=f"Lapas Medan{tag}", slug=f"lapas-medan{tag}")

    # Registered: a1 in 2017; a2, a3, b1, b2 in 2018.
    a1, a2, a3 = (factories.make_inmate(prison=bandung) for _ in range(3))
    b1, b2 = (factories.make_inmate(prison=medan) for _ in range(2))
    _created(a1, 2017)
    for inmate in (a2, a3, b1, b2):
        _created(inmate, 2018)

    # Trained (confirmed in a training that ran): a1 in 2017 and again in 2018, a2 and b1 in 2018.
    finished = Training.Status.FINISHED
    t_a17 = factories.make_training(
        prison=bandung, starts_on=datetime.date(2017, 6, 1), ends_on=datetime.date(2017, 6, 5), status=finished
    )
    t_a18 = factories.make_training(prison=bandung, status=finished)  # March 2018
    t_b18 = factories.make_training(prison=medan, status=finished)
    t_planned = factories.make_training(prison=medan, status=Training.Status.PLANNED)
    a1_17 = factories.make_participant(training=t_a17, inmate=a1, status="confirmed", passed=True)
    a1_18 = factories.make_participant(training=t_a18, inmate=a1, status="confirmed", passed=True)
    factories.make_participant(training=t_a18, inmate=a2, status="confirmed", passed=False)
    factories.make_participant(training=t_a18, inmate=a3, status="proposed")
    b1_18 = factories.make_participant(training=t_b18, inmate=b1, status="confirmed", passed=True)
    factories.make_participant(training=t_planned, inmate=b2, status="confirmed")

    # Certified: a1 in 2017 and 2018; b1's certificate was revoked.
    _certificate(a1_17, f"T{tag}/2017/1", datetime.date(2017, 6, 5))
    _certificate(a1_18, f"T{tag}/2018/1", datetime.date(2018, 3, 5))
    _certificate(b1_18, f"T{tag}/2018/2", datetime.date(2018, 3, 5), revoked=True)

    # Approved products: a1 and a2 made one curated in 2018, b1 one curated in 2017; b2's is a draft.
    kursi = factories.make_product(
        prison=bandung, price=150_000, curated_at=timezone.make_aware(datetime.datetime(2018, 3, 10, 10))
    )
    kursi.makers.add(a1, a2)
    ulos = factories.make_product(
        prison=medan, price=85_000, curated_at=timezone.make_aware(datetime.datetime(2017, 3, 1, 10))
    )
    ulos.makers.add(b1)
    draft = factories.make_product(prison=medan, status="draft")
    draft.makers.add(b2)

    # Exhibited (accepted delegation, exhibition started): kursi in 2018, ulos in 2017. Not: ulos
    # with a rejected delegation in 2018, and with an accepted one at a future exhibition.
    fair_2017 = factories.make_exhibition(start_date=datetime.date(2017, 4, 4), end_date=datetime.date(2017, 4, 7))
    fair_2018 = factories.make_exhibition()  # 3-6 April 2018
    soon = timezone.localdate() + datetime.timedelta(days=60)
    fair_future = factories.make_exhibition(start_date=soon, end_date=soon + datetime.timedelta(days=3))
    west_2018 = factories.make_delegation(exhibition=fair_2018, prison=bandung, status="accepted")
    west_2018.products.add(kursi)
    north_2017 = factories.make_delegation(exhibition=fair_2017, prison=medan, status="accepted")
    north_2017.products.add(ulos)
    factories.make_delegation(exhibition=fair_2018, prison=medan, status="rejected").products.add(ulos)
    factories.make_delegation(exhibition=fair_future, prison=medan, status="accepted").products.add(ulos)

    # Sold: 2 x 150.000 in 2018, plus a sale of 150.000 reversed; 85.000 in 2017.
    factories.make_sale(delegation=west_2018, product=kursi, quantity=2)
    reversed_sale = factories.make_sale(delegation=west_2018, product=kursi, quantity=1)
    factories.make_sale(delegation=west_2018, product=kursi, quantity=1, reverses=reversed_sale)
    factories.make_sale(delegation=north_2017, product=ulos, quantity=1)

    # Released: a1 in 2018, b1 in 2017. Running a business: a1 at 6 months (not at 12); b1 at both.
    Inmate.objects.filter(pk=a1.pk).update(status="released", release_date=datetime.date(2018, 6, 1))
    Inmate.objects.filter(pk=b1.pk).update(status="released", release_date=datetime.date(2017, 12, 20))
    for inmate, months, on, business in (
        (a1, 6, datetime.date(2018, 12, 3), True),
        (a1, 12, datetime.date(2019, 6, 3), False),
        (b1, 6, datetime.date(2018, 6, 20), True),
        (b1, 12, datetime.date(2018, 12, 20), True),
    ):
        FollowUp.objects.create(
            inmate=inmate, months_after_release=months, recorded_on=on, has_business=business
        )
    return {"west": west, "north": north}


# --- The numbers


def test_outcome_report_all_years_counts_each_person_once():
    regions = build_programme()

    report = outcome_report()

    assert report.funnel == numbers(5, 3, 1, 3, 3, 385_000, 2, 2, 1)
    assert [(r.pk, values) for r, values in report.by_region] == [
        (regions["west"].pk, numbers(3, 2, 1, 2, 2, 300_000, 1, 1, 0)),
        (regions["north"].pk, numbers(2, 1, 0, 1, 1, 85_000, 1, 1, 1)),
    ]
    # a1 was trained and certified in 2017 and in 2018: once in each year, once over all years.
    assert report.by_year == [
        (2017, numbers(1, 1, 1, 1, 1, 85_000, 1, 1, 1)),
        (2018, numbers(4, 3, 1, 2, 2, 300_000, 1, 1, 0)),
    ]
    assert report.years == [2018, 2017]
    assert (report.year, report.region) == (None, None)


def test_outcome_report_for_a_year_and_a_region():
    regions = build_programme()

    year = outcome_report(year=2018)
    both = outcome_report(year=2018, region_id=regions["west"].pk)
    north = outcome_report(region_id=regions["north"].pk)

    assert year.funnel == numbers(4, 3, 1, 2, 2, 300_000, 1, 1, 0)
    assert [(r.province, values) for r, values in year.by_region] == [
        ("Jawa Barat", numbers(2, 2, 1, 2, 2, 300_000, 1, 1, 0)),
        ("Sumatera Utara", numbers(2, 1, 0, 0, 0, 0, 0, 0, 0)),
    ]
    assert both.funnel == numbers(2, 2, 1, 2, 2, 300_000, 1, 1, 0)
    assert both.region == regions["west"]
    assert north.funnel == numbers(2, 1, 0, 1, 1, 85_000, 1, 1, 1)
    assert north.by_year == [
        (2017, numbers(0, 0, 0, 1, 1, 85_000, 1, 1, 1)),
        (2018, numbers(2, 1, 0, 0, 0, 0, 0, 0, 0)),
    ]


def test_outcome_report_sales_subtract_reversals():
    build_programme()

    assert outcome_report(year=2018).funnel["sold"] == 300_000


def test_outcome_report_empty_database():
    report = outcome_report()

    assert report.funnel == dict.fromkeys(KEYS, 0)
    assert (report.by_region, report.by_year, report.years) == ([], [], [])


def test_outcome_report_query_count_is_constant():
    build_programme()
    with CaptureQueriesContext(connection) as small:
        outcome_report(year=2018)
    build_programme(west_province="Bali", north_province="Aceh", tag="2")
    build_programme(west_province="Banten", north_province="Riau", tag="3")

    with CaptureQueriesContext(connection) as large:
        report = outcome_report(year=2018)

    assert report.funnel["registered"] == 12
    assert len(small) == len(large) == 2


# --- The page


def test_outcomes_page_for_staff_shows_funnel_tables_and_charts(staff_client):
    build_programme()

    response = staff_client.get(URL, {"tahun": "2018"})

    assert response.status_code == 200
    body = response.content.decode()
    assert [(stage.key, value) for stage, value in response.context["funnel_rows"]] == [
        ("registered", "4"),
        ("trained", "3"),
        ("certified", "1"),
        ("with_products", "2"),
        ("exhibited", "2"),
        ("sold", "Rp 300.000"),
        ("released", "1"),
        ("business_6", "1"),
        ("business_12", "0"),
    ]
    assert body.count('<svg class="chart"') == 2
    assert "Alur pembinaan: jumlah orang per tahapan" in body
    assert "Penjualan per kanwil (Rp)" in body
    assert "Jawa Barat" in body and "Sumatera Utara" in body
    assert "Papua" not in [str(r) for r, _v in response.context["report"].by_region]
    assert "?tahun=2018&amp;tabel=kanwil&amp;format=xlsx" in body


def test_outcomes_page_for_corrections_staff(corrections_client):
    assert corrections_client.get(URL).status_code == 200


def test_outcomes_page_ignores_nonsense_filters(staff_client):
    build_programme()

    response = staff_client.get(URL, {"tahun": "abc", "kanwil": "-3"})

    assert response.status_code == 200
    assert (response.context["report"].year, response.context["report"].region) == (None, None)


def test_outcomes_page_refuses_officers_visitors_and_staff_who_see_one_prison(officer_client, client, prison):
    scoped_staff = factories.make_officer(prison=prison, is_staff=True)
    scoped_client = Client()
    scoped_client.force_login(scoped_staff)

    assert officer_client.get(URL).status_code == 302  # not staff: to the admin's login
    assert client.get(URL).status_code == 302
    assert scoped_client.get(URL).status_code == 302  # an officer is refused the back office


def test_outcomes_page_query_count_is_constant(staff_client):
    build_programme()
    staff_client.get(URL)
    with CaptureQueriesContext(connection) as small:
        staff_client.get(URL)
    build_programme(west_province="Bali", north_province="Aceh", tag="2")

    with CaptureQueriesContext(connection) as large:
        response = staff_client.get(URL)

    assert len(response.context["report"].by_region) == 4
    assert len(small) == len(large)


def test_admin_index_links_the_outcomes_for_staff(staff_client):
    assert URL in staff_client.get("/admin/").content.decode()


# --- Exports

FORMULA_REGION = '=HYPERLINK("http://x.test","Klik")'


def _csv(response) -> list[list[str]]:
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    return list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))


def test_outcomes_csv_per_region_is_exact_and_formula_safe(staff_client):
    build_programme(north_province=FORMULA_REGION)

    response = staff_client.get(URL, {"tabel": "kanwil", "format": "csv", "tahun": "2018"})

    assert response["Content-Disposition"] == 'attachment; filename="hasil-program-kanwil-2018.csv"'
    assert _csv(response) == [
        [
            "Kanwil",
            "Terdaftar",
            "Mengikuti pelatihan",
            "Bersertifikat",
            "Punya produk disetujui",
            "Karyanya dipamerkan",
            "Penjualan (Rp)",
            "Bebas",
            "Berusaha 6 bulan setelah bebas",
            "Berusaha 12 bulan setelah bebas",
        ],
        ["'" + FORMULA_REGION, "2", "1", "0", "0", "0", "0", "0", "0", "0"],
        ["Jawa Barat", "2", "2", "1", "2", "2", "300000", "1", "1", "0"],
    ]


def test_outcomes_csv_summary_and_per_year(staff_client):
    build_programme()

    summary = _csv(staff_client.get(URL, {"format": "csv"}))
    years = _csv(staff_client.get(URL, {"format": "csv", "tabel": "tahun"}))

    assert summary[0] == ["Tahapan", "Jumlah"]
    assert summary[1:] == [
        ["Terdaftar", "5"],
        ["Mengikuti pelatihan", "3"],
        ["Bersertifikat", "1"],
        ["Punya produk disetujui", "3"],
        ["Karyanya dipamerkan", "3"],
        ["Penjualan (Rp)", "385000"],
        ["Bebas", "2"],
        ["Berusaha 6 bulan setelah bebas", "2"],
        ["Berusaha 12 bulan setelah bebas", "1"],
    ]
    assert [row[:3] for row in years[1:]] == [["2017", "1", "1"], ["2018", "4", "3"]]


def test_outcomes_xlsx_has_numbers_and_no_formula(staff_client):
    build_programme(north_province=FORMULA_REGION)

    response = staff_client.get(URL, {"tabel": "kanwil", "format": "xlsx"})

    assert response["Content-Type"] == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = [[cell.value for cell in row] for row in sheet.iter_rows()]
    assert rows[1] == ["'" + FORMULA_REGION, 2, 1, 0, 1, 1, 85000, 1, 1, 1]
    assert rows[2][0] == "Jawa Barat"
    assert all(cell.data_type != "f" for row in sheet.iter_rows() for cell in row)


def test_outcomes_downloads_are_named_in_the_language_of_the_page(staff_client):
    """They were "programme-outcomes-ringkasan-all-years.csv" and "…-tahun.xlsx" with a sheet "tahun"."""
    from openpyxl import load_workbook

    build_programme()
    staff_client.cookies["django_language"] = "en"

    summary = staff_client.get(URL, {"tabel": "ringkasan", "format": "csv"})
    by_year = staff_client.get(URL, {"tabel": "tahun", "format": "xlsx"})

    assert summary["Content-Disposition"] == 'attachment; filename="programme-outcomes-summary-all-years.csv"'
    assert by_year["Content-Disposition"] == 'attachment; filename="programme-outcomes-by-year.xlsx"'
    assert load_workbook(io.BytesIO(by_year.content)).sheetnames == ["By year"]
