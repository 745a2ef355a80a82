"""A cache of whole public pages for anonymous visitors, with conditional GET (ETag, Last-Modified).

What is cached: GET requests for the public showcase (the ``public`` URL namespace, the home page,
the sitemap and robots.txt) from visitors without a session or messages cookie (so never a
signed-in user), answered 200 without setting a cookie of their own, a session change, a message
for the visitor or a ``Cache-Control: private/no-store/no-cache``. The key is the scheme, host and full path (query
string included), the language and the public content version (config/cache_invalidation.py),
so a change to anything public makes every cached page stale at once.

CSRF tokens: every public page carries one (the language switch in the header is a POST form,
and product pages have the inquiry form), so a page cannot be cached as rendered: it would hand
one visitor's token to everybody. Before a page is stored, every masked token of the rendering
request's CSRF secret is replaced by a placeholder (found by unmasking, so a token anywhere in the
page is found, not only in a hidden input); a page that still holds the bare secret is not
stored. Each visitor then gets a fresh token of their own secret in place of the placeholder, and
CsrfViewMiddleware (further out) sets or renews their CSRF cookie, exactly as for a rendered page.

Conditional GET: cacheable pages carry ``Cache-Control: no-cache`` (asked again every time) and
an ETag made from the content version, the time window (PUBLIC_PAGE_CACHE_SECONDS: pages change
with the clock too), the language, the URL and the visitor's CSRF secret (a page they keep must hold tokens that still match their
cookie), and Last-Modified = the time of the last public change or the window's start. A matching If-None-Match (or,
without one, an If-Modified-Since not older than that) is answered 304 without rendering. So the
ETag of a product page changes when the product, its images, its makers' consent or anything
else public changes, and with the language.

Where things live: the pages in the "pages" cache (PAGE_CACHE_URL; by default each worker
process's own memory, the fastest to read), the version in the "default" cache (CACHE_URL). A page
is only ever found under the current version, so pages kept per process are safe as long as the
version is shared by every process. Local memory, the default CACHE_URL, is private to one
process: with several workers a change seen by one would not reach the others. So the page cache
is on by default only with a shared default cache (CACHE_URL db://, file://, redis://); see
settings.PUBLIC_PAGE_CACHE.

Right after a change (PUBLIC_PAGE_CACHE_SETTLE_SECONDS) pages are neither stored nor given
validators: the changing transaction may not have committed yet (config/cache_invalidation.py).

The benchmark measures "cold" pages with a request header that makes the cache step aside,
honoured only when PUBLIC_PAGE_CACHE_BYPASS_HEADER names it (never by default).

Signed-in pages (SignedInPageCacheMiddleware, at the end of this module) are kept apart, per user,
under the data version (config/data_version.py) instead of the public content version.
"""

import hashlib
import logging
import os
import re
import time

from django.conf import settings
from django.core.cache import caches
from django.http import HttpResponse
from django.middleware.csrf import CSRF_ALLOWED_CHARS, CSRF_SECRET_LENGTH, _unmask_cipher_token, get_token
from django.utils.cache import get_conditional_response
from django.utils.http import http_date

from config.cache_invalidation import public_content_version
from config.data_version import data_version

logger = logging.getLogger(__name__)

PAGES_ALIAS = "pages"
SIGNED_IN_ALIAS = "signed_in"

CSRF_PLACEHOLDER = b"__etalase_csrf_token_placeholder__"
PUBLIC_NAMESPACES = frozenset({"public"})
PUBLIC_ROOT_URL_NAMES = frozenset({"home", "sitemap", "sitemap-section", "robots"})
MAX_CACHED_BYTES = 2 * 1024 * 1024
# Headers a rendered page carries that belong to the page (kept), as opposed to the visitor or
# the moment (cookies, Vary, ETag, Date: made again on every answer).
_KEPT_HEADERS = frozenset({"content-type", "content-language", "x-robots-tag", "link", "content-disposition"})
_MASKED_TOKEN = re.compile(rb"(?<![A-Za-z0-9])[A-Za-z0-9]{64}(?![A-Za-z0-9])")
_ACCEPTED_VARY = frozenset({"cookie", "accept-language"})


class _State:
    __slots__ = ("key", "validator_base", "changed_at", "last_modified")

    def __init__(self, key: str, validator_base: str, changed_at: float, window_start: float = 0):
        self.key, self.validator_base = key, validator_base
        self.changed_at, self.last_modified = changed_at, int(max(changed_at, window_start))

    def settled(self) -> bool:
        """Whether the last change is old enough that its transaction has surely committed."""
        return time.time() - self.changed_at >= settings.PUBLIC_PAGE_CACHE_SETTLE_SECONDS

    def etag(self, request) -> str:
        # The CSRF secret the page's tokens belong to (the visitor's cookie, or the one made for
        # this answer): a kept copy whose tokens no longer match the cookie must not be reused.
        secret = request.META.get("CSRF_COOKIE", "")
        return '"' + hashlib.sha256(f"{self.validator_base}|{secret}".encode()).hexdigest()[:32] + '"'


def _bypass_header_meta() -> str:
    name = getattr(settings, "PUBLIC_PAGE_CACHE_BYPASS_HEADER", "")
    return "HTTP_" + name.upper().replace("-", "_") if name else ""


def _may_use_cache(request) -> bool:
    if not getattr(settings, "PUBLIC_PAGE_CACHE", False) or request.method not in ("GET", "HEAD"):
        return False
    if request.path_info.startswith(settings.MEDIA_URL):
        return False  # uploads: access is checked per file and request (config/media.py)
    cookies = request.COOKIES
    if settings.SESSION_COOKIE_NAME in cookies or "messages" in cookies:
        return False  # a session (signed in, or messages waiting) may change the page
    bypass = _bypass_header_meta()
    if bypass and bypass in request.META:
        return False
    match = request.resolver_match
    if match is None:
        return False
    return bool(PUBLIC_NAMESPACES.intersection(match.namespaces)) or (
        not match.namespaces and match.url_name in PUBLIC_ROOT_URL_NAMES
    )


def _state_for(request) -> _State:
    version, changed_at = public_content_version()
    language = getattr(request, "LANGUAGE_CODE", settings.LANGUAGE_CODE)
    url = f"{request.scheme}://{request.get_host()}{request.get_full_path()}"
    url_hash = hashlib.sha256(url.encode()).hexdigest()
    # Pages also change with the clock, not only with the data: "Sedang buka" turns "Sedang
    # berlangsung" at closing time, an exhibition becomes past. A page and its validators hold
    # for one window of PUBLIC_PAGE_CACHE_SECONDS at the most (found by a probe: a returning
    # visitor's "open now" was answered 304 long after closing).
    window_seconds = max(1, settings.PUBLIC_PAGE_CACHE_SECONDS)
    window = int(time.time() // window_seconds)
    return _State(
        key=f"etalase:page:{version}:{window}:{language}:{url_hash}",
        validator_base=f"{version}|{window}|{language}|{url}",
        changed_at=changed_at,
        window_start=window * window_seconds,
    )


def _with_validators(request, response, state: _State):
    response.headers["ETag"] = state.etag(request)
    response.headers["Last-Modified"] = http_date(state.last_modified)
    # Asked again every time: without it a browser may reuse a page with a Last-Modified for a
    # while by its own reckoning, never asking (a withdrawn consent, a closed exhibition); the
    # question is cheap (304 when nothing changed).
    response.headers["Cache-Control"] = "no-cache"
    return response


def _not_modified_or(request, response, state: _State):
    """``response`` with ETag and Last-Modified, or a 304 when the visitor's copy is current."""
    conditional = get_conditional_response(
        request, etag=state.etag(request), last_modified=state.last_modified, response=response
    )
    return _with_validators(request, conditional, state)


def _session_or_messages_changed(request) -> bool:
    """Whether this request changed the session or shows or adds a message (stored by
    MessageMiddleware, further out): its page is about this moment, not to be kept."""
    session = getattr(request, "session", None)
    if session is not None and session.modified:
        return True
    messages = getattr(request, "_messages", None)
    return messages is not None and len(messages) > 0


def _storable(request, response) -> bool:
    if response.status_code != 200 or response.streaming or response.cookies:
        return False
    if _session_or_messages_changed(request):
        return False
    cache_control = response.get("Cache-Control", "").lower()
    if any(word in cache_control for word in ("private", "no-store", "no-cache")):
        return False
    vary = {part.strip().lower() for part in response.get("Vary", "").split(",") if part.strip()}
    return vary <= _ACCEPTED_VARY and len(response.content) <= MAX_CACHED_BYTES


def _without_csrf_tokens(request, content: bytes) -> tuple[bytes, bool] | None:
    """``content`` with this request's CSRF tokens replaced by the placeholder, and whether there
    were any; None when the page cannot be made safe to share (the bare secret is in it)."""
    if CSRF_PLACEHOLDER in content:
        # Typed by somebody (a buyer's name in an inquiry): every copy would show the reader's
        # token in its place (found by a probe). Such a page is not kept.
        return None
    secret = request.META.get("CSRF_COOKIE")
    if not secret:
        return content, False
    if secret.encode() in content:
        return None
    found = False

    def replace(match):
        nonlocal found
        candidate = match.group(0).decode()
        if _unmask_cipher_token(candidate) == secret:
            found = True
            return CSRF_PLACEHOLDER
        return match.group(0)

    cleaned = _MASKED_TOKEN.sub(replace, content)
    return cleaned, found


def _store(request, response, state: _State) -> None:
    cleaned = _without_csrf_tokens(request, response.content)
    if cleaned is None:
        return
    content, has_token = cleaned
    headers = [(name, value) for name, value in response.items() if name.lower() in _KEPT_HEADERS]
    entry = {"content": content, "headers": headers, "csrf": has_token}
    caches[PAGES_ALIAS].set(state.key, entry, settings.PUBLIC_PAGE_CACHE_SECONDS)


_CHAR_INDEX = {char: i for i, char in enumerate(CSRF_ALLOWED_CHARS)}


def _random_chars(length: int) -> str:
    chars, count, out = CSRF_ALLOWED_CHARS, len(CSRF_ALLOWED_CHARS), []
    limit = 256 - 256 % count  # bytes at or above it are dropped: every character equally likely
    while len(out) < length:
        out.extend(chars[byte % count] for byte in os.urandom(2 * length) if byte < limit)
    return "".join(out[:length])


def _csrf_token(request) -> str:
    """What ``django.middleware.csrf.get_token`` gives: the visitor's secret under a fresh random
    mask, with their cookie flagged for renewal (a new visitor gets a new secret from get_token
    itself). The mask comes from one os.urandom call instead of get_token's 32, the costliest
    step of serving a cached page. tests/test_cache.py checks that Django accepts the tokens."""
    secret = request.META.get("CSRF_COOKIE")
    if not secret or len(secret) != CSRF_SECRET_LENGTH:
        return get_token(request)
    request.META["CSRF_COOKIE_NEEDS_UPDATE"] = True
    mask = _random_chars(CSRF_SECRET_LENGTH)
    count, index = len(CSRF_ALLOWED_CHARS), _CHAR_INDEX
    return mask + "".join(
        CSRF_ALLOWED_CHARS[(index[s] + index[m]) % count] for s, m in zip(secret, mask)
    )


def _from_cache(request, entry) -> HttpResponse:
    content = entry["content"]
    if entry["csrf"]:
        content = content.replace(CSRF_PLACEHOLDER, _csrf_token(request).encode())
    response = HttpResponse(content)
    for name, value in entry["headers"]:
        response.headers[name] = value
    response.headers["X-Page-Cache"] = "hit"
    return response


def _public_key(request) -> tuple[str, _State]:
    state = _state_for(request)
    return state.key, state


def _look_up(request, *, alias: str, locate, note_as: str):
    """The entry kept under the key ``locate(request)`` gives with its state, or None. The state
    is noted on the request under ``note_as`` (the page may be stored under it once made), unless
    the cache cannot be reached (a stopped Redis; the database behind db://): the page is then
    made afresh and not kept, rather than failing. Never serving from the cache is always safe; a
    page that needs the database then meets its outage (config/outage.py)."""
    try:
        key, state = locate(request)
        entry = caches[alias].get(key)
    except Exception:
        logger.warning("Page cache unavailable; %s served uncached", request.path, exc_info=True)
        return None
    setattr(request, note_as, state)
    if entry is not None:
        request._page_cache_hit = True
    return entry


def _rendered_here(request, attribute: str):
    """What process_view noted under ``attribute`` for a page that was rendered (not served from
    a cache), or None."""
    if getattr(request, "_page_cache_hit", False):
        return None
    return getattr(request, attribute, None)


class PublicPageCacheMiddleware:
    """Serves and stores public pages (see the module docstring). Listed last in MIDDLEWARE, so
    that the language is chosen and the CSRF cookie and session are read before it, and so that
    the outer middleware (security headers, CSRF cookie, Vary, Content-Language) still runs for
    every page it serves."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        state = _rendered_here(request, "_page_cache_state")
        if state is None or not _storable(request, response):
            return response
        response.headers.setdefault("X-Page-Cache", "miss")
        if not state.settled():
            return response  # neither kept nor validated: the data may be mid-change
        if request.method == "GET":
            try:
                _store(request, response, state)
            except Exception:  # the cache is down: the page was made, it just is not kept
                logger.warning("Page cache unavailable; %s not stored", request.path, exc_info=True)
        return _not_modified_or(request, response, state)

    def process_view(self, request, view_func, view_args, view_kwargs):
        if not _may_use_cache(request):
            return None
        entry = _look_up(request, alias=PAGES_ALIAS, locate=_public_key, note_as="_page_cache_state")
        if entry is None:
            return None
        state = request._page_cache_state
        not_modified = get_conditional_response(
            request, etag=state.etag(request), last_modified=state.last_modified
        )
        if not_modified is not None:
            return _with_validators(request, not_modified, state)
        return _with_validators(request, _from_cache(request, entry), state)


# --- Signed-in pages ---------------------------------------------------------------------------

# The portal's pages kept for a returning user: the dashboard and the lists, which only read.
# A page is listed here only if rendering it twice with nothing written between gives the same
# page (tests/test_signed_in_cache.py renders each twice): no form with a one-time key (the sales
# desk's idempotency key, the import's token), nothing drawn at random; and only if it does not
# read the session (kept per user, not per session; the admin's curation queue does).
SIGNED_IN_PORTAL_PAGES = frozenset(
    {
        "dashboard",
        "inmate-list",
        "product-list",
        "application-list",
        "inquiry-list",
        "certificate-list",
        "followup-list",
        "aid-list",
        "training-list",
        "stock-list",
        "sales-desk-list",
        "jury-list",
    }
)
# Headers a signed-in page is kept with: all but those made again for every answer (the private
# caching headers come back from PrivatePagesMiddleware, further out).
_NOT_KEPT_SIGNED_IN = frozenset(
    {"cache-control", "expires", "vary", "date", "etag", "last-modified", "content-length", "x-page-cache"}
)


def _signed_in_page(match) -> bool:
    if match is None:
        return False
    if "portal" in match.namespaces:
        return match.url_name in SIGNED_IN_PORTAL_PAGES
    if match.namespaces == ["admin"]:
        name = match.url_name or ""
        # Not the login throttle's records: their writes do not change the data version
        # (config/data_version.py), and staff looking at failed sign-ins need the last one.
        return name == "index" or (name.endswith("_changelist") and not name.startswith("axes_"))
    return False


def _messages_waiting(request) -> bool:
    if "messages" in request.COOKIES:
        return True
    session = getattr(request, "session", None)
    return session is not None and "_messages" in session


def _may_keep_signed_in(request) -> bool:
    if not getattr(settings, "SIGNED_IN_PAGE_CACHE", False) or request.method not in ("GET", "HEAD"):
        return False
    bypass = _bypass_header_meta()
    if bypass and bypass in request.META:
        return False
    if not _signed_in_page(request.resolver_match):
        return False
    user = getattr(request, "user", None)
    return bool(user is not None and user.is_authenticated) and not _messages_waiting(request)


def _signed_in_key(request, version: str) -> str:
    window = int(time.time() // max(1, settings.SIGNED_IN_PAGE_CACHE_SECONDS))
    language = getattr(request, "LANGUAGE_CODE", settings.LANGUAGE_CODE)
    url = f"{request.scheme}://{request.get_host()}{request.get_full_path()}"
    url_hash = hashlib.sha256(url.encode()).hexdigest()
    return f"etalase:signed-in:{version}:{window}:{request.user.pk}:{language}:{url_hash}"


def _only_csrf_cookie(request, response) -> bool:
    """Whether the response sets no cookie but the visitor's own CSRF cookie (the admin's views
    set it themselves, through csrf_protect; a page served from the cache gets it from
    CsrfViewMiddleware further out, as a rendered portal page does)."""
    cookies = response.cookies
    if not cookies:
        return True
    name = settings.CSRF_COOKIE_NAME
    return set(cookies) == {name} and cookies[name].value == request.META.get("CSRF_COOKIE")


def _signed_in_lookup(request) -> tuple[str, str]:
    version = data_version()
    return _signed_in_key(request, version), version


def _signed_in_storable(request, response) -> bool:
    if response.status_code != 200 or response.streaming or not _only_csrf_cookie(request, response):
        return False
    if not response.get("Content-Type", "").startswith("text/html") or _session_or_messages_changed(request):
        return False
    return len(response.content) <= MAX_CACHED_BYTES


class SignedInPageCacheMiddleware:
    """Keeps the portal's dashboard and lists and the admin's lists for the user who saw them,
    until anything is written to the database (config/data_version.py) or
    SIGNED_IN_PAGE_CACHE_SECONDS pass, whichever comes first.

    A page kept for one user is only ever served to that user (their id is in the key), in the
    language it was made in, with a fresh CSRF token of their own in place of the placeholder
    (as for public pages), and never while a message is waiting for them. A page is stored only
    if the data version did not change while it was being made: neither another request's commit
    nor a write of this request itself (a page that writes when it is read is never kept). Whether
    the user may see the page was decided when it was made; taking a role away, moving an officer
    to another prison or deactivating them is a write, and signing out ends the session first.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        started = _rendered_here(request, "_signed_in_cache_version")
        if started is None or request.method != "GET" or not _signed_in_storable(request, response):
            return response
        response.headers.setdefault("X-Page-Cache", "miss")
        try:
            if data_version() != started:
                return response  # something was written meanwhile: the page may be stale already
            cleaned = _without_csrf_tokens(request, response.content)
            if cleaned is None:
                return response
            content, has_token = cleaned
            headers = [(name, value) for name, value in response.items() if name.lower() not in _NOT_KEPT_SIGNED_IN]
            entry = {"content": content, "headers": headers, "csrf": has_token}
            caches[SIGNED_IN_ALIAS].set(_signed_in_key(request, started), entry, settings.SIGNED_IN_PAGE_CACHE_SECONDS)
        except Exception:
            logger.warning("Page cache unavailable; %s not stored", request.path, exc_info=True)
        return response

    def process_view(self, request, view_func, view_args, view_kwargs):
        if not _may_keep_signed_in(request):
            return None
        entry = _look_up(
            request, alias=SIGNED_IN_ALIAS, locate=_signed_in_lookup, note_as="_signed_in_cache_version"
        )
        return None if entry is None else _from_cache(request, entry)
