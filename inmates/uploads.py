"""Random names for every uploaded file: a name must reveal nothing (an inmate's name on a scanned
consent form, say) and must not be guessable from another file's URL."""

import uuid
from pathlib import PurePosixPath

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
    """A FileField stored under a random name: any length of original name is accepted."""


class RandomNameImageField(_OriginalNameNotStored, models.ImageField):
    """An ImageField stored under a random name: any length of original name is accepted."""
