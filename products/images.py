"""Safe handling of uploaded product images.

Every upload is opened with Pillow (its real type, not its name, decides), checked against size and
pixel limits, and re-encoded from pixels only: EXIF (and the GPS position in it), XMP, comments
and anything appended to the file are gone. Public pages show the thumbnails made here, never
the stored upload.
"""

import io
import math
import uuid
import warnings
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.utils.translation import gettext as _
from PIL import Image, ImageOps

MAX_UPLOAD_BYTES = 10 * 1024 * 1024
MAX_PIXELS = 40_000_000
# A JPEG is decoded at a half, a quarter or an eighth of its size when that still covers the
# stored size (Pillow's draft mode), so a phone's 48 to 108 megapixel photo costs no more memory
# than a 40 megapixel PNG (found by a new user's probe: a 48 MP phone photo was refused).
MAX_JPEG_PIXELS = 120_000_000
ALLOWED_FORMATS = {"JPEG", "PNG", "WEBP"}
# Longest side of each rendition; public pages use them in srcset.
THUMBNAIL_SIZES = {"thumb_small": 320, "thumb_medium": 640, "thumb_large": 1280}
STORED_MAX_SIDE = 2400
# The smallest photo taken: its shorter side in pixels, and its longer side at most this many times
# the shorter.
MIN_SIDE = 24
MAX_RATIO = 10


# The brands of an ISO media file's "ftyp" box that mean a HEIF still image (HEIC, AVIF).
HEIF_BRANDS = {b"heic", b"heix", b"hevc", b"hevx", b"heim", b"heis", b"mif1", b"msf1", b"avif", b"avis"}


@dataclass(frozen=True)
class CleanImage:
    content: ContentFile
    width: int
    height: int


def _open_checked(uploaded) -> Image.Image:
    size = getattr(uploaded, "size", None)
    if size is not None and size > MAX_UPLOAD_BYTES:
        raise ValidationError(
            _("Berkas terlalu besar (maksimal %(mb)d MB).") % {"mb": MAX_UPLOAD_BYTES // 1024 // 1024},
            code="too_large",
        )
    uploaded.seek(0)
    data = uploaded.read(MAX_UPLOAD_BYTES + 1)  # bounded: never more than the limit in memory
    if len(data) > MAX_UPLOAD_BYTES:
        raise ValidationError(
            _("Berkas terlalu besar (maksimal %(mb)d MB).") % {"mb": MAX_UPLOAD_BYTES // 1024 // 1024},
            code="too_large",
        )
    if data[4:8] == b"ftyp" and data[8:12] in HEIF_BRANDS:
        # An iPhone's (or a newer Android's) own format, which Pillow cannot read here: say what
        # to do, not "bukan gambar yang valid atau rusak" (found by an officer probe).
        raise ValidationError(
            _(
                "Foto HEIC/HEIF (format bawaan iPhone) belum dapat diterima. Ubah ke JPEG dulu: di "
                "iPhone pilih Pengaturan › Kamera › Format › Paling Kompatibel, atau kirim foto itu "
                "lewat WhatsApp lalu simpan dan unggah hasilnya."
            ),
            code="heic",
        )

    def too_many_pixels(limit: int = MAX_PIXELS) -> ValidationError:
        return ValidationError(
            _("Foto terlalu besar (paling banyak %(mp)d megapiksel): perkecil ukurannya, lalu unggah lagi.")
            % {"mp": limit // 1_000_000},
            code="too_many_pixels",
        )

    try:
        with warnings.catch_warnings():
            # Pillow warns on large images before it raises on bombs (above twice its limit); the
            # sizes are checked here, per format, before anything is decoded.
            warnings.simplefilter("ignore", Image.DecompressionBombWarning)
            probe = Image.open(io.BytesIO(data))
            if probe.format not in ALLOWED_FORMATS:
                raise ValidationError(
                    _("Format gambar tidak didukung. Unggah JPEG, PNG atau WebP."), code="format"
                )
            width, height = probe.size
            limit = MAX_JPEG_PIXELS if probe.format == "JPEG" else MAX_PIXELS
            if width * height > limit:
                raise too_many_pixels(limit)
            # A dot or a thread of pixels shows no product (found by an attacker probe: 10 × 10
            # and 60000 × 2 photos were taken, the second stored as 2400 × 1).
            if min(width, height) < MIN_SIDE:
                raise ValidationError(
                    _(
                        "Foto ini terlalu kecil (%(width)s × %(height)s piksel) untuk menampilkan produk. "
                        "Unggah foto yang lebih besar, paling sedikit %(side)s piksel di sisi terpendeknya."
                    )
                    % {"width": width, "height": height, "side": MIN_SIDE},
                    code="too_small",
                )
            if max(width, height) > MAX_RATIO * min(width, height):
                # Its own reason: a 20000 × 50 photo was told "at least 24 pixels on the shortest
                # side" (found by a bad-input probe).
                raise ValidationError(
                    _(
                        "Foto ini terlalu sempit (%(width)s × %(height)s piksel) untuk menampilkan produk: "
                        "sisi terpanjangnya paling banyak %(ratio)s kali sisi terpendeknya. Potong fotonya "
                        "lebih dekat ke produk."
                    )
                    % {"width": width, "height": height, "ratio": MAX_RATIO},
                    code="too_thin",
                )
            probe.verify()
            image = Image.open(io.BytesIO(data))
            if image.format == "JPEG" and max(width, height) > STORED_MAX_SIDE:
                scale = STORED_MAX_SIDE / max(width, height)
                image.draft("RGB", (math.ceil(width * scale), math.ceil(height * scale)))
            if image.size[0] * image.size[1] > MAX_PIXELS:
                raise too_many_pixels()
            image.load()
    except ValidationError:
        raise
    except (Image.DecompressionBombError, Image.DecompressionBombWarning) as error:
        raise too_many_pixels() from error
    except Exception as error:
        # Whatever a decoder raises on a broken file (OSError, SyntaxError, ValueError, but also
        # struct.error, EOFError, IndexError...) is a bad image, as in Django's own ImageField.
        raise ValidationError(
            _("Berkas ini bukan gambar yang valid atau rusak."), code="invalid_image"
        ) from error
    return image


def _upright(image: Image.Image) -> Image.Image:
    """``image`` turned as its EXIF orientation says, so the photo stays upright once EXIF is
    dropped. EXIF that cannot be read ("not a TIFF file", a bad offset, a loop: written wrong by
    a phone or an editor) is ignored: the pixels are fine and the metadata is dropped anyway, so
    refusing the photo (or, before, a 500 from outside the decoder's error handling) would only
    send the officer looking for another picture."""
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # Pillow warns about each broken tag it skips
            return ImageOps.exif_transpose(image)
    except Exception:  # any error while reading broken EXIF: the photo as its pixels lie
        return image


def _to_rgb(image: Image.Image) -> Image.Image:
    image = _upright(image)
    if image.mode.startswith("I"):
        # 16-bit grey (a PNG from a scanner or a microscope camera: "I;16", or "I"): Pillow's
        # convert() keeps the 0-65535 values and clips them at 255, so a mid-grey photo came out
        # completely white. Scaled down to 8 bits first, 65535 becoming 255.
        image = image.convert("I").point(lambda value: value * (1 / 256)).convert("L")
    if image.mode in ("RGBA", "LA", "P"):
        image = image.convert("RGBA")
        background = Image.new("RGB", image.size, (250, 248, 244))
        background.paste(image, mask=image.split()[-1])
        return background
    return image.convert("RGB")


def _encode(image: Image.Image, *, quality: int = 85) -> bytes:
    buffer = io.BytesIO()
    # Pixels only: no exif= argument, and nothing read from the upload (Pillow writes a JPEG
    # comment it read back into the new file, and convert() keeps it in ``info``).
    image.info = {}
    image.save(buffer, format="JPEG", quality=quality, optimize=True, progressive=True)
    return buffer.getvalue()


def clean_upload(uploaded) -> CleanImage:
    """Validate an uploaded image and return a re-encoded JPEG without metadata, randomly named.

    Raises ValidationError (a message in the active language) for anything that is not a safe,
    reasonably sized JPEG, PNG or WebP image.
    """
    image = _to_rgb(_open_checked(uploaded))
    if max(image.size) > STORED_MAX_SIDE:
        image.thumbnail((STORED_MAX_SIDE, STORED_MAX_SIDE), Image.Resampling.LANCZOS)
    return CleanImage(
        content=ContentFile(_encode(image), name=f"{uuid.uuid4().hex}.jpg"),
        width=image.width,
        height=image.height,
    )


def render_thumbnails(source) -> dict[str, ContentFile]:
    """Renditions of a stored (already clean) image, keyed by ProductImage field name."""
    source.seek(0)
    with Image.open(source) as opened:
        image = _to_rgb(opened)
    renditions = {}
    for field, side in THUMBNAIL_SIZES.items():
        copy = image.copy()
        copy.thumbnail((side, side), Image.Resampling.LANCZOS)
        renditions[field] = ContentFile(
            _encode(copy, quality=80), name=f"{uuid.uuid4().hex}-{side}.jpg"
        )
    return renditions


def preview_jpeg(source, *, side: int = 320) -> bytes:
    """A small JPEG of a clean image, for a preview that is not a stored file."""
    source.seek(0)
    with Image.open(source) as opened:
        image = _to_rgb(opened)
    image.thumbnail((side, side), Image.Resampling.LANCZOS)
    return _encode(image, quality=75)


# Keys under which Pillow reports metadata it read from a file (JPEG, PNG, WebP).
_METADATA_INFO_KEYS = {
    "exif": "EXIF",
    "xmp": "XMP",
    "XML:com.adobe.xmp": "XMP",
    "comment": "comment",
    "photoshop": "Photoshop",
}
_GPS_IFD = 0x8825


def metadata_found(stored) -> tuple[str, ...]:
    """The kinds of metadata a stored image file carries ("EXIF", "GPS", "XMP", "comment",
    "Photoshop"), empty if none: the files this module writes carry none. Raises OSError (or a
    Pillow error) if the file cannot be read as an image."""
    stored.seek(0)
    with Image.open(stored) as image:
        found = []
        try:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                exif = image.getexif()
        except Exception:  # EXIF too broken to read is still EXIF: re-encoding drops it
            exif = None
        if exif or "exif" in image.info:
            found.append("EXIF")
            if exif is not None and (exif.get_ifd(_GPS_IFD) or exif.get(_GPS_IFD)):
                found.append("GPS")
        for key, label in _METADATA_INFO_KEYS.items():
            if key != "exif" and image.info.get(key) and label not in found:
                found.append(label)
    return tuple(found)
