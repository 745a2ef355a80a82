"""Signed-in pages kept per user until the next write (config/cache_middleware.SignedInPageCacheMiddleware)
and the data version that tells when that is (config/data_version.py).

These tests commit for real (transactional database): the version changes on commit, and a
test's usual surrounding transaction would never commit.
"""

import re
import time

import pytest
from django.contrib import admin, messages
from django.contrib.messages.storage.base import Message
from django.contrib.messages.storage.cookie import CookieStorage
from django.core.cache import cache, caches
from django.db import connection, transaction
from django.middleware.csrf import _unmask_cipher_token
from django.test import Client, RequestFactory
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from config import data_version
from config.cache_middleware import SIGNED_IN_PORTAL_PAGES
from inmates.models import Inmate, Region
from products.models import Product
from tests import factories
from tests.admin_helpers import admin_url

pytestmark = pytest.mark.django_db(transaction=True)

TOKEN = re.compile(rb'name="csrfmiddlewaretoken" value="([A-Za-z0-9]{64})"')


@pytest.fixture
def kept(settings):
    """The signed-in page cache on, as in production with a shared cache; caches empty."""
    settings.SIGNED_IN_PAGE_CACHE = True
    settings.PUBLIC_PAGE_CACHE_BYPASS_HEADER = ""
    cache.clear()
    caches["signed_in"].clear()
    yield
    cache.clear()
    caches["signed_in"].clear()


def _client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _get(client, url, **extra):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url, **extra)
    return response, len(queries.captured_queries)


def _seen_twice(client, url) -> None:
    """The user opens the page twice: the second time from the copy kept for them."""
    client.get(url)
    assert client.get(url)["X-Page-Cache"] == "hit"


def _without_tokens(content: bytes) -> bytes:
    return TOKEN.sub(b"TOKEN", content)


# --- Which statements change the version ------------------------------------------------------


@pytest.mark.parametrize(
    "sql",
    [
        'INSERT INTO "products_product" ("name") VALUES (%s)',
        'UPDATE "inmates_consent" SET "withdrawn_at" = %s WHERE "id" = %s',
        'DELETE FROM "exhibitions_sale" WHERE "id" IN (%s)',
        '  update "products_product" set "price" = 1',
        'WITH moved AS (UPDATE "inmates_inmate" SET "prison_id" = 2 RETURNING 1) SELECT count(*) FROM moved',
        'ALTER TABLE "products_product" ADD COLUMN "x" integer',
        'TRUNCATE "products_product"',
    ],
)
def test_a_write_changes_the_version(sql):
    assert data_version.is_counted_write(sql)


@pytest.mark.parametrize(
    "sql",
    [
        'SELECT "products_product"."id" FROM "products_product"',
        'WITH t AS (SELECT 1) SELECT * FROM t',
        'SAVEPOINT "s1_x1"',
        'RELEASE SAVEPOINT "s1_x1"',
        'ROLLBACK TO SAVEPOINT "s1_x1"',
        "SET TIME ZONE 'UTC'",
        'UPDATE "django_session" SET "session_data" = %s WHERE "session_key" = %s',
        'INSERT INTO "django_session" ("session_key") VALUES (%s)',
        'DELETE FROM "django_session" WHERE "expire_date" < %s',
        'INSERT INTO "axes_accessattempt" ("username") VALUES (%s)',
        'DELETE FROM "axes_accesslog" WHERE "id" = %s',
        "",
    ],
)
def test_reads_sessions_and_sign_in_records_leave_it(sql):
    assert not data_version.is_counted_write(sql)


def test_a_database_cache_table_leaves_it(settings):
    settings.CACHES = {**settings.CACHES, "shared": {"BACKEND": "django.core.cache.backends.db.DatabaseCache",
                                                      "LOCATION": "etalase_cache"}}
    assert not data_version.is_counted_write('UPDATE "etalase_cache" SET "value" = %s')
    assert data_version.is_counted_write('UPDATE "etalase_cachet" SET "value" = %s')


def test_every_connection_is_watched():
    connection.ensure_connection()
    assert connection.execute_wrappers.count(data_version._watch) == 1
    # A reconnection does not add it twice.
    connection.close()
    connection.ensure_connection()
    assert connection.execute_wrappers.count(data_version._watch) == 1


# --- When the version changes --------------------------------------------------------------------


def test_a_write_outside_a_transaction_changes_it_at_once(kept):
    region = factories.make_region()
    before = data_version.data_version()
    Region.objects.filter(pk=region.pk).update(name="Kanwil Bali")  # no signal is sent
    assert data_version.data_version() != before


def test_a_write_in_a_transaction_changes_it_on_commit_not_before(kept):
    region = factories.make_region()
    before = data_version.data_version()
    with transaction.atomic():
        Region.objects.filter(pk=region.pk).update(name="Kanwil Bali")
        Region.objects.filter(pk=region.pk).update(name="Kanwil Bali Nusra")
        assert data_version.data_version() == before  # not committed: pages may still be kept
        # Once per transaction, however many writes.
        ours = [f for _, f, _ in connection.run_on_commit if f is data_version.bump_data_version]
        assert len(ours) == 1
    assert data_version.data_version() != before


def test_a_rolled_back_write_leaves_it(kept):
    region = factories.make_region()
    before = data_version.data_version()
    with pytest.raises(RuntimeError), transaction.atomic():
        Region.objects.filter(pk=region.pk).update(name="Kanwil Bali")
        raise RuntimeError
    assert data_version.data_version() == before


def test_a_write_after_a_rolled_back_savepoint_still_changes_it(kept):
    region = factories.make_region()
    before = data_version.data_version()
    with transaction.atomic():
        with pytest.raises(RuntimeError), transaction.atomic():
            Region.objects.filter(pk=region.pk).update(name="Kanwil Bali")
            raise RuntimeError
        Region.objects.filter(pk=region.pk).update(name="Kanwil Jawa Timur")
    assert data_version.data_version() != before


def test_nothing_is_watched_with_the_cache_off(settings):
    settings.SIGNED_IN_PAGE_CACHE = False
    region = factories.make_region()
    cache.clear()
    before = data_version.data_version()
    Region.objects.filter(pk=region.pk).update(name="Kanwil Bali")
    assert data_version.data_version() == before


# --- The portal -----------------------------------------------------------------------------------


@pytest.fixture
def cipinang():
    prison = factories.make_prison(name="Lapas Kelas I Cipinang", slug="lapas-cipinang")
    officer = factories.make_officer(prison=prison, username="petugas")
    factories.make_inmate(prison=prison, legal_name="Sudarto Wibisono", display_name="Pak Darto")
    factories.make_product(prison=prison, name="Kain Batik Parang", status=Product.Status.SUBMITTED)
    return prison, officer


def test_a_returning_officer_gets_their_list_without_rendering(kept, cipinang):
    _, officer = cipinang
    client = _client(officer)
    url = reverse("portal:inmate-list")
    first, rendered = _get(client, url)
    again, served = _get(client, url)
    assert (first.status_code, first["X-Page-Cache"]) == (200, "miss")
    assert (again.status_code, again["X-Page-Cache"]) == (200, "hit")
    assert b"Sudarto Wibisono" in again.content
    assert _without_tokens(again.content) == _without_tokens(first.content)
    # The session and the user: nothing of the page itself is read.
    assert served <= 2 < rendered
    # Still a private page: never kept by a browser or a proxy.
    assert "no-store" in again["Cache-Control"]


def test_a_write_without_signals_shows_at_once(kept, cipinang):
    prison, officer = cipinang
    client = _client(officer)
    url = reverse("portal:product-list")
    _seen_twice(client, url)
    Product.objects.filter(prison=prison).update(name="Kain Batik Kawung")  # QuerySet.update: no signal
    response = client.get(url)
    assert response["X-Page-Cache"] == "miss"
    assert b"Kain Batik Kawung" in response.content and b"Kain Batik Parang" not in response.content


def test_a_page_is_kept_for_its_user_only(kept, cipinang):
    _, officer = cipinang
    url = reverse("portal:inmate-list")
    _client(officer).get(url)
    other_prison = factories.make_prison(name="Lapas Kelas IIA Kerobokan")
    other = factories.make_officer(prison=other_prison, username="petugas.kerobokan")
    client = _client(other)
    client.get(url)  # the write above made the first page stale anyway: keep this one
    response = client.get(url)
    assert response["X-Page-Cache"] == "hit"
    assert b"Sudarto Wibisono" not in response.content
    # And the first officer, again on the same version, gets theirs, not the other's.
    mine = _client(officer)
    mine.get(url)
    response = mine.get(url)
    assert response["X-Page-Cache"] == "hit" and b"Sudarto Wibisono" in response.content


def test_a_kept_page_carries_a_csrf_token_of_the_visitor_and_it_works(kept, cipinang):
    _, officer = cipinang
    client = _client(officer)
    url = reverse("portal:inmate-list")
    first = client.get(url)
    again = client.get(url)
    assert again["X-Page-Cache"] == "hit"
    secret = client.cookies["csrftoken"].value
    tokens = [t.decode() for t in TOKEN.findall(again.content)]
    assert tokens and {_unmask_cipher_token(t) for t in tokens} == {secret}
    assert set(tokens).isdisjoint(t.decode() for t in TOKEN.findall(first.content))
    # Signing out with the kept page's token is accepted (CSRF checks on).
    checked = Client(enforce_csrf_checks=True)
    checked.force_login(officer)
    checked.get(url)
    kept_page = checked.get(url)
    assert kept_page["X-Page-Cache"] == "hit"
    token = TOKEN.search(kept_page.content).group(1).decode()
    assert checked.post(reverse("logout"), {"csrfmiddlewaretoken": token}).status_code == 302
    assert checked.get(url).status_code == 302  # signed out: to the sign-in page, not the kept page


def test_a_waiting_message_is_shown_not_a_kept_page(kept, cipinang):
    _, officer = cipinang
    client = _client(officer)
    url = reverse("portal:inmate-list")
    _seen_twice(client, url)
    request = RequestFactory().get(url)
    storage = CookieStorage(request)
    client.cookies["messages"] = storage._encode([Message(messages.SUCCESS, "Data tersimpan untuk uji.")])
    response = client.get(url)
    assert response.get("X-Page-Cache") != "hit"
    assert b"Data tersimpan untuk uji." in response.content
    # The message was shown once; the page with it was not kept.
    response = client.get(url)
    assert b"Data tersimpan untuk uji." not in response.content


def test_a_signed_out_or_deactivated_user_never_gets_a_kept_page(kept, cipinang):
    _, officer = cipinang
    client = _client(officer)
    url = reverse("portal:dashboard")
    _seen_twice(client, url)
    type(officer).objects.filter(pk=officer.pk).update(is_active=False)
    assert client.get(url).status_code == 302


def test_a_password_changed_elsewhere_signs_the_old_session_out(kept, cipinang):
    _, officer = cipinang
    client = _client(officer)
    url = reverse("portal:dashboard")
    _seen_twice(client, url)
    officer.set_password("sandi-baru-yang-panjang-2026")
    officer.save()
    assert client.get(url).status_code == 302


def test_a_page_that_writes_while_read_is_not_kept(kept, cipinang, monkeypatch):
    from programs.views import portal as views

    prison, officer = cipinang
    dashboard = views.portal_dashboard

    def writing(**kwargs):
        Region.objects.filter(pk=prison.region_id).update(name="Kanwil DKI Jakarta")
        return dashboard(**kwargs)

    monkeypatch.setattr(views, "portal_dashboard", writing)
    client = _client(officer)
    url = reverse("portal:dashboard")
    client.get(url)
    assert client.get(url)["X-Page-Cache"] == "miss"


def test_the_language_and_the_clock_are_part_of_the_key(kept, cipinang, monkeypatch):
    _, officer = cipinang
    client = _client(officer)
    url = reverse("portal:inmate-list")
    _seen_twice(client, url)
    client.cookies["django_language"] = "en"
    english = client.get(url)
    assert english["X-Page-Cache"] == "miss" and english["Content-Language"] == "en"
    assert client.get(url)["X-Page-Cache"] == "hit"
    later = time.time() + 61
    monkeypatch.setattr(time, "time", lambda: later)
    assert client.get(url)["X-Page-Cache"] == "miss"


def test_only_listed_pages_are_kept(kept, cipinang):
    _, officer = cipinang
    client = _client(officer)
    inmate = Inmate.objects.get(legal_name="Sudarto Wibisono")
    for url in (reverse("portal:inmate-detail", args=[inmate.pk]), reverse("portal:inmate-create")):
        client.get(url)
        response = client.get(url)
        assert response.status_code == 200 and "X-Page-Cache" not in response, url


def test_the_bypass_header_only_when_configured(kept, settings, cipinang):
    _, officer = cipinang
    client = _client(officer)
    url = reverse("portal:inmate-list")
    client.get(url)
    assert client.get(url, HTTP_X_BENCH_COLD="1")["X-Page-Cache"] == "hit"
    settings.PUBLIC_PAGE_CACHE_BYPASS_HEADER = "X-Bench-Cold"
    assert "X-Page-Cache" not in client.get(url, HTTP_X_BENCH_COLD="1")


def test_a_page_with_the_placeholder_typed_into_it_is_not_kept(kept, cipinang):
    prison, officer = cipinang
    product = Product.objects.get(prison=prison)
    factories.make_inquiry(product=product, prison=prison, buyer_name="Ibu __etalase_csrf_token_placeholder__ Ani")
    client = _client(officer)
    url = reverse("portal:inquiry-list")
    for _ in range(3):
        response = client.get(url)
        assert response["X-Page-Cache"] == "miss"
        assert b"Ibu __etalase_csrf_token_placeholder__ Ani" in response.content


# --- The admin -----------------------------------------------------------------------------------


def test_an_admin_list_is_kept_and_a_change_shows_at_once(kept, staff_user):
    factories.make_product(name="Kain Batik Parang", status=Product.Status.SUBMITTED)
    client = _client(staff_user)
    url = admin_url(Product, "changelist") + "?status__exact=submitted"
    first = client.get(url)
    again = client.get(url)
    assert (first["X-Page-Cache"], again["X-Page-Cache"]) == ("miss", "hit")
    assert b"Kain Batik Parang" in again.content
    Product.objects.update(status=Product.Status.APPROVED)
    response = client.get(url)
    assert response["X-Page-Cache"] == "miss" and b"Kain Batik Parang" not in response.content
    # Nor the login throttle's records, whose writes leave the data version alone.
    client.get("/admin/axes/accessattempt/")
    response = client.get("/admin/axes/accessattempt/")
    assert response.status_code == 200 and "X-Page-Cache" not in response
    # A form page of the admin is never kept.
    client.get(admin_url(Product, "add"))
    assert "X-Page-Cache" not in client.get(admin_url(Product, "add"))


# --- Every kept page is the same when made twice ------------------------------------------------


def test_every_kept_portal_page_renders_the_same_twice(settings):
    """A page on the list must not hold anything made anew per request (a one-time form key, a
    random pick): a kept copy would hand it out again."""
    from tests.test_query_counts_all import World

    settings.SIGNED_IN_PAGE_CACHE = False
    world = World()
    world.grow(2)
    client = _client(world.officer)
    for name in sorted(SIGNED_IN_PORTAL_PAGES):
        url = reverse(f"portal:{name}")
        first, second = client.get(url), client.get(url)
        assert first.status_code == 200, (name, first.status_code)
        assert _without_tokens(first.content) == _without_tokens(second.content), name


def test_every_admin_list_renders_the_same_twice(settings, staff_user):
    from tests import admin_factories

    settings.SIGNED_IN_PAGE_CACHE = False
    staff_user.is_superuser = True
    staff_user.save()
    client = _client(staff_user)
    for model in sorted(admin.site._registry, key=lambda m: m._meta.label):
        admin_factories.make_rows(model, 2)
        url = admin_url(model, "changelist")
        first, second = client.get(url), client.get(url)
        assert first.status_code == 200, (model._meta.label, first.status_code)
        assert _without_tokens(first.content) == _without_tokens(second.content), model._meta.label
