"""The security headers every answer carries: the Content-Security-Policy (django-csp), framing,
referrer and content-type sniffing, on public, portal and admin pages, and on public pages served
from the page cache (config/cache_middleware.py)."""

import pytest
from django.test import Client

from tests import factories

pytestmark = pytest.mark.django_db

EXPECTED_POLICY = {
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


def _policy(response) -> dict[str, list[str]]:
    directives = [part.split() for part in response["Content-Security-Policy"].split(";") if part.strip()]
    return {name: values for name, *values in directives}


def _assert_secure_headers(response):
    assert _policy(response) == EXPECTED_POLICY
    assert "unsafe-inline" not in response["Content-Security-Policy"]
    assert response["X-Frame-Options"] == "DENY"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["X-Content-Type-Options"] == "nosniff"


def test_public_page_carries_the_security_headers(client):
    response = client.get("/")

    assert response.status_code == 200
    _assert_secure_headers(response)


def test_login_page_carries_the_security_headers(client):
    response = client.get("/masuk/")

    assert response.status_code == 200
    _assert_secure_headers(response)


def test_portal_page_carries_the_security_headers(officer_client):
    response = officer_client.get("/portal/")

    assert response.status_code == 200
    _assert_secure_headers(response)


def test_admin_pages_carry_the_security_headers(staff_client):
    for url in ("/admin/", "/admin/products/product/", "/admin/products/product/add/"):
        response = staff_client.get(url)

        assert response.status_code == 200, url
        _assert_secure_headers(response)


def test_not_found_page_carries_the_policy(client):
    response = client.get("/tidak-ada-halaman-ini/")

    assert response.status_code == 404
    _assert_secure_headers(response)


def test_page_served_from_the_cache_carries_the_policy(page_cache):
    product = factories.make_product(name="Kain Batik Parang", slug="kain-batik-parang")
    url = f"/produk/{product.slug}/"

    first = Client().get(url)
    second = Client().get(url)

    assert (first["X-Page-Cache"], second["X-Page-Cache"]) == ("miss", "hit")
    assert "Kain Batik Parang" in second.content.decode()
    _assert_secure_headers(first)
    _assert_secure_headers(second)


def test_not_modified_answer_from_the_cache_carries_the_policy(page_cache):
    first = Client().get("/")
    visitor = Client()
    visitor.cookies.load({k: v.value for k, v in first.cookies.items()})

    stored = visitor.get("/")
    revalidated = visitor.get("/", HTTP_IF_NONE_MATCH=stored["ETag"])

    assert (stored["X-Page-Cache"], revalidated.status_code) == ("hit", 304)
    _assert_secure_headers(revalidated)


def test_portal_pages_that_name_inmates_are_never_stored(officer_client, prison):
    """Legal names and registration numbers: no browser or proxy keeps a copy."""
    inmate = factories.make_inmate(prison=prison, legal_name="Nama Asli Rahasia")
    for url in ("/portal/", "/portal/peserta/", f"/portal/peserta/{inmate.pk}/"):
        response = officer_client.get(url)

        assert response.status_code == 200, url
        directives = {d.strip() for d in response["Cache-Control"].split(",")}
        assert {"no-store", "private"} <= directives, (url, response["Cache-Control"])


def test_public_pages_stay_cacheable(client):
    response = client.get("/")

    assert "no-store" not in response.get("Cache-Control", "")
