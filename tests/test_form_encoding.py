"""A form body in another encoding than UTF-8 is a 400 page in the visitor's language, never a
500 (config/middleware.FormEncodingMiddleware; found by a security probe: the CSRF check read the
body, and its failure page and the error page read it again)."""

import pytest
from django.test import Client

pytestmark = pytest.mark.django_db

FORM_PATHS = ["/masuk/", "/admin/login/", "/i18n/setlang/"]


@pytest.mark.parametrize("path", FORM_PATHS)
@pytest.mark.parametrize("charset", ["latin-1", "ascii", "utf-16", "utf-32", "x-tidak-dikenal"])
def test_a_form_body_in_another_encoding_gets_a_400_page(path, charset):
    client = Client(enforce_csrf_checks=True, raise_request_exception=False)
    response = client.generic(
        "POST", path, b"username=a&password=b", content_type=f"application/x-www-form-urlencoded; charset={charset}"
    )
    assert response.status_code == 400
    assert "Permintaan tidak dapat dibaca" in response.content.decode()


def test_an_unknown_charset_of_a_multipart_body_gets_a_400_page():
    client = Client(enforce_csrf_checks=True, raise_request_exception=False)
    response = client.generic("POST", "/masuk/", b"--x--\r\n", content_type="multipart/form-data; boundary=x; charset=x-nope")
    assert response.status_code == 400


@pytest.mark.parametrize("charset", ["utf-8", "UTF8", "utf_8"])
def test_utf8_under_any_spelling_goes_on_to_the_csrf_check(charset):
    client = Client(enforce_csrf_checks=True, raise_request_exception=False)
    response = client.generic(
        "POST", "/masuk/", b"username=a&password=b", content_type=f"application/x-www-form-urlencoded; charset={charset}"
    )
    assert response.status_code == 403  # no CSRF token: the ordinary refusal


def test_the_400_page_is_in_english_for_an_english_visitor(settings):
    client = Client(enforce_csrf_checks=True, raise_request_exception=False)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    response = client.generic("POST", "/masuk/", b"a=b", content_type="application/x-www-form-urlencoded; charset=latin-1")
    assert response.status_code == 400
    assert "Permintaan tidak dapat dibaca" not in response.content.decode()
