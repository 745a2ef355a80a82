"""Etalase settings: one module, configured by environment variables.

Every value that differs between a laptop, CI and production comes from the environment
(see README.md, "Configuration"). Nothing secret lives in the repository.
"""

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
        SECRET_KEY = "dev-only-insecure-key-etalase-do-not-use-in-production"

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "127.0.0.1,localhost" if DEBUG else "")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.contrib.sitemaps",
    "django.contrib.postgres",  # full-text search of the catalogue (PostgreSQL; harmless on SQLite)
    "crispy_forms",
    "crispy_bootstrap5",
    "simple_history",
    "inmates",
    "products",
    "exhibitions",
    "programs",
    "config.cache_invalidation.PageCacheConfig",  # keeps cached public pages fresh
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "config.middleware.LanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    # Last: it needs the language, the CSRF cookie and the session read before it.
    "config.cache_middleware.PublicPageCacheMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

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
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "home"

# Indonesian first; English switchable (cookie set by django.views.i18n.set_language).
LANGUAGE_CODE = "id"
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
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "whitenoise.storage.CompressedManifestStaticFilesStorage"
            if env_bool("STATIC_MANIFEST", not DEBUG)
            else "django.contrib.staticfiles.storage.StaticFilesStorage"
        )
    },
}
FILE_UPLOAD_PERMISSIONS = 0o640
DATA_UPLOAD_MAX_MEMORY_SIZE = 12 * 1024 * 1024



def cache_from_url(url: str) -> dict:
    """A CACHES entry from CACHE_URL: locmem://[name], db://table (run `manage.py
    createcachetable`), file:///absolute/path, redis://host:port/db, dummy://.
    ?max_entries=N sets MAX_ENTRIES (locmem, db, file)."""
    from urllib.parse import parse_qs, urlsplit

    parts = urlsplit(url)
    backends = {
        "locmem": "django.core.cache.backends.locmem.LocMemCache",
        "db": "django.core.cache.backends.db.DatabaseCache",
        "file": "django.core.cache.backends.filebased.FileBasedCache",
        "redis": "django.core.cache.backends.redis.RedisCache",
        "dummy": "django.core.cache.backends.dummy.DummyCache",
    }
    if parts.scheme not in backends:
        raise ImproperlyConfigured(f"CACHE_URL: unknown scheme {parts.scheme!r} (use {', '.join(backends)}).")
    location = {
        "locmem": parts.netloc or "etalase",
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
# found only under the public content version kept in the shared "default" cache). 500 pages of
# 15-80 KB: up to ~40 MB per worker.
PAGE_CACHE_URL = env("PAGE_CACHE_URL", "locmem://etalase-pages?max_entries=500")
CACHES = {"default": cache_from_url(CACHE_URL), "pages": cache_from_url(PAGE_CACHE_URL)}
# Whole public pages for anonymous visitors (config/cache_middleware.py). On by default only where
# every process sees the same cache, so that a withdrawn consent is gone from every page at once.
PUBLIC_PAGE_CACHE = env_bool("PUBLIC_PAGE_CACHE", not DEBUG and not CACHE_URL.startswith("locmem:"))
PUBLIC_PAGE_CACHE_SECONDS = env_int("PUBLIC_PAGE_CACHE_SECONDS", 300)
# No page is stored this long after a change (the changing transaction may not have committed).
PUBLIC_PAGE_CACHE_SETTLE_SECONDS = env_int("PUBLIC_PAGE_CACHE_SETTLE_SECONDS", 2)
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
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", "Etalase <etalase@localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# Security. HTTPS=1 in production turns on the HTTPS-only settings that check --deploy asks for.
HTTPS = env_bool("HTTPS", False)
SECURE_SSL_REDIRECT = HTTPS
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
SESSION_COOKIE_AGE = env_int("SESSION_COOKIE_AGE", 8 * 60 * 60)

CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

SIMPLE_HISTORY_REVERT_DISABLED = False

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", "INFO")},
}
