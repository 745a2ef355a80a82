"""An exhibition's banner is shown on public pages: the back office re-encodes it like a product
photo (no EXIF, no GPS), checks its real type and limits, and answers bad files with a form error."""

import io
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import ExifTags, Image

from exhibitions.models import Exhibition
from tests import factories

pytestmark = pytest.mark.django_db

ADD_URL = "/admin/exhibitions/exhibition/add/"


def _photo_with_gps() -> bytes:
    return factories.photo_with_gps(camera="KameraPanitia", size=(1200, 400))


def _form_data(client, **fields) -> dict:
    """The add form as a browser posts it: every inline's management form from the page itself."""
    page = client.get(ADD_URL).content.decode()
    data = {
        name: value
        for name, value in re.findall(r'name="([\w-]+-(?:TOTAL|INITIAL|MIN_NUM|MAX_NUM)_FORMS)"[^>]*value="(\d*)"', page)
    }
    data.update({name: "0" for name in data if name.endswith("TOTAL_FORMS")})
    data.update(
        title="Pameran Produk Unggulan Warga Binaan VII",
        edition="7",
        slug="pameran-vii",
        description="Pameran tahunan.",
        venue="Plasa Industri",
        address="Jl. Gatot Subroto Kav. 52-53",
        city="Jakarta",
        timezone="Asia/Jakarta",
        start_date="2019-04-02",
        end_date="2019-04-05",
        opening_time="09:00",
        closing_time="17:00",
        share_inmate_pct="50",
        share_pnbp_pct="30",
        share_programme_pct="20",
    )
    data.update(fields)
    return data


def test_a_banner_is_stored_without_its_exif_and_gps(staff_client):
    original = _photo_with_gps()
    assert dict(Image.open(io.BytesIO(original)).getexif().get_ifd(ExifTags.IFD.GPSInfo))

    response = staff_client.post(
        ADD_URL, _form_data(staff_client, banner=SimpleUploadedFile("spanduk.jpg", original, "image/jpeg"))
    )

    assert response.status_code == 302, response.context["adminform"].form.errors if response.context else ""
    exhibition = Exhibition.objects.get(slug="pameran-vii")
    with exhibition.banner.open("rb") as stored:
        data = stored.read()
    image = Image.open(io.BytesIO(data))
    assert image.size == (1200, 400)
    assert not image.getexif()
    assert b"KameraPanitia" not in data
    assert exhibition.banner.name.startswith("exhibitions/")
    assert "spanduk" not in exhibition.banner.name  # a random name, not the uploader's


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"<html><script>alert(1)</script></html>", "Berkas ini bukan gambar yang valid atau rusak."),
        (factories.image_bytes(fmt="GIF"), "Format gambar tidak didukung"),
    ],
)
def test_a_file_that_is_not_an_allowed_image_gets_a_form_error_and_nothing_is_saved(
    staff_client, content, message
):
    response = staff_client.post(
        ADD_URL, _form_data(staff_client, banner=SimpleUploadedFile("spanduk.jpg", content, "image/jpeg"))
    )

    assert response.status_code == 200
    assert message in response.content.decode()
    assert not Exhibition.objects.filter(slug="pameran-vii").exists()


def test_a_banner_with_broken_exif_is_stored_without_it(staff_client):
    broken = factories.image_bytes(size=(1200, 400), fmt="WEBP", exif=b"garbage! not a TIFF header")

    response = staff_client.post(
        ADD_URL, _form_data(staff_client, banner=SimpleUploadedFile("spanduk.webp", broken, "image/webp"))
    )

    assert response.status_code == 302
    with Exhibition.objects.get(slug="pameran-vii").banner.open("rb") as stored:
        image = Image.open(io.BytesIO(stored.read()))
        assert (image.format, image.size, dict(image.getexif())) == ("JPEG", (1200, 400), {})


def test_a_decompression_bomb_is_refused(staff_client, monkeypatch):
    monkeypatch.setattr("products.images.MAX_PIXELS", 100_000)
    monkeypatch.setattr(Image, "MAX_IMAGE_PIXELS", 100_000)
    bomb = factories.image_bytes(size=(1000, 1000), fmt="PNG")

    response = staff_client.post(
        ADD_URL, _form_data(staff_client, banner=SimpleUploadedFile("spanduk.png", bomb, "image/png"))
    )

    assert response.status_code == 200
    assert "Foto terlalu besar" in response.content.decode()
    assert not Exhibition.objects.filter(slug="pameran-vii").exists()


def test_saving_without_a_new_file_keeps_the_banner_and_clear_removes_it(staff_client):
    staff_client.post(
        ADD_URL, _form_data(staff_client, banner=SimpleUploadedFile("spanduk.jpg", _photo_with_gps(), "image/jpeg"))
    )
    exhibition = Exhibition.objects.get(slug="pameran-vii")
    stored = exhibition.banner.name
    change_url = f"/admin/exhibitions/exhibition/{exhibition.pk}/change/"

    response = staff_client.post(change_url, _form_data(staff_client, title="Pameran VII (diubah)"))

    assert response.status_code == 302
    exhibition.refresh_from_db()
    assert exhibition.title == "Pameran VII (diubah)"
    assert exhibition.banner.name == stored

    response = staff_client.post(change_url, _form_data(staff_client, **{"banner-clear": "on"}))

    assert response.status_code == 302
    exhibition.refresh_from_db()
    assert not exhibition.banner
