"""Curation and images in the product admin."""

import io
import re

import pytest
from django.contrib.admin.models import LogEntry
from django.contrib.messages import get_messages
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import ExifTags, Image

from products.models import Product, ProductImage
from tests import admin_factories, factories
from tests.admin_helpers import action_data, admin_url, changeform_data

pytestmark = pytest.mark.django_db

CHANGELIST = "/admin/products/product/"
STORED_NAME = re.compile(r"^products/[0-9a-f]{2}/[0-9a-f]{32}\.jpg$")


def _messages(response) -> list[tuple[str, str]]:
    return [(m.level_tag, str(m)) for m in get_messages(response.wsgi_request)]


def _statuses(*products) -> list[str]:
    return [Product.objects.get(pk=p.pk).status for p in products]


# --- Approve --------------------------------------------------------------------------------------


def test_approve_action_approves_submitted_and_rejected_and_skips_the_rest(staff_client, staff_user):
    submitted = factories.make_product(name="Batik Parang", status=Product.Status.SUBMITTED)
    rejected = factories.make_product(
        name="Kursi Jati", status=Product.Status.REJECTED, status_reason="Foto buram."
    )
    draft = factories.make_product(name="Tas Pandan", status=Product.Status.DRAFT)
    for product in (submitted, rejected, draft):
        factories.make_photo(product)

    response = staff_client.post(CHANGELIST, action_data("approve_products", [submitted, rejected, draft]))

    assert response.status_code == 302
    assert _statuses(submitted, rejected, draft) == ["approved", "approved", "draft"]
    reconsidered = Product.objects.get(pk=rejected.pk)
    assert (reconsidered.curated_by, reconsidered.status_reason) == (staff_user, "")
    assert reconsidered.curated_at is not None
    assert _messages(response) == [
        ("success", "2 produk disetujui dan kini tampil di etalase publik."),
        ("warning", "1 produk dilewati karena statusnya tidak sesuai: Tas Pandan."),
    ]
    log = LogEntry.objects.get(user=staff_user, object_id=str(submitted.pk))
    assert log.change_message == "Disetujui."


def test_approve_action_says_which_products_lack_a_photo(staff_client):
    with_photo = factories.make_product(name="Batik Parang", status=Product.Status.SUBMITTED)
    factories.make_photo(with_photo)
    without = factories.make_product(name="Kerupuk Haruan", status=Product.Status.SUBMITTED)

    response = staff_client.post(CHANGELIST, action_data("approve_products", [with_photo, without]))

    assert _statuses(with_photo, without) == ["approved", "submitted"]
    assert (
        "warning",
        "1 produk tanpa foto tidak disetujui: Kerupuk Haruan. Minta petugas lapas menambahkan foto.",
    ) in _messages(response)


def test_approve_action_says_which_products_name_an_inmate(staff_client):
    good = factories.make_product(name="Batik Parang", status=Product.Status.SUBMITTED)
    factories.make_photo(good)
    naming = factories.make_product(name="Tas Pandan", status=Product.Status.SUBMITTED, description="Karya Rahmat Hidayat.")
    factories.make_photo(naming)
    factories.make_inmate(prison=naming.prison, legal_name="Rahmat Hidayat")

    response = staff_client.post(CHANGELIST, action_data("approve_products", [good, naming]))

    assert _statuses(good, naming) == ["approved", "submitted"]
    assert any(
        level == "warning" and text.startswith("1 produk tidak disetujui karena teks publiknya memuat nama lengkap")
        and "Tas Pandan" in text
        for level, text in _messages(response)
    )


def test_approve_records_the_curator_in_the_product_history(staff_client, staff_user):
    product = factories.make_product(status=Product.Status.SUBMITTED)
    factories.make_photo(product)

    staff_client.post(CHANGELIST, action_data("approve_products", [product]))

    latest = product.history.first()
    assert (latest.status, latest.history_user) == ("approved", staff_user)


# --- Reject ---------------------------------------------------------------------------------------


def test_reject_action_asks_for_a_reason_first(staff_client):
    submitted = factories.make_product(name="Batik Parang", status=Product.Status.SUBMITTED)
    approved = factories.make_product(name="Kursi Jati", status=Product.Status.APPROVED)

    response = staff_client.post(CHANGELIST, action_data("reject_products", [submitted, approved]))

    assert response.status_code == 200
    assert response.templates[0].name == "admin/products/product/reject_confirmation.html"
    assert response.context["rejectable"] == [submitted]
    assert response.context["not_rejectable"] == [approved]
    assert response.context["form"].is_bound is False
    assert _statuses(submitted, approved) == ["submitted", "approved"]


def _confirm_reject(client, products, reason):
    data = action_data("reject_products", products, post="yes", reason=reason)
    del data["index"]  # the confirmation page posts without the changelist's action index
    return client.post(CHANGELIST, data)


@pytest.mark.parametrize("reason", ["", "   \n  "])
def test_reject_without_a_reason_is_refused_with_an_error(staff_client, reason):
    product = factories.make_product(status=Product.Status.SUBMITTED)

    response = _confirm_reject(staff_client, [product], reason)

    assert response.status_code == 200
    assert response.context["form"].errors == {
        "reason": ["Tulis alasan penolakan: petugas lapas perlu tahu apa yang harus diperbaiki."]
    }
    assert "Tulis alasan penolakan" in response.content.decode()
    stored = Product.objects.get(pk=product.pk)
    assert (stored.status, stored.status_reason, stored.curated_by) == ("submitted", "", None)


def test_reject_with_a_reason_stores_it_and_the_curator(staff_client, staff_user):
    product = factories.make_product(name="Batik Parang", status=Product.Status.SUBMITTED)
    draft = factories.make_product(name="Tas Pandan", status=Product.Status.DRAFT)

    response = _confirm_reject(staff_client, [product, draft], "  Foto kurang terang; ukuran belum diisi.  ")

    assert response.status_code == 302
    stored = Product.objects.get(pk=product.pk)
    assert (stored.status, stored.status_reason, stored.curated_by) == (
        "rejected",
        "Foto kurang terang; ukuran belum diisi.",
        staff_user,
    )
    assert stored.curated_at is not None
    assert _statuses(draft) == ["draft"]
    assert _messages(response) == [
        ("success", "1 produk ditolak."),
        ("warning", "1 produk dilewati karena statusnya tidak sesuai: Tas Pandan."),
    ]


def test_curation_actions_are_not_offered_to_corrections_staff(corrections_client):
    factories.make_product()

    response = corrections_client.get(CHANGELIST)

    actions = [name for name, _label in response.context["action_form"].fields["action"].choices]
    assert actions == ["", "export_as_csv"]


def test_corrections_staff_cannot_run_the_approve_action(corrections_client):
    product = factories.make_product(status=Product.Status.SUBMITTED)

    corrections_client.post(CHANGELIST, action_data("approve_products", [product]))

    assert _statuses(product) == ["submitted"]


# --- Corrections staff see products but do not change them ---------------------------------------


def test_corrections_staff_can_view_but_not_change_a_product(corrections_client, staff_client):
    product = factories.make_product(name="Batik Parang")
    data = changeform_data(staff_client.get(admin_url(Product, "change", product.pk)))
    data["name"] = "Diubah"

    page = corrections_client.get(admin_url(Product, "change", product.pk))
    post = corrections_client.post(admin_url(Product, "change", product.pk), data)

    assert page.status_code == 200
    assert page.context["has_change_permission"] is False
    assert post.status_code == 403
    assert Product.objects.get(pk=product.pk).name == "Batik Parang"


# --- Images through the admin --------------------------------------------------------------------


def _jpeg_with_gps() -> bytes:
    return factories.photo_with_gps(camera="KameraPetugas", size=(800, 600))


def _post_image(client, product, upload, alt_text="Kain batik parang biru"):
    data = changeform_data(client.get(admin_url(Product, "change", product.pk)))
    data.update({"images-0-image": upload, "images-0-alt_text": alt_text, "images-0-position": "0"})
    return client.post(admin_url(Product, "change", product.pk), data)


def test_admin_upload_stores_an_image_without_exif_and_with_thumbnails(staff_client):
    product = factories.make_product()
    original = _jpeg_with_gps()
    assert dict(Image.open(io.BytesIO(original)).getexif().get_ifd(ExifTags.IFD.GPSInfo))  # has GPS

    upload = SimpleUploadedFile("IMG_cipinang_blok_A.jpg", original, "image/jpeg")

    response = _post_image(staff_client, product, upload)

    assert response.status_code == 302
    image = ProductImage.objects.get(product=product)
    assert STORED_NAME.match(image.image.name)
    assert (image.width, image.height) == (800, 600)
    with default_storage.open(image.image.name) as stored:
        opened = Image.open(stored)
        assert (opened.format, dict(opened.getexif()), "exif" in opened.info) == ("JPEG", {}, False)
    sizes = {}
    for field in ("thumb_small", "thumb_medium", "thumb_large"):
        name = getattr(image, field).name
        with default_storage.open(name) as thumb:
            opened = Image.open(thumb)
            sizes[field] = opened.size
            assert dict(opened.getexif()) == {}
    assert sizes == {"thumb_small": (320, 240), "thumb_medium": (640, 480), "thumb_large": (800, 600)}


def test_admin_upload_of_a_text_file_named_jpg_is_a_form_error(staff_client):
    product = factories.make_product()
    fake = SimpleUploadedFile("foto.jpg", b"ini bukan gambar, hanya teks", "image/jpeg")

    response = _post_image(staff_client, product, fake)

    assert response.status_code == 200
    formset = response.context["inline_admin_formsets"][0].formset
    assert [error.code for error in formset.forms[0].errors.as_data()["image"]] == ["invalid_image"]
    assert ProductImage.objects.filter(product=product).count() == 0


def test_admin_upload_of_a_gif_is_refused_by_the_safe_pipeline(staff_client):
    product = factories.make_product()
    gif = SimpleUploadedFile("animasi.jpg", factories.image_bytes(fmt="GIF"), "image/jpeg")

    response = _post_image(staff_client, product, gif)

    assert response.status_code == 200
    formset = response.context["inline_admin_formsets"][0].formset
    assert formset.forms[0].errors["image"] == ["Format gambar tidak didukung. Unggah JPEG, PNG atau WebP."]
    assert ProductImage.objects.filter(product=product).count() == 0


def test_product_changelist_shows_the_first_thumbnail(staff_client):
    product = admin_factories.products(1)[0]
    image = product.images.get()

    response = staff_client.get(CHANGELIST)

    assert f'src="/media/{image.thumb_small.name}"' in response.content.decode()


def test_image_admin_upload_goes_through_the_safe_pipeline(staff_client):
    product = factories.make_product()
    data = changeform_data(staff_client.get(admin_url(ProductImage, "add")))
    data.update(
        {
            "product": str(product.pk),
            "image": SimpleUploadedFile("lokasi.jpg", _jpeg_with_gps(), "image/jpeg"),
            "alt_text": "Kursi jati",
            "position": "1",
        }
    )

    response = staff_client.post(admin_url(ProductImage, "add"), data)

    assert response.status_code == 302
    image = ProductImage.objects.get(product=product)
    with default_storage.open(image.image.name) as stored:
        assert dict(Image.open(stored).getexif()) == {}
    assert image.thumb_small.name.startswith("thumbs/")


def test_image_admin_upload_with_broken_exif_is_stored_not_a_500(staff_client):
    product = factories.make_product()
    broken = factories.image_bytes(size=(50, 40), fmt="WEBP", exif=b"garbage! not a TIFF header")
    data = changeform_data(staff_client.get(admin_url(ProductImage, "add")))
    data.update(
        {
            "product": str(product.pk),
            "image": SimpleUploadedFile("foto.webp", broken, "image/webp"),
            "alt_text": "Kursi jati",
            "position": "1",
        }
    )

    response = staff_client.post(admin_url(ProductImage, "add"), data)

    assert response.status_code == 302
    image = ProductImage.objects.get(product=product)
    assert (image.width, image.height) == (50, 40)
