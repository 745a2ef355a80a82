"""Etalase settings: one module, configured by environment variables.

Every value that differs between a laptop, CI and production comes from the environment
(see README.md, "Configuration"). Nothing secret lives in the repository.
"""

import datetime
import os
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _
from xstatic.pkg import bootstrap as xstatic_bootstrap

BASE_DIR = Path(__file__).resolve().parent.parent


def env(name: str, default: str = "") -> str:
    return os.environ.get(name, default)


def env_bool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None or value.strip() == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_int(name: str, default: int) -> int:
    value = os.environ.get(name, "").strip()
    return int(value) if value else default


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in env(name, default).split(",") if item.strip()]


DEBUG = env_bool("DEBUG", False)

# A development key only when DEBUG is on; production must bring its own.
# Commands that only read or write source files never sign anything; they may run without a key
# (manage.py marks them), so that e.g. `makemigrations --check` works on any checkout.
KEYLESS_COMMANDS = {"makemigrations", "makemessages", "compile_translations", "compilemessages"}

SECRET_KEY = env("SECRET_KEY")
if not SECRET_KEY:
    if os.environ.get("ETALASE_KEYLESS_COMMAND") in KEYLESS_COMMANDS:
        import secrets

        SECRET_KEY = secrets.token_urlsafe(50)  # throwaway: never used to sign anything
    elif not DEBUG:
        raise ImproperlyConfigured(
            "SECRET_KEY is not set. Set SECRET_KEY in the environment, or DEBUG=1 for development."
        )
    else:
        SECRET_KEY = "dev-only-insecure-key-etalase-do-not-use-in-production"  # noqa: S105 (DEBUG only)

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "127.0.0.1,localhost" if DEBUG else "")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")
# A refused form (expired page, cookies off) explains itself in the site's own page.
CSRF_FAILURE_VIEW = "config.views.csrf_failure"

INSTALLED_APPS = [
    "config.admin_site.EtalaseAdminConfig",  # django.contrib.admin with a leaner site
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.contrib.sitemaps",
    "django.contrib.postgres",  # full-text search of the catalogue (PostgreSQL; harmless on SQLite)
    "django.forms",  # its widget templates, for FORM_RENDERER below
    "crispy_forms",
    "crispy_bootstrap5",
    "simple_history",
    "config.axes_app.AxesConfig",  # django-axes: login throttling (config/auth.py)
    "inmates",
    "products",
    "exhibitions",
    "programs",
    "config.cache_invalidation.PageCacheConfig",  # keeps cached public pages fresh
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # Outside everything that answers a request (whitenoise, the page cache, axes' lock-out page),
    # so that every answer carries the Content-Security-Policy, cached pages included.
    "csp.middleware.CSPMiddleware",
    # Portal and admin pages are never stored by browsers or proxies (config/middleware.py).
    "config.middleware.PrivatePagesMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "config.middleware.LanguageMiddleware",
    # A form body that is not UTF-8 gets a 400 page before the CSRF check reads it (a 500 else).
    "config.middleware.FormEncodingMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    # Only GET, HEAD, POST, OPTIONS; a 405 is a page (config/middleware.py). Inside the session,
    # language and user, which its page needs.
    "config.middleware.MethodsMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    # A view that cannot reach the database answers 503 "not saved, try again" (config/outage.py).
    "config.outage.DatabaseOutageMiddleware",
    # An address that failed too often over all usernames gets the lock-out page (config/auth.py).
    "config.auth.LoginAddressGuardMiddleware",
    # Turns a login attempt that axes refused into the lock-out page (config/auth.py).
    "axes.middleware.AxesMiddleware",
    # Last: it needs the language, the CSRF cookie and the session read before it.
    "config.cache_middleware.PublicPageCacheMiddleware",
    # The portal's dashboard and lists and the admin's lists, kept per user until the next write.
    "config.cache_middleware.SignedInPageCacheMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

# Form widgets are rendered from the project's templates first, so that
# templates/django/forms/widgets/ can change one widget everywhere (portal, public site, admin):
# a text box carries no maxlength, which made browsers cut pasted text without a word.
FORM_RENDERER = "django.forms.renderers.TemplatesSetting"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "config.context_processors.portal_menu",
                "config.context_processors.public_menu",
            ],
        },
    },
]

# Database: SQLite file in the project unless DATABASE_URL names another (PostgreSQL in production).
DATABASES = {
    "default": dj_database_url.parse(
        env("DATABASE_URL", f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
        conn_max_age=env_int("CONN_MAX_AGE", 60),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # While the database host is unreachable a request fails after this many seconds (a clear
    # 503, config/outage.py) instead of hanging on the TCP connect.
    DATABASES["default"].setdefault("OPTIONS", {}).setdefault(
        "connect_timeout", env_int("DATABASE_CONNECT_TIMEOUT", 5)
    )
    # No just-in-time compilation of queries (DATABASE_JIT=1 allows it): the few queries that add
    # up whole tables at national scale (the programme's outcomes, a dashboard count) crossed its
    # cost threshold and spent more time compiling than running: 1.0 of the outcomes page's 3.8 s
    # (found by a probe at national scale). Etalase's queries are short; JIT never pays here.
    if not env_bool("DATABASE_JIT", False):
        given = DATABASES["default"]["OPTIONS"].get("options", "")  # e.g. ?options= in DATABASE_URL
        DATABASES["default"]["OPTIONS"]["options"] = f"{given} -c jit=off".strip()
# SQLite (make run, a small office) with several people saving at once: a transaction takes the
# write lock when it starts, so two that read and then write cannot trip over each other ("database
# is locked" at once, a 500); a writer waits up to 20 s for another; WAL lets pages be read while
# somebody saves.
SQLITE_OPTIONS = {
    "timeout": 20,
    "transaction_mode": "IMMEDIATE",
    "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"].setdefault("OPTIONS", {}).update(SQLITE_OPTIONS)
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 10},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
# Axes first: it refuses a locked-out login before the password is even checked.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    # ModelBackend that reads a signed-in user's roles and officer profile in the same query.
    "inmates.backends.EtalaseBackend",
]
# Login throttling (django-axes; the lock-out page and the client address are in config/auth.py):
# after LOGIN_FAILURE_LIMIT failed logins with one username from one address, that pair is locked
# out for LOGIN_LOCKOUT_MINUTES (restarted by every attempt while locked); a successful login
# clears the count. Staff who may change accounts lift a lock-out in the admin (config/admin.py).
AXES_FAILURE_LIMIT = env_int("LOGIN_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = datetime.timedelta(minutes=env_int("LOGIN_LOCKOUT_MINUTES", 30))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
# Failures from one address over all usernames (password spraying): config.auth.
LOGIN_ADDRESS_FAILURE_LIMIT = env_int("LOGIN_ADDRESS_FAILURE_LIMIT", 30)

# A training participant passes only having been present on this share of the days whose
# attendance was recorded (programs.services.training_result_record); 0 turns the rule off.
TRAINING_PASS_MIN_ATTENDANCE_PERCENT = env_int("TRAINING_PASS_MIN_ATTENDANCE_PERCENT", 50)
AXES_RESET_ON_SUCCESS = True
AXES_CLIENT_IP_CALLABLE = "config.auth.client_ip"
AXES_USERNAME_CALLABLE = "config.auth.lockout_username"
AXES_LOCKOUT_CALLABLE = "config.auth.lockout_response"
AXES_ENABLE_ADMIN = False  # registered in config/admin.py, following the user permissions
AXES_VERBOSE = False  # axes' start-up banner; lock-outs are still logged as warnings
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "home"

# Indonesian first; English switchable (cookie set by django.views.i18n.set_language).
LANGUAGE_CODE = "id"
# English dates day-first with a 24-hour clock, as in Indonesia (config/formats/en/formats.py).
FORMAT_MODULE_PATH = ["config.formats"]
LANGUAGES = [("id", _("Bahasa Indonesia")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Jakarta"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = Path(env("STATIC_ROOT", str(BASE_DIR / "staticfiles")))
# Bootstrap comes from an installed package, never a CDN: halls have poor internet.
STATICFILES_DIRS = [
    BASE_DIR / "static",
    ("vendor/bootstrap", xstatic_bootstrap.BASE_DIR),
]
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(env("MEDIA_ROOT", str(BASE_DIR / "media")))
# Uploads are served by config/media.py (access checked per file); with e.g. "/protected/" the
# bytes are handed to nginx through X-Accel-Redirect after the check (README: nginx location).
MEDIA_ACCEL_REDIRECT = env("MEDIA_ACCEL_REDIRECT").strip()


def media_storage(kind: str) -> dict:
    """The STORAGES["default"] entry (uploads) for MEDIA_STORAGE: ``local`` (files under
    MEDIA_ROOT) or ``s3`` (any S3-compatible store through django-storages, an optional package:
    `pip install django-storages[s3]==1.14.6`), configured from the AWS_* variables."""
    kind = (kind or "local").strip().lower()
    if kind == "local":
        return {"BACKEND": "django.core.files.storage.FileSystemStorage"}
    if kind != "s3":
        raise ImproperlyConfigured(f"MEDIA_STORAGE: unknown storage {kind!r} (use local or s3).")
    import importlib.util

    missing = [name for name in ("storages", "boto3") if importlib.util.find_spec(name) is None]
    if missing:
        raise ImproperlyConfigured(
            "MEDIA_STORAGE=s3 needs django-storages and boto3, which are not installed "
            f"({', '.join(missing)} missing): pip install 'django-storages[s3]==1.14.6'"
        )
    bucket = env("AWS_STORAGE_BUCKET_NAME").strip()
    if not bucket:
        raise ImproperlyConfigured("MEDIA_STORAGE=s3 needs AWS_STORAGE_BUCKET_NAME.")
    options = {
        "bucket_name": bucket,
        # Uploads already get random names; never replace a stored file that has the same name.
        "file_overwrite": False,
        # Private objects behind signed URLs (scanned consent forms are media too), valid longer
        # than a cached page lives (PUBLIC_PAGE_CACHE_SECONDS).
        "querystring_auth": env_bool("AWS_QUERYSTRING_AUTH", True),
        "querystring_expire": env_int("AWS_QUERYSTRING_EXPIRE", 3600),
    }
    for option, variable in (
        ("endpoint_url", "AWS_S3_ENDPOINT_URL"),
        ("region_name", "AWS_S3_REGION_NAME"),
        ("access_key", "AWS_ACCESS_KEY_ID"),  # when unset, boto3 finds credentials itself
        ("secret_key", "AWS_SECRET_ACCESS_KEY"),
        ("custom_domain", "AWS_S3_CUSTOM_DOMAIN"),
        ("location", "AWS_LOCATION"),
    ):
        if env(variable).strip():
            options[option] = env(variable).strip()
    # django-storages' S3 storage, with URLs that go through the access check (config/s3_storage.py).
    return {"BACKEND": "config.s3_storage.CheckedS3Storage", "OPTIONS": options}


# Uploads: local disk by default; MEDIA_STORAGE=s3 for several app instances (README).
MEDIA_STORAGE = env("MEDIA_STORAGE", "local")
STORAGES = {
    "default": media_storage(MEDIA_STORAGE),
    "staticfiles": {
        "BACKEND": (
            "config.static_storage.ManifestStaticStorage"
            if env_bool("STATIC_MANIFEST", not DEBUG)
            else "django.contrib.staticfiles.storage.StaticFilesStorage"
        )
    },
}
# Without collectstatic (no manifest in STATIC_ROOT) whitenoise serves the files from the apps'
# static folders, under their plain names (config/static_storage.py): slower caching, never a 500.
# In development (DEBUG) always from the folders, looked up afresh on each request: a STATIC_ROOT
# left by an earlier collectstatic would otherwise serve yesterday's CSS to `make run`.
WHITENOISE_USE_FINDERS = env_bool("WHITENOISE_USE_FINDERS", DEBUG or not (STATIC_ROOT / "staticfiles.json").exists())
WHITENOISE_AUTOREFRESH = DEBUG
FILE_UPLOAD_PERMISSIONS = 0o640
DATA_UPLOAD_MAX_MEMORY_SIZE = 12 * 1024 * 1024



def cache_from_url(url: str) -> dict:
    """A CACHES entry from CACHE_URL: locmem://[name], objects://[name] (in-process, not pickled:
    config/object_cache.py), db://table (run `manage.py
    createcachetable`), file:///absolute/path, redis://host:port/db, dummy://.
    ?max_entries=N sets MAX_ENTRIES (locmem, db, file)."""
    from urllib.parse import parse_qs, urlsplit

    parts = urlsplit(url)
    backends = {
        "locmem": "django.core.cache.backends.locmem.LocMemCache",
        "objects": "config.object_cache.ObjectCache",
        "db": "django.core.cache.backends.db.DatabaseCache",
        "file": "django.core.cache.backends.filebased.FileBasedCache",
        "redis": "django.core.cache.backends.redis.RedisCache",
        "dummy": "django.core.cache.backends.dummy.DummyCache",
    }
    if parts.scheme not in backends:
        raise ImproperlyConfigured(f"CACHE_URL: unknown scheme {parts.scheme!r} (use {', '.join(backends)}).")
    location = {
        "locmem": parts.netloc or "etalase",
        "objects": parts.netloc or "etalase-objects",
        "db": parts.netloc or "etalase_cache",
        "file": parts.path,
        "redis": url.split("?")[0],
        "dummy": "",
    }[parts.scheme]
    if parts.scheme == "file" and (parts.netloc or not parts.path.startswith("/")):
        raise ImproperlyConfigured("CACHE_URL: a file cache needs an absolute path (file:///var/cache/etalase).")
    config = {"BACKEND": backends[parts.scheme], "LOCATION": location}
    max_entries = parse_qs(parts.query).get("max_entries")
    if max_entries:
        config["OPTIONS"] = {"MAX_ENTRIES": int(max_entries[0])}
    return config


# Local memory by default (tests, development). Several worker processes or instances need a
# shared cache (db://, file://, redis://): see config/cache_middleware.py.
CACHE_URL = env("CACHE_URL", "locmem://")
# Cached public pages: each process's own memory by default (fastest; safe, because a page is
# found only under the public content version kept in the shared "default" cache), kept without
# pickling (config/object_cache.py). Pages of 15-80 KB, fragments and filter counts: up to ~50 MB
# per worker.
PAGE_CACHE_URL = env("PAGE_CACHE_URL", "objects://etalase-pages?max_entries=1000")
# Signed-in pages kept per user (config/cache_middleware.SignedInPageCacheMiddleware): apart from
# the public pages, so that back-office lists (100-300 KB) never push those out; ~200 pages of
# a minute each, up to ~40 MB per worker.
SIGNED_IN_CACHE_URL = env("SIGNED_IN_CACHE_URL", "objects://etalase-signed-in?max_entries=200")
CACHES = {
    "default": cache_from_url(CACHE_URL),
    "pages": cache_from_url(PAGE_CACHE_URL),
    "signed_in": cache_from_url(SIGNED_IN_CACHE_URL),
}
# Whole public pages for anonymous visitors (config/cache_middleware.py). On by default only where
# every process sees the same cache, so that a withdrawn consent is gone from every page at once.
PUBLIC_PAGE_CACHE = env_bool(
    "PUBLIC_PAGE_CACHE", not DEBUG and not CACHE_URL.startswith(("locmem:", "objects:", "dummy:"))
)
PUBLIC_PAGE_CACHE_SECONDS = env_int("PUBLIC_PAGE_CACHE_SECONDS", 300)
# Costly parts of public pages (filter counts, the product grid) kept under the same version, for
# the requests the page cache does not answer (config/fragments.py). Same safety rule as above.
PUBLIC_FRAGMENT_CACHE = env_bool("PUBLIC_FRAGMENT_CACHE", PUBLIC_PAGE_CACHE)
# How long those pieces live. Longer than a page: a page also shows what time changes (an
# exhibition running now, open now), a piece holds only stored data, time-dependent parts being in
# its key; every public change makes it stale at once through the version.
PUBLIC_FRAGMENT_CACHE_SECONDS = env_int("PUBLIC_FRAGMENT_CACHE_SECONDS", 3600)
# No page is stored this long after a change (the changing transaction may not have committed).
PUBLIC_PAGE_CACHE_SETTLE_SECONDS = env_int("PUBLIC_PAGE_CACHE_SETTLE_SECONDS", 2)
# A server worker freezes its heap after this many requests, so that the garbage collector no
# longer walks the long-lived objects (config/heap.py); 0: never.
GC_FREEZE_AFTER_REQUESTS = env_int("GC_FREEZE_AFTER_REQUESTS", 200)
# Signed-in pages (the portal's dashboard and lists, the admin's lists) kept for the user who saw
# them until anything is written to the database (config/data_version.py), and this long at the
# most: they show the clock too ("today", "closes in"). Same safety rule as the public page cache.
SIGNED_IN_PAGE_CACHE = env_bool("SIGNED_IN_PAGE_CACHE", PUBLIC_PAGE_CACHE)
SIGNED_IN_PAGE_CACHE_SECONDS = env_int("SIGNED_IN_PAGE_CACHE_SECONDS", 60)
# Benchmark only: a request header that makes the page cache step aside (empty: none).
PUBLIC_PAGE_CACHE_BYPASS_HEADER = env("PUBLIC_PAGE_CACHE_BYPASS_HEADER")
# Benchmark only: /bench/trivial/, the baseline bench/run.py measures pages against.
BENCH_TRIVIAL = env_bool("BENCH_TRIVIAL", False)

# Mail: the console in development; SMTP configured through the environment in production.
EMAIL_BACKEND = env(
    "EMAIL_BACKEND",
    "django.core.mail.backends.console.EmailBackend"
    if DEBUG
    else "django.core.mail.backends.smtp.EmailBackend",
)
EMAIL_HOST = env("EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("EMAIL_PORT", 25)
EMAIL_HOST_USER = env("EMAIL_HOST_USER")
EMAIL_HOST_PASSWORD = env("EMAIL_HOST_PASSWORD")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
# A mail server that accepts the connection and then says nothing must not hold a request (an
# officer's answer to a buyer) for ever: after this many seconds the mail counts as not sent.
EMAIL_TIMEOUT = env_int("EMAIL_TIMEOUT", 10)
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", "Etalase <etalase@localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
# The programme's own mailbox (e.g. "Etalase Kemenperin <etalase@kemenperin.go.id>"): where a
# buyer's answer goes when the officer or staff member who wrote to them has no e-mail address on
# their account. Never the staff's personal addresses: those are not for the public.
PROGRAMME_EMAIL = env("PROGRAMME_EMAIL", DEFAULT_FROM_EMAIL)

# Security. HTTPS=1 in production turns on the HTTPS-only settings that check --deploy asks for.
HTTPS = env_bool("HTTPS", False)
SECURE_SSL_REDIRECT = HTTPS
# The load balancer's health probe (config/health.py) may come over plain HTTP from inside.
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
SESSION_COOKIE_SECURE = HTTPS
CSRF_COOKIE_SECURE = HTTPS
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 31536000 if HTTPS else 0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = HTTPS
SECURE_HSTS_PRELOAD = HTTPS
if env_bool("BEHIND_PROXY", False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
# A session ends this long after sign-in (not extended by activity: SESSION_SAVE_EVERY_REQUEST off).
SESSION_COOKIE_AGE = env_int("SESSION_COOKIE_AGE", 8 * 60 * 60)
# Sessions in the database (every instance sees them), or cached_db: read through the default
# cache, which must then be shared (a private one would keep a signed-out session alive elsewhere).
SESSION_STORE = env("SESSION_STORE", "db").strip().lower()
if SESSION_STORE not in ("db", "cached_db"):
    raise ImproperlyConfigured(f"SESSION_STORE: unknown store {SESSION_STORE!r} (use db or cached_db).")
if SESSION_STORE == "cached_db" and CACHE_URL.startswith(("locmem:", "objects:", "dummy:")):
    raise ImproperlyConfigured("SESSION_STORE=cached_db needs a shared CACHE_URL (redis://, db://, file://).")
SESSION_ENGINE = f"django.contrib.sessions.backends.{SESSION_STORE}"

# Content-Security-Policy (django-csp): our own files only, no inline script or style anywhere
# (the templates keep to classes in static/css and scripts in static/js; the admin's too).
# tests/browser/test_csp.py opens the public pages, the portal and the admin and fails on any
# violation. img-src allows data: for the SVG icons inside Bootstrap's CSS.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "frame-ancestors": ["'none'"],
        "form-action": ["'self'"],
        "base-uri": ["'self'"],
        "object-src": ["'none'"],
    }
}

CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

SIMPLE_HISTORY_REVERT_DISABLED = False

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", "INFO")},
}
