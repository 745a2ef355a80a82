"""While the database cannot be reached (config/outage.py): a styled 503 page in the visitor's
language with Retry-After, saying that what they sent was NOT saved; a buyer's inquiry comes
back filled in, ready to send again; the sales desk's JSON endpoint answers 503 JSON, which its
offline queue keeps (tests/browser/test_sales_desk_outage.py); and nothing is saved by halves."""

import json
import sys
import uuid

import pytest
from django.db import InterfaceError, OperationalError
from django.db.backends.utils import CursorWrapper
from django.test import Client, RequestFactory
from django.urls import reverse
from django.utils import timezone

from config.outage import server_error
from exhibitions.models import Delegation, Inquiry, Sale
from tests import factories
from tests.exhibitions.sales_helpers import make_booth, make_running_exhibition

pytestmark = pytest.mark.django_db

DETAIL = 'connection to server at "db.internal.example", port 5432 failed: Connection refused'
INQUIRY = {
    "buyer_name": "Ibu Ratna",
    "organisation": "Hotel Melati Jakarta",
    "email": "ratna@hotelmelati.example",
    "phone": "0812 3456 7890",
    "quantity": "40",
    "message": "Kami ingin memesan 40 taplak untuk kamar hotel <segera>.",
}


class Outage:
    """Makes queries fail as while PostgreSQL is down: all of them, or only those starting with
    ``only`` (e.g. the INSERT of a write, after the reads went through)."""

    def __init__(self, monkeypatch):
        self.monkeypatch = monkeypatch
        self.original = CursorWrapper.execute

    def start(self, only: str = "", error=OperationalError):
        original = self.original

        def execute(cursor, sql, params=None):
            if sql.lstrip().upper().startswith(only.upper()):
                raise error(DETAIL)
            return original(cursor, sql, params)

        self.monkeypatch.setattr(CursorWrapper, "execute", execute)

    def stop(self):
        self.monkeypatch.setattr(CursorWrapper, "execute", self.original)


@pytest.fixture
def outage(monkeypatch):
    return Outage(monkeypatch)


@pytest.fixture(autouse=True)
def _fresh_rate_limit():
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def product(prison):
    return factories.make_product(name="Taplak Batik Cipinang", slug="taplak-batik", prison=prison)


# --- Pages -------------------------------------------------------------------------------------


def test_page_during_outage_is_a_styled_503_in_indonesian_with_retry_after(client, product, outage):
    outage.start()
    response = client.get(reverse("public:product-detail", args=[product.slug]))

    assert response.status_code == 503
    assert response["Retry-After"] == "10"
    assert "no-store" in response["Cache-Control"]
    html = response.content.decode()
    assert "<h1" in html and "Layanan sedang terganggu" in html
    assert 'href="/produk/"' in html  # the site's own header and menu, made without the database
    assert 'lang="id"' in html
    assert "db.internal" not in html


def test_page_during_outage_is_in_english_for_an_english_visitor(client, product, outage):
    client.cookies["django_language"] = "en"
    outage.start()
    response = client.get(reverse("public:product-detail", args=[product.slug]))

    assert response.status_code == 503
    assert response["Content-Language"] == "en"
    assert 'lang="en"' in response.content.decode()


def test_portal_page_of_a_signed_in_officer_during_outage_is_503_not_500(officer_client, outage):
    # The session, the user and the portal menu all need the database: none is used for the page.
    outage.start()
    response = officer_client.get(reverse("portal:inquiry-list"))

    assert response.status_code == 503
    assert "Layanan sedang terganggu" in response.content.decode()


def test_interface_error_is_an_outage_too(client, product, outage):
    outage.start(error=InterfaceError)  # a connection closed under the worker
    response = client.get(reverse("public:product-detail", args=[product.slug]))

    assert response.status_code == 503


def test_page_after_outage_answers_again_without_a_restart(client, product, outage):
    url = reverse("public:product-detail", args=[product.slug])
    outage.start()
    during = client.get(url)
    outage.stop()
    after = client.get(url)

    assert (during.status_code, after.status_code) == (503, 200)
    assert "Taplak Batik Cipinang" in after.content.decode()


def test_other_errors_still_fail_as_errors(product, monkeypatch):
    def broken(self, sql, params=None):
        raise ZeroDivisionError("a bug, not an outage")

    monkeypatch.setattr(CursorWrapper, "execute", broken)
    client = Client(raise_request_exception=False)
    response = client.get(reverse("public:product-detail", args=[product.slug]))

    assert response.status_code == 500


# --- The buyer's inquiry ----------------------------------------------------------------------


def test_inquiry_during_outage_gives_the_form_back_filled_in_and_saves_nothing(client, product, outage):
    url = reverse("public:product-detail", args=[product.slug])
    outage.start()
    response = client.post(url, INQUIRY)
    outage.stop()

    assert response.status_code == 503
    html = response.content.decode()
    assert "Permintaan Anda BELUM terkirim dan BELUM tersimpan." in html
    assert f'action="{url}#tanya"' in html
    assert 'name="csrfmiddlewaretoken"' in html
    assert "Kami ingin memesan 40 taplak untuk kamar hotel &lt;segera&gt;.</textarea>" in html
    assert 'value="Hotel Melati Jakarta"' in html and 'value="ratna@hotelmelati.example"' in html
    assert Inquiry.objects.count() == 0


def test_inquiry_sent_again_after_outage_is_saved_once(client, product, outage):
    url = reverse("public:product-detail", args=[product.slug])
    outage.start()
    client.post(url, INQUIRY)
    outage.stop()

    again = client.post(url, INQUIRY)

    assert again.status_code == 302
    inquiry = Inquiry.objects.get()
    assert (inquiry.product, inquiry.message) == (product, INQUIRY["message"])


def test_inquiry_whose_insert_fails_is_not_saved_and_says_so(client, product, outage):
    # The database goes away between reading the product and writing the inquiry.
    outage.start(only='INSERT INTO "exhibitions_inquiry"')
    response = client.post(reverse("public:product-detail", args=[product.slug]), INQUIRY)
    outage.stop()

    assert response.status_code == 503
    assert "BELUM tersimpan" in response.content.decode()
    assert Inquiry.objects.count() == 0


def test_exhibition_inquiry_during_outage_gives_the_form_back(client, outage):
    exhibition = factories.make_exhibition(is_published=True)
    url = reverse("public:exhibition-inquiry", args=[exhibition.slug])
    outage.start()
    response = client.post(url, INQUIRY)

    assert response.status_code == 503
    assert "Hotel Melati Jakarta" in response.content.decode()


def test_other_form_during_outage_says_not_saved(client, outage):
    exhibition = factories.make_exhibition(is_published=True)
    outage.start()
    response = client.post(reverse("public:feedback", args=[exhibition.slug]), {"rating": "5"})

    assert response.status_code == 503
    html = response.content.decode()
    assert "Data Anda BELUM tersimpan." in html
    assert "Formulir permintaan" not in html  # only inquiries come back as a form


# --- The sales desk's offline queue ----------------------------------------------------------


@pytest.fixture
def booth(prison):
    delegation = factories.make_delegation(
        exhibition=make_running_exhibition(), prison=prison, status=Delegation.Status.ACCEPTED
    )
    product = factories.make_product(prison=prison, name="Kain Batik Tulis Parang", price=350_000)
    delegation.products.add(product)
    booth = make_booth(delegation=delegation, code="A-07")
    booth.product = product
    return booth


def sale_entry(booth) -> dict:
    return {
        "product": booth.product.pk,
        "quantity": 1,
        "unit_price": 350_000,
        "payment_method": "cash",
        "idempotency_key": str(uuid.uuid4()),
        "sold_at": timezone.now().isoformat(),
    }


def send(client, booth, payload):
    return client.post(
        reverse("portal:sales-desk-record", args=[booth.pk]),
        data=json.dumps(payload),
        content_type="application/json",
        HTTP_ACCEPT="application/json",
    )


def test_sales_desk_record_during_outage_answers_503_json_and_stores_nothing(officer_client, booth, outage):
    outage.start()
    response = send(officer_client, booth, sale_entry(booth))
    outage.stop()

    assert response.status_code == 503
    assert response["Content-Type"] == "application/json"
    assert response["Retry-After"] == "10"
    assert (
        response.json()["error"] == "Layanan sedang terganggu; data Anda BELUM tersimpan, silakan coba lagi."
    )
    assert Sale.objects.count() == 0


def test_sales_desk_entry_whose_insert_failed_is_stored_once_when_sent_again(officer_client, booth, outage):
    payload = sale_entry(booth)
    outage.start(only='INSERT INTO "exhibitions_sale"')
    failed = send(officer_client, booth, payload)
    outage.stop()

    first = send(officer_client, booth, payload)
    second = send(officer_client, booth, payload)

    assert failed.status_code == 503
    assert (first.status_code, second.status_code) == (201, 200)
    assert Sale.objects.filter(idempotency_key=payload["idempotency_key"]).count() == 1


# --- handler500: a query that fails outside a view --------------------------------------------


def test_server_error_handler_answers_503_for_an_outage_and_500_otherwise():
    request = RequestFactory().post("/keluar/")
    try:
        raise OperationalError(DETAIL)
    except OperationalError:
        assert sys.exc_info()[0] is OperationalError
        outage = server_error(request)
    try:
        raise RuntimeError("a bug")
    except RuntimeError:
        bug = server_error(request)

    assert outage.status_code == 503
    assert "BELUM tersimpan" in outage.content.decode()
    assert bug.status_code == 500


def test_outage_while_saving_the_session_answers_503(officer, outage, settings):
    # robots.txt needs no query; the session is then saved by SessionMiddleware, after the view,
    # and that fails: handler500's path, not the middleware's.
    settings.SESSION_SAVE_EVERY_REQUEST = True
    client = Client(raise_request_exception=False)
    client.force_login(officer)
    outage.start()
    response = client.get("/robots.txt")

    assert response.status_code == 503
    assert response["Retry-After"] == "10"
    assert "Layanan sedang terganggu" in response.content.decode()


# --- The page cache while its cache (or the database behind it) is down ----------------------


class UnreachableCache:
    """A cache backend that fails every call, as a stopped Redis does."""

    def __init__(self, *args, **kwargs):
        pass

    def close(self, **kwargs):  # what Django calls at the end of every request
        pass

    def clear(self):  # what the tests call around each test
        pass

    def __getattr__(self, name):
        def fail(*args, **kwargs):
            raise ConnectionError("Error 111 connecting to cache.internal:6379. Connection refused.")

        return fail


@pytest.fixture
def cache_down(settings):
    """Public page cache on, and both its caches (the version, the pages) unreachable."""
    broken = {"BACKEND": "tests.test_outage.UnreachableCache"}
    settings.CACHES = {"default": broken, "pages": broken}
    settings.PUBLIC_PAGE_CACHE = True


def test_public_page_is_made_afresh_when_the_page_cache_is_down(client, product, cache_down, caplog):
    response = client.get(reverse("public:product-detail", args=[product.slug]))

    assert response.status_code == 200
    assert "Taplak Batik Cipinang" in response.content.decode()
    assert "X-Page-Cache" not in response
    assert any("Page cache unavailable" in record.getMessage() for record in caplog.records)


def test_public_page_with_cache_and_database_down_is_503(client, product, cache_down, outage):
    outage.start()
    response = client.get(reverse("public:product-detail", args=[product.slug]))

    assert response.status_code == 503
    assert "Layanan sedang terganggu" in response.content.decode()


def test_healthz_does_not_depend_on_the_page_cache(client, cache_down):
    response = client.get("/healthz")

    assert response.status_code == 200
