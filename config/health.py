"""``/healthz``: whether this process can reach the database and write its storage, for a load
balancer, a monitor or an operator's ``curl``.

It answers JSON ``{"status", "database", "storage"}``, each "ok" or "error", with 200 when all is
well and 503 otherwise. No sign-in is needed and nothing is throttled, so the answer says only
"ok"/"error": the reasons (host names, paths, driver messages) go to the log, never to the caller.
It is never cached, by the public page cache (not a public URL) nor by anybody downstream
(``Cache-Control: no-store``).
"""

import logging
import secrets

from django.contrib.staticfiles.storage import ManifestFilesMixin, staticfiles_storage
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import connection, transaction
from django.http import JsonResponse
from django.utils.cache import add_never_cache_headers
from django.views.decorators.http import require_safe

logger = logging.getLogger(__name__)

# The longest a health query may run on PostgreSQL: a database that cannot answer "SELECT 1" in
# this time is not healthy, and a monitor must not wait on a lock behind a long migration.
DATABASE_TIMEOUT_MS = 2000
OK, ERROR = "ok", "error"


def database_status() -> str:
    """OK when a trivial query answers; connection failures, timeouts and the like are logged."""
    try:
        # In a transaction, so that SET LOCAL ends with it and never stays on the connection
        # (connections are kept between requests, CONN_MAX_AGE), even when the query fails.
        with transaction.atomic(), connection.cursor() as cursor:
            if connection.vendor == "postgresql":
                cursor.execute(f"SET LOCAL statement_timeout = {DATABASE_TIMEOUT_MS}")
            cursor.execute("SELECT 1")
    except Exception:
        logger.exception("Health check: the database is not reachable")
        return ERROR
    return OK


def storage_status() -> str:
    """OK when the default storage (MEDIA_ROOT, or the S3 bucket) takes and gives back a small
    file, and, with a manifest static storage, the manifest every page's static URLs come from
    is there."""
    name = f"healthz-{secrets.token_hex(8)}.txt"
    try:
        saved = default_storage.save(name, ContentFile(b"ok"))
        try:
            readable = default_storage.exists(saved)
        finally:
            default_storage.delete(saved)
        if not readable:
            raise OSError(f"{saved} was saved but is not there")
    except Exception:
        logger.exception("Health check: the media storage is not writable")
        return ERROR
    if isinstance(staticfiles_storage, ManifestFilesMixin):  # the lazy object passes isinstance
        try:
            present = staticfiles_storage.exists(staticfiles_storage.manifest_name)
        except Exception:
            logger.exception("Health check: the static files manifest cannot be read")
            return ERROR
        if not present:
            logger.error("Health check: no static files manifest (run collectstatic)")
            return ERROR
    return OK


@require_safe
def healthz(request):
    checks = {"database": database_status(), "storage": storage_status()}
    healthy = all(value == OK for value in checks.values())
    response = JsonResponse({"status": OK if healthy else ERROR, **checks}, status=200 if healthy else 503)
    add_never_cache_headers(response)  # no-cache, no-store, must-revalidate, private
    return response
