"""Uploaded files (MEDIA_URL), served to whoever may see them and to nobody else, in every
environment (there is no other route to MEDIA_ROOT: nothing serves the folder directly).

A request names a stored file. Its first path segment says which model fields may hold it
(``RULES``); one query then finds whether a row refers to the file and whether the requester may
see that row:

- product images and their thumbnails (``products/``, ``thumbs/``): public while the product is
  publicly visible (``products.selectors.product_image_file_access``, built on
  ``public_product_list``); otherwise only staff and the officers of the product's prison;
- exhibition banners (``exhibitions/``): public while the exhibition is published; otherwise staff;
- scanned consent forms (``consent/``): staff and the officers of the inmate's prison;
- aid handover documents (``aid/``): staff and the officers of the prison that received the aid;
- agreement documents and evidence (``agreements/``, ``evidence/``): staff.

Everything else is 404, the same answer whatever the reason (unknown prefix, a name that is not a
plain relative path, a file no row refers to, a row the requester may not see, a row whose file
is missing): the public cannot tell a hidden file from a missing one. Anonymous requests for
staff-only kinds are answered without touching the database.

What is sent is never interpreted by a browser as a page: the Content-Type is image/jpeg,
image/png or image/webp only when both the stored name and the file's first bytes say so;
anything else is ``application/octet-stream`` as an attachment. Every answer (404 included)
carries ``X-Content-Type-Options: nosniff`` and ``Content-Security-Policy: default-src 'none';
sandbox``. A public file may be kept by a browser or a shared cache, but is never shown again
without asking here first (``public, no-cache``): a photo whose product stops being public or
whose maker's consent is withdrawn is gone at once for everybody, the visitor who saw it a minute
ago included. Asking is cheap: ETag and Last-Modified come from the file (size and modification
time), and a conditional GET whose copy is still good is answered 304 after the same one-query
check and a stat of the file, without opening it. Restricted files are ``private, no-store``.

Only files on local disk (MEDIA_STORAGE=local) are served here; a remote storage's files are
fetched from their own URLs. With ``MEDIA_ACCEL_REDIRECT`` set (e.g. ``/protected/``), the bytes are handed to nginx
(``X-Accel-Redirect``) after the same checks; see README.md for the nginx location it needs.
The public page cache (config/cache_middleware.py) never stores these answers.
"""

import logging
import os
import re
import stat
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote

from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import SuspiciousFileOperation
from django.core.files.storage import default_storage
from django.db.models import Exists, OuterRef
from django.http import FileResponse, HttpResponse, HttpResponseNotFound
from django.utils.cache import add_never_cache_headers, get_conditional_response
from django.utils.http import content_disposition_header, http_date
from django.utils.translation import gettext
from django.views.decorators.http import require_safe

from exhibitions.models import Exhibition
from inmates.models import Consent
from inmates.roles import sees_all_prisons
from inmates.scoping import prison_scope
from products.models import ProductImage
from products.selectors import (
    PRODUCT_IMAGE_FILE_FIELDS,
    PUBLIC_FILE,
    RESTRICTED_FILE,
    product_image_file_access,
)
from programs.models import Agreement, Aid, Evidence

logger = logging.getLogger("etalase.media")

SECURITY_HEADERS = {
    "X-Content-Type-Options": "nosniff",
    "Content-Security-Policy": "default-src 'none'; sandbox",
}
# A stored name: relative, segments of word characters, dots and dashes, none starting with a dot
# (so no "..", no "." and no hidden file), no empty segment, no backslash, no percent sign.
_STORED_NAME = re.compile(r"[\w-][\w.-]*(?:/[\w-][\w.-]*)*\Z")
MAX_NAME_LENGTH = 255

# The only types a file is ever sent as (besides application/octet-stream as an attachment):
# the stored name's extension and the file's first bytes must agree.
IMAGE_TYPES = {".jpg": "image/jpeg", ".jpeg": "image/jpeg", ".png": "image/png", ".webp": "image/webp"}
SNIFF_BYTES = 12


def _sniffed_type(head: bytes) -> str | None:
    if head.startswith(b"\xff\xd8\xff"):
        return "image/jpeg"
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return "image/png"
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return "image/webp"
    return None


# --- Who may see which file ------------------------------------------------------------------------


def _exhibition_banner_access(*, name: str, user) -> str | None:
    rows = Exhibition.objects.filter(banner=name)
    published = Exhibition.objects.published().filter(pk=OuterRef("pk"))
    if not sees_all_prisons(user):
        return PUBLIC_FILE if rows.filter(Exists(published)).exists() else None
    is_public = (
        rows.annotate(public=Exists(published)).order_by("-public").values_list("public", flat=True).first()
    )
    if is_public is None:
        return None
    return PUBLIC_FILE if is_public else RESTRICTED_FILE


def _scoped_access(queryset, *, user, prison_field: str) -> str | None:
    """RESTRICTED_FILE when ``user``'s prison scope holds a row of ``queryset``; no query for a
    user without a scope."""
    scoped = prison_scope(queryset, user, prison_field=prison_field)
    if scoped.query.is_empty():
        return None
    return RESTRICTED_FILE if scoped.exists() else None


def _consent_document_access(*, name: str, user) -> str | None:
    return _scoped_access(Consent.objects.filter(document=name), user=user, prison_field="inmate__prison")


def _aid_document_access(*, name: str, user) -> str | None:
    return _scoped_access(Aid.objects.filter(handover_document=name), user=user, prison_field="prison")


def _staff_only(model, field_name: str):
    def access(*, name: str, user) -> str | None:
        if not sees_all_prisons(user):
            return None
        return RESTRICTED_FILE if model.objects.filter(**{field_name: name}).exists() else None

    return access


@dataclass(frozen=True)
class Rule:
    fields: tuple[tuple[type, str], ...]  # the (model, field) pairs whose files live under the prefix
    access: Callable[..., str | None]  # (*, name, user) -> PUBLIC_FILE, RESTRICTED_FILE or None


_PRODUCT_IMAGES = Rule(
    fields=tuple((ProductImage, field) for field in PRODUCT_IMAGE_FILE_FIELDS),
    access=product_image_file_access,
)
# By the first segment of the stored name (the ``upload_to`` prefix of the field).
# tests/products/test_media_serving.py checks that every FileField of the project is listed.
RULES: dict[str, Rule] = {
    "products": _PRODUCT_IMAGES,
    "thumbs": _PRODUCT_IMAGES,
    "exhibitions": Rule(fields=((Exhibition, "banner"),), access=_exhibition_banner_access),
    "consent": Rule(fields=((Consent, "document"),), access=_consent_document_access),
    "aid": Rule(fields=((Aid, "handover_document"),), access=_aid_document_access),
    "agreements": Rule(fields=((Agreement, "document"),), access=_staff_only(Agreement, "document")),
    "evidence": Rule(fields=((Evidence, "document"),), access=_staff_only(Evidence, "document")),
}


def stored_name(path: str) -> str | None:
    """``path`` if it is a plain relative stored name, else None (traversal, absolute, odd)."""
    if not path or len(path) > MAX_NAME_LENGTH or not _STORED_NAME.match(path):
        return None
    return path


def file_access(*, name: str, user) -> str | None:
    rule = RULES.get(name.partition("/")[0])
    return rule.access(name=name, user=user) if rule else None


# --- The answer ------------------------------------------------------------------------------------


def _with_security_headers(response):
    for header, value in SECURITY_HEADERS.items():
        response.headers[header] = value
    return response


def not_found():
    response = HttpResponseNotFound(gettext("Berkas tidak ditemukan."), content_type="text/plain; charset=utf-8")
    add_never_cache_headers(response)
    return _with_security_headers(response)


def _stat_within_media_root(name: str):
    """The stored file's real path and stat; None when it is missing, not a regular file or
    (through a link) outside MEDIA_ROOT. Nothing is opened: a revalidation needs no more."""
    try:
        path = Path(default_storage.path(name))
    except (SuspiciousFileOperation, NotImplementedError):  # NotImplementedError: not on local disk
        return None
    root = os.path.realpath(settings.MEDIA_ROOT)
    real = os.path.realpath(path)
    if os.path.commonpath([root, real]) != root:
        return None
    try:
        info = os.stat(real)
    except OSError:
        return None
    if not stat.S_ISREG(info.st_mode):
        return None
    return real, info


def _open_with_head(real: str, info):
    """The file at ``real``, opened at its start, and its first bytes (to tell its type), when it
    is still the regular file ``info`` describes; else None."""
    try:
        handle = open(real, "rb")  # noqa: SIM115 (FileResponse closes it)
    except OSError:
        return None
    try:
        now = os.fstat(handle.fileno())
        if not stat.S_ISREG(now.st_mode) or (now.st_ino, now.st_dev) != (info.st_ino, info.st_dev):
            raise OSError("replaced since its stat")
        head = handle.read(SNIFF_BYTES)
        handle.seek(0)
    except OSError:
        handle.close()
        return None
    return handle, head


def _redirect_to_signed_url(name: str):
    """For uploads on an S3-compatible store (config/s3_storage.py): after the check, a redirect
    to a signed link valid for a minute, with the content type chosen here (an image type only
    for an image name; anything else as a download)."""
    suffix = os.path.splitext(name)[1].lower()
    content_type = IMAGE_TYPES.get(suffix)
    url = default_storage.signed_url(
        name,
        content_type=content_type or "application/octet-stream",
        attachment_filename="" if content_type else os.path.basename(name),
    )
    response = HttpResponse(status=302)
    response.headers["Location"] = url
    response.headers["Cache-Control"] = "private, no-store"
    return _with_security_headers(response)


def public_cache_control() -> str:
    """Cache-Control of a public upload: every cache, the visitor's own browser included, may keep
    a copy but asks again before each use (cheap: 304 from the ETag after the access check), so
    that nobody is shown a photo that stopped being public (a withdrawn consent hides it at once;
    a browser's hour of keeping it would not). Static files, whose hashed names never change
    meaning, keep whitenoise's year."""
    return "public, no-cache"


@require_safe
def serve(request, path: str):
    name = stored_name(path)
    # What everybody may see is answered without reading the session, so the response does not
    # vary by cookie and a shared cache (a CDN, nginx) keeps one copy for all visitors.
    access = file_access(name=name, user=AnonymousUser()) if name else None
    if name and access != PUBLIC_FILE and request.user.is_authenticated:
        access = file_access(name=name, user=request.user)
    if access is None:
        return not_found()
    if hasattr(default_storage, "signed_url"):
        return _redirect_to_signed_url(name)
    found = _stat_within_media_root(name)
    if found is None:
        logger.warning("Stored file %s is referenced but missing or unreadable", name)
        return not_found()
    real, info = found
    headers = {
        # nginx's own form (modification second and size in hex): behind MEDIA_ACCEL_REDIRECT the
        # browser holds nginx's ETag, and its revalidation is then answered here all the same.
        # Stored names are random and never rewritten, so the second is precise enough.
        "ETag": f'"{int(info.st_mtime):x}-{info.st_size:x}"',
        "Last-Modified": http_date(int(info.st_mtime)),
        "Cache-Control": (
            public_cache_control() if access == PUBLIC_FILE else "private, no-store"
        ),
    }
    # A browser revalidating its copy (every time it shows a public photo: no-cache) is answered
    # here, the file unopened.
    conditional = get_conditional_response(
        request, etag=headers["ETag"], last_modified=int(info.st_mtime)
    )
    content_type = handle = None
    if conditional is None:
        opened = _open_with_head(real, info)
        if opened is None:
            logger.warning("Stored file %s is referenced but missing or unreadable", name)
            return not_found()
        handle, head = opened
        content_type = IMAGE_TYPES.get(os.path.splitext(name)[1].lower())
        if content_type != _sniffed_type(head):
            content_type = None
    accel = getattr(settings, "MEDIA_ACCEL_REDIRECT", "")
    if handle is not None and (request.method == "HEAD" or accel):
        handle.close()
    if conditional is not None:
        response = conditional  # 304 Not Modified (or 412 for a failed If-Match)
    elif accel:
        response = HttpResponse()
        response.headers["X-Accel-Redirect"] = accel.rstrip("/") + "/" + quote(name)
    elif request.method == "HEAD":
        response = HttpResponse()
        response.headers["Content-Length"] = str(info.st_size)
    else:
        response = FileResponse(handle)
        response.headers["Content-Length"] = str(info.st_size)
    if response.status_code != 412:
        for header, value in headers.items():
            response.headers[header] = value
        # A public file's bytes do not depend on who asks, nor in which language.
        response.same_in_every_language = access == PUBLIC_FILE
    if response.status_code == 200:
        response.headers["Content-Type"] = content_type or "application/octet-stream"
        if content_type is None:
            response.headers["Content-Disposition"] = content_disposition_header(
                as_attachment=True, filename=os.path.basename(name)
            )
        else:
            response.headers.pop("Content-Disposition", None)
    return _with_security_headers(response)
