"""The public page cache (config/cache_middleware.py), its invalidation
(config/cache_invalidation.py), conditional GET, and CACHE_URL."""

import re

import pytest
from django.conf import settings as django_settings
from django.core.exceptions import ImproperlyConfigured
from django.db import connection
from django.middleware.csrf import _unmask_cipher_token
from django.test import Client
from django.test.utils import CaptureQueriesContext

from config.cache_invalidation import affects_public_pages, public_content_version
from config.settings import cache_from_url
from exhibitions.models import Inquiry
from inmates.services import consent_withdraw
from products.models import Product
from products.services import product_image_add
from tests.factories import (
    make_category,
    make_consent,
    make_delegation,
    make_exhibition,
    make_inmate,
    make_prison,
    make_product,
    make_programme_item,
    make_training,
    uploaded_image,
)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("page_cache")]  # tests/conftest.py

TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="([A-Za-z0-9]{64})"')


@pytest.fixture
def credited():
    """An approved product made by Pak Darto, whose consent lets his display name be public."""
    prison = make_prison(name="Lapas Kelas I Cipinang", slug="lapas-cipinang")
    maker = make_inmate(prison=prison, legal_name="Sudarto Wibisono", display_name="Pak Darto")
    make_consent(inmate=maker)
    product = make_product(name="Kain Batik Parang", slug="kain-batik-parang", prison=prison)
    product.makers.add(maker)
    return product, maker


def _get(client, url, **extra):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url, **extra)
    return response, len(queries.captured_queries)


# --- What is cached and what is served ----------------------------------------------------------


def test_cache_second_visitor_gets_the_product_page_without_a_query(credited):
    product, _ = credited
    url = f"/produk/{product.slug}/"

    first, _ = _get(Client(), url)
    second, queries = _get(Client(), url)

    assert (first.status_code, first["X-Page-Cache"]) == (200, "miss")
    assert (second.status_code, second["X-Page-Cache"], queries) == (200, "hit", 0)
    assert "Pak Darto" in second.content.decode()


def test_cache_a_page_with_the_placeholder_typed_into_it_is_not_kept(credited):
    """Text somebody typed that happens to be the CSRF placeholder would show each reader's own
    token in its place on every kept copy (found by a probe)."""
    product, _ = credited
    Product.objects.filter(pk=product.pk).update(description="Motif __etalase_csrf_token_placeholder__ klasik.")
    url = f"/produk/{product.slug}/"

    first, second = Client().get(url), Client().get(url)

    assert (first["X-Page-Cache"], second["X-Page-Cache"]) == ("miss", "miss")
    assert "Motif __etalase_csrf_token_placeholder__ klasik." in second.content.decode()


def test_cache_withdrawn_consent_is_not_served_from_the_cache(credited, staff_user):
    product, maker = credited
    url = f"/produk/{product.slug}/"
    Client().get(url)
    cached, _ = _get(Client(), url)
    assert (cached["X-Page-Cache"], "Pak Darto" in cached.content.decode()) == ("hit", True)

    consent_withdraw(inmate=maker, user=staff_user)
    after, _ = _get(Client(), url)

    assert after.status_code == 200
    assert after["X-Page-Cache"] == "miss"
    assert "Pak Darto" not in after.content.decode()
    assert "Kain Batik Parang" in after.content.decode()


def test_cache_gives_each_visitor_a_csrf_token_of_their_own(credited):
    product, _ = credited
    url = f"/produk/{product.slug}/"
    first_visitor, second_visitor = Client(enforce_csrf_checks=True), Client(enforce_csrf_checks=True)
    first = first_visitor.get(url)

    second = second_visitor.get(url)

    assert second["X-Page-Cache"] == "hit"
    first_tokens = set(TOKEN.findall(first.content.decode()))
    second_tokens = set(TOKEN.findall(second.content.decode()))
    assert len(TOKEN.findall(second.content.decode())) >= 2  # the language switch, the inquiry form
    assert first_tokens.isdisjoint(second_tokens)
    secret = second.cookies[django_settings.CSRF_COOKIE_NAME].value
    assert {_unmask_cipher_token(token) for token in second_tokens} == {secret}
    assert b"__etalase_csrf_token_placeholder__" not in second.content
    # The token served from the cache is accepted for the visitor's next POST.
    switched = second_visitor.post(
        "/i18n/setlang/", {"language": "en", "next": url, "csrfmiddlewaretoken": second_tokens.pop()}
    )
    assert (switched.status_code, switched["Location"]) == (302, url)


def test_cache_gives_a_returning_visitor_tokens_of_their_cookie(credited):
    product, _ = credited
    url = f"/produk/{product.slug}/"
    Client().get(url)  # cached by someone else
    visitor = Client(enforce_csrf_checks=True)
    visitor.get("/pameran/")  # the visitor's CSRF cookie, set on an earlier page
    secret = visitor.cookies[django_settings.CSRF_COOKIE_NAME].value

    response = visitor.get(url)

    assert response["X-Page-Cache"] == "hit"
    tokens = TOKEN.findall(response.content.decode())
    assert len(tokens) >= 2 and len(set(tokens)) == 1
    assert _unmask_cipher_token(tokens[0]) == secret
    assert response.cookies[django_settings.CSRF_COOKIE_NAME].value == secret  # renewed, not replaced
    form = {"language": "en", "next": url, "csrfmiddlewaretoken": tokens[0]}
    switched = visitor.post("/i18n/setlang/", form)
    assert switched.status_code == 302


def test_cache_is_never_used_for_a_signed_in_user(credited, staff_client):
    product, _ = credited
    url = f"/produk/{product.slug}/"
    Client().get(url)  # cached for anonymous visitors

    response = staff_client.get(url)

    assert response.status_code == 200
    assert "X-Page-Cache" not in response
    assert "ETag" not in response


def test_cache_keeps_languages_apart(credited):
    product, _ = credited
    url = f"/produk/{product.slug}/"
    english = Client()
    english.cookies[django_settings.LANGUAGE_COOKIE_NAME] = "en"
    english.get(url)

    indonesian = Client().get(url)

    assert indonesian["X-Page-Cache"] == "miss"
    assert indonesian["Content-Language"] == "id"
    assert '<html lang="id">' in indonesian.content.decode()


def test_cache_keeps_query_strings_apart():
    category = make_category(slug="batik", name_id="Batik")
    for i in range(30):
        make_product(name=f"Kain {i:02d}", category=category)
    Client().get("/produk/")

    page_two = Client().get("/produk/?page=2")

    assert page_two["X-Page-Cache"] == "miss"
    assert len(page_two.context["page"].object_list) == 6


def test_cache_does_not_store_a_page_not_found():
    for _ in range(2):
        response = Client().get("/produk/tidak-ada/")
        assert response.status_code == 404
        assert "X-Page-Cache" not in response


def test_cache_is_not_used_for_login_portal_or_admin():
    for url in ["/masuk/", "/portal/", "/admin/login/"]:
        Client().get(url)
        response = Client().get(url)
        assert "X-Page-Cache" not in response, url


def test_cache_bypass_header_is_honoured_only_when_configured(settings, credited):
    product, _ = credited
    url = f"/produk/{product.slug}/"
    Client().get(url)

    ignored = Client().get(url, HTTP_X_BENCH_COLD="1")
    settings.PUBLIC_PAGE_CACHE_BYPASS_HEADER = "X-Bench-Cold"
    bypassed = Client().get(url, HTTP_X_BENCH_COLD="1")

    assert ignored["X-Page-Cache"] == "hit"
    assert bypassed.status_code == 200
    assert "X-Page-Cache" not in bypassed


def test_cache_off_serves_every_page_rendered(settings, credited):
    settings.PUBLIC_PAGE_CACHE = False
    product, _ = credited
    url = f"/produk/{product.slug}/"
    Client().get(url)

    response = Client().get(url)

    assert "X-Page-Cache" not in response
    assert "ETag" not in response
    assert response.context["product"] == product


def test_cache_does_not_store_a_page_that_carries_a_message_for_the_visitor(rf):
    from django.contrib import messages
    from django.contrib.messages.storage.cookie import CookieStorage
    from django.http import HttpResponse

    from config.cache_middleware import _storable

    request = rf.get("/")
    request._messages = CookieStorage(request)
    assert _storable(request, HttpResponse("ok"))

    messages.info(request, "Terima kasih.")

    assert not _storable(request, HttpResponse("ok"))


# --- Conditional GET --------------------------------------------------------------------------------


def test_product_page_answers_304_to_a_matching_etag(credited):
    product, _ = credited
    url = f"/produk/{product.slug}/"
    visitor = Client()
    first = visitor.get(url)
    assert first["ETag"].startswith('"') and first["Last-Modified"].endswith("GMT")

    again = visitor.get(url, HTTP_IF_NONE_MATCH=first["ETag"])
    since = visitor.get(url, HTTP_IF_MODIFIED_SINCE=first["Last-Modified"])
    other = visitor.get(url, HTTP_IF_NONE_MATCH='"something-else"')

    assert (again.status_code, again.content, again["ETag"]) == (304, b"", first["ETag"])
    assert since.status_code == 304
    assert (other.status_code, other["ETag"]) == (200, first["ETag"])


def _etag(client, url) -> str:
    response = client.get(url)
    assert response.status_code == 200
    return response["ETag"]


def test_product_page_etag_changes_with_the_product(credited):
    product, _ = credited
    url, visitor = f"/produk/{product.slug}/", Client()
    before = _etag(visitor, url)

    product.price = 200_000
    product.save()  # as the admin's change form does

    after = visitor.get(url, HTTP_IF_NONE_MATCH=before)
    assert (after.status_code, after["ETag"] != before) == (200, True)
    assert "Rp 200.000" in after.content.decode()


def test_product_page_etag_changes_with_its_images(credited):
    product, _ = credited
    url, visitor = f"/produk/{product.slug}/", Client()
    before = _etag(visitor, url)

    product_image_add(product=product, file=uploaded_image(), alt_text="Kain batik terlipat")

    after = visitor.get(url, HTTP_IF_NONE_MATCH=before)
    assert (after.status_code, after["ETag"] != before) == (200, True)
    assert "Kain batik terlipat" in after.content.decode()


def test_product_page_etag_changes_when_a_maker_withdraws_consent(credited, staff_user):
    product, maker = credited
    url, visitor = f"/produk/{product.slug}/", Client()
    before = _etag(visitor, url)

    consent_withdraw(inmate=maker, user=staff_user)

    after = visitor.get(url, HTTP_IF_NONE_MATCH=before)
    assert (after.status_code, after["ETag"] != before) == (200, True)
    assert "Pak Darto" not in after.content.decode()


def test_product_page_etag_changes_with_the_language(credited):
    product, _ = credited
    url, visitor = f"/produk/{product.slug}/", Client()
    before = _etag(visitor, url)

    visitor.cookies[django_settings.LANGUAGE_COOKIE_NAME] = "en"
    after = visitor.get(url, HTTP_IF_NONE_MATCH=before)

    assert (after.status_code, after["ETag"] != before) == (200, True)
    assert '<html lang="en">' in after.content.decode()


# --- Invalidation ---------------------------------------------------------------------------------

CHANGES = {
    "product saved": lambda: make_product(),
    "product deleted": lambda: Product.objects.filter(pk=make_product().pk).first().delete(),
    "maker added": lambda: make_product().makers.add(make_inmate()),
    "consent given": lambda: make_consent(),
    "inmate saved": lambda: make_inmate(),
    "exhibition saved": lambda: make_exhibition(),
    "delegation saved": lambda: make_delegation(),
    "programme item saved": lambda: make_programme_item(exhibition=make_exhibition()),
    "category saved": lambda: make_category(),
    "prison saved": lambda: make_prison(),
    "training saved": lambda: make_training(),
}


@pytest.mark.parametrize("change", list(CHANGES))
def test_public_content_version_changes_with(change):
    before = public_content_version()

    CHANGES[change]()

    assert public_content_version() != before


def test_cache_stores_no_page_while_a_change_may_still_be_committing(settings, credited):
    # A request between a write (which bumps the version) and its commit reads the old data: what
    # it renders must not be kept under the new version.
    settings.PUBLIC_PAGE_CACHE_SETTLE_SECONDS = 60
    product, _ = credited
    url = f"/produk/{product.slug}/"

    first, second = Client().get(url), Client().get(url)

    assert (first["X-Page-Cache"], second["X-Page-Cache"]) == ("miss", "miss")
    assert "ETag" not in second  # a kept copy would be revalidated as current after the commit
    settings.PUBLIC_PAGE_CACHE_SETTLE_SECONDS = 0
    Client().get(url)
    assert Client().get(url)["X-Page-Cache"] == "hit"


def test_public_content_version_ignores_buyer_inquiries():
    product = make_product()
    before = public_content_version()

    Inquiry.objects.create(
        product=product, buyer_name="Hotel Mawar", email="beli@example.test", message="Minta 50 lembar."
    )

    assert public_content_version() == before


def test_affects_public_pages_covers_our_models_but_not_history_or_private_ones():
    from django.apps import apps

    assert affects_public_pages(apps.get_model("products", "Product"))
    assert affects_public_pages(Product.makers.through)
    assert affects_public_pages(apps.get_model("exhibitions", "Competition"))
    assert not affects_public_pages(apps.get_model("products", "HistoricalProduct"))
    assert not affects_public_pages(apps.get_model("exhibitions", "Inquiry"))
    assert not affects_public_pages(apps.get_model("sessions", "Session"))


# --- CACHE_URL ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "url, expected",
    [
        ("locmem://", {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "etalase"}),
        (
            "db://etalase_cache",
            {"BACKEND": "django.core.cache.backends.db.DatabaseCache", "LOCATION": "etalase_cache"},
        ),
        (
            "file:///var/cache/etalase?max_entries=5000",
            {
                "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
                "LOCATION": "/var/cache/etalase",
                "OPTIONS": {"MAX_ENTRIES": 5000},
            },
        ),
        (
            "redis://127.0.0.1:6379/1",
            {
                "BACKEND": "django.core.cache.backends.redis.RedisCache",
                "LOCATION": "redis://127.0.0.1:6379/1",
            },
        ),
    ],
)
def test_cache_url_selects_the_backend(url, expected):
    assert cache_from_url(url) == expected


@pytest.mark.parametrize("url", ["memcached://x", "file://relative/path"])
def test_cache_url_rejects_what_it_cannot_use(url):
    with pytest.raises(ImproperlyConfigured):
        cache_from_url(url)


def test_tests_use_local_memory_by_default():
    locmem = "django.core.cache.backends.locmem.LocMemCache"
    assert django_settings.CACHES["default"]["BACKEND"] == locmem
    assert django_settings.CACHES["pages"] == {
        "BACKEND": "config.object_cache.ObjectCache",
        "LOCATION": "etalase-pages",
        "OPTIONS": {"MAX_ENTRIES": 1000},
    }


def test_a_page_is_asked_for_again_every_time_and_renewed_with_the_clock(credited, monkeypatch, settings):
    """Pages change with the clock too ("Sedang buka" until closing time): a kept copy and its
    validators hold for one PUBLIC_PAGE_CACHE_SECONDS window at the most, and the browser is told
    to ask every time (found by a probe: a returning visitor's "open now" was answered 304 long
    after closing, and without Cache-Control a browser may not even ask)."""
    import time as real_time

    from config import cache_middleware

    product, _ = credited
    url = f"/produk/{product.slug}/"
    visitor = Client()
    now = real_time.time()
    monkeypatch.setattr(cache_middleware.time, "time", lambda: now)
    first = visitor.get(url)
    assert first["Cache-Control"] == "no-cache"
    assert visitor.get(url, HTTP_IF_NONE_MATCH=first["ETag"]).status_code == 304

    later = now + settings.PUBLIC_PAGE_CACHE_SECONDS + 1
    monkeypatch.setattr(cache_middleware.time, "time", lambda: later)
    renewed = visitor.get(url, HTTP_IF_NONE_MATCH=first["ETag"])
    assert renewed.status_code == 200
    assert renewed["ETag"] != first["ETag"]
    assert visitor.get(url, HTTP_IF_MODIFIED_SINCE=first["Last-Modified"]).status_code == 200
