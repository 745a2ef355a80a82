"""Booth labels: the PDF holds a label per product shown by the accepted delegations (name,
price, booth, prison), its QR code holds exactly the product's public URL, and only staff who may
view the exhibition can print it."""

import base64
import re
import zlib

import pytest
from django.test import Client
from django.urls import reverse

from exhibitions.labels import (
    _pdf_text,
    exhibition_labels,
    feedback_qr_url,
    labels_pdf,
    product_qr_url,
)
from exhibitions.models import Delegation
from tests import factories
from tests.exhibitions.sales_helpers import make_booth

pytestmark = pytest.mark.django_db

BASE = "https://etalase.example.id"


def pdf_text(pdf: bytes) -> str:
    """The text drawn in a PDF: its content streams decoded when compressed, and the strings of
    the text operators ("(…) Tj") unescaped."""
    streams = []
    for match in re.finditer(rb"\d+ 0 obj\s*<<(.*?)>>\s*stream\r?\n(.*?)\r?\n?endstream", pdf, re.S):
        header, data = match.groups()
        if b"/ASCII85Decode" in header:
            data = base64.a85decode(data.strip(), adobe=True)
        if b"/FlateDecode" in header:
            data = zlib.decompress(data)
        streams.append(data.decode("latin-1"))
    content = "\n".join(streams)
    strings = re.findall(r"\(((?:\\.|[^\\)])*)\)\s*Tj", content)
    return "\n".join(re.sub(r"\\([0-7]{1,3}|.)", _unescape, s) for s in strings)


def _unescape(match) -> str:
    code = match.group(1)
    return chr(int(code, 8)) if code[0] in "01234567" else code


@pytest.fixture
def exhibition():
    return factories.make_exhibition(title="Pameran Produk Unggulan Narapidana 2018")


@pytest.fixture
def shown(exhibition, prison):
    delegation = factories.make_delegation(
        exhibition=exhibition, prison=prison, name="Lapas Kelas I Cipinang", status=Delegation.Status.ACCEPTED
    )
    make_booth(delegation=delegation, code="A-01")
    batik = factories.make_product(prison=prison, name="Kain Batik Tulis Parang", slug="kain-batik-parang", price=350_000)
    sandal = factories.make_product(prison=prison, name="Sandal Hotel Anyaman", slug="sandal-hotel", price=45_000)
    draft = factories.make_product(prison=prison, name="Produk Masih Draf", status="draft")
    delegation.products.add(batik, sandal, draft)
    return delegation


@pytest.fixture
def rejected(exhibition, other_prison):
    delegation = factories.make_delegation(
        exhibition=exhibition, prison=other_prison, name="Lapas Ditolak", status=Delegation.Status.REJECTED
    )
    make_booth(delegation=delegation, code="C-09")
    delegation.products.add(factories.make_product(prison=other_prison, name="Produk Delegasi Ditolak"))
    return delegation


def test_product_qr_url_is_exactly_the_products_public_page(exhibition, prison):
    product = factories.make_product(prison=prison, slug="kain-batik-parang")

    url = product_qr_url(base_url=BASE + "/", product=product)

    assert url == BASE + reverse("public:product-detail", kwargs={"slug": "kain-batik-parang"})
    assert url == "https://etalase.example.id/produk/kain-batik-parang/"
    assert Client().get(url.removeprefix(BASE)).status_code == 200


def test_feedback_qr_url_is_the_feedback_form_with_booth_and_product(exhibition, prison):
    product = factories.make_product(prison=prison, slug="kain-batik-parang")
    booth = make_booth(exhibition=exhibition, prison=prison, code="A-01")
    booth.delegation.products.add(product)

    url = feedback_qr_url(base_url=BASE, exhibition=exhibition, booth=booth, product=product)

    path = reverse("public:feedback", kwargs={"slug": exhibition.slug})
    assert url == f"{BASE}{path}?produk=kain-batik-parang&stan=A-01"
    page = Client().get(url.removeprefix(BASE))
    assert page.status_code == 200
    assert page.context["product"] == product


def test_exhibition_labels_are_the_approved_products_of_accepted_delegations(exhibition, shown, rejected):
    labels = exhibition_labels(exhibition=exhibition, base_url=BASE)

    assert [(label.product_name, label.price, label.booth, label.prison) for label in labels] == [
        ("Kain Batik Tulis Parang", 350_000, "A-01", "Lapas Kelas I Cipinang"),
        ("Sandal Hotel Anyaman", 45_000, "A-01", "Lapas Kelas I Cipinang"),
    ]
    assert labels[0].product_url == BASE + "/produk/kain-batik-parang/"


def test_labels_pdf_shows_names_prices_booths_and_prisons(exhibition, shown, rejected):
    labels = exhibition_labels(exhibition=exhibition, base_url=BASE)

    pdf = labels_pdf(exhibition=exhibition, labels=labels, compress=False)

    assert pdf.startswith(b"%PDF-")
    text = pdf_text(pdf)
    for expected in ["Kain Batik Tulis Parang", "Rp 350.000", "Sandal Hotel Anyaman", "Rp 45.000", "Stan A-01",
                     "Lapas Kelas I Cipinang", "Pindai: lihat produk"]:
        assert expected in text
    assert "Produk Masih Draf" not in text
    assert "Produk Delegasi Ditolak" not in text
    assert "Stan C-09" not in text


def test_labels_pdf_compressed_holds_the_same_text(exhibition, shown):
    labels = exhibition_labels(exhibition=exhibition, base_url=BASE)

    text = pdf_text(labels_pdf(exhibition=exhibition, labels=labels))

    assert "Kain Batik Tulis Parang" in text and "Rp 350.000" in text


def test_labels_pdf_puts_eight_labels_on_a_sheet(exhibition, shown, prison):
    for i in range(7):
        shown.products.add(factories.make_product(prison=prison, name=f"Tas Anyaman {i}"))
    labels = exhibition_labels(exhibition=exhibition, base_url=BASE)

    pdf = labels_pdf(exhibition=exhibition, labels=labels, compress=False)

    assert len(labels) == 9
    assert len(re.findall(rb"/Type /Page\b", pdf)) == 2


def test_labels_pdf_survives_long_names_and_characters_outside_the_font(exhibition, shown, prison):
    shown.products.add(
        factories.make_product(prison=prison, name="Tas “Noken” rajutan kulit kayu khas Papua " * 3 + "✓ 漢字")
    )
    labels = exhibition_labels(exhibition=exhibition, base_url=BASE)

    text = pdf_text(labels_pdf(exhibition=exhibition, labels=labels, compress=False))

    assert "Tas \x93Noken\x94 rajutan" in text  # the curly quotes of Windows-1252
    assert _pdf_text("Café ✓ 漢") == "Café ? ?"


def test_labels_pdf_without_products_says_so(exhibition):
    text = pdf_text(labels_pdf(exhibition=exhibition, labels=[], compress=False))

    assert "Belum ada produk yang dipamerkan delegasi yang diterima." in text


# --- The back-office pages -------------------------------------------------------------------


def test_labels_page_lists_the_accepted_delegations_with_their_label_counts(staff_client, exhibition, shown, rejected):
    response = staff_client.get(reverse("admin:exhibitions_exhibition_labels", args=[exhibition.pk]))

    assert response.status_code == 200
    assert [(d.name, d.label_count) for d in response.context["delegations"]] == [("Lapas Kelas I Cipinang", 2)]
    assert "Unduh semua 2 label (PDF)" in response.content.decode()


def test_labels_pdf_download_for_staff(staff_client, exhibition, shown):
    response = staff_client.get(reverse("admin:exhibitions_exhibition_labels_pdf", args=[exhibition.pk]))

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    text = pdf_text(response.content)
    assert "Kain Batik Tulis Parang" in text


def test_labels_pdf_of_one_delegation(staff_client, exhibition, shown, prison):
    other = factories.make_delegation(exhibition=exhibition, prison=factories.make_prison(), status="accepted")
    other.products.add(factories.make_product(prison=other.prison, name="Kursi Rotan"))
    url = reverse("admin:exhibitions_exhibition_labels_pdf", args=[exhibition.pk])

    text = pdf_text(staff_client.get(url, {"delegasi": other.pk}).content)

    assert "Kursi Rotan" in text
    assert "Kain Batik Tulis Parang" not in text
    assert staff_client.get(url, {"delegasi": "x"}).status_code == 404


def test_labels_pdf_is_not_for_prison_officers(officer_client, exhibition, shown):
    response = officer_client.get(reverse("admin:exhibitions_exhibition_labels_pdf", args=[exhibition.pk]))

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("admin:login"))


def test_exhibition_change_page_links_to_the_report_and_the_labels(staff_client, exhibition):
    response = staff_client.get(reverse("admin:exhibitions_exhibition_change", args=[exhibition.pk]))

    html = response.content.decode()
    assert reverse("admin:exhibitions_exhibition_report", args=[exhibition.pk]) in html
    assert reverse("admin:exhibitions_exhibition_labels", args=[exhibition.pk]) in html


def test_a_labels_qr_code_is_drawn_module_for_module():
    """Dark modules are drawn as one rectangle per run in a row (about half the shapes); the
    rectangles must cover exactly segno's dark modules."""
    import segno

    from exhibitions.labels import _draw_qr

    class Path:
        def __init__(self):
            self.rects = []

        def rect(self, x, y, width, height):
            self.rects.append((x, y, width, height))

    class Canvas:
        def beginPath(self):  # noqa: N802 - reportlab's name
            self.path = Path()
            return self.path

        def setFillColor(self, colour):  # noqa: N802
            pass

        def drawPath(self, path, stroke=0, fill=1):  # noqa: N802
            pass

    data = "https://etalase.example/produk/kain-batik-tulis-parang/"
    canvas = Canvas()
    expected = [list(row) for row in segno.make(data, error="m", micro=False).matrix_iter(scale=1, border=0)]
    size = float(len(expected))  # one point a module

    _draw_qr(canvas, data, x=0, y=0, size=size)

    drawn = [[0] * len(expected) for _ in expected]
    for x, y, width, height in canvas.path.rects:
        assert height == 1
        row = int(round(size - y - 1))
        for col in range(int(round(x)), int(round(x + width))):
            assert drawn[row][col] == 0  # no module drawn twice
            drawn[row][col] = 1
    assert drawn == [[1 if dark else 0 for dark in row] for row in expected]
    assert len(canvas.path.rects) < 0.6 * sum(map(sum, drawn))  # about half as many shapes


def test_labels_pdf_is_indonesian_for_staff_working_in_english(staff_client, exhibition, shown):
    """Labels are read by visitors at an Indonesian venue, not by the staff member printing them."""
    staff_client.cookies["django_language"] = "en"
    url = reverse("admin:exhibitions_exhibition_labels_pdf", args=[exhibition.pk])

    text = pdf_text(staff_client.get(url).content)

    assert "Stan A-01" in text
    assert "Pindai: lihat produk" in text
    assert "Scan to see the product" not in text
