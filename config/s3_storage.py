"""Uploads on an S3-compatible store, still behind the access check of config/media.py.

With django-storages' own S3 storage every page would link straight to the store with a signed
URL: anyone holding that link (a copied page, a proxy log, a cached public page) could fetch the
file until the signature expired, whatever config/media.py says about who may see it (a scanned
consent form, a rejected product's photo). Here a file's URL is ``MEDIA_URL + name``, like on
local disk, so every request goes through the check; the view then redirects the allowed request
to a fresh, short-lived signed link (``signed_url``) carrying a safe content type.

Imported only when MEDIA_STORAGE=s3 (django-storages and boto3 are optional packages).
"""

from urllib.parse import quote

from django.conf import settings
from storages.backends.s3 import S3Storage

# Long enough to follow the redirect and load the image, short enough not to be worth sharing.
SIGNED_SECONDS = 60


class CheckedS3Storage(S3Storage):
    def url(self, name, parameters=None, expire=None, http_method=None):
        return settings.MEDIA_URL + quote(name)

    def signed_url(self, name: str, *, content_type: str, attachment_filename: str = "") -> str:
        parameters = {"ResponseContentType": content_type, "ResponseCacheControl": "private, no-store"}
        if attachment_filename:
            parameters["ResponseContentDisposition"] = f'attachment; filename="{attachment_filename}"'
        return super().url(name, parameters=parameters, expire=SIGNED_SECONDS)
