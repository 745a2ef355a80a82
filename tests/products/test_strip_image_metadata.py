"""Images stored before uploads were cleaned (or restored from another system) may still carry
EXIF with a GPS position. ``manage.py strip_image_metadata`` finds them, re-encodes them without
it under new names, deletes the old files after the commit and leaves clean files alone."""

import io
from pathlib import Path

import pytest
from django.core.files.base import ContentFile
from django.core.management import call_command
from PIL import Image

from products.images import metadata_found
from products.models import ProductImage
from products.services import product_image_add
from tests import factories

pytestmark = pytest.mark.django_db


def _stored_with_gps(field_file, name):
    """Store a photo with EXIF and GPS the way an old upload was stored: as it came."""
    field_file.save(name, ContentFile(factories.photo_with_gps(size=(900, 600))), save=False)


def _open(field_file):
    field_file.open("rb")
    try:
        return metadata_found(field_file.file)
    finally:
        field_file.close()


def _all_files():
    from django.conf import settings

    return {path for path in Path(settings.MEDIA_ROOT).rglob("*") if path.is_file()}


def _run(*args):
    out, err = io.StringIO(), io.StringIO()
    call_command("strip_image_metadata", *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def _old_product_image(product):
    image = ProductImage(product=product, alt_text="Tas anyaman")
    _stored_with_gps(image.image, "lama.jpg")
    image.save()
    return image


def test_metadata_found_names_exif_and_gps_and_nothing_on_a_clean_file():
    assert metadata_found(io.BytesIO(factories.photo_with_gps())) == ("EXIF", "GPS")
    assert metadata_found(io.BytesIO(factories.image_bytes())) == ()


def test_metadata_found_reports_exif_too_broken_to_read_as_exif():
    broken = factories.image_bytes(fmt="PNG", exif=b"garbage! not a TIFF header")

    assert metadata_found(io.BytesIO(broken)) == ("EXIF",)


def test_an_old_product_photo_is_re_encoded_with_new_thumbnails_and_the_old_file_goes(
    django_capture_on_commit_callbacks,
):
    product = factories.make_product()
    image = _old_product_image(product)
    old_name = image.image.name
    storage = image.image.storage
    assert _open(image.image) == ("EXIF", "GPS")

    with django_capture_on_commit_callbacks(execute=True):
        out, err = _run()

    image.refresh_from_db()
    assert image.image.name != old_name
    assert _open(image.image) == ()
    for field in ("thumb_small", "thumb_medium", "thumb_large"):
        assert getattr(image, field).name
        assert _open(getattr(image, field)) == ()
    assert (image.width, image.height) == (900, 600)
    assert not storage.exists(old_name)
    assert f"ProductImage {image.pk}" in out and "EXIF, GPS" in out
    assert "1 image file(s) with metadata re-encoded" in out
    assert err == ""


def test_a_file_shared_by_a_revision_and_its_original_is_changed_on_both_rows(
    django_capture_on_commit_callbacks,
):
    product = factories.make_product()
    image = _old_product_image(product)
    twin = ProductImage.objects.create(product=factories.make_product(), alt_text="x", image=image.image.name)
    with django_capture_on_commit_callbacks(execute=True):
        _run()
    image.refresh_from_db()
    twin.refresh_from_db()
    assert twin.image.name == image.image.name
    assert twin.thumb_small.name == image.thumb_small.name
    assert image.image.storage.exists(image.image.name)
    assert _open(twin.image) == ()


def test_an_old_banner_is_re_encoded_and_a_dry_run_changes_nothing(django_capture_on_commit_callbacks):
    exhibition = factories.make_exhibition()
    _stored_with_gps(exhibition.banner, "spanduk.jpg")
    exhibition.save()
    old_name = exhibition.banner.name

    out, _ = _run("--dry-run")
    exhibition.refresh_from_db()
    assert exhibition.banner.name == old_name
    assert f"Exhibition {exhibition.pk}: {old_name} carries EXIF, GPS" in out

    with django_capture_on_commit_callbacks(execute=True):
        _run()
    exhibition.refresh_from_db()
    assert exhibition.banner.name != old_name
    assert _open(exhibition.banner) == ()
    assert not exhibition.banner.storage.exists(old_name)


def test_clean_files_are_left_alone_and_an_unreadable_one_is_reported_not_fatal():
    product = factories.make_product()
    clean = product_image_add(product=product, file=factories.uploaded_image(), alt_text="Bersih")
    names = {f: getattr(clean, f).name for f in ("image", "thumb_small", "thumb_medium", "thumb_large")}
    broken = ProductImage(product=product, alt_text="Rusak")
    broken.image.save("rusak.jpg", ContentFile(b"not an image"), save=False)
    ProductImage.objects.bulk_create([broken])  # as a restore would leave it: no dimensions read
    broken = ProductImage.objects.get(alt_text="Rusak")

    out, err = _run()

    clean.refresh_from_db()
    assert {f: getattr(clean, f).name for f in names} == names
    assert f"ProductImage {broken.pk}: {broken.image.name} could not be read" in err
    assert "0 image file(s) with metadata re-encoded; 1 unreadable." in out


def test_a_failure_half_way_changes_no_row_and_leaves_no_new_file(monkeypatch):
    product = factories.make_product()
    image = _old_product_image(product)
    old = {f: getattr(image, f).name for f in ("image", "thumb_small")}
    storage = image.image.storage
    before = _all_files()

    def fail(**kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr("products.services.image_thumbnails_render", fail)
    with pytest.raises(RuntimeError):
        _run()
    image.refresh_from_db()
    assert {f: getattr(image, f).name for f in old} == old
    assert storage.exists(old["image"])
    assert _all_files() == before


def test_a_banner_too_large_for_an_upload_today_is_reported_and_kept(monkeypatch):
    exhibition = factories.make_exhibition()
    _stored_with_gps(exhibition.banner, "besar.jpg")
    exhibition.save()
    monkeypatch.setattr("products.images.MAX_PIXELS", 100)
    out, err = _run()
    exhibition.refresh_from_db()
    assert exhibition.banner.storage.exists(exhibition.banner.name)
    assert "could not be read or re-encoded" in err
    assert Image.open(exhibition.banner.path).getexif()  # unchanged
