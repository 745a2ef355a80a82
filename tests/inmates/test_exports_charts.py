import csv
import io

import pytest
from django.utils import translation
from openpyxl import load_workbook

from inmates.charts import bar_chart
from inmates.exports import safe_cell, sheet_title, table_response


def test_safe_cell_neutralises_formulas_and_keeps_numbers():
    assert [safe_cell(v) for v in ("=SUM(A1)", "+1", "-2", "@cmd", "\tx", "Batik", 1500, -3, None, True)] == [
        "'=SUM(A1)",
        "'+1",
        "'-2",
        "'@cmd",
        "'\tx",
        "Batik",
        1500,
        -3,
        "",
        "Ya",
    ]


def test_table_response_csv_is_excel_friendly_and_safe():
    response = table_response(headers=["Nama", "Jumlah"], rows=[["=HYPERLINK(1)", 3]], filename="Laporan Uji")

    text = response.content.decode("utf-8")
    assert response["Content-Disposition"] == 'attachment; filename="laporan-uji.csv"'
    assert text.startswith("\ufeff")
    assert list(csv.reader(io.StringIO(text.lstrip("\ufeff")), delimiter=";")) == [["Nama", "Jumlah"], ["'=HYPERLINK(1)", "3"]]


def test_table_response_xlsx_has_no_formulas():
    response = table_response(headers=["Nama", "Jumlah"], rows=[["=1+1", 3], ["-x", 4]], filename="uji", fmt="xlsx")

    sheet = load_workbook(io.BytesIO(response.content)).active
    assert [[c.value for c in row] for row in sheet.iter_rows()] == [["Nama", "Jumlah"], ["'=1+1", 3], ["'-x", 4]]
    assert all(c.data_type != "f" for row in sheet.iter_rows() for c in row)


def test_bar_chart_escapes_labels_and_names_itself():
    svg = str(bar_chart(labels=["<b>Batik</b>", "Tenun"], values=[3, 0], title="Penjualan"))

    assert svg.startswith('<svg class="chart" role="img"')
    assert 'aria-label="Penjualan"' in svg
    assert "&lt;b&gt;Batik&lt;/b&gt;" in svg
    assert "<b>" not in svg
    assert svg.count("<rect") == 2


@pytest.mark.parametrize(("language", "written"), [("id", ">1.240</text>"), ("en", ">1,240</text>")])
def test_bar_chart_groups_numbers_as_the_language_does(language, written):
    with translation.override(language):
        svg = str(bar_chart(labels=["Hari 1"], values=[1240], title="Pengunjung"))

    assert written in svg


def test_table_response_xlsx_writes_dates_as_dates_in_local_time():
    """Found by a probe: "2018-04-03" was text in the workbook, so it did not sort as a date."""
    import datetime

    sold = datetime.datetime(2018, 4, 3, 3, 30, tzinfo=datetime.UTC)  # 10.30 WIB
    response = table_response(
        headers=["Hari", "Waktu"], rows=[[datetime.date(2018, 4, 3), sold]], filename="uji", fmt="xlsx"
    )
    sheet = load_workbook(io.BytesIO(response.content)).active
    day, moment = next(sheet.iter_rows(min_row=2))
    assert (day.value, day.number_format, day.is_date) == (datetime.datetime(2018, 4, 3), "dd/mm/yyyy", True)
    assert (moment.value, moment.number_format, moment.is_date) == (
        datetime.datetime(2018, 4, 3, 10, 30), 'dd/mm/yyyy hh:mm "WIB"', True
    )
    assert [cell.value for cell in sheet[1]] == ["Hari", "Waktu (WIB)"]


def test_table_response_xlsx_names_the_zone_of_each_time_column():
    """Found by a tester: the report's workbook said 06/12/2026 09:32 with no zone in the cell or
    the header, where the page says WIT and the CSV +09:00. A column of one zone says it in its
    header; one of several zones (sales of two venues) in each cell only."""
    import datetime
    import zoneinfo

    wit, wita = zoneinfo.ZoneInfo("Asia/Jayapura"), zoneinfo.ZoneInfo("Asia/Makassar")
    rows = [
        [datetime.datetime(2026, 12, 6, 9, 32, tzinfo=wit), datetime.datetime(2026, 12, 6, 9, 32, tzinfo=wit),
         datetime.datetime(2026, 12, 6, 9, 0)],
        [None, datetime.datetime(2026, 12, 6, 10, 0, tzinfo=wita), None],
    ]
    response = table_response(
        headers=["Waktu", "Waktu penjualan", "Tanpa zona"], rows=rows, filename="uji", fmt="xlsx"
    )

    sheet = load_workbook(io.BytesIO(response.content)).active
    assert [cell.value for cell in sheet[1]] == ["Waktu (WIT)", "Waktu penjualan", "Tanpa zona"]
    first, second = sheet.iter_rows(min_row=2)
    assert [(cell.value, cell.number_format) for cell in first] == [
        (datetime.datetime(2026, 12, 6, 9, 32), 'dd/mm/yyyy hh:mm "WIT"'),
        (datetime.datetime(2026, 12, 6, 9, 32), 'dd/mm/yyyy hh:mm "WIT"'),
        (datetime.datetime(2026, 12, 6, 9, 0), "dd/mm/yyyy hh:mm"),
    ]
    assert (second[1].value, second[1].number_format) == (
        datetime.datetime(2026, 12, 6, 10, 0), 'dd/mm/yyyy hh:mm "WITA"'
    )


def test_table_response_csv_names_the_zone_of_a_time_column_as_the_workbook_does():
    """The CSV's header said "Waktu" where the workbook's said "Waktu (WIB)" (noticed last stop):
    both name the zone of a column of one zone; each CSV cell also keeps its offset."""
    import csv
    import datetime
    import zoneinfo

    wib, wita = zoneinfo.ZoneInfo("Asia/Jakarta"), zoneinfo.ZoneInfo("Asia/Makassar")
    rows = (
        row
        for row in [
            [datetime.datetime(2026, 12, 6, 11, 0, tzinfo=wib), datetime.datetime(2026, 12, 6, 9, 0, tzinfo=wib), 1],
            [datetime.datetime(2026, 12, 6, 12, 0, tzinfo=wib), datetime.datetime(2026, 12, 6, 9, 0, tzinfo=wita), 2],
        ]
    )  # a generator, as the reports pass them: read once
    response = table_response(headers=["Waktu", "Waktu penjualan", "Jumlah"], rows=rows, filename="uji", fmt="csv")

    lines = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))
    assert lines == [
        ["Waktu (WIB)", "Waktu penjualan", "Jumlah"],
        ["2026-12-06T11:00:00+07:00", "2026-12-06T09:00:00+07:00", "1"],
        ["2026-12-06T12:00:00+07:00", "2026-12-06T09:00:00+08:00", "2"],
    ]


def test_safe_cell_leaves_a_phone_number_written_with_spaces_alone():
    """An enquiry's phone read "'+62 812 3456 7890" in Excel. Digits between spaces can call no
    function and reference no cell; with dashes or run together a spreadsheet would compute it
    (62-812-… as a subtraction, +6281… as a number), so those keep the apostrophe."""
    assert [safe_cell(v) for v in ("+62 812 3456 7890", "+62 21 555 0199")] == ["+62 812 3456 7890", "+62 21 555 0199"]
    assert [safe_cell(v) for v in ("+62-812-3456-7890", "+6281234567890", "+62 812 =A1", "+62 812 3456 7890 ", "+ 62")] == [
        "'+62-812-3456-7890",
        "'+6281234567890",
        "'+62 812 =A1",
        "'+62 812 3456 7890 ",
        "'+ 62",
    ]


def test_admin_csv_export_leaves_a_phone_number_alone_too():
    from inmates.admin_utils import csv_cell

    assert csv_cell("+62 812 3456 7890") == "+62 812 3456 7890"
    assert csv_cell("=HYPERLINK(1)") == "'=HYPERLINK(1)"


def test_a_long_sheet_title_is_shortened_at_a_word_boundary():
    assert sheet_title("Compared with the previous edition") == "Compared with the previous…"
    assert sheet_title("Bagian warga binaan per lapas/rutan") == "Bagian warga binaan per…"
    assert sheet_title("Sales by regional office") == "Sales by regional office"
    assert sheet_title("x" * 40) == "x" * 30 + "…"
    assert all(len(sheet_title(t)) <= 31 for t in ("a " * 30, "Penjualan per kategori produk unggulan"))
