"""The officers' product pages in the portal: list, create, edit, images, archive, access."""

import datetime
import io
import re
import struct
import zlib
from pathlib import Path

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from PIL import Image

from inmates.models import Inmate
from products.models import Product, ProductImage, StagedImage
from products.selectors import public_product_list
from products.services import NewImage, product_create, product_image_add
from tests import factories

pytestmark = pytest.mark.django_db

LIST_URL = "/portal/produk/"
CREATE_URL = "/portal/produk/baru/"


def update_url(product) -> str:
    return f"/portal/produk/{product.pk}/ubah/"


def archive_url(product) -> str:
    return f"/portal/produk/{product.pk}/arsipkan/"


def discard_url(product) -> str:
    return f"/portal/produk/{product.pk}/batalkan-perubahan/"


# --- helpers ----------------------------------------------------------------------------------------


def media_files() -> set[str]:
    root = Path(settings.MEDIA_ROOT)
    if not root.exists():
        return set()
    return {str(p.relative_to(root)) for p in root.rglob("*") if p.is_file()}


def jpeg(name="foto.jpg", size=(64, 48), color=(40, 60, 140)) -> SimpleUploadedFile:
    return factories.uploaded_image(name=name, size=size, color=color)


def jpeg_with_gps(name="gps.jpg") -> SimpleUploadedFile:
    exif = Image.Exif()
    exif[0x010F] = "KameraPetugas"
    exif[0x8825] = {1: "S", 2: (6.0, 12.0, 30.5), 3: "E", 4: (106.0, 52.0, 10.0)}
    buffer = io.BytesIO()
    Image.new("RGB", (120, 90), (120, 80, 40)).save(buffer, format="JPEG", exif=exif)
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/jpeg")


def png_claiming_size(width: int, height: int) -> bytes:
    """A tiny PNG whose header claims ``width`` x ``height`` (a decompression bomb's shape)."""
    buffer = io.BytesIO()
    Image.new("L", (1, 1), 0).save(buffer, format="PNG")
    data = bytearray(buffer.getvalue())
    data[16:24] = struct.pack(">II", width, height)
    data[29:33] = struct.pack(">I", zlib.crc32(bytes(data[12:29])))
    return bytes(data)


def truncated_jpeg() -> bytes:
    import random

    pixels = random.Random(7).randbytes(400 * 300 * 3)
    buffer = io.BytesIO()
    Image.frombytes("RGB", (400, 300), pixels).save(buffer, format="JPEG", quality=90)
    data = buffer.getvalue()
    return data[: len(data) // 2]


BAD_UPLOADS = {
    "not_an_image": (b"Ini hanya teks, bukan foto.\n" * 20, "Berkas ini bukan gambar yang valid atau rusak."),
    "truncated": (None, "Berkas ini bukan gambar yang valid atau rusak."),
    "over_10_mb": (None, "Berkas terlalu besar (maksimal 10 MB)."),
    "over_40_megapixels": (None, "Foto terlalu besar (paling banyak 40 megapiksel): perkecil ukurannya, lalu unggah lagi."),
    "svg_renamed_jpg": (
        b'<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg" width="10" height="10">'
        b"<script>alert(1)</script></svg>",
        "Berkas ini bukan gambar yang valid atau rusak.",
    ),
    "html_renamed_jpg": (
        b"<!doctype html><html><body><script>alert(document.cookie)</script></body></html>",
        "Berkas ini bukan gambar yang valid atau rusak.",
    ),
    "decompression_bomb": (None, "Foto terlalu besar (paling banyak 40 megapiksel): perkecil ukurannya, lalu unggah lagi."),
}


def bad_upload(kind: str) -> SimpleUploadedFile:
    data, _message = BAD_UPLOADS[kind]
    if kind == "truncated":
        data = truncated_jpeg()
    elif kind == "over_10_mb":
        data = b"\xff\xd8\xff\xe0" + b"\0" * (10 * 1024 * 1024 + 10)
    elif kind == "over_40_megapixels":
        data = png_claiming_size(8000, 5001)  # 40.008 MP: just over
    elif kind == "decompression_bomb":
        data = png_claiming_size(100_000, 100_000)
    return SimpleUploadedFile("foto.jpg", data, content_type="image/jpeg")


def management(total: int, initial: int = 0, prefix: str = "images") -> dict:
    return {
        f"{prefix}-TOTAL_FORMS": str(total),
        f"{prefix}-INITIAL_FORMS": str(initial),
        f"{prefix}-MIN_NUM_FORMS": "0",
        f"{prefix}-MAX_NUM_FORMS": "12",
    }


def product_data(category, *, action="draft", **overrides) -> dict:
    data = {
        "name": "Kain Batik Tulis Parang",
        "category": str(category.pk),
        "description": "Batik tulis pewarna alam.",
        "price": "150.000",
        "materials": "Katun primisima",
        "size": "200 × 115 cm",
        "weight_grams": "350",
        "monthly_capacity": "20",
        "workshop": "",
        "action": action,
        **management(1),
        "images-0-alt_text": "",
        "images-0-position": "0",
    }
    data.update(overrides)
    return {key: value for key, value in data.items() if value is not None}


def with_new_image(data: dict, upload, *, index: int = 0, alt="Kain batik parang, tampak depan") -> dict:
    data = dict(data)
    data[f"images-{index}-file"] = upload
    data[f"images-{index}-alt_text"] = alt
    data[f"images-{index}-position"] = str(index)
    return data


def existing_images_data(product, *, extra: int = 1, **per_image) -> dict:
    """The formset part of the edit page as the browser sends it back unchanged."""
    images = list(product.images.order_by("position", "id"))
    data = management(len(images) + extra, initial=len(images))
    for i, image in enumerate(images):
        data[f"images-{i}-id"] = str(image.pk)
        data[f"images-{i}-alt_text"] = image.alt_text
        data[f"images-{i}-position"] = str(image.position)
    for i in range(len(images), len(images) + extra):
        data[f"images-{i}-alt_text"] = ""
        data[f"images-{i}-position"] = str(i)
    data.update(per_image)
    return data


def edit_data(product, **overrides) -> dict:
    data = product_data(product.category)
    data.update(
        name=product.name,
        price=str(product.price),
        description=product.description,
        materials=product.materials,
        size=product.size,
        weight_grams=str(product.weight_grams or ""),
        monthly_capacity=str(product.monthly_capacity or ""),
        workshop=str(product.workshop_id or ""),
    )
    for key in list(data):
        if key.startswith("images-"):
            del data[key]
    data.update(existing_images_data(product))
    makers = [str(pk) for pk in product.makers.values_list("pk", flat=True)]
    if makers:
        data["makers"] = makers
    data.update(overrides)
    return data


def with_stored_image(product, *, alt="Foto lama", color=(200, 30, 30), position=0) -> ProductImage:
    return product_image_add(
        product=product, file=jpeg(color=color), alt_text=alt, position=position, user=None
    )


@pytest.fixture
def category():
    return factories.make_category(name_id="Batik", slug="batik")


@pytest.fixture
def workshop(prison):
    return factories.make_workshop(prison=prison, name="Bengkel Batik")


@pytest.fixture
def other_officer_client(other_prison):
    client = Client()
    client.force_login(factories.make_officer(prison=other_prison, username="petugas-lain"))
    return client


@pytest.fixture
def visitor_client():
    client = Client()
    client.force_login(factories.make_user(username="pengunjung"))
    return client


def form_errors(response) -> dict:
    return {field: list(errors) for field, errors in response.context["form"].errors.items()}


def image_form_errors(response, index: int = 0) -> dict:
    return {field: list(errors) for field, errors in response.context["formset"].forms[index].errors.items()}


# --- List -------------------------------------------------------------------------------------------


def test_product_list_shows_only_the_officers_prison(officer_client, prison, other_prison):
    own = factories.make_product(prison=prison, name="Tas Anyaman Pandan")
    factories.make_product(prison=other_prison, name="Kursi Jati Kerobokan")

    response = officer_client.get(LIST_URL)

    assert response.status_code == 200
    assert [p.pk for p in response.context["products"]] == [own.pk]
    assert "Tas Anyaman Pandan" in response.content.decode()
    assert "Kursi Jati Kerobokan" not in response.content.decode()


def test_product_list_leaves_out_revision_rows_and_marks_pending_changes(officer_client, prison):
    original = factories.make_product(prison=prison, name="Batik Kawung", slug="batik-kawung")
    factories.make_product(
        prison=prison,
        name="Batik Kawung Baru",
        slug="batik-kawung-revisi-1",
        revision_of=original,
        status=Product.Status.SUBMITTED,
    )

    response = officer_client.get(LIST_URL)

    assert [p.pk for p in response.context["products"]] == [original.pk]
    html = response.content.decode()
    assert "perubahan menunggu kurasi" in html
    assert "Batik Kawung Baru" not in html


def test_product_list_shows_status_badges_price_and_rejection_reason(officer_client, prison):
    for status, name in [
        (Product.Status.DRAFT, "Produk Draf"),
        (Product.Status.SUBMITTED, "Produk Diajukan"),
        (Product.Status.APPROVED, "Produk Disetujui"),
        (Product.Status.ARCHIVED, "Produk Arsip"),
    ]:
        factories.make_product(prison=prison, name=name, status=status, price=1250000)
    factories.make_product(
        prison=prison, name="Produk Ditolak", status=Product.Status.REJECTED, status_reason="Foto buram, ulangi."
    )

    html = officer_client.get(LIST_URL).content.decode()

    for status, label in Product.Status.choices:
        assert f'<span class="badge status-badge product-status-{status}">{label}</span>' in html
    assert "Rp 1.250.000" in html
    assert "Alasan: Foto buram, ulangi." in html


def test_product_list_shows_the_first_thumbnail(officer_client, prison):
    product = factories.make_product(prison=prison)
    second = with_stored_image(product, alt="Kedua", position=1)
    first = with_stored_image(product, alt="Pertama", position=0)

    html = officer_client.get(LIST_URL).content.decode()

    assert first.thumb_small.url in html
    assert second.thumb_small.url not in html


@pytest.mark.parametrize(
    "status, expected",
    [
        ("draft", ["Draf"]),
        ("submitted", ["Diajukan"]),
        ("approved", ["Disetujui"]),
        ("rejected", ["Ditolak"]),
        ("archived", ["Diarsipkan"]),
        ("revision", ["Disetujui"]),
        ("", ["Diarsipkan", "Ditolak", "Disetujui", "Diajukan", "Draf"]),
        ("nonsense", ["Diarsipkan", "Ditolak", "Disetujui", "Diajukan", "Draf"]),
    ],
)
def test_product_list_filters_by_status(officer_client, prison, status, expected):
    for name, value in [
        ("Draf", Product.Status.DRAFT),
        ("Diajukan", Product.Status.SUBMITTED),
        ("Disetujui", Product.Status.APPROVED),
        ("Ditolak", Product.Status.REJECTED),
        ("Diarsipkan", Product.Status.ARCHIVED),
    ]:
        factories.make_product(
            prison=prison, name=name, status=value, status_reason="Alasan" if value == "rejected" else ""
        )
    approved = Product.objects.get(name="Disetujui")
    factories.make_product(prison=prison, name="Revisi", revision_of=approved, status=Product.Status.DRAFT)

    response = officer_client.get(LIST_URL, {"status": status})

    assert [p.name for p in response.context["products"]] == expected


def test_product_list_filter_counts_leave_out_revisions(officer_client, prison, other_prison):
    original = factories.make_product(prison=prison, status=Product.Status.APPROVED)
    factories.make_product(prison=prison, revision_of=original, status=Product.Status.SUBMITTED)
    factories.make_product(prison=prison, status=Product.Status.DRAFT)
    factories.make_product(prison=other_prison, status=Product.Status.DRAFT)

    response = officer_client.get(LIST_URL)

    counts = {f["value"]: f["count"] for f in response.context["filters"]}
    assert counts == {
        "": 2, "draft": 1, "submitted": 0, "approved": 1, "rejected": 0, "revision": 1, "archived": 0
    }


def test_product_list_pages_by_twenty(officer_client, prison):
    for i in range(23):
        factories.make_product(prison=prison, name=f"Produk {i:02d}")

    first = officer_client.get(LIST_URL)
    second = officer_client.get(LIST_URL, {"page": 2})

    assert len(first.context["products"]) == 20
    assert len(second.context["products"]) == 3
    assert "Halaman 2 dari 2" in second.content.decode()


def _list_queries(client) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(LIST_URL)
    assert response.status_code == 200
    return len(queries)


def _product_with_everything(prison, i):
    product = factories.make_product(prison=prison, name=f"Produk {i}")
    with_stored_image(product, alt=f"Foto {i}")
    factories.make_product(
        prison=prison, name=f"Revisi {i}", revision_of=product, status=Product.Status.SUBMITTED
    )
    return product


def test_product_list_queries_do_not_grow_with_products(officer_client, prison):
    _product_with_everything(prison, 1)
    one = _list_queries(officer_client)
    for i in range(2, 5):
        _product_with_everything(prison, i)
    four = _list_queries(officer_client)

    assert one == four


# --- Access -------------------------------------------------------------------------------------------


def _pk_urls(product):
    return [update_url(product), archive_url(product), discard_url(product)]


@pytest.fixture
def foreign_product(other_prison):
    product = factories.make_product(prison=other_prison, name="Milik Lapas Lain", status=Product.Status.APPROVED)
    factories.make_product(
        prison=other_prison, name="Revisi Lapas Lain", revision_of=product, status=Product.Status.DRAFT
    )
    with_stored_image(product)
    return product


@pytest.mark.parametrize("method", ["get", "post"])
def test_product_urls_of_another_prison_answer_404(officer_client, foreign_product, method):
    before = Product.objects.get(pk=foreign_product.pk)
    for url in _pk_urls(foreign_product):
        data = edit_data(foreign_product, name="Diubah") if method == "post" else None
        response = getattr(officer_client, method)(url, data) if data else getattr(officer_client, method)(url)
        assert response.status_code == 404, url
    after = Product.objects.get(pk=foreign_product.pk)
    assert (after.name, after.status) == (before.name, before.status)
    assert Product.objects.filter(revision_of=foreign_product).count() == 1


@pytest.mark.parametrize("method", ["get", "post"])
def test_product_urls_send_anonymous_users_to_login(client, prison, method):
    product = factories.make_product(prison=prison)
    factories.make_product(prison=prison, revision_of=product, status=Product.Status.DRAFT)
    for url in [LIST_URL, CREATE_URL, *_pk_urls(product)]:
        response = getattr(client, method)(url)
        assert response.status_code == 302, url
        assert response["Location"].startswith("/masuk/?next="), url


@pytest.mark.parametrize("method", ["get", "post"])
def test_product_urls_refuse_a_signed_in_non_officer(visitor_client, prison, method):
    product = factories.make_product(prison=prison)
    factories.make_product(prison=prison, revision_of=product, status=Product.Status.DRAFT)
    for url in [LIST_URL, CREATE_URL, *_pk_urls(product)]:
        assert getattr(visitor_client, method)(url).status_code == 403, url


def test_product_urls_refuse_ministry_staff(staff_client, prison):
    product = factories.make_product(prison=prison)
    for url in [LIST_URL, CREATE_URL, update_url(product), archive_url(product)]:
        assert staff_client.get(url).status_code == 403, url


# --- Create -------------------------------------------------------------------------------------------


def test_create_draft_stores_the_product_with_its_image(officer_client, officer, prison, category, workshop):
    maker = factories.make_inmate(prison=prison)
    data = with_new_image(
        product_data(category, workshop=str(workshop.pk), makers=[str(maker.pk)]), jpeg_with_gps()
    )

    response = officer_client.post(CREATE_URL, data)

    product = Product.objects.get()
    assert response.status_code == 302
    assert response["Location"] == update_url(product)
    assert (product.name, product.slug, product.price, product.status) == (
        "Kain Batik Tulis Parang", "kain-batik-tulis-parang", 150000, "draft"
    )
    assert (product.prison, product.workshop, product.created_by, product.submitted_at) == (
        prison, workshop, officer, None
    )
    assert list(product.makers.all()) == [maker]
    image = product.images.get()
    assert image.alt_text == "Kain batik parang, tampak depan"
    with Image.open(image.image.path) as stored:
        assert dict(stored.getexif()) == {}
    assert image.thumb_small and image.thumb_medium and image.thumb_large


def test_create_takes_a_photo_whose_exif_is_broken(officer_client, category):
    broken = factories.image_bytes(size=(50, 40), fmt="PNG", exif=b"garbage! not a TIFF header")
    data = with_new_image(product_data(category), SimpleUploadedFile("foto.png", broken, "image/png"))

    response = officer_client.post(CREATE_URL, data)

    assert response.status_code == 302
    image = Product.objects.get().images.get()
    assert (image.width, image.height) == (50, 40)


def test_create_ignores_a_prison_sent_by_the_browser(officer_client, prison, other_prison, category):
    data = with_new_image(product_data(category, prison=str(other_prison.pk)), jpeg())

    officer_client.post(CREATE_URL, data)

    assert Product.objects.get().prison == prison


def test_create_and_submit_sends_it_to_curation(officer_client, category):
    data = with_new_image(product_data(category, action="submit"), jpeg())

    response = officer_client.post(CREATE_URL, data)

    product = Product.objects.get()
    assert response.status_code == 302
    assert response["Location"] == LIST_URL
    assert product.status == "submitted"
    assert product.submitted_at is not None


@pytest.mark.parametrize(("email", "told"), [
    ("petugas@example.test", "Kami kabari lewat surel setelah kurator memutuskan."),
    ("", "Keputusan kurator tampil di daftar produk dan dasbor Anda (akun Anda belum punya alamat surel"),
])
def test_submitting_promises_a_mail_only_to_an_account_with_an_address(officer_client, officer, category, email, told):
    """Found by a new officer's probe: an account without an address was promised a mail that
    went only to a colleague."""
    officer.email = email
    officer.save(update_fields=["email"])

    response = officer_client.post(CREATE_URL, with_new_image(product_data(category, action="submit"), jpeg()),
                                   follow=True)

    assert told in response.content.decode()


def test_create_and_submit_without_a_photo_is_refused(officer_client, category):
    response = officer_client.post(CREATE_URL, product_data(category, action="submit"))

    assert response.status_code == 200
    assert response.context["formset"].non_form_errors() == [
        "Tambahkan minimal satu foto sebelum mengajukan produk untuk kurasi."
    ]
    assert Product.objects.count() == 0


def test_create_draft_without_a_photo_is_allowed(officer_client, category):
    response = officer_client.post(CREATE_URL, product_data(category))

    assert response.status_code == 302
    assert Product.objects.get().images.count() == 0


def test_create_makes_a_unique_slug(officer_client, category, other_prison):
    factories.make_product(prison=other_prison, name="Kain Batik Tulis Parang", slug="kain-batik-tulis-parang")
    factories.make_product(prison=other_prison, slug="kain-batik-tulis-parang-2")

    officer_client.post(CREATE_URL, product_data(category))

    assert Product.objects.latest("created_at").slug == "kain-batik-tulis-parang-3"


def test_a_second_product_of_the_same_name_is_saved_with_a_warning(officer_client, prison, other_prison, category):
    """Entered twice? The prison's own product of that name (other capitals or spacing) is named
    and linked; archived ones and other prisons' are not. Saved all the same: two sizes or
    colours may share a name."""
    own = factories.make_product(prison=prison, name="Kain batik tulis  parang", status=Product.Status.APPROVED)
    factories.make_product(prison=prison, name="Kain Batik Tulis Parang", status=Product.Status.ARCHIVED)
    factories.make_product(prison=other_prison, name="Kain Batik Tulis Parang")

    response = officer_client.post(CREATE_URL, product_data(category), follow=True)

    assert Product.objects.filter(prison=prison).count() == 3
    page = response.content.decode()
    assert "sudah punya produk bernama sama" in page
    assert f'href="{update_url(own)}"' in page and "Disetujui" in page
    assert page.count("sudah punya produk bernama sama") == 1
    assert len(re.findall(r'href="/portal/produk/\d+/ubah/">Kain', page)) == 1  # only the prison's live one


def test_the_same_name_in_other_capital_letters_beyond_ascii_is_found(prison):
    """SQLite's LIKE ignores case for ASCII letters only: the comparison is made in Python."""
    from products.selectors import same_named_products

    other = factories.make_product(prison=prison, name="élan batik ÇANTIK")
    new = factories.make_product(prison=prison, name="Élan Batik çantik")
    assert same_named_products(product=new) == [other]


def test_a_distinct_name_gets_no_warning_nor_does_saving_again(officer_client, prison, category):
    factories.make_product(prison=prison, name="Kain Batik Cap Kawung")
    response = officer_client.post(CREATE_URL, product_data(category), follow=True)
    assert "bernama sama" not in response.content.decode()

    created = Product.objects.get(name="Kain Batik Tulis Parang")
    again = officer_client.post(update_url(created), edit_data(created, description="Lebih rinci."), follow=True)
    assert "tersimpan" in again.content.decode() and "bernama sama" not in again.content.decode()
    renamed = officer_client.post(update_url(created), edit_data(created, name="Kain Batik Cap Kawung"), follow=True)
    assert "bernama sama" in renamed.content.decode()


def test_create_with_several_images_keeps_their_order(officer_client, category):
    data = product_data(category)
    data.update(management(3))
    data = with_new_image(data, jpeg(name="a.jpg"), index=0, alt="Tampak depan")
    data = with_new_image(data, jpeg(name="b.jpg"), index=1, alt="Tampak samping")
    data["images-2-alt_text"] = ""
    data["images-2-position"] = "2"

    response = officer_client.post(CREATE_URL, data)

    assert response.status_code == 302
    assert list(Product.objects.get().images.values_list("alt_text", "position")) == [
        ("Tampak depan", 0), ("Tampak samping", 1)
    ]


@pytest.mark.parametrize(
    "typed, stored",
    [("150.000", 150000), ("150000", 150000), ("Rp 150.000", 150000), ("Rp150.000,-", 150000),
     ("1.250.000", 1250000), (" 75.000 ", 75000), ("0", 0)],
)
def test_create_accepts_prices_as_people_write_them(officer_client, category, typed, stored):
    officer_client.post(CREATE_URL, product_data(category, price=typed))

    assert Product.objects.get().price == stored


@pytest.mark.parametrize(
    "typed, message",
    [
        ("-5.000", "Harga tidak boleh negatif."),
        ("-1", "Harga tidak boleh negatif."),
        ("150.000,50", "Harga ditulis dalam rupiah utuh, tanpa sen: misalnya 150.000 (titik sebagai pemisah ribuan)."),
        ("150000.5", "Harga ditulis dalam rupiah utuh, tanpa sen: misalnya 150.000 (titik sebagai pemisah ribuan)."),
        ("1,5", "Harga ditulis dalam rupiah utuh, tanpa sen: misalnya 150.000 (titik sebagai pemisah ribuan)."),
        ("seratus ribu", "Tulis harga dalam rupiah, misalnya 150.000 atau 150000."),
        ("", "Bidang ini tidak boleh kosong."),
    ],
)
def test_create_refuses_a_bad_price_next_to_the_field(officer_client, category, typed, message):
    response = officer_client.post(CREATE_URL, product_data(category, price=typed))

    assert response.status_code == 200
    assert form_errors(response) == {"price": [message]}
    assert Product.objects.count() == 0


def test_create_refuses_a_workshop_of_another_prison(officer_client, category, other_prison):
    foreign = factories.make_workshop(prison=other_prison)

    response = officer_client.post(CREATE_URL, product_data(category, workshop=str(foreign.pk)))

    assert list(form_errors(response)) == ["workshop"]
    assert Product.objects.count() == 0


def test_create_refuses_an_inmate_of_another_prison_as_maker(officer_client, category, prison, other_prison):
    own = factories.make_inmate(prison=prison)
    foreign = factories.make_inmate(prison=other_prison)

    response = officer_client.post(CREATE_URL, product_data(category, makers=[str(own.pk), str(foreign.pk)]))

    assert list(form_errors(response)) == ["makers"]
    assert Product.objects.count() == 0


def test_create_refuses_a_released_inmate_as_maker(officer_client, category, prison):
    released = factories.make_inmate(
        prison=prison, status=Inmate.Status.RELEASED, release_date="2018-01-02"
    )

    response = officer_client.post(CREATE_URL, product_data(category, makers=[str(released.pk)]))

    assert list(form_errors(response)) == ["makers"]
    # Said without the raw id, which names nobody the officer chose.
    assert form_errors(response)["makers"] == [
        "Salah satu pilihan tidak tersedia lagi (mungkin baru saja diubah). Daftar pilihan sudah diperbarui; "
        "periksa lalu kirim lagi."
    ]
    assert Product.objects.count() == 0


def test_create_form_offers_only_own_workshops_and_active_inmates(officer_client, prison, other_prison):
    own_workshop = factories.make_workshop(prison=prison, name="Bengkel Sendiri")
    factories.make_workshop(prison=other_prison, name="Bengkel Lain")
    active = factories.make_inmate(prison=prison, legal_name="Aktif Sendiri")
    factories.make_inmate(prison=prison, legal_name="Sudah Bebas", status=Inmate.Status.RELEASED, release_date="2018-01-02")
    factories.make_inmate(prison=other_prison, legal_name="Warga Lapas Lain")

    form = officer_client.get(CREATE_URL).context["form"]

    assert list(form.fields["workshop"].queryset) == [own_workshop]
    assert list(form.fields["makers"].queryset) == [active]


def test_create_requires_alt_text_for_a_photo(officer_client, category):
    data = with_new_image(product_data(category), jpeg(), alt="")

    response = officer_client.post(CREATE_URL, data)

    assert image_form_errors(response) == {
        "alt_text": ["Teks alternatif wajib diisi: jelaskan singkat apa yang tampak di foto."]
    }
    assert Product.objects.count() == 0
    assert media_files() == set()
    # The browser has forgotten the chosen file; the photo itself was fine, so it is kept for the
    # next sending (an outside review found the file silently gone, and a second submission
    # failing on it; later, an officer had to pick every photo again for a typo in the price).
    assert "sudah diterima dan disimpan sementara" in response.content.decode()
    assert StagedImage.objects.count() == 1


def kept_token(response, index: int = 0) -> str:
    found = re.search(rf'name="images-{index}-staged" value="([^"]+)"', response.content.decode())
    assert found, "no kept photo in the page"
    return found.group(1)


def again_with_kept_photo(data: dict, token: str, *, index: int = 0) -> dict:
    data = {key: value for key, value in data.items() if key != f"images-{index}-file"}
    data[f"images-{index}-staged"] = token
    return data


def test_a_photo_sent_with_a_mistake_elsewhere_is_kept_and_saved_on_the_next_sending(officer_client, category):
    """Losing nothing: the photo chosen with an empty name is shown again (as an inline preview,
    never a URL) and saved with the corrected form, without being picked again; cleaned (no GPS)
    before it was kept, and the kept copy is gone once used."""
    data = with_new_image({**product_data(category), "name": ""}, jpeg_with_gps(), alt="Foto produk")

    response = officer_client.post(CREATE_URL, data)

    assert response.status_code == 200
    assert "name" in response.context["form"].errors
    html = response.content.decode()
    assert "sudah diterima dan disimpan sementara" in html
    assert "belum tersimpan" not in html
    assert 'src="data:image/jpeg;base64,' in html
    assert "Ganti dengan foto lain (tidak wajib)" in html  # not an empty "Berkas foto" box
    assert media_files() == set()
    staged = StagedImage.objects.get()
    with Image.open(io.BytesIO(bytes(staged.content))) as kept:
        assert dict(kept.getexif()) == {} and (kept.width, kept.height) == (120, 90)

    response = officer_client.post(
        CREATE_URL, again_with_kept_photo({**data, "name": "Tas Pandan"}, kept_token(response))
    )

    assert response.status_code == 302
    image = Product.objects.get(name="Tas Pandan").images.get()
    assert (image.alt_text, image.width, image.height) == ("Foto produk", 120, 90)
    with Image.open(image.image.path) as stored:
        assert dict(stored.getexif()) == {}
    assert StagedImage.objects.count() == 0


def test_a_kept_photo_is_no_one_elses(officer_client, category, prison, other_prison):
    """The code of a kept photo is useless to another officer (of this prison or another)."""
    data = with_new_image({**product_data(category), "name": ""}, jpeg(), alt="Foto produk")
    token = kept_token(officer_client.post(CREATE_URL, data))
    for other in (
        factories.make_officer(prison=prison, username="petugas-dua"),
        factories.make_officer(prison=other_prison, username="petugas-lain"),
    ):
        client = Client()
        client.force_login(other)
        other_category = category

        response = client.post(
            CREATE_URL, again_with_kept_photo({**data, "category": str(other_category.pk), "name": "Curian"}, token)
        )

        assert response.status_code == 200
        assert image_form_errors(response)["file"][0].startswith("Foto yang disimpan sementara tidak dapat dipakai lagi")
    assert not Product.objects.exists()
    assert StagedImage.objects.count() == 1


def test_a_kept_photo_expires(officer_client, category):
    data = with_new_image({**product_data(category), "name": ""}, jpeg(), alt="Foto produk")
    token = kept_token(officer_client.post(CREATE_URL, data))
    StagedImage.objects.update(created_at=timezone.now() - datetime.timedelta(hours=StagedImage.KEEP_HOURS, minutes=1))

    response = officer_client.post(CREATE_URL, again_with_kept_photo({**data, "name": "Tas Pandan"}, token))

    assert response.status_code == 200
    assert "disimpan lebih dari 24 jam" in image_form_errors(response)["file"][0]
    assert not Product.objects.exists()


@pytest.mark.parametrize("token", ["abc\x00def", "x" * 500, "<script>", "%", "a" * 43 + "\u202e"])
def test_a_made_up_kept_photo_code_is_a_form_error(officer_client, category, token):
    """A NUL byte in the code gave a 500 on PostgreSQL (found by a probe): a code that is not of
    the shape the server makes is refused beside the photo, without a query."""
    data = {**product_data(category), **management(1), "images-0-alt_text": "Foto", "images-0-staged": token}

    response = officer_client.post(CREATE_URL, data)

    assert response.status_code == 200
    assert image_form_errors(response)["file"][0].startswith("Foto yang disimpan sementara tidak dapat dipakai lagi")
    assert token not in response.content.decode()
    assert not Product.objects.exists()


def test_one_kept_photo_cannot_fill_two_rows(officer_client, category):
    data = with_new_image({**product_data(category), "name": ""}, jpeg(), alt="Foto produk")
    token = kept_token(officer_client.post(CREATE_URL, data))

    again = again_with_kept_photo({**data, "name": "Tas Pandan", **management(2)}, token)
    again.update({"images-1-staged": token, "images-1-alt_text": "Foto yang sama", "images-1-position": "1"})
    response = officer_client.post(CREATE_URL, again)

    assert response.status_code == 200
    assert list(response.context["formset"].non_form_errors()) == ["Satu foto muncul dua kali dalam formulir."]
    assert not Product.objects.exists()


def test_a_kept_photo_given_up_is_not_saved(officer_client, category):
    data = with_new_image({**product_data(category), "name": ""}, jpeg(), alt="")
    token = kept_token(officer_client.post(CREATE_URL, data))

    again = again_with_kept_photo({**data, "name": "Tas Pandan"}, token)
    again["images-0-drop_staged"] = "on"
    response = officer_client.post(CREATE_URL, again)

    assert response.status_code == 302
    assert not Product.objects.get(name="Tas Pandan").images.exists()


def test_a_new_file_replaces_a_kept_photo(officer_client, category):
    data = with_new_image({**product_data(category), "name": ""}, jpeg(size=(64, 48)), alt="Foto produk")
    token = kept_token(officer_client.post(CREATE_URL, data))

    again = with_new_image({**data, "name": "Tas Pandan", "images-0-staged": token}, jpeg(size=(90, 30)), alt="Foto lain")
    response = officer_client.post(CREATE_URL, again)

    assert response.status_code == 302
    image = Product.objects.get(name="Tas Pandan").images.get()
    assert (image.width, image.height, image.alt_text) == (90, 30, "Foto lain")


def test_the_edit_page_keeps_a_new_photo_too(officer_client, draft):
    data = with_new_image({**edit_data(draft), "name": ""}, jpeg(), index=1, alt="Tampak samping")

    response = officer_client.post(update_url(draft), data)

    assert response.status_code == 200
    response = officer_client.post(
        update_url(draft), again_with_kept_photo({**data, "name": "Tas Pandan"}, kept_token(response, 1), index=1)
    )

    assert response.status_code == 302
    assert sorted(draft.images.values_list("alt_text", flat=True)) == ["Tampak samping", "Tas pandan tampak depan"]


def test_kept_photos_are_few_per_officer(officer_client, category, officer):
    from products.images import clean_upload
    from products.services import STAGED_IMAGES_PER_USER, staged_image_keep

    for _ in range(STAGED_IMAGES_PER_USER + 3):
        staged_image_keep(user=officer, image=clean_upload(jpeg()))

    assert StagedImage.objects.filter(user=officer).count() == STAGED_IMAGES_PER_USER


def test_no_pick_again_warning_without_a_chosen_photo(officer_client, category):
    response = officer_client.post(CREATE_URL, {**product_data(category), "name": "", **management(1)})

    assert response.status_code == 200
    assert "belum tersimpan" not in response.content.decode()


@pytest.mark.parametrize("kind", list(BAD_UPLOADS))
def test_create_with_a_bad_upload_saves_nothing(officer_client, category, kind):
    data = product_data(category)
    data.update(management(2))
    data = with_new_image(data, jpeg(name="baik.jpg"), index=0, alt="Foto yang baik")
    data = with_new_image(data, bad_upload(kind), index=1, alt="Foto yang buruk")

    response = officer_client.post(CREATE_URL, data)

    assert response.status_code == 200
    assert image_form_errors(response, 1) == {"file": [BAD_UPLOADS[kind][1]]}
    assert image_form_errors(response, 0) == {}
    assert Product.objects.count() == 0
    assert ProductImage.objects.count() == 0
    assert media_files() == set()
    assert "tidak dapat dipakai dan belum tersimpan: pilih berkas yang lain" in response.content.decode()
    # The good photo beside it is kept for the next sending.
    assert "sudah diterima dan disimpan sementara" in response.content.decode()


# --- Edit -------------------------------------------------------------------------------------------


@pytest.fixture
def draft(prison, category):
    product = factories.make_product(
        prison=prison, category=category, name="Tas Pandan", slug="tas-pandan", price=90000,
        status=Product.Status.DRAFT,
    )
    with_stored_image(product, alt="Tas pandan tampak depan")
    return product


def test_edit_page_shows_the_stored_values_and_images(officer_client, draft):
    response = officer_client.get(update_url(draft))

    assert response.status_code == 200
    html = response.content.decode()
    assert 'value="Tas Pandan"' in html
    assert 'value="90.000"' in html
    assert draft.images.get().thumb_small.url in html
    assert "Simpan sebagai draf" in html and "Ajukan untuk kurasi" in html


def test_edit_draft_changes_it_in_place(officer_client, draft):
    response = officer_client.post(update_url(draft), edit_data(draft, name="Tas Pandan Besar", price="95.000"))

    assert response.status_code == 302
    stored = Product.objects.get(pk=draft.pk)
    assert (stored.name, stored.price, stored.status, stored.slug) == ("Tas Pandan Besar", 95000, "draft", "tas-pandan")
    assert Product.objects.count() == 1


def test_edit_changes_alt_text_and_order_of_stored_images(officer_client, draft):
    second = with_stored_image(draft, alt="Tampak samping", position=1)
    first = draft.images.get(alt_text="Tas pandan tampak depan")
    data = edit_data(draft)
    data.update({"images-0-alt_text": "Tas pandan cokelat", "images-0-position": "5"})

    officer_client.post(update_url(draft), data)

    first.refresh_from_db()
    assert (first.alt_text, first.position) == ("Tas pandan cokelat", 5)
    assert list(draft.images.order_by("position").values_list("pk", flat=True)) == [second.pk, first.pk]


def test_edit_deletes_an_image_and_its_files_after_commit(
    officer_client, draft, django_capture_on_commit_callbacks
):
    image = draft.images.get()
    names = {image.image.name, image.thumb_small.name, image.thumb_medium.name, image.thumb_large.name}
    assert names <= media_files()
    data = edit_data(draft)
    data["images-0-DELETE"] = "on"

    with django_capture_on_commit_callbacks(execute=True):
        response = officer_client.post(update_url(draft), data)

    assert response.status_code == 302
    assert ProductImage.objects.filter(pk=image.pk).exists() is False
    assert names & media_files() == set()


def test_edit_adds_a_second_image(officer_client, draft):
    data = edit_data(draft)
    data = with_new_image(data, jpeg(name="baru.jpg"), index=1, alt="Tas pandan tampak atas")

    officer_client.post(update_url(draft), data)

    assert list(draft.images.order_by("position", "id").values_list("alt_text", flat=True)) == [
        "Tas pandan tampak depan", "Tas pandan tampak atas"
    ]


def test_edit_cannot_touch_an_image_of_another_product(officer_client, draft, other_prison):
    foreign = factories.make_product(prison=other_prison)
    foreign_image = with_stored_image(foreign, alt="Milik lapas lain")
    data = edit_data(draft)
    data.update({"images-0-id": str(foreign_image.pk), "images-0-DELETE": "on"})

    response = officer_client.post(update_url(draft), data)

    assert response.status_code == 200
    assert response.context["formset"].non_form_errors() == ["Foto yang diubah tidak termasuk produk ini."]
    assert ProductImage.objects.filter(pk=foreign_image.pk).exists()
    assert draft.images.count() == 1


def test_edit_submitted_product_saved_as_draft_leaves_the_queue(officer_client, draft):
    Product.objects.filter(pk=draft.pk).update(status=Product.Status.SUBMITTED)

    officer_client.post(update_url(draft), edit_data(draft, name="Tas Pandan Mini"))

    stored = Product.objects.get(pk=draft.pk)
    assert (stored.status, stored.submitted_at, stored.name) == ("draft", None, "Tas Pandan Mini")


def test_edit_rejected_product_and_submit_again(officer_client, draft):
    Product.objects.filter(pk=draft.pk).update(status=Product.Status.REJECTED, status_reason="Foto gelap.")
    assert "Foto gelap." in officer_client.get(update_url(draft)).content.decode()

    response = officer_client.post(update_url(draft), edit_data(draft, action="submit"))

    stored = Product.objects.get(pk=draft.pk)
    assert response["Location"] == LIST_URL
    assert stored.status == "submitted"
    assert stored.submitted_at is not None
    assert "Kami kabari lewat surel setelah kurator memutuskan." in officer_client.get(LIST_URL).content.decode()


def test_edit_keeps_a_released_maker_already_credited(officer_client, draft, prison):
    released = factories.make_inmate(prison=prison, status=Inmate.Status.RELEASED, release_date="2018-01-02")
    draft.makers.add(released)

    response = officer_client.post(update_url(draft), edit_data(draft, name="Tas Pandan Lagi"))

    assert response.status_code == 302
    assert list(Product.objects.get(pk=draft.pk).makers.all()) == [released]


@pytest.mark.parametrize("kind", list(BAD_UPLOADS))
def test_edit_with_a_bad_upload_changes_nothing(officer_client, draft, kind):
    files_before = media_files()
    image_ids = set(ProductImage.objects.values_list("pk", flat=True))
    data = edit_data(draft, name="Nama Baru Yang Tidak Boleh Tersimpan", price="1.000")
    data.update(management(3, initial=1))
    data["images-0-alt_text"] = "Alt baru yang tidak boleh tersimpan"
    data = with_new_image(data, jpeg(name="baik.jpg"), index=1, alt="Foto baik")
    data = with_new_image(data, bad_upload(kind), index=2, alt="Foto buruk")

    response = officer_client.post(update_url(draft), data)

    assert response.status_code == 200
    assert image_form_errors(response, 2) == {"file": [BAD_UPLOADS[kind][1]]}
    stored = Product.objects.get(pk=draft.pk)
    assert (stored.name, stored.price) == ("Tas Pandan", 90000)
    assert set(ProductImage.objects.values_list("pk", flat=True)) == image_ids
    assert draft.images.get().alt_text == "Tas pandan tampak depan"
    assert media_files() == files_before


def test_edit_with_an_11_mb_image_is_a_form_error(officer_client, draft):
    # Over the 10 MB limit of an image, under the request body limit: a message, not a 400.
    big = SimpleUploadedFile("besar.jpg", b"\xff\xd8\xff\xe0" + b"\0" * (11 * 1024 * 1024), content_type="image/jpeg")
    data = with_new_image(edit_data(draft), big, index=1, alt="Foto besar")

    response = officer_client.post(update_url(draft), data)

    assert response.status_code == 200
    assert image_form_errors(response, 1) == {"file": ["Berkas terlalu besar (maksimal 10 MB)."]}
    assert "Berkas terlalu besar (maksimal 10 MB)." in response.content.decode()
    assert draft.images.count() == 1


def test_files_written_in_a_transaction_that_fails_later_are_deleted(prison, category, officer):
    from products import services

    with pytest.raises(RuntimeError):
        with services._atomic_with_file_cleanup():
            product_create(
                prison=prison,
                user=officer,
                data={"name": "Produk", "category": category, "price": 1000, "makers": []},
                images=[NewImage(file=jpeg(), alt_text="Foto")],
            )
            assert len(media_files()) == 4  # the image and its three thumbnails
            raise RuntimeError("a later step of the same transaction failed")

    assert media_files() == set()
    assert (Product.objects.count(), ProductImage.objects.count()) == (0, 0)


# --- Archive -------------------------------------------------------------------------------------


def test_archive_asks_first_then_archives(officer_client, prison):
    product = factories.make_product(prison=prison, name="Kursi Rotan", status=Product.Status.APPROVED)

    page = officer_client.get(archive_url(product))
    assert "Arsipkan “Kursi Rotan”?" in page.content.decode()
    assert Product.objects.get(pk=product.pk).status == "approved"

    response = officer_client.post(archive_url(product), {"reason": "Tidak diproduksi lagi."})

    stored = Product.objects.get(pk=product.pk)
    assert response["Location"] == LIST_URL
    assert (stored.status, stored.status_reason) == ("archived", "Tidak diproduksi lagi.")
    assert public_product_list().filter(pk=product.pk).exists() is False


@pytest.mark.parametrize(
    ("status", "message"),
    [
        (Product.Status.APPROVED, "“Kursi Rotan” diarsipkan dan tidak lagi tampil di katalog."),
        (Product.Status.SUBMITTED, "“Kursi Rotan” diarsipkan dan ditarik dari antrean kurasi."),
        (Product.Status.DRAFT, "“Kursi Rotan” diarsipkan."),
    ],
)
def test_archive_message_says_what_changed_for_that_product(officer_client, prison, status, message):
    from django.contrib.messages import get_messages

    product = factories.make_product(prison=prison, name="Kursi Rotan", status=status)
    response = officer_client.post(archive_url(product), {"reason": ""})
    assert [str(m) for m in get_messages(response.wsgi_request)] == [message]


def test_archived_product_page_says_how_to_use_it_again(officer_client, prison):
    product = factories.make_product(prison=prison, status=Product.Status.ARCHIVED)

    response = officer_client.get(update_url(product))

    assert response.status_code == 200
    html = response.content.decode()
    assert "Produk ini diarsipkan dan tidak tampil di katalog." in html
    assert "Arsipkan produk" not in html


def test_archived_product_saved_as_draft_leaves_the_archive(officer_client, prison):
    product = factories.make_product(
        prison=prison, name="Arsip", status=Product.Status.ARCHIVED, status_reason="Musim lalu."
    )

    officer_client.post(update_url(product), edit_data(product, name="Dipakai Lagi"))

    stored = Product.objects.get(pk=product.pk)
    assert (stored.name, stored.status, stored.status_reason) == ("Dipakai Lagi", "draft", "")
    assert public_product_list().filter(pk=product.pk).exists() is False


def test_archived_product_cannot_be_archived_again(officer_client, prison):
    product = factories.make_product(prison=prison, status=Product.Status.ARCHIVED)

    assert officer_client.get(archive_url(product)).status_code == 404


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("weight_grams", "99999999999999999999", "Berat terlalu besar: paling banyak 1.000.000 gram (1 ton)."),
        ("weight_grams", "-5", "Berat tidak boleh negatif."),
        ("monthly_capacity", "9999999999", "Kapasitas terlalu besar: paling banyak 100.000 buah per bulan."),
    ],
)
def test_create_names_the_bound_of_an_impossible_weight_or_capacity(officer_client, category, field, value, message):
    """Found by a probe: a huge weight said "at most 9223372036854775807"; a capacity of ten
    billion a month was simply stored."""
    response = officer_client.post(CREATE_URL, product_data(category, **{field: value}))

    assert response.status_code == 200
    assert form_errors(response)[field] == [message]
    assert Product.objects.count() == 0


def test_the_same_name_warning_escapes_the_name(officer_client, prison, category):
    factories.make_product(prison=prison, name="Tas <b onmouseover=alert(1)>Pandan")
    response = officer_client.post(CREATE_URL, product_data(category, name="Tas <b onmouseover=alert(1)>Pandan"), follow=True)
    page = response.content.decode()
    assert "bernama sama" in page
    assert "<b onmouseover" not in page and "&lt;b onmouseover=alert(1)&gt;Pandan (" in page


def test_add_product_page_title_looks_like_the_other_portal_forms(officer_client):
    """It wore the showcase's large product heading (.product-title)."""
    html = officer_client.get(CREATE_URL).content.decode()
    register = officer_client.get("/portal/peserta/baru/").content.decode()

    assert '<h1 class="h2 mb-1 portal-product-title">Tambah produk</h1>' in html
    assert '<h1 class="h2 mb-1">Daftarkan peserta</h1>' in register
    assert 'class="product-title"' not in html and " product-title" not in html


def test_the_numbers_of_the_product_form_come_back_after_the_browsers_back_button(officer_client):
    """Found by an officer probe: after "Simpan sebagai draf" and Back, the price box was empty
    (browsers do not restore a box marked autocomplete="off"), and the product was sent twice."""
    import re

    html = officer_client.get(CREATE_URL).content.decode()

    for name in ("price", "weight_grams", "monthly_capacity"):
        box = re.search(rf'<input[^>]*name="{name}"[^>]*>', html).group(0)
        assert 'autocomplete="off"' not in box, box
        assert 'inputmode="numeric"' in box


def test_a_refused_photo_is_named_and_its_row_can_be_given_up(officer_client, category):
    # Found by a phone probe: four files refused, four empty boxes, no name to tell which was which,
    # and no way but emptying each row's caption to leave them out.
    program = SimpleUploadedFile("program.jpg", b"MZ\x90\x00 not an image", content_type="image/jpeg")
    data = with_new_image(product_data(category), jpeg())
    data = with_new_image({**data, **management(2)}, program, index=1, alt="Foto kedua")

    refused = officer_client.post(CREATE_URL, data)

    assert refused.status_code == 200
    assert "Berkas yang ditolak: program.jpg" in refused.content.decode()
    assert 'name="images-1-DELETE"' in refused.content.decode()
    assert "Buang baris ini" in refused.content.decode()
    token = re.search(r'name="images-0-staged" value="([^"]+)"', refused.content.decode()).group(1)

    kept = {**product_data(category), **management(2), "images-0-staged": token,
            "images-0-alt_text": "Kain batik parang, tampak depan", "images-0-position": "0",
            "images-1-alt_text": "Foto kedua", "images-1-position": "1", "images-1-DELETE": "on"}
    saved = officer_client.post(CREATE_URL, kept)

    assert saved.status_code == 302
    product = Product.objects.get()
    assert list(product.images.values_list("alt_text", flat=True)) == ["Kain batik parang, tampak depan"]
