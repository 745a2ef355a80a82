import io
import random
import re
import struct
import zlib
from pathlib import Path

import pytest
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from products.models import ProductImage
from products.services import product_image_add
from tests import factories

pytestmark = pytest.mark.django_db

GPS_IFD = 0x8825
MAKE = 0x010F
STORED_NAME = re.compile(r"^products/[0-9a-f]{2}/[0-9a-f]{32}\.jpg$")

MSG_INVALID = "Berkas ini bukan gambar yang valid atau rusak."
MSG_FORMAT = "Format gambar tidak didukung. Unggah JPEG, PNG atau WebP."
MSG_TOO_LARGE = "Berkas terlalu besar (maksimal 10 MB)."
MSG_TOO_MANY_PIXELS = "Foto terlalu besar (paling banyak 40 megapiksel): perkecil ukurannya, lalu unggah lagi."


# --- helpers ------------------------------------------------------------------------------------


def _upload(data: bytes, name: str = "foto.jpg", content_type: str = "image/jpeg"):
    return SimpleUploadedFile(name, data, content_type=content_type)


def _jpeg_with_gps(*, size=(800, 600)) -> bytes:
    exif = Image.Exif()
    exif[MAKE] = "KameraPetugas"
    exif[GPS_IFD] = {
        1: "S",  # GPSLatitudeRef
        2: (6.0, 12.0, 30.5),  # GPSLatitude: inside a prison, which must never be published
        3: "E",
        4: (106.0, 52.0, 10.0),
    }
    buffer = io.BytesIO()
    Image.new("RGB", size, (120, 80, 40)).save(buffer, format="JPEG", exif=exif)
    return buffer.getvalue()


def _noisy_jpeg(*, size=(400, 300)) -> bytes:
    # Noise does not compress, so the scan data is long and a cut lands inside it.
    pixels = random.Random(7).randbytes(size[0] * size[1] * 3)
    buffer = io.BytesIO()
    Image.frombytes("RGB", size, pixels).save(buffer, format="JPEG", quality=90)
    return buffer.getvalue()


def _png_claiming_size(width: int, height: int) -> bytes:
    """A few-byte PNG whose header claims ``width`` x ``height``: Pillow reads the size from the
    header, so this is what a decompression bomb looks like before its pixels are decoded."""
    buffer = io.BytesIO()
    Image.new("L", (1, 1), 0).save(buffer, format="PNG")
    data = bytearray(buffer.getvalue())
    # Signature (8), IHDR length (4), b"IHDR" (4), then width and height, then the CRC.
    assert data[12:16] == b"IHDR"
    data[16:24] = struct.pack(">II", width, height)
    data[29:33] = struct.pack(">I", zlib.crc32(bytes(data[12:29])))
    return bytes(data)


def _media_files() -> list[Path]:
    root = Path(settings.MEDIA_ROOT)
    return sorted(p for p in root.rglob("*") if p.is_file()) if root.exists() else []


@pytest.fixture
def product(prison):
    return factories.make_product(prison=prison)


def _assert_rejected(product, upload, message: str) -> None:
    with pytest.raises(ValidationError) as excinfo:
        product_image_add(product=product, file=upload, alt_text="Tas anyaman pandan")
    assert excinfo.value.messages == [message]
    assert ProductImage.objects.count() == 0
    assert _media_files() == []


# --- accepted uploads ---------------------------------------------------------------------------


def test_image_fixture_carries_gps_before_upload():
    # Guards the test below: the source really has the metadata that must disappear.
    source = Image.open(io.BytesIO(_jpeg_with_gps()))
    assert source.getexif()[MAKE] == "KameraPetugas"
    assert source.getexif().get_ifd(GPS_IFD)[1] == "S"


def test_image_add_with_gps_exif_stores_file_without_exif(product):
    stored = product_image_add(
        product=product, file=_upload(_jpeg_with_gps()), alt_text="Tas anyaman pandan"
    )
    stored.refresh_from_db()
    with Image.open(stored.image.path) as reopened:
        assert reopened.format == "JPEG"
        assert dict(reopened.getexif()) == {}
        assert reopened.getexif().get_ifd(GPS_IFD) == {}
        assert "exif" not in reopened.info
    raw = Path(stored.image.path).read_bytes()
    assert b"Exif" not in raw
    assert b"KameraPetugas" not in raw


def test_image_add_thumbnails_have_no_exif(product):
    stored = product_image_add(product=product, file=_upload(_jpeg_with_gps()), alt_text="Tas")
    for field in ("thumb_small", "thumb_medium", "thumb_large"):
        with Image.open(getattr(stored, field).path) as thumb:
            assert dict(thumb.getexif()) == {}


@pytest.mark.parametrize("kind", ["JPEG", "PNG"])
def test_image_add_drops_a_comment_from_the_stored_file_and_every_thumbnail(product, kind):
    """A JPEG comment (or PNG text) can carry anything: a name, a registration number, a place.
    Pillow keeps a JPEG's comment through convert() and wrote it into the new file."""
    secret = b"Sudarto Wibisono B.I-0100/2015 GPS -6.2146,106.8451"
    buffer = io.BytesIO()
    if kind == "JPEG":
        Image.new("RGB", (640, 480), (120, 90, 60)).save(buffer, format="JPEG", comment=secret)
    else:
        from PIL import PngImagePlugin

        text = PngImagePlugin.PngInfo()
        text.add_text("Comment", secret.decode())
        Image.new("RGB", (640, 480), (120, 90, 60)).save(buffer, format="PNG", pnginfo=text)
    assert secret in buffer.getvalue()  # the source really carries it

    stored = product_image_add(product=product, file=_upload(buffer.getvalue()), alt_text="Tas")

    for field in ("image", "thumb_small", "thumb_medium", "thumb_large"):
        raw = Path(getattr(stored, field).path).read_bytes()
        assert b"Sudarto" not in raw and b"B.I-0100" not in raw, field
        with Image.open(getattr(stored, field).path) as reopened:
            assert "comment" not in reopened.info, field


def test_image_add_makes_thumbnails_of_each_size(product):
    stored = product_image_add(
        product=product, file=_upload(factories.image_bytes(size=(2000, 1500))), alt_text="Batik"
    )
    stored.refresh_from_db()
    sizes = {}
    for field in ("thumb_small", "thumb_medium", "thumb_large"):
        with Image.open(getattr(stored, field).path) as thumb:
            sizes[field] = thumb.size
    assert sizes == {
        "thumb_small": (320, 240),
        "thumb_medium": (640, 480),
        "thumb_large": (1280, 960),
    }
    assert (stored.width, stored.height) == (2000, 1500)


def test_image_add_portrait_thumbnails_limit_longest_side(product):
    stored = product_image_add(
        product=product, file=_upload(factories.image_bytes(size=(900, 1800))), alt_text="Kebaya"
    )
    with Image.open(stored.thumb_small.path) as small, Image.open(stored.thumb_large.path) as large:
        assert (small.size, large.size) == ((160, 320), (640, 1280))


def test_image_add_small_source_is_not_enlarged(product):
    stored = product_image_add(
        product=product, file=_upload(factories.image_bytes(size=(64, 48))), alt_text="Gantungan kunci"
    )
    for field in ("thumb_small", "thumb_medium", "thumb_large"):
        with Image.open(getattr(stored, field).path) as thumb:
            assert thumb.size == (64, 48)
    assert (stored.width, stored.height) == (64, 48)


def test_image_add_large_source_is_stored_at_most_2400(product):
    stored = product_image_add(
        product=product, file=_upload(factories.image_bytes(size=(3000, 2000))), alt_text="Meja"
    )
    with Image.open(stored.image.path) as reopened:
        assert reopened.size == (2400, 1600)
    assert (stored.width, stored.height) == (2400, 1600)


def test_image_add_png_with_transparency_is_stored_as_jpeg(product):
    buffer = io.BytesIO()
    Image.new("RGBA", (50, 40), (0, 0, 0, 0)).save(buffer, format="PNG")
    stored = product_image_add(
        product=product, file=_upload(buffer.getvalue(), name="logo.png"), alt_text="Logo"
    )
    assert STORED_NAME.match(stored.image.name)
    with Image.open(stored.image.path) as reopened:
        assert (reopened.format, reopened.mode, reopened.size) == ("JPEG", "RGB", (50, 40))


@pytest.mark.parametrize(("fmt", "name"), [("PNG", "foto.png"), ("WEBP", "foto.webp"), ("JPEG", "foto.jpg")])
def test_image_add_with_broken_exif_is_taken_without_it(product, fmt, name):
    """A phone or an editor can write EXIF that is no TIFF at all: Pillow's exif_transpose raised
    SyntaxError("not a TIFF file") outside the decoder's error handling, a 500. The pixels are
    fine and the metadata is dropped anyway, so the photo is taken."""
    broken = factories.image_bytes(size=(50, 40), fmt=fmt, exif=b"garbage! not a TIFF header")

    stored = product_image_add(product=product, file=_upload(broken, name=name), alt_text="Tas anyaman")

    with Image.open(stored.image.path) as reopened:
        assert (reopened.format, reopened.size, dict(reopened.getexif())) == ("JPEG", (50, 40), {})
    assert b"garbage!" not in Path(stored.image.path).read_bytes()


@pytest.mark.parametrize(("grey16", "grey8"), [(32896, 128), (8000, 31), (65535, 255), (0, 0)])
def test_image_add_16_bit_grey_png_keeps_its_greys(product, grey16, grey8):
    """Pillow's convert() clipped 16-bit values at 255: a mid-grey photo was stored all white."""
    buffer = io.BytesIO()
    Image.new("I;16", (40, 30), grey16).save(buffer, format="PNG")
    assert Image.open(io.BytesIO(buffer.getvalue())).mode == "I;16"

    stored = product_image_add(product=product, file=_upload(buffer.getvalue(), name="abu.png"), alt_text="Abu")

    for field in ("image", "thumb_small"):
        with Image.open(getattr(stored, field).path) as reopened:
            low, high = reopened.convert("L").getextrema()
            assert grey8 - 2 <= low <= high <= grey8 + 2, (field, low, high)


def test_image_add_stored_name_is_random(product):
    first = product_image_add(
        product=product,
        file=_upload(factories.image_bytes(), name="Budi Santoso Blok C3 Cipinang.jpg"),
        alt_text="Batik",
    )
    second = product_image_add(
        product=product,
        file=_upload(factories.image_bytes(), name="Budi Santoso Blok C3 Cipinang.jpg"),
        alt_text="Batik",
    )
    names = [first.image.name, second.image.name]
    assert all(STORED_NAME.match(name) for name in names)
    assert names[0] != names[1]
    for stored in (first, second):
        for field in ("image", "thumb_small", "thumb_medium", "thumb_large"):
            assert "budi" not in getattr(stored, field).name.lower()


def test_image_add_stores_row_and_files_under_media_root(product):
    stored = product_image_add(
        product=product, file=_upload(factories.image_bytes()), alt_text="Kursi rotan", position=2
    )
    row = ProductImage.objects.get()
    assert (row.pk, row.product_id, row.alt_text, row.position) == (
        stored.pk,
        product.pk,
        "Kursi rotan",
        2,
    )
    expected = sorted(
        Path(settings.MEDIA_ROOT) / getattr(row, field).name
        for field in ("image", "thumb_small", "thumb_medium", "thumb_large")
    )
    assert _media_files() == expected


# --- rejected uploads ---------------------------------------------------------------------------


def test_image_add_text_file_named_jpg_rejected(product):
    _assert_rejected(product, _upload(b"ini bukan gambar, hanya teks biasa\n" * 20), MSG_INVALID)


def test_image_add_empty_file_rejected(product):
    _assert_rejected(product, _upload(b""), MSG_INVALID)


def test_image_add_truncated_jpeg_rejected(product):
    data = _noisy_jpeg()
    _assert_rejected(product, _upload(data[: len(data) // 2]), MSG_INVALID)


def test_image_add_svg_named_jpg_rejected(product):
    svg = (
        b'<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg" width="10" height="10">'
        b"<script>alert(1)</script></svg>"
    )
    _assert_rejected(product, _upload(svg), MSG_INVALID)


def test_image_add_html_named_jpg_rejected(product):
    html = b"<!doctype html><html><body><script>alert(document.cookie)</script></body></html>"
    _assert_rejected(product, _upload(html), MSG_INVALID)


@pytest.mark.parametrize("error", [struct.error("unpack requires a buffer"), EOFError(), IndexError()])
def test_image_add_any_decoder_error_is_a_form_error(product, monkeypatch, error):
    """Pillow's decoders raise more than OSError and SyntaxError on a broken file; each is the
    same clear refusal, never a 500."""
    from PIL import PngImagePlugin

    def broken(self):
        raise error

    monkeypatch.setattr(PngImagePlugin.PngImageFile, "verify", broken)
    _assert_rejected(product, _upload(factories.image_bytes(fmt="PNG"), name="foto.png"), MSG_INVALID)


def test_image_add_gif_rejected(product):
    buffer = io.BytesIO()
    Image.new("P", (20, 20), 3).save(buffer, format="GIF")
    _assert_rejected(product, _upload(buffer.getvalue(), name="animasi.gif"), MSG_FORMAT)


def test_image_add_gif_named_jpg_rejected(product):
    buffer = io.BytesIO()
    Image.new("P", (20, 20), 3).save(buffer, format="GIF")
    _assert_rejected(product, _upload(buffer.getvalue(), name="foto.jpg"), MSG_FORMAT)


def test_image_add_file_over_10_mb_rejected(product):
    data = factories.image_bytes()
    padded = data + b"\0" * (10 * 1024 * 1024 + 1 - len(data))
    assert len(padded) == 10 * 1024 * 1024 + 1
    _assert_rejected(product, _upload(padded), MSG_TOO_LARGE)


def test_image_add_over_40_megapixels_rejected(product):
    buffer = io.BytesIO()
    Image.new("L", (8000, 6000), 200).save(buffer, format="PNG")
    assert len(buffer.getvalue()) < 200_000  # a small file: only the pixel count is too large
    _assert_rejected(product, _upload(buffer.getvalue(), name="besar.png"), MSG_TOO_MANY_PIXELS)


def test_image_add_decompression_bomb_rejected(product):
    # 400 megapixels claimed: past Pillow's own bomb limit, which raises on open.
    _assert_rejected(product, _upload(_png_claiming_size(20000, 20000)), MSG_TOO_MANY_PIXELS)


def test_image_add_decompression_bomb_warning_range_rejected(product):
    # 100 megapixels: Pillow only warns here; the upload check must treat it as an error.
    _assert_rejected(product, _upload(_png_claiming_size(10000, 10000)), MSG_TOO_MANY_PIXELS)


def _jpeg_claiming_size(width: int, height: int) -> bytes:
    """A small real JPEG whose frame header claims ``width`` x ``height``."""
    buffer = io.BytesIO()
    Image.new("RGB", (16, 16), (120, 80, 40)).save(buffer, format="JPEG")
    data = bytearray(buffer.getvalue())
    sof = data.index(b"\xff\xc0")
    data[sof + 5 : sof + 9] = height.to_bytes(2, "big") + width.to_bytes(2, "big")
    return bytes(data)


def test_a_48_megapixel_phone_photo_is_taken_and_stored_smaller(product):
    """Found by a new user's probe: phones take 48 to 108 megapixel photos; a JPEG is decoded at
    a fraction of its size (Pillow's draft mode), so it costs no more than a small one."""
    from products.images import STORED_MAX_SIDE, clean_upload

    buffer = io.BytesIO()
    Image.new("L", (8000, 6000), 180).save(buffer, format="JPEG", quality=50)

    clean = clean_upload(_upload(buffer.getvalue(), name="hp.jpg"))

    assert (clean.width, clean.height) == (STORED_MAX_SIDE, STORED_MAX_SIDE * 6000 // 8000)


def test_a_jpeg_past_120_megapixels_is_refused_with_its_limit(product):
    _assert_rejected(
        product,
        _upload(_jpeg_claiming_size(13000, 10000), name="besar.jpg"),
        "Foto terlalu besar (paling banyak 120 megapiksel): perkecil ukurannya, lalu unggah lagi.",
    )


@pytest.mark.parametrize("brand", [b"heic", b"mif1", b"avif"])
def test_an_iphone_heic_photo_is_told_how_to_convert_it(product, brand):
    """Found by an officer probe: an iPhone photo read "bukan gambar yang valid atau rusak"."""
    heic = b"\x00\x00\x00\x18ftyp" + brand + b"\x00\x00\x00\x00mif1heic" + b"\x00" * 400

    _assert_rejected(
        product,
        _upload(heic, name="IMG_0042.HEIC"),
        "Foto HEIC/HEIF (format bawaan iPhone) belum dapat diterima. Ubah ke JPEG dulu: di iPhone pilih "
        "Pengaturan › Kamera › Format › Paling Kompatibel, atau kirim foto itu lewat WhatsApp lalu simpan "
        "dan unggah hasilnya.",
    )


@pytest.mark.parametrize("size", [(10, 10), (2400, 2), (20, 300)])
def test_a_photo_too_small_to_show_a_product_is_refused(product, size):
    """Found by an attacker probe: a 10 × 10 and a 60000 × 2 photo were taken (stored as 2400 × 1)."""
    data = factories.image_bytes(size=size, fmt="PNG")

    _assert_rejected(
        product,
        _upload(data, name="kecil.png"),
        f"Foto ini terlalu kecil ({size[0]} × {size[1]} piksel) untuk menampilkan produk. "
        "Unggah foto yang lebih besar, paling sedikit 24 piksel di sisi terpendeknya.",
    )


@pytest.mark.parametrize("size", [(2000, 50), (50, 1200)])
def test_a_photo_too_thin_to_show_a_product_says_why(product, size):
    """A bad-input probe's 20000 × 50 photo was told to have 24 pixels on its shortest side (it
    had 50): the reason is its shape."""
    data = factories.image_bytes(size=size, fmt="PNG")

    _assert_rejected(
        product,
        _upload(data, name="sempit.png"),
        f"Foto ini terlalu sempit ({size[0]} × {size[1]} piksel) untuk menampilkan produk: sisi terpanjangnya "
        "paling banyak 10 kali sisi terpendeknya. Potong fotonya lebih dekat ke produk.",
    )
