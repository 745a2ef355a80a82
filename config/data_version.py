"""The data version: one value that changes after every committed write to the database.

A signed-in page kept by config/cache_middleware.SignedInPageCacheMiddleware is found only under
the data version current when it was rendered. That must not miss a write, whatever made it: a
service, the admin, QuerySet.update() and bulk_create() (which send no model signals), raw SQL,
a management command. So the writes are seen where they all pass, in the database connection:
every statement goes through ``_watch`` (an execute wrapper added to each new connection), and
one that writes (INSERT, UPDATE, DELETE, DDL) makes the version change

- when its transaction commits (one callback per transaction, however many rows it wrote; a
  rolled-back transaction or savepoint changes nothing), or
- at once, when it ran outside a transaction (autocommit: already committed).

Changing the version after the commit, never before, is what makes a kept page safe: a request
that read the version before a commit and the data after it stores its page under a version that
is already stale; one that read the version after the bump reads the committed data.

Not counted: the tables that change on every request without changing what a page shows
(sessions, the login throttle's records, a database cache table). Writes from outside Etalase (psql,
a restored dump) are not seen; a kept page lives SIGNED_IN_PAGE_CACHE_SECONDS at the most.

The version lives in the "default" cache (CACHE_URL), shared by every worker and instance. With
SIGNED_IN_PAGE_CACHE off (the default without a shared cache, and in tests) nothing is watched.
"""

import logging
import re
import secrets

from django.conf import settings
from django.core.cache import caches
from django.db.backends.signals import connection_created

logger = logging.getLogger(__name__)

CACHE_ALIAS = "default"
VERSION_KEY = "etalase:data-version"

# The first word of a statement that cannot change data.
_READ_WORDS = frozenset(
    {"SELECT", "SAVEPOINT", "RELEASE", "ROLLBACK", "BEGIN", "COMMIT", "SET", "SHOW", "EXPLAIN", "PRAGMA", "VALUES"}
)
_WRITE_IN_CTE = re.compile(r"\b(INSERT|UPDATE|DELETE)\b", re.IGNORECASE)
# The table a write names: INSERT INTO "t", UPDATE "t", DELETE FROM "t" (Django quotes every name).
_FIRST_TABLE = re.compile(r'^\s*\w+(?:\s+(?:INTO|FROM))?\s+["`]?([\w.]+)["`]?', re.IGNORECASE)
# Tables written on ordinary requests that no page shows: sessions (a sign-in, a message, the
# language), django-axes' records of sign-in attempts.
_UNCOUNTED_PREFIXES = ("django_session", "axes_")


def _uncounted_tables() -> frozenset[str]:
    tables = set()
    for config in settings.CACHES.values():
        if config.get("BACKEND", "").endswith("DatabaseCache"):
            tables.add(config["LOCATION"].lower())
    return frozenset(tables)


def is_counted_write(sql) -> bool:
    """Whether ``sql`` may change what a page shows."""
    text = sql if isinstance(sql, str) else str(sql)
    head = text.lstrip()[:120]
    word = head.split(None, 1)[0].upper() if head else ""
    if word in _READ_WORDS or not word:
        return False
    if word == "WITH" and not _WRITE_IN_CTE.search(text):
        return False
    match = _FIRST_TABLE.match(head)
    if match and word != "WITH":
        table = match.group(1).lower()
        if table.startswith(_UNCOUNTED_PREFIXES) or table in _uncounted_tables():
            return False
    return True


def data_version() -> str:
    """The current data version (made on first use; a lost one only makes kept pages stale)."""
    cache = caches[CACHE_ALIAS]
    value = cache.get(VERSION_KEY)
    if value is None:
        cache.add(VERSION_KEY, secrets.token_hex(8), timeout=None)
        value = cache.get(VERSION_KEY) or secrets.token_hex(8)
    return value


def bump_data_version() -> None:
    try:
        caches[CACHE_ALIAS].set(VERSION_KEY, secrets.token_hex(8), timeout=None)
    except Exception:  # the cache is down: nothing can be served from it either
        logger.warning("Data version not bumped: cache unavailable", exc_info=True)


def _written(connection) -> None:
    if not connection.in_atomic_block:
        bump_data_version()
        return
    # Once per transaction. Looked for in the list itself rather than remembered in a flag: a
    # rolled-back savepoint takes its callbacks with it, and a later write must add one again.
    if not any(func is bump_data_version for _, func, _ in connection.run_on_commit):
        connection.on_commit(bump_data_version)


def _watch(execute, sql, params, many, context):
    result = execute(sql, params, many, context)
    if settings.SIGNED_IN_PAGE_CACHE and is_counted_write(sql):
        _written(context["connection"])
    return result


def _watch_connection(sender, connection, **kwargs):
    # Sent again on every reconnection of the same connection object: added once.
    if _watch not in connection.execute_wrappers:
        connection.execute_wrappers.append(_watch)


def connect() -> None:
    """Watch every database connection opened from now on (called once, at start-up)."""
    connection_created.connect(_watch_connection, dispatch_uid="etalase-data-version")
