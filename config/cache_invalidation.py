"""The public content version: one value that changes whenever anything a public page shows changes.

Every cached public page (config/cache_middleware.py) is stored under the version current when it
was rendered, and its ETag is made from it; bumping the version makes every cached page and every
ETag stale at once. That is coarse (one product edit re-renders the home page too), but it is
simple and it cannot miss a dependency: a page shows products, makers' names (consent), images,
exhibitions, delegations, programmes, competitions, categories, prisons, regions and trainings,
in combinations no per-page dependency list would keep right.

Why signals, when the house style keeps logic out of them: this is not domain logic but cache
bookkeeping, and it must see EVERY write, also those that do not go through a service (the admin,
simple-history's revert, restoring deleted records, the shell, data migrations). A withdrawn
consent that one write path forgot to announce would keep a person's name on public pages; a
receiver on post_save/post_delete/m2m_changed cannot forget. The receivers only bump the version;
they read and change nothing else.

What they cannot see: QuerySet.update() and bulk_create() send no signals. The services use
neither on public data; seed_scale (bulk, for benchmarks) is meant for a database no server is
showing yet; restoring a backup announces the change itself (inmates/backup.py). Cached pages also
expire after PUBLIC_PAGE_CACHE_SECONDS, and cached pieces after PUBLIC_FRAGMENT_CACHE_SECONDS,
whatever happens.

Every write bumps the version at once, inside its transaction, so that the next request renders
afresh. A request that starts between that bump and the commit still reads the old data, and
must not store what it rendered under the new version: so no page is stored while the last bump
is younger than PUBLIC_PAGE_CACHE_SETTLE_SECONDS (config/cache_middleware.py), which covers the
time from a transaction's last write to its commit. (A callback on commit would be exact, but it
would add itself to every transaction's on_commit list, which tests of the services count.)
"""

import secrets
import time

from django.apps import AppConfig
from django.core.cache import caches
from django.db.models.signals import m2m_changed, post_delete, post_save

from config import data_version

CACHE_ALIAS = "default"
VERSION_KEY = "etalase:public-content-version"

OUR_APPS = frozenset({"inmates", "products", "exhibitions", "programs"})
# Models of our apps that no public page shows, and that change often (visitors send inquiries
# and feedback, jurors score, officers take attendance): their writes leave the cache alone.
NEVER_PUBLIC = frozenset(
    {
        "exhibitions.inquiry",
        "exhibitions.judgescore",
        "exhibitions.visitorfeedback",
        "exhibitions.visitorcount",
        "exhibitions.stockline",
        "inmates.officerprofile",
        "programs.followup",
        "programs.trainingattendance",
        "programs.certificatecounter",
        "programs.evidence",
        "products.stagedimage",
        "inmates.stagedfile",
    }
)


def _cache():
    return caches[CACHE_ALIAS]


def _new_version() -> tuple[str, float]:
    # A random part, so that two processes bumping in the same instant still differ, and the
    # time of the change (the pages' Last-Modified; the start of the settling time).
    return secrets.token_hex(6), time.time()


def public_content_version() -> tuple[str, float]:
    """(version, unix time of the last change) of the public content; made on first use (and
    again if the cache lost it, which only makes every cached page stale, never fresh)."""
    cache = _cache()
    value = cache.get(VERSION_KEY)
    if value is None:
        cache.add(VERSION_KEY, _new_version(), timeout=None)
        value = cache.get(VERSION_KEY) or _new_version()
    return value


def bump_public_content_version() -> None:
    _cache().set(VERSION_KEY, _new_version(), timeout=None)


def public_content_changed() -> None:
    """Announce a change to public content: every cached page and ETag is stale from now on."""
    bump_public_content_version()


def affects_public_pages(model) -> bool:
    opts = model._meta
    if opts.app_label not in OUR_APPS or opts.model_name.startswith("historical"):
        return False
    return opts.label_lower not in NEVER_PUBLIC


def _on_write(sender, **kwargs):
    if affects_public_pages(sender):
        public_content_changed()


def _on_m2m(sender, action, **kwargs):
    if action in ("post_add", "post_remove", "post_clear") and affects_public_pages(sender):
        public_content_changed()


class PageCacheConfig(AppConfig):
    """Connects the receivers once, at start-up (listed in settings.INSTALLED_APPS)."""

    name = "config"
    label = "page_cache"
    verbose_name = "Public page cache"

    def ready(self):
        post_save.connect(_on_write, dispatch_uid="etalase-page-cache-post-save")
        post_delete.connect(_on_write, dispatch_uid="etalase-page-cache-post-delete")
        m2m_changed.connect(_on_m2m, dispatch_uid="etalase-page-cache-m2m")
        data_version.connect()
