"""Booth labels: a printable PDF (A4, eight labels a sheet) with a label per product shown at an
exhibition: its name, price, booth, prison, and QR codes to its public page and to the visitor
feedback form. Drawn with reportlab's standard fonts, so the text stays searchable (and testable)
in the PDF; the QR codes (segno) are drawn as vector squares, sharp at any printer resolution.
"""

import dataclasses
import io
import unicodedata

import segno
from django.db.models import Prefetch
from django.urls import NoReverseMatch, reverse
from django.utils import translation
from django.utils.translation import gettext as _
from reportlab.lib.colors import Color, white
from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.lib.utils import simpleSplit
from reportlab.pdfgen.canvas import Canvas

from exhibitions.models import Booth, Delegation, Exhibition
from inmates.templatetags.etalase import format_rupiah
from products.models import Product

INDIGO = Color(39 / 255, 48 / 255, 107 / 255)
SOGA = Color(122 / 255, 74 / 255, 31 / 255)
INK = Color(31 / 255, 29 / 255, 26 / 255)
MUTED = Color(91 / 255, 85 / 255, 77 / 255)
CUT_LINE = Color(0.78, 0.76, 0.72)

COLUMNS, ROWS = 2, 4
MARGIN = 10 * mm
GUTTER = 4 * mm
PADDING = 5 * mm
QR_SIZE = 21 * mm


@dataclasses.dataclass(frozen=True)
class Label:
    product_name: str
    price: int
    booth: str
    prison: str
    delegation: str
    product_url: str
    feedback_url: str | None


def product_qr_url(*, base_url: str, product: Product) -> str:
    """What a label's product QR code holds: the absolute URL of the product's public page."""
    return base_url.rstrip("/") + reverse("public:product-detail", kwargs={"slug": product.slug})


def feedback_qr_url(*, base_url: str, exhibition: Exhibition, booth: Booth | None, product: Product) -> str | None:
    """What a label's feedback QR code holds: the absolute URL of the visitor feedback form for
    this exhibition (with the booth and product when the form takes them); None while the
    public feedback form (``public:feedback``) does not exist."""
    from urllib.parse import urlencode

    try:
        path = reverse("public:feedback", kwargs={"slug": exhibition.slug})
    except NoReverseMatch:
        return None
    query = {"produk": product.slug}
    if booth is not None:
        query["stan"] = booth.code
    return f"{base_url.rstrip('/')}{path}?{urlencode(query)}"


def exhibition_labels(*, exhibition: Exhibition, base_url: str, delegation: Delegation | None = None) -> list[Label]:
    """A label per product shown by each accepted delegation of ``exhibition`` (only approved
    products, whose public page exists), by booth code, then delegation and product name. The
    booth is the delegation's first booth (by code); all its codes are printed. Two queries."""
    shown = (
        Delegation.products.through.objects.filter(
            delegation__exhibition=exhibition,
            delegation__status=Delegation.Status.ACCEPTED,
            product__status=Product.Status.APPROVED,
            product__revision_of__isnull=True,
        )
        .select_related("delegation", "product__prison")
        .prefetch_related(Prefetch("delegation__booths", queryset=Booth.objects.order_by("code")))
    )
    if delegation is not None:
        shown = shown.filter(delegation=delegation)
    labels = []
    for row in shown:
        booths = list(row.delegation.booths.all())
        product = row.product
        labels.append(
            Label(
                product_name=product.name,
                price=product.price,
                booth=", ".join(booth.code for booth in booths),
                prison=product.prison.name,
                delegation=row.delegation.name,
                product_url=product_qr_url(base_url=base_url, product=product),
                feedback_url=feedback_qr_url(
                    base_url=base_url, exhibition=exhibition, booth=booths[0] if booths else None, product=product
                ),
            )
        )
    labels.sort(key=lambda label: (label.booth == "", label.booth, label.delegation, label.product_name))
    return labels


def _pdf_text(text: str) -> str:
    """``text`` in the standard PDF fonts' character set (Windows-1252): letters with accents
    are kept where the set has them, others lose their accent, anything else becomes "?"."""
    out = []
    for char in str(text):
        try:
            char.encode("cp1252")
            out.append(char)
        except UnicodeEncodeError:
            base = unicodedata.normalize("NFKD", char).encode("cp1252", "ignore").decode("cp1252")
            out.append(base or "?")
    return "".join(out)


def _draw_qr(canvas: Canvas, data: str, *, x: float, y: float, size: float) -> None:
    qr = segno.make(data, error="m", micro=False)
    modules = list(qr.matrix_iter(scale=1, border=0))
    cell = size / len(modules)
    path = canvas.beginPath()
    # One rectangle per run of dark modules in a row, not one per module: the same picture with
    # about half the shapes (a whole exhibition's labels took 21 s at national scale).
    for row_index, row in enumerate(modules):
        top = y + size - (row_index + 1) * cell
        start = None
        for col_index, dark in enumerate((*row, 0)):
            if dark and start is None:
                start = col_index
            elif not dark and start is not None:
                path.rect(x + start * cell, top, (col_index - start) * cell, cell)
                start = None
    canvas.setFillColor(INK)
    canvas.drawPath(path, stroke=0, fill=1)


def _draw_lines(canvas: Canvas, lines: list[str], *, x: float, y: float, font: str, size: float, leading: float) -> float:
    canvas.setFont(font, size)
    for line in lines:
        canvas.drawString(x, y, line)
        y -= leading
    return y


def _draw_label(canvas: Canvas, label: Label, *, x: float, y: float, width: float, height: float) -> None:
    canvas.setStrokeColor(CUT_LINE)
    canvas.setDash(3, 3)
    canvas.setLineWidth(0.5)
    canvas.rect(x, y, width, height, stroke=1, fill=0)
    canvas.setDash()

    inner_x = x + PADDING
    inner_width = width - 2 * PADDING
    top = y + height - PADDING

    # The booth, large: visitors and cashiers find it from afar.
    booth_text = _pdf_text(_("Stan %(code)s") % {"code": label.booth}) if label.booth else ""
    canvas.setFillColor(INDIGO)
    canvas.setFont("Helvetica-Bold", 13)
    canvas.drawString(inner_x, top - 11, booth_text)
    prison_lines = simpleSplit(_pdf_text(label.prison), "Helvetica", 8, inner_width * 0.55)[:2]
    canvas.setFillColor(MUTED)
    canvas.setFont("Helvetica", 8)
    for i, line in enumerate(prison_lines):
        canvas.drawRightString(inner_x + inner_width, top - 7 - i * 9, line)

    canvas.setFillColor(INK)
    name_lines = simpleSplit(_pdf_text(label.product_name), "Helvetica-Bold", 14, inner_width)
    if len(name_lines) > 2:
        name_lines = name_lines[:2]
        name_lines[1] = name_lines[1].rstrip()[:-1].rstrip() + "..."
    cursor = _draw_lines(canvas, name_lines, x=inner_x, y=top - 32, font="Helvetica-Bold", size=14, leading=16)

    canvas.setFillColor(INDIGO)
    canvas.setFont("Helvetica-Bold", 20)
    canvas.drawString(inner_x, cursor - 8, _pdf_text(format_rupiah(label.price)))

    # The QR codes along the bottom, each with what it opens written under it.
    codes = [(label.product_url, _("Pindai: lihat produk"))]
    if label.feedback_url:
        codes.append((label.feedback_url, _("Pindai: beri masukan")))
    caption_y = y + PADDING + 1
    qr_y = caption_y + 12
    slot = inner_width / 2
    for i, (url, caption) in enumerate(codes):
        qr_x = inner_x + i * slot
        _draw_qr(canvas, url, x=qr_x, y=qr_y, size=QR_SIZE)
        canvas.setFillColor(INK)
        canvas.setFont("Helvetica-Bold", 8)
        canvas.drawString(qr_x, caption_y, _pdf_text(caption))


# Labels are printed for visitors at an Indonesian venue: they speak Indonesian whatever the
# language of the staff member who prints them.
LABEL_LANGUAGE = "id"


def labels_pdf(*, exhibition: Exhibition, labels: list[Label], compress: bool = True) -> bytes:
    """The labels on A4 sheets, ``COLUMNS`` x ``ROWS`` a sheet, with dashed cutting lines, in
    Indonesian (``LABEL_LANGUAGE``) whatever the active language.
    ``compress=False`` leaves the page streams readable (for tests)."""
    with translation.override(LABEL_LANGUAGE):
        return _labels_pdf(exhibition=exhibition, labels=labels, compress=compress)


def _labels_pdf(*, exhibition: Exhibition, labels: list[Label], compress: bool) -> bytes:
    buffer = io.BytesIO()
    canvas = Canvas(buffer, pagesize=A4, pageCompression=1 if compress else 0, invariant=1)
    canvas.setTitle(_pdf_text(_("Label stan: %(title)s") % {"title": exhibition.title}))
    canvas.setAuthor("Etalase")
    page_width, page_height = A4
    width = (page_width - 2 * MARGIN - (COLUMNS - 1) * GUTTER) / COLUMNS
    height = (page_height - 2 * MARGIN - (ROWS - 1) * GUTTER) / ROWS
    per_page = COLUMNS * ROWS
    if not labels:
        canvas.setFont("Helvetica", 12)
        canvas.drawString(MARGIN, page_height - MARGIN - 12, _pdf_text(_("Belum ada produk yang dipamerkan delegasi yang diterima.")))
        canvas.showPage()
    for start in range(0, len(labels), per_page):
        canvas.setFillColor(white)
        for i, label in enumerate(labels[start : start + per_page]):
            column, row = i % COLUMNS, i // COLUMNS
            x = MARGIN + column * (width + GUTTER)
            y = page_height - MARGIN - (row + 1) * height - row * GUTTER
            _draw_label(canvas, label, x=x, y=y, width=width, height=height)
        canvas.showPage()
    canvas.save()
    return buffer.getvalue()
