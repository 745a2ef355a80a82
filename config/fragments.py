"""Caching the costly parts of public pages, for when the whole-page cache cannot answer.

The page cache (config/cache_middleware.py) answers returning anonymous visitors; every other
request renders the page: a signed-in officer or curator looking at the showcase, a visitor
whose session holds a message, the first visitor of a URL after a change, every HEAD request
with a new query string. Two tools make that rendering cheap, both keyed by the public content
version (config/cache_invalidation.py), so that any public change makes everything they hold stale
at once, exactly like a cached page:

- ``remember(name, parts, compute)`` keeps the result of a costly read (the catalogue's filter
  counts, the home page's headline numbers): plain data, never a QuerySet;
- the ``{% public_fragment "name" part … %}`` tag (config/templatetags/public_fragments.py) keeps
  a rendered piece of a template that is the same for every visitor (the product grid, a product's
  description and makers). The lazy querysets inside it are only read when it is rendered.

Both live in the "pages" cache (each process's own memory unless PAGE_CACHE_URL says otherwise)
and, like the page cache, are on only where the version is shared by every process
(settings.PUBLIC_FRAGMENT_CACHE, by default the same as PUBLIC_PAGE_CACHE), and store nothing
while a change is settling (its transaction may not have committed yet). Nothing that depends on
the visitor (a CSRF token, a form, a signed-in user's name) may go into them: a fragment that holds
the CSRF token of the visitor who rendered it keeps it as a placeholder (each visitor gets their
own token in its place), and one that holds any other token is not kept.

Nor may anything that changes with the clock alone: what does (an exhibition running now, open
now) is computed per request and passed as a part of the key. So the pieces live
PUBLIC_FRAGMENT_CACHE_SECONDS (an hour), longer than a page (PUBLIC_PAGE_CACHE_SECONDS, five
minutes, because a whole page does show the clock's changes): the version makes them stale at the
first public change, and a worker does not pay the ~75 ms of the catalogue's filter counts every
five minutes.
"""

import functools
import hashlib
import logging
import time

from django.conf import settings
from django.core.cache import caches
from django.utils.safestring import mark_safe
from django.utils.translation import get_language

from config.cache_invalidation import public_content_version

PAGES_ALIAS = "pages"
logger = logging.getLogger(__name__)
_MISSING = object()


def enabled() -> bool:
    return getattr(settings, "PUBLIC_FRAGMENT_CACHE", False)


def _key(kind: str, name: str, parts) -> tuple[str, bool]:
    version, changed_at = public_content_version()
    settled = time.time() - changed_at >= settings.PUBLIC_PAGE_CACHE_SETTLE_SECONDS
    digest = hashlib.sha256(repr((get_language() or "", *parts)).encode()).hexdigest()[:40]
    return f"etalase:{kind}:{version}:{name}:{digest}", settled


def remember(name: str, parts, compute):
    """``compute()``, or what it returned for the same name and parts under the current public
    content version and language (None is never kept). ``parts`` must identify every input of
    ``compute``."""
    if not enabled():
        return compute()
    cache = caches[PAGES_ALIAS]
    try:
        key, settled = _key("data", name, parts)
        value = cache.get(key, _MISSING)
    except Exception:  # the shared cache is down: read the database, keep nothing
        logger.warning("fragment cache unavailable; %s computed afresh", name, exc_info=True)
        return compute()
    if value is _MISSING:
        value = compute()
        # Nothing found (an unknown slug) is not kept: made-up URLs must not fill the cache.
        if settled and value is not None:
            cache.set(key, value, settings.PUBLIC_FRAGMENT_CACHE_SECONDS)
    return value


def get_fragment(name: str, parts) -> tuple[str, str | None, bool]:
    """(key, the stored HTML or None, whether a fresh rendering may be stored); when the shared
    cache is down, (key, None, False): the piece is rendered and not kept."""
    try:
        key, settled = _key("fragment", name, parts)
        return key, caches[PAGES_ALIAS].get(key), settled
    except Exception:
        logger.warning("fragment cache unavailable; %s rendered afresh", name, exc_info=True)
        return "", None, False


CSRF_PLACEHOLDER = "__etalase_fragment_csrf__"


def store_fragment(key: str, html: str, *, csrf_token: str = "") -> None:
    """Keep ``html``, with the rendering visitor's CSRF token (if it holds a form) replaced by a
    placeholder; a fragment with a token that is not that one is not kept."""
    if csrf_token and csrf_token in html:
        # Rendered (so escaped) template output with one token swapped for a fixed string.
        html = mark_safe(html.replace(csrf_token, CSRF_PLACEHOLDER))  # noqa: S308  # nosec B308 B703
    if "csrfmiddlewaretoken" in html and CSRF_PLACEHOLDER not in html:
        return  # a visitor's token must never be handed to everybody
    caches[PAGES_ALIAS].set(key, html, settings.PUBLIC_FRAGMENT_CACHE_SECONDS)


def once(compute):
    """``compute`` made lazy for a template: the template calls it (Django calls a callable
    context value) only where it is used, so inside a stored fragment never, and once at most."""
    return functools.cache(compute)
