"""HTTP methods in one place (config.middleware.MethodsMiddleware), a 405 that is a page, the
sign-out address opened by GET, and a refused form (CSRF) explained. Found by a probe: "/"
answered PUT, TRACE and invented methods with the whole page; every 405 was an empty answer."""

import pytest
from django.contrib.auth import get_user_model
from django.test import Client

from tests import factories

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("method", ["PUT", "DELETE", "PATCH", "TRACE", "FOO"])
@pytest.mark.parametrize("path", ["/", "/produk/", "/portal/", "/admin/", "/masuk/"])
def test_methods_no_page_takes_are_refused_everywhere(client, method, path):
    response = client.generic(method, path)

    assert response.status_code == 405
    assert response["Allow"] == "GET, HEAD, POST"
    assert "Alamat ini tidak dibuka dengan cara itu" in response.content.decode()


def test_a_405_of_a_view_is_a_page_in_the_visitors_language(client):
    response = client.post("/sitemap.xml")

    assert response.status_code == 405
    assert response["Allow"] == "GET, HEAD"
    content = response.content.decode()
    assert "Alamat ini tidak dibuka dengan cara itu" in content and "Kembali ke beranda" in content

    client.cookies["django_language"] = "en"
    assert "This address is not opened that way" in client.post("/sitemap.xml").content.decode()


def test_head_of_a_405_stays_without_a_body(client):
    assert client.head("/sitemap.xml").status_code == 200
    response = client.generic("PUT", "/")
    assert response.status_code == 405


def test_sign_out_by_get_asks_with_the_button_and_post_signs_out(client):
    user = factories.make_user(username="petugas.uji")
    client.force_login(user)

    page = client.get("/keluar/")

    assert page.status_code == 200
    content = page.content.decode()
    assert "Keluar dari Etalase?" in content and 'action="/keluar/"' in content and "petugas.uji" in content
    assert "_auth_user_id" in client.session  # a GET signs nobody out
    signed_out = client.post("/keluar/", follow=True)
    assert signed_out.redirect_chain[-1][0] == "/"
    assert "_auth_user_id" not in client.session
    assert "Anda sudah keluar dari Etalase." in signed_out.content.decode()
    # Signed out already: the address leads home.
    again = client.get("/keluar/")
    assert again.status_code == 302 and again["Location"] == "/"


def test_a_form_refused_by_the_csrf_check_says_nothing_was_saved_and_what_to_do():
    from exhibitions.models import Inquiry

    client = Client(enforce_csrf_checks=True)
    product = factories.make_product(slug="tas-csrf")
    client.get(f"/produk/{product.slug}/")

    response = client.post(f"/produk/{product.slug}/", {"name": "Hotel", "email": "a@b.example", "message": "x"})

    assert response.status_code == 403
    content = response.content.decode()
    assert "Formulir tidak dapat diterima" in content and "Tidak ada yang tersimpan" in content
    assert not Inquiry.objects.exists()


def test_the_admin_sign_out_still_works(client):
    admin_user = get_user_model().objects.create_superuser("boss", "b@example.test", "s3cret-pass-Etalase")
    client.force_login(admin_user)
    assert client.post("/admin/logout/").status_code in (200, 302)
    assert "_auth_user_id" not in client.session
