"""Random names for every uploaded file: a name must reveal nothing (an inmate's name on a scanned
consent form, say) and must not be guessable from another file's URL."""

import uuid
from pathlib import PurePosixPath

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
