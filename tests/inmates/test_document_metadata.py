"""Scans and photographed documents lose their metadata when stored (``inmates.uploads``): a
consent form photographed with a phone kept the phone's make and the GPS position (an officer
probe, stop 28). Every kind of scan a prison's office sends comes out readable; a PDF is kept."""

import io

import pytest
from PIL import Image

from inmates.uploads import image_without_metadata
from products.images import metadata_found
from tests import factories


@pytest.mark.parametrize(
    ("mode", "kind"),
    [("1", "TIFF"), ("L", "TIFF"), ("RGB", "TIFF"), ("CMYK", "JPEG"), ("P", "PNG"), ("RGBA", "PNG"), ("RGBA", "WEBP")],
)
def test_every_kind_of_scan_is_stored_readable(mode, kind):
    source = io.BytesIO()
    Image.new(mode, (60, 40)).save(source, format=kind)

    cleaned = image_without_metadata(io.BytesIO(source.getvalue()))

    with Image.open(io.BytesIO(cleaned)) as image:
        assert (image.format, image.size) == (kind, (60, 40))


def test_a_phone_photo_loses_its_camera_and_place():
    cleaned = image_without_metadata(io.BytesIO(factories.photo_with_gps()))

    assert metadata_found(io.BytesIO(cleaned)) == ()


def test_every_page_of_a_scanned_tiff_is_kept():
    source = io.BytesIO()
    pages = [Image.new("L", (40, 60), shade) for shade in (0, 128, 255)]
    pages[0].save(source, format="TIFF", save_all=True, append_images=pages[1:])

    with Image.open(io.BytesIO(image_without_metadata(io.BytesIO(source.getvalue())))) as image:
        assert image.n_frames == 3


def test_a_pdf_is_stored_as_sent():
    assert image_without_metadata(io.BytesIO(b"%PDF-1.4\n%%EOF\n")) is None
