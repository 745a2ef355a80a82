"""Tables as CSV or XLSX downloads that are safe to open in a spreadsheet.

A text cell that starts with =, +, -, @ (or a tab / carriage return) would run as a formula in
Excel or LibreOffice ("CSV injection", OWASP): it gets a leading apostrophe. Numbers stay numbers.
One exception: a phone number written the international way with spaces ("+62 812 3456 7890": a
"+", then groups of digits between single spaces) is left as it is. It can name no function, no
cell reference and no DDE command, which is what the attack needs, and a spreadsheet cannot read
it as a sum either (a space between numbers is no arithmetic), so it shows as written; the
apostrophe only showed in every buyer's phone. With dashes or without spaces it keeps the
apostrophe: "+62-812-3456-7890" would be computed as a subtraction and "+6281234567890" shown
as 6.28E+12.
"""

import csv
import datetime
import io
import re
from collections.abc import Iterable, Sequence
from decimal import Decimal

from django.http import HttpResponse
from django.utils import timezone
from django.utils.text import slugify

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
FORMATS = ("csv", "xlsx")
PHONE_NUMBER = re.compile(r"\+\d+(?: \d+)+")


def formula_safe_text(text: str) -> str:
    """``text`` with a leading apostrophe when a spreadsheet would read it as a formula (an
    international phone number excepted, see the module's docstring)."""
    if text.startswith(FORMULA_STARTS) and not PHONE_NUMBER.fullmatch(text):
        return "'" + text
    return text


def spreadsheet_moment(value: datetime.datetime) -> datetime.datetime:
    """An aware time in the zone it belongs to: one put in a named zone on purpose (an
    exhibition's venue, ``moment.astimezone(exhibition.tzinfo)``) keeps it; one as the database
    drivers hand it, with a bare offset (UTC), is turned to the site's zone. A naive time is
    left as it is."""
    if isinstance(value.tzinfo, datetime.timezone):
        return timezone.localtime(value)
    return value


def moment_zone(value: datetime.datetime) -> str:
    """The zone ``value`` is shown in, by its usual name (WIB, WITA, WIT: the zone database's
    abbreviations), as ``spreadsheet_moment`` places it; "" for a naive time."""
    if value.tzinfo is None:
        return ""
    return spreadsheet_moment(value).tzname() or ""


def safe_cell(value):
    """A value ready for a spreadsheet cell: numbers as numbers, everything else as safe text."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "Ya" if value else "Tidak"
    if isinstance(value, (int, float, Decimal)):
        return value
    if isinstance(value, datetime.datetime):
        # ISO with the offset: "2019-10-10T00:30:00+08:00" says which clock, where "10/10 00.30"
        # in local text did not (found by a ministry-staff probe).
        return spreadsheet_moment(value).isoformat(timespec="seconds")
    if isinstance(value, datetime.date):
        return value.isoformat()
    return formula_safe_text(str(value))


# Spreadsheet programs set to Indonesian (where 1,5 is a number) read ";" as the column separator,
# as the participant import's template is written; a comma would put each row in one cell.
CSV_DELIMITER = ";"


def csv_decimal(value):
    """A number for a CSV cell: a fraction with a decimal comma ("-100,0", "4,65"), as such a
    spreadsheet reads it ("-100.0" was read as text or as -1000, found by a staff probe);
    whole numbers and everything else as they are."""
    if isinstance(value, float | Decimal) and not isinstance(value, bool):
        return format(value if isinstance(value, Decimal) else Decimal(repr(value)), "f").replace(".", ",")
    return value


def table_response(
    *, headers: Sequence[str], rows: Iterable[Sequence], filename: str, fmt: str = "csv", sheet: str = "Data"
) -> HttpResponse:
    """An attachment with ``headers`` and ``rows`` as CSV (UTF-8 with BOM, for Excel) or XLSX."""
    if fmt not in FORMATS:
        raise ValueError(f"unknown format {fmt!r}")
    base = slugify(filename) or "data"
    if fmt == "csv":
        rows = [list(row) for row in rows]
        # The header names the zone of a column of one zone, as the workbook's does (each cell
        # also carries its offset, "2026-12-06T11:00:00+07:00").
        header_cells = _zoned_headers(headers, rows)
        buffer = io.StringIO()
        buffer.write("\ufeff")
        writer = csv.writer(buffer, delimiter=CSV_DELIMITER)
        writer.writerow(header_cells)
        for row in rows:
            writer.writerow([csv_decimal(safe_cell(v)) for v in row])
        response = HttpResponse(buffer.getvalue(), content_type="text/csv; charset=utf-8")
    else:
        return workbook_response(sheets=[(sheet, headers, rows)], filename=filename)
    response["Content-Disposition"] = f'attachment; filename="{base}.{fmt}"'
    return response


XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def workbook_response(*, sheets: Iterable[tuple[str, Sequence[str], Iterable[Sequence]]], filename: str) -> HttpResponse:
    r"""An XLSX attachment with a worksheet per ``(title, headers, rows)`` (formula-safe; titles
    made valid and unique: at most 31 characters, none of []:*?/\)."""
    from openpyxl import Workbook

    workbook = Workbook(write_only=True)
    used = set()
    for title, headers, rows in sheets:
        name = sheet_title(title)
        number = 2
        while name.casefold() in used:
            suffix = f" ({number})"
            name = name[: 31 - len(suffix)] + suffix
            number += 1
        used.add(name.casefold())
        _write_sheet(workbook.create_sheet(title=name), headers, rows)
    out = io.BytesIO()
    workbook.save(out)
    response = HttpResponse(out.getvalue(), content_type=XLSX_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{slugify(filename) or "data"}.xlsx"'
    return response


def _column_zones(rows: list[list]) -> dict[int, str]:
    """For each column whose times are all shown in one zone, its index and that zone."""
    zones: dict[int, set[str]] = {}
    for row in rows:
        for index, value in enumerate(row):
            if isinstance(value, datetime.datetime):
                zones.setdefault(index, set()).add(moment_zone(value))
    return {index: next(iter(names)) for index, names in zones.items() if len(names) == 1 and "" not in names}
SHEET_TITLE_MAX = 31  # Excel's limit


def sheet_title(title) -> str:
    r"""``title`` as a worksheet's name: none of []:*?/\, and at most 31 characters, a longer one
    shortened at a word boundary with "…" ("Compared with the previous edit" read as cut off)."""
    name = " ".join(re.sub(r"[\[\]:*?/\\]", "-", str(title)).split())
    if len(name) > SHEET_TITLE_MAX:
        cut = name[: SHEET_TITLE_MAX - 1]
        if name[SHEET_TITLE_MAX - 1] != " " and " " in cut:
            cut = cut.rsplit(" ", 1)[0]
        name = cut.rstrip(" ,;:-–") + "…"
    return name or "Data"


def _zoned_headers(headers: Sequence[str], rows: list[list]) -> list:
    """The header cells, where a column of times all in one zone says which ("Waktu (WIB)")."""
    zones = _column_zones(rows)
    return [safe_cell(f"{h} ({zones[i]})" if i in zones else str(h)) for i, h in enumerate(headers)]


def _write_sheet(worksheet, headers, rows) -> None:
    from openpyxl.cell import WriteOnlyCell

    rows = [list(row) for row in rows]
    # A spreadsheet has no zones: a time is written on the clock it was read from, and the
    # header and the cell say which (found by a tester: "06/12/2026 09:32" in the report's
    # workbook, where the page says WIT and the CSV +09:00). A column of times in several zones
    # (sales of several venues) names the zone in each cell only.
    worksheet.append(_zoned_headers(headers, rows))
    # A column of whole rupiah (its header says "(Rp)") shows its thousands grouped, as the pages do.
    money = {i for i, h in enumerate(headers) if str(h).rstrip().endswith("(Rp)")}
    for row in rows:
        cells = []
        for index, value in enumerate(row):
            if index in money and isinstance(value, int) and not isinstance(value, bool):
                cell = WriteOnlyCell(worksheet, value=value)
                cell.number_format = "#,##0"
                cells.append(cell)
                continue
            if isinstance(value, datetime.date):
                # A real date (or date and time, in local time) that the spreadsheet sorts
                # and filters as one, written day first as in Indonesia (found by a probe).
                if isinstance(value, datetime.datetime):
                    local = spreadsheet_moment(value)
                    cell = WriteOnlyCell(worksheet, value=local.replace(tzinfo=None))
                    zone = moment_zone(value)
                    # The zone as text beside the time the cell shows; the value stays a time.
                    cell.number_format = f'dd/mm/yyyy hh:mm "{zone}"' if zone else "dd/mm/yyyy hh:mm"
                else:
                    cell = WriteOnlyCell(worksheet, value=value)
                    cell.number_format = "dd/mm/yyyy"
                cells.append(cell)
                continue
            cell = safe_cell(value)
            # openpyxl stores a string starting with "=" as a formula: never let that happen.
            if isinstance(cell, str) and cell.startswith("="):
                cell = "'" + cell
            cells.append(cell)
        worksheet.append(cells)
