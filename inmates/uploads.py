"""Random names for every uploaded file: a name must reveal nothing (an inmate's name on a scanned
consent form, say) and must not be guessable from another file's URL."""

import uuid
from pathlib import PurePosixPath

from django.core.files.base import ContentFile
from django.db import models
from django.utils.deconstruct import deconstructible


@deconstructible
class RandomName:
    """``upload_to`` callable: ``<prefix>/<2 hex>/<32 hex><original extension>``."""

    def __init__(self, prefix: str):
        self.prefix = prefix.strip("/")

    def __call__(self, instance, filename: str) -> str:
        suffix = PurePosixPath(filename).suffix.lower()[:10]
        token = uuid.uuid4().hex
        return f"{self.prefix}/{token[:2]}/{token}{suffix}"

    def __eq__(self, other):
        return isinstance(other, RandomName) and other.prefix == self.prefix


class _OriginalNameNotStored:
    """The form field of a file column whose stored name is made anew (``RandomName``): the
    uploader's own name is never kept, so its length is not the column's limit. Django's form
    field checked the original name against the column's 100 characters and refused a scanned
    "Berita Acara Serah Terima ... - 15 Mei 2018.pdf" of 114 for a name it then threw away; the
    name stored (``<prefix>/<2 hex>/<32 hex><extension of at most 10>``) always fits."""

    def formfield(self, **kwargs):
        return super().formfield(**{"max_length": None, **kwargs})

    def deconstruct(self):
        # Migrations see Django's own field: the column is the same, and a changed class would
        # make SQLite copy whole tables (product images, consents) for no change in the database.
        name, path, args, kwargs = super().deconstruct()
        base = models.ImageField if isinstance(self, models.ImageField) else models.FileField
        return name, f"django.db.models.{base.__name__}", args, kwargs


class RandomNameFileField(_OriginalNameNotStored, models.FileField):
    """A FileField stored under a random name: any length of original name is accepted. A photo
    or scan (JPEG, PNG, TIFF, WebP) is stored without its metadata (``image_without_metadata``)."""

    def pre_save(self, model_instance, add):
        file = getattr(model_instance, self.attname)
        if file and not file._committed and file.file is not None:
            cleaned = image_without_metadata(file.file)
            if cleaned is not None:
                file.file = ContentFile(cleaned, name=file.name)
        return super().pre_save(model_instance, add)


_SCAN_FORMATS = {"JPEG": {"quality": 95}, "MPO": {"quality": 95}, "PNG": {}, "TIFF": {"compression": "tiff_lzw"}, "WEBP": {"quality": 95}}


def image_without_metadata(upload) -> bytes | None:
    """The photo or scan in ``upload`` encoded anew with its pixels only: no EXIF (camera, GPS
    position, time), XMP or comments; turned as the camera said. None when it is no image (a
    PDF, an office document), which is stored as sent. A scanned consent form photographed with
    a phone kept the phone and the place it was taken (found by an officer probe); the product
    photos already lose it (``products.images``)."""
    import io
    import warnings

    from PIL import Image, ImageOps, UnidentifiedImageError

    upload.seek(0)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", Image.DecompressionBombWarning)
            opened = Image.open(upload)
            kind = opened.format
            if kind not in _SCAN_FORMATS:
                return None
            frames = []
            for index in range(getattr(opened, "n_frames", 1)):
                opened.seek(index)
                frame = ImageOps.exif_transpose(opened.copy())
                frame.info = {}
                frames.append(frame.convert("RGB") if kind in ("JPEG", "MPO") and frame.mode not in ("RGB", "L") else frame)
    except (UnidentifiedImageError, OSError, ValueError, Image.DecompressionBombError):
        return None
    finally:
        upload.seek(0)
    buffer = io.BytesIO()
    save_as = "JPEG" if kind == "MPO" else kind
    options = dict(_SCAN_FORMATS[kind])
    if len(frames) > 1 and save_as in ("TIFF", "PNG", "WEBP"):
        options.update(save_all=True, append_images=frames[1:])
    try:
        frames[0].save(buffer, format=save_as, **options)
    except (OSError, ValueError, KeyError):  # a mode this format's encoder refuses: stored as sent, never a 500
        return None
    return buffer.getvalue()


class RandomNameImageField(_OriginalNameNotStored, models.ImageField):
    """An ImageField stored under a random name: any length of original name is accepted."""
