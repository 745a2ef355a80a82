"""The staff report of one exhibition (the market trial's results): reads only.

Every figure is summed by the database (aggregates over Sale, VisitorCount, VisitorFeedback,
Inquiry); a correction (a reversing sale) counts negative, so the figures are net. The report
takes a fixed number of queries however many sales there are. Each table can be exported
(``report_table_response``) as formula-safe CSV or XLSX.
"""

import dataclasses
import datetime
import re
from collections.abc import Callable
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import (
    Avg,
    BigIntegerField,
    Count,
    Exists,
    IntegerField,
    OuterRef,
    Prefetch,
    Q,
    Subquery,
    Sum,
    Value,
)
from django.db.models.functions import Coalesce, TruncDate
from django.http import HttpResponse
from django.utils.formats import date_format, number_format
from django.utils.safestring import SafeString
from django.utils.translation import get_language, ngettext, pgettext, pgettext_lazy
from django.utils.translation import gettext as _

from exhibitions.models import (
    ZONE_ABBREVIATIONS,
    Booth,
    Delegation,
    Exhibition,
    Inquiry,
    Sale,
    VisitorCount,
    VisitorFeedback,
)
from exhibitions.selectors import sale_total_aggregates, sale_totals
from inmates.charts import SOGA, bar_chart
from inmates.exports import table_response, workbook_response
from inmates.templatetags.etalase import format_moment, format_rupiah

TEXT, INT, MONEY, DATE, DECIMAL, PERCENT = "text", "int", "money", "date", "decimal", "percent"
# A date and time on the venue's clock: "6 Des 2026, 04.25 WITA" on the page, ISO with the offset
# in the CSV.
MOMENT = "moment"
CHART_ROWS = 12  # the longest charts show the top rows; the tables and exports have them all
CHART_LABEL_CHARS = 40  # "Lapas Perempuan Kelas IIA Tangerang" whole
# The order of the report's sections on the page.
SECTIONS = (
    "comparison", "split", "inmate_share", "per_day", "per_delegation", "per_region", "per_category",
    "per_product", "per_payment", "visitors", "feedback", "comments", "inquiries", "inquiry_list",
)


# The tables' names in a downloaded file's name, in the language of the page it came from.
TABLE_FILE_NAMES = {
    "comparison": pgettext_lazy("nama berkas", "perbandingan"),
    "split": pgettext_lazy("nama berkas", "pembagian hasil"),
    "inmate_share": pgettext_lazy("nama berkas", "bagian warga binaan"),
    "per_day": pgettext_lazy("nama berkas", "per hari"),
    "per_delegation": pgettext_lazy("nama berkas", "per delegasi"),
    "per_region": pgettext_lazy("nama berkas", "per wilayah"),
    "per_category": pgettext_lazy("nama berkas", "per kategori"),
    "per_product": pgettext_lazy("nama berkas", "per produk"),
    "per_payment": pgettext_lazy("nama berkas", "per cara bayar"),
    "visitors": pgettext_lazy("nama berkas", "pengunjung"),
    "feedback": pgettext_lazy("nama berkas", "masukan"),
    "comments": pgettext_lazy("nama berkas", "komentar"),
    "inquiries": pgettext_lazy("nama berkas", "permintaan pembeli"),
    "inquiry_list": pgettext_lazy("nama berkas", "daftar permintaan pembeli"),
}

# A worksheet's name holds 31 characters at most: shorter names for the titles that are longer.
TABLE_SHEET_TITLES = {
    "comparison": pgettext_lazy("lembar kerja", "Dibanding edisi sebelumnya"),
    "inmate_share": pgettext_lazy("lembar kerja", "Bagian warga binaan per lapas"),
}


def _sheet_title(name: str, table) -> str:
    return str(TABLE_SHEET_TITLES.get(name, table.title))


def _file_name(report, name: str | None = None) -> str:
    parts = [pgettext("nama berkas", "laporan"), report.exhibition.slug]
    if name is not None:
        parts.append(str(TABLE_FILE_NAMES.get(name, name.replace("_", "-"))))
    return " ".join(parts)


@dataclasses.dataclass(frozen=True)
class Column:
    title: str
    kind: str = TEXT


@dataclasses.dataclass
class ReportTable:
    """A table of the report: ``rows`` hold raw values (int rupiah, dates, text), the same in
    the page and in the CSV/XLSX export."""

    name: str
    title: str
    columns: list[Column]
    rows: list[list]
    footer: list | None = None
    chart: SafeString | None = None
    note: str = ""
    # For a table whose rows measure different things (the comparison): the kind of each row's
    # figures, used instead of INT in its numeric columns.
    row_kinds: list[str] | None = None

    @property
    def headers(self) -> list[str]:
        return [column.title for column in self.columns]

    def _cells(self, row, row_kind: str | None = None) -> list[dict]:
        cells = []
        for value, column in zip(row, self.columns, strict=True):
            kind = row_kind if row_kind and column.kind == INT else column.kind
            cells.append({"text": format_cell(value, kind), "numeric": kind not in (TEXT, DATE, MOMENT)})
        return cells

    @property
    def display_rows(self) -> list[list[dict]]:
        kinds = self.row_kinds or [None] * len(self.rows)
        return [self._cells(row, kind) for row, kind in zip(self.rows, kinds, strict=True)]

    @property
    def display_footer(self) -> list[dict] | None:
        return self._cells(self.footer) if self.footer else None

    @property
    def export_headers(self) -> list[str]:
        """The headers of a download, which shows bare numbers: a sum of money says "(Rp)"
        (a spreadsheet then also groups its thousands, inmates.exports)."""
        return [f"{column.title} (Rp)" if column.kind == MONEY else str(column.title) for column in self.columns]

    def export_rows(self) -> list[list]:
        return [*self.rows, *([self.footer] if self.footer else [])]


def half_up(value, places: int) -> Decimal:
    """``value`` rounded to ``places`` decimals, a half away from nought, as a reader rounds:
    -66,66… is -66,7 and 4,65 is 4,7. Django's number_format cuts the digits off instead
    (-66,6; found by a ministry-staff probe), so every figure is rounded here first."""
    return Decimal(str(value)).quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)


def format_cell(value, kind: str) -> str:
    if value is None or value == "":
        return "–"
    if kind == MONEY:
        return format_rupiah(value)
    if kind == INT:
        # Grouped as the reader's language groups: 1.280 in Indonesian, 1,280 in English (found by
        # a new user's probe: "1.280" beside "-72.1%" on the English report).
        return number_format(value, 0, force_grouping=True)
    if kind == DATE and isinstance(value, datetime.date):
        return date_format(value, "D, j M Y")
    if kind == MOMENT and isinstance(value, datetime.datetime):
        zone = ZONE_ABBREVIATIONS.get(getattr(value.tzinfo, "key", ""), "")
        return f"{format_moment(value, short=True, localise=False)} {zone}".rstrip()
    if kind == DECIMAL:
        return number_format(half_up(value, 2), 2, force_grouping=True)
    if kind == PERCENT:
        # Grouped too: "+217627833,6%" was hard to read (a staff probe's absurd visitor count).
        rounded = half_up(value, 1)
        return ("+" if rounded > 0 else "") + number_format(rounded, 1, force_grouping=True) + "%"
    return str(value)


@dataclasses.dataclass
class ExhibitionReport:
    exhibition: Exhibition
    totals: dict[str, int]
    previous: Exhibition | None
    feedback: dict
    tables: dict[str, ReportTable]

    @property
    def sections(self) -> list[ReportTable]:
        return [self.tables[name] for name in SECTIONS if name in self.tables]

    @property
    def cards(self) -> list[dict]:
        """The headline figures, formatted."""
        totals, feedback = self.totals, self.feedback
        rating = (
            _("%(average)s / 5") % {"average": number_format(half_up(feedback["average"], 1), 1)}
            if feedback["count"]
            else "–"
        )
        return [
            {"label": _("Pendapatan bersih"), "value": format_rupiah(totals["revenue"]), "kind": "main"},
            {"label": _("Barang terjual"), "value": format_cell(totals["items"], INT)},
            {"label": _("Transaksi"), "value": format_cell(totals["sale_count"], INT)},
            {"label": _("Bagian warga binaan"), "value": format_rupiah(totals["share_inmate"]), "kind": "soga"},
            {"label": _("Pengunjung"), "value": format_cell(totals["visitors"], INT)},
            {
                "label": _("Penilaian pengunjung"),
                "value": rating,
                "note": ngettext("%(count)s masukan", "%(count)s masukan", feedback["count"]) % {"count": feedback["count"]},
            },
        ]


def _short(label: str) -> str:
    label = str(label).replace("Kanwil Kemenkumham ", "Kanwil ")
    return label if len(label) <= CHART_LABEL_CHARS else label[: CHART_LABEL_CHARS - 1] + "…"


def _chart(
    rows, *, label: Callable, value: Callable, title: str, money: bool = True, colour=None, keep_zero: bool = False
) -> SafeString | None:
    if not any(value(row) for row in rows):
        return None
    if not keep_zero:
        rows = [row for row in rows if value(row)]
    rows = sorted(rows, key=lambda row: -value(row))[:CHART_ROWS] if len(rows) > CHART_ROWS else rows
    kwargs = {"value_format": format_rupiah} if money else {}
    if colour:
        kwargs["colour"] = colour
    return bar_chart(
        labels=[_short(label(row)) for row in rows], values=[value(row) for row in rows], title=title, **kwargs
    )


def _net(row: dict, name: str) -> int:
    return row.get(name) or 0


def _pct_change(current: int, before: int) -> Decimal | None:
    """The change in per cent, to one decimal (rounded, so that the CSV and XLSX hold -82.8, not
    the float -82.8424464487035)."""
    if not before:
        return None
    return half_up(Decimal(current - before) * 100 / Decimal(before), 1)


def _series_name(title: str) -> str:
    """A title without what changes from one edition to the next (years, numbers, "ke-7", roman
    numerals) and case: "Pameran Karya WBP Makassar 2019" -> "pameran karya wbp makassar"."""
    words = re.sub(r"\bke-\w+|\bke\s*[0-9]+|[0-9]+", " ", title.casefold()).split()
    return " ".join(w for w in words if not re.fullmatch(r"[ivxlcdm]+", w))


def _same_place(first: str, second: str) -> bool:
    return " ".join(first.casefold().split()) == " ".join(second.casefold().split())


def previous_edition(exhibition: Exhibition) -> Exhibition | None:
    """The edition before ``exhibition`` in its own series, or None: a comparison with another
    kind of exhibition would mislead (found by a ministry-staff probe: a regional fair in
    Makassar was set against the national edition in Jakarta, "-87,1% pengunjung").

    A numbered exhibition (the national series numbers its editions) is compared with the one
    with the next-lower number. One without a number (a regional fair, a market trial) is
    compared with the latest unnumbered one that started before it in the same city, held at
    the same venue or under the same name apart from its year or number."""
    others = Exhibition.objects.exclude(pk=exhibition.pk)
    if exhibition.edition:
        return others.filter(edition__lt=exhibition.edition).order_by("-edition", "-start_date", "-pk").first()
    # The same city's earlier unnumbered exhibitions: a handful, compared by name here.
    candidates = others.filter(
        edition__isnull=True, city__iexact=exhibition.city.strip(), start_date__lt=exhibition.start_date
    ).order_by("-start_date", "-pk")
    series = _series_name(exhibition.title)
    for earlier in candidates:
        if _same_place(earlier.venue, exhibition.venue) or (series and _series_name(earlier.title) == series):
            return earlier
    return None


def _compare_figures(exhibitions: list[Exhibition]) -> dict[int, dict]:
    """Revenue, items, entries, inmate share, visitors and accepted delegations of each
    exhibition, in one query (a subquery per figure)."""
    sales = Sale.objects.filter(exhibition=OuterRef("pk")).order_by().values("exhibition")

    def sale_figure(name):
        figure = sales.annotate(v=sale_total_aggregates()[name]).values("v")[:1]
        return Coalesce(Subquery(figure), Value(0), output_field=BigIntegerField())

    visitors = (
        VisitorCount.objects.filter(exhibition=OuterRef("pk")).order_by().values("exhibition")
        .annotate(v=Sum("count")).values("v")[:1]
    )
    delegations = (
        Delegation.objects.filter(exhibition=OuterRef("pk"), status=Delegation.Status.ACCEPTED)
        .order_by().values("exhibition").annotate(v=Count("pk")).values("v")[:1]
    )
    figures = {
        "revenue": sale_figure("revenue"),
        "items": sale_figure("items"),
        "sale_count": sale_figure("sale_count"),
        "share_inmate": sale_figure("share_inmate"),
        "visitors": Coalesce(Subquery(visitors, output_field=IntegerField()), Value(0)),
        "delegations": Coalesce(Subquery(delegations, output_field=IntegerField()), Value(0)),
    }
    # Prefixed: Exhibition has relations named "sales" and "delegations".
    rows = (
        Exhibition.objects.filter(pk__in=[e.pk for e in exhibitions])
        .annotate(**{f"figure_{name}": expression for name, expression in figures.items()})
        .values("pk", *(f"figure_{name}" for name in figures))
    )
    return {row["pk"]: {name: row[f"figure_{name}"] for name in figures} for row in rows}


def exhibition_inquiries(exhibition: Exhibition):
    """Buyer inquiries that belong to ``exhibition``: those sent from its page, and those about a
    product one of its accepted delegations showed, sent during its days (at the venue's time)."""
    from exhibitions.selectors import venue_day_bounds

    start, _next = venue_day_bounds(exhibition, exhibition.start_date)
    _last, end = venue_day_bounds(exhibition, exhibition.end_date)
    shown = Delegation.products.through.objects.filter(
        delegation__exhibition=exhibition, delegation__status=Delegation.Status.ACCEPTED
    ).values("product_id")
    return Inquiry.objects.filter(
        Q(exhibition=exhibition) | Q(product_id__in=shown, created_at__gte=start, created_at__lt=end)
    )


def exhibition_report(*, exhibition: Exhibition, recent_comments: int = 10, with_buyers: bool = True) -> ExhibitionReport:
    """Everything the staff report of ``exhibition`` shows, with its tables and charts.

    Net sales (corrections subtracted) per day at the venue (its own zone; every day of the
    exhibition listed), per delegation (accepted ones, and any other with sales), per region
    (the delegation's Kanwil), per product category, per product and per payment method; the
    revenue split (inmates' share, PNBP, programme costs) and the inmates' share per prison (of
    the product); visitor counts per day; visitor feedback (average, count per rating, the latest
    ``recent_comments`` comments); buyer inquiries by status, and (``with_buyers``: for whoever
    may read inquiries) their list with each buyer's name; and a comparison with the previous
    edition (``previous_edition``). A fixed number of queries.
    """
    sales = Sale.objects.filter(exhibition=exhibition).order_by()
    aggregates = sale_total_aggregates()
    english = (get_language() or "id").startswith("en")
    totals = sale_totals(sales)
    tables: dict[str, ReportTable] = {}
    charts: dict[str, SafeString] = {}
    sale_columns = [Column(_("Transaksi"), INT), Column(_("Barang"), INT), Column(_("Pendapatan"), MONEY)]

    def sale_cells(row) -> list:
        return [_net(row, "sale_count"), _net(row, "items"), _net(row, "revenue")]

    sale_footer = [totals["sale_count"], totals["items"], totals["revenue"]]

    # Per day at the venue; every exhibition day is listed, with nought when nothing was sold.
    by_day = {
        row["day"]: row
        for row in sales.annotate(day=TruncDate("sold_at", tzinfo=exhibition.tzinfo))
        .values("day")
        .annotate(**aggregates)
        .order_by("day")
    }
    days = []
    day = exhibition.start_date
    while day <= exhibition.end_date:
        days.append(day)
        day += datetime.timedelta(days=1)
    days = sorted(set(days) | set(by_day))
    day_rows = [{"day": d, **by_day.get(d, {})} for d in days]
    tables["per_day"] = ReportTable(
        name="per_day",
        title=_("Penjualan per hari"),
        columns=[Column(_("Hari"), DATE), *sale_columns, Column(_("Bagian warga binaan"), MONEY)],
        rows=[[row["day"], *sale_cells(row), _net(row, "share_inmate")] for row in day_rows],
        footer=[_("Jumlah"), *sale_footer, totals["share_inmate"]],
        note=_("Hari menurut waktu setempat (%(zone)s).") % {"zone": exhibition.zone_abbreviation},
    )
    charts["per_day"] = _chart(
        day_rows,
        label=lambda row: date_format(row["day"], "D, j M"),
        value=lambda row: _net(row, "revenue"),
        title=_("Pendapatan per hari"),
        keep_zero=True,
    )

    # Per delegation: accepted delegations (also without sales) and any other that sold.
    has_sales = Exists(Sale.objects.filter(delegation=OuterRef("pk")))
    delegations = list(
        Delegation.objects.filter(exhibition=exhibition)
        .filter(Q(status=Delegation.Status.ACCEPTED) | has_sales)
        .select_related("region")
        .prefetch_related(Prefetch("booths", queryset=Booth.objects.order_by("code").only("code", "delegation")))
        .annotate(**sale_total_aggregates("sales__"))
        .order_by("name", "pk")
    )
    delegation_rows = sorted(delegations, key=lambda d: (-(d.revenue or 0), d.name))
    tables["per_delegation"] = ReportTable(
        name="per_delegation",
        title=_("Penjualan per delegasi"),
        columns=[Column(_("Stan"), TEXT), Column(_("Delegasi"), TEXT), Column(_("Kanwil"), TEXT), *sale_columns],
        rows=[
            [
                ", ".join(booth.code for booth in d.booths.all()),
                d.name,
                d.region.province,
                d.sale_count or 0,
                d.items or 0,
                d.revenue or 0,
            ]
            for d in delegation_rows
        ],
        footer=[_("Jumlah"), "", "", *sale_footer],
    )
    charts["per_delegation"] = _chart(
        delegation_rows, label=lambda d: d.name, value=lambda d: d.revenue or 0, title=_("Pendapatan per delegasi")
    )

    # Per region (the delegation's Kanwil).
    region_rows = list(
        sales.values("delegation__region__province").annotate(**aggregates).order_by("-revenue", "delegation__region__province")
    )
    tables["per_region"] = ReportTable(
        name="per_region",
        title=_("Penjualan per kanwil"),
        columns=[Column(_("Kanwil"), TEXT), *sale_columns],
        rows=[[row["delegation__region__province"], *sale_cells(row)] for row in region_rows],
        footer=[_("Jumlah"), *sale_footer],
    )
    charts["per_region"] = _chart(
        region_rows,
        label=lambda row: row["delegation__region__province"],
        value=lambda row: _net(row, "revenue"),
        title=_("Pendapatan per kanwil"),
    )

    # Per product category.
    category_rows = list(
        sales.values("product__category__name_id", "product__category__name_en")
        .annotate(**aggregates)
        .order_by("-revenue", "product__category__name_id")
    )

    def category_name(row) -> str:
        return (english and row["product__category__name_en"]) or row["product__category__name_id"]

    tables["per_category"] = ReportTable(
        name="per_category",
        title=_("Penjualan per kategori"),
        columns=[Column(_("Kategori"), TEXT), *sale_columns],
        rows=[[category_name(row), *sale_cells(row)] for row in category_rows],
        footer=[_("Jumlah"), *sale_footer],
    )
    charts["per_category"] = _chart(
        category_rows, label=category_name, value=lambda row: _net(row, "revenue"), title=_("Pendapatan per kategori")
    )

    # Per product, with the catalogue price beside the average price actually paid.
    product_rows = list(
        sales.values("product_id", "product__name", "product__price", "product__prison__name")
        .annotate(**aggregates)
        .order_by("-revenue", "product__name", "product_id")
    )
    tables["per_product"] = ReportTable(
        name="per_product",
        title=_("Penjualan per produk"),
        columns=[
            Column(_("Produk"), TEXT),
            Column(_("Lapas/Rutan"), TEXT),
            Column(_("Harga katalog"), MONEY),
            Column(_("Harga rata-rata terjual"), MONEY),
            *sale_columns,
        ],
        rows=[
            [
                row["product__name"],
                row["product__prison__name"],
                row["product__price"],
                int(half_up(Decimal(_net(row, "revenue")) / row["items"], 0)) if row["items"] else None,
                *sale_cells(row),
            ]
            for row in product_rows
        ],
        footer=[_("Jumlah"), "", "", "", *sale_footer],
    )
    charts["per_product"] = _chart(
        product_rows,
        label=lambda row: row["product__name"],
        value=lambda row: _net(row, "revenue"),
        title=_("Produk dengan pendapatan terbesar"),
    )

    # Per payment method.
    method_labels = dict(Sale.PaymentMethod.choices)
    method_rows = list(sales.values("payment_method").annotate(**aggregates).order_by("-revenue", "payment_method"))
    tables["per_payment"] = ReportTable(
        name="per_payment",
        title=_("Penjualan per cara bayar"),
        columns=[Column(_("Cara bayar"), TEXT), *sale_columns],
        rows=[[str(method_labels.get(row["payment_method"], row["payment_method"])), *sale_cells(row)] for row in method_rows],
        footer=[_("Jumlah"), *sale_footer],
    )

    # The revenue split, and the inmates' share per prison (the prison whose inmates made it).
    tables["split"] = ReportTable(
        name="split",
        title=_("Pembagian hasil penjualan"),
        columns=[Column(_("Bagian"), TEXT), Column(_("Persentase (%)"), INT), Column(_("Jumlah"), MONEY)],
        rows=[
            [_("Bagian warga binaan"), exhibition.share_inmate_pct, totals["share_inmate"]],
            [_("PNBP (penerimaan negara bukan pajak)"), exhibition.share_pnbp_pct, totals["share_pnbp"]],
            [_("Biaya program"), exhibition.share_programme_pct, totals["share_programme"]],
        ],
        footer=[_("Jumlah"), 100, totals["share_inmate"] + totals["share_pnbp"] + totals["share_programme"]],
        note=_("Tiap penjualan dibagi saat dicatat; bagian-bagiannya selalu berjumlah tepat sama dengan nilai penjualan."),
    )
    prison_rows = list(
        sales.values("product__prison__name").annotate(**aggregates).order_by("-share_inmate", "product__prison__name")
    )
    tables["inmate_share"] = ReportTable(
        name="inmate_share",
        title=_("Bagian warga binaan per lapas/rutan"),
        columns=[Column(_("Lapas/Rutan"), TEXT), Column(_("Barang"), INT), Column(_("Pendapatan"), MONEY), Column(_("Bagian warga binaan"), MONEY)],
        rows=[
            [row["product__prison__name"], _net(row, "items"), _net(row, "revenue"), _net(row, "share_inmate")]
            for row in prison_rows
        ],
        footer=[_("Jumlah"), totals["items"], totals["revenue"], totals["share_inmate"]],
    )
    charts["inmate_share"] = _chart(
        prison_rows,
        label=lambda row: row["product__prison__name"],
        value=lambda row: _net(row, "share_inmate"),
        title=_("Bagian warga binaan per lapas/rutan"),
        colour=SOGA,
    )

    # Visitors per day.
    visitor_rows = list(VisitorCount.objects.filter(exhibition=exhibition).order_by("day").values("day", "count"))
    visitors_total = sum(row["count"] for row in visitor_rows)  # a handful of days, already fetched
    tables["visitors"] = ReportTable(
        name="visitors",
        title=_("Pengunjung per hari"),
        columns=[Column(_("Hari"), DATE), Column(_("Pengunjung"), INT)],
        rows=[[row["day"], row["count"]] for row in visitor_rows],
        footer=[_("Jumlah"), visitors_total],
    )
    charts["visitors"] = _chart(
        visitor_rows,
        label=lambda row: date_format(row["day"], "D, j M"),
        value=lambda row: row["count"],
        title=_("Pengunjung per hari"),
        money=False,
        colour=SOGA,
    )

    # Visitor feedback: the average, how many gave each rating, the latest comments.
    feedback = VisitorFeedback.objects.filter(exhibition=exhibition).order_by()
    summary = feedback.aggregate(
        count=Count("pk"),
        average=Avg("rating"),
        **{f"rating_{n}": Count("pk", filter=Q(rating=n)) for n in range(1, 6)},
    )
    tables["feedback"] = ReportTable(
        name="feedback",
        title=_("Penilaian pengunjung"),
        columns=[Column(_("Penilaian"), TEXT), Column(_("Jumlah"), INT)],
        rows=[[_("%(n)s dari 5") % {"n": n}, summary[f"rating_{n}"]] for n in range(5, 0, -1)],
        footer=[_("Jumlah"), summary["count"]],
    )
    comments = list(
        feedback.exclude(comment="").select_related("product", "booth").order_by("-created_at", "-pk")[:recent_comments]
    )
    tables["comments"] = ReportTable(
        name="comments",
        title=_("Komentar terbaru pengunjung"),
        columns=[
            Column(_("Waktu"), MOMENT),
            Column(_("Penilaian"), INT),
            Column(_("Produk"), TEXT),
            Column(_("Stan"), TEXT),
            Column(_("Komentar"), TEXT),
        ],
        rows=[
            [
                c.created_at.astimezone(exhibition.tzinfo),
                c.rating,
                c.product.name if c.product else "",
                c.booth.code if c.booth else "",
                c.comment,
            ]
            for c in comments
        ],
    )

    # Buyer inquiries of the exhibition: those that name it, and those about a product its accepted
    # delegations showed, sent during its days (a visitor scanning a booth label's QR code asks from
    # the product's page; found by a new user's probe: the report counted none of those).
    inquiries = exhibition_inquiries(exhibition)
    inquiry_counts = inquiries.order_by().aggregate(
        all=Count("pk"), **{status: Count("pk", filter=Q(status=status)) for status in Inquiry.Status.values}
    )
    tables["inquiries"] = ReportTable(
        name="inquiries",
        title=_("Permintaan pembeli"),
        columns=[Column(_("Status"), TEXT), Column(_("Jumlah"), INT)],
        rows=[[str(label), inquiry_counts[value]] for value, label in Inquiry.Status.choices],
        footer=[_("Jumlah"), inquiry_counts["all"]],
    )
    if with_buyers:  # names of people: only for whoever may read the inquiries themselves
        listed = inquiries.select_related("product", "prison").order_by("created_at", "pk")
        tables["inquiry_list"] = ReportTable(
            name="inquiry_list",
            title=_("Daftar permintaan pembeli"),
            columns=[
                Column(_("Waktu"), MOMENT),
                Column(_("Nomor"), TEXT),
                Column(_("Pembeli"), TEXT),
                Column(_("Instansi/usaha"), TEXT),
                Column(_("Tentang"), TEXT),
                Column(_("Lapas/rutan"), TEXT),
                Column(_("Jumlah yang diinginkan"), INT),
                Column(_("Status"), TEXT),
            ],
            rows=[
                [
                    i.created_at.astimezone(exhibition.tzinfo),
                    i.reference or str(i.pk),  # the number the buyer was given and quotes
                    i.buyer_name,
                    i.organisation,
                    i.product.name if i.product_id else exhibition.title,
                    i.prison.name if i.prison_id else "",
                    i.quantity,
                    str(i.get_status_display()),
                ]
                for i in listed
            ],
        )

    # The previous edition, side by side.
    previous = previous_edition(exhibition)
    figures = _compare_figures([exhibition] + ([previous] if previous else []))
    now_figures = figures[exhibition.pk]
    before = figures.get(previous.pk) if previous else None
    comparison = [
        (_("Pendapatan"), "revenue", MONEY),
        (_("Barang terjual"), "items", INT),
        (_("Transaksi"), "sale_count", INT),
        (_("Bagian warga binaan"), "share_inmate", MONEY),
        (_("Pengunjung"), "visitors", INT),
        (_("Delegasi diterima"), "delegations", INT),
    ]
    compare_rows = []
    for label, key, _kind in comparison:
        current = now_figures[key] or 0
        earlier = (before[key] or 0) if before else None
        compare_rows.append(
            [label, current, earlier, None if earlier is None else current - earlier,
             None if earlier is None else _pct_change(current, earlier)]
        )
    previous_title = (
        f"{previous.title} ({previous.start_date:%Y})" if previous else _("Edisi sebelumnya")
    )
    tables["comparison"] = ReportTable(
        name="comparison",
        title=_("Dibandingkan edisi sebelumnya"),
        columns=[
            Column(pgettext("kolom laporan: nama angka", "Ukuran"), TEXT),
            Column(_("Edisi ini"), INT),
            Column(previous_title, INT),
            Column(_("Selisih"), INT),
            Column(_("Perubahan"), PERCENT),
        ],
        rows=compare_rows,
        row_kinds=[kind for _label, _key, kind in comparison],
        note="" if previous else _("Belum ada edisi sebelumnya untuk dibandingkan."),
    )

    for name, chart in charts.items():
        tables[name].chart = chart
    return ExhibitionReport(
        exhibition=exhibition,
        totals={**totals, "visitors": visitors_total, "delegations": now_figures["delegations"]},
        previous=previous,
        feedback=summary,
        tables=tables,
    )


def report_workbook_response(*, report: ExhibitionReport) -> HttpResponse:
    """Every table of ``report`` in one XLSX workbook, a worksheet each, in the page's order (found
    by a ministry probe: the report to send up was fourteen downloads)."""
    return workbook_response(
        sheets=[(_sheet_title(name, table), table.export_headers, table.export_rows()) for name, table in report.tables.items()],
        filename=_file_name(report),
    )


def report_table_response(*, report: ExhibitionReport, name: str, fmt: str) -> HttpResponse:
    """The table ``name`` of ``report`` as a CSV or XLSX download (formula-safe). KeyError for an
    unknown table, ValueError for an unknown format."""
    table = report.tables[name]
    return table_response(
        headers=table.export_headers,
        rows=table.export_rows(),
        filename=_file_name(report, name),
        fmt=fmt,
        sheet=_sheet_title(name, table),  # made a valid worksheet name by workbook_response
    )
