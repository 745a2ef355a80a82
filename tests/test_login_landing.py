"""After signing in at /masuk/, everybody lands where they work, and the public pages show a
signed-in user the way back and a way out (an outside review found officers and staff dropped on
the public home page with no link to the portal or the admin, nor any sign they were signed in)."""

import pytest
from django.test import Client

from inmates import roles
from tests import factories

pytestmark = pytest.mark.django_db

PASSWORD = "s3cret-pass-Etalase"


def _sign_in(client, username, next_url=""):
    url = "/masuk/" + (f"?next={next_url}" if next_url else "")
    return client.post(url, {"username": username, "password": PASSWORD}, REMOTE_ADDR="10.0.0.8")


@pytest.mark.parametrize(
    ("make", "landing"),
    [
        (lambda: factories.make_officer(username="petugas"), "/portal/"),
        (lambda: factories.make_user(role=roles.MINISTRY_STAFF, username="petugas"), "/admin/"),
        (lambda: factories.make_user(role=roles.CORRECTIONS_STAFF, username="petugas"), "/admin/"),
        (lambda: factories.make_user(role=roles.JURY, username="petugas"), "/portal/juri/"),
        (lambda: factories.make_user(username="petugas"), "/"),  # no role: the public home page
    ],
)
def test_signing_in_lands_where_the_user_works(make, landing):
    make()
    response = _sign_in(Client(), "petugas")
    assert response.status_code == 302
    assert response["Location"] == landing


def test_a_page_asked_for_comes_first(officer):
    response = _sign_in(Client(), officer.username, next_url="/produk/")
    assert response["Location"] == "/produk/"


def test_public_pages_show_a_signed_in_officer_the_portal_and_a_way_out(officer_client):
    page = officer_client.get("/produk/").content.decode()
    assert 'href="/portal/"' in page and "Portal petugas" in page
    assert 'action="/keluar/"' in page
    assert "Masuk untuk petugas dan staf" not in page


def test_public_pages_show_staff_the_admin(staff_client):
    page = staff_client.get("/").content.decode()
    assert 'href="/admin/"' in page and "Administrasi" in page


def test_a_visitor_sees_the_sign_in_link_and_nothing_of_an_account():
    page = Client().get("/produk/").content.decode()
    assert 'href="/masuk/"' in page
    assert 'action="/keluar/"' not in page and "Portal petugas" not in page


def test_a_username_typed_with_a_capital_signs_in(client, db):
    """Found by a new user's probe: a phone keyboard's capital ("Petugas.Cipinang") was refused."""
    from tests import factories

    factories.make_officer(username="petugas.cipinang")
    page = client.get("/masuk/").content.decode()
    response = client.post("/masuk/", {"username": "Petugas.Cipinang", "password": "s3cret-pass-Etalase"})

    assert 'autocapitalize="none"' in page
    assert response.status_code == 302 and "_auth_user_id" in client.session


def test_two_accounts_differing_only_in_case_need_the_exact_spelling(client, db):
    from tests import factories

    factories.make_user(username="budi")
    factories.make_user(username="Budi", password="lain-sekali-Etalase")

    assert client.post("/masuk/", {"username": "BUDI", "password": "s3cret-pass-Etalase"}).status_code == 200
    assert client.post("/masuk/", {"username": "budi", "password": "s3cret-pass-Etalase"}).status_code == 302


def test_a_refused_sign_in_puts_the_focus_on_the_password_marked_by_the_refusal(db):
    """A newcomer probe signing in with the keyboard: after a wrong password the focus went back
    to the name already typed, and no box was marked."""
    import re

    factories.make_officer(username="petugas.uji", password=PASSWORD)
    fresh = Client().get("/masuk/").content.decode()
    refused = Client().post("/masuk/", {"username": "petugas.uji", "password": "salah-sekali"}).content.decode()

    box = re.search(r'<input[^>]*id="id_password"[^>]*>', refused).group()
    name = re.search(r'<input[^>]*id="id_username"[^>]*>', refused).group()
    assert 'id="login-error"' in refused
    assert "autofocus" in box and 'aria-invalid="true"' in box and 'aria-describedby="login-error"' in box
    assert "autofocus" not in name and 'value="petugas.uji"' in name
    assert "autofocus" in re.search(r'<input[^>]*id="id_username"[^>]*>', fresh).group()


def test_the_sign_in_page_tells_a_signed_in_officer_so_and_the_way_to_the_portal(officer_client, officer):
    """Found on a look at /masuk/ while signed in: the bare form gave no sign of the session."""
    page = officer_client.get("/masuk/").content.decode()

    assert f"Anda sudah masuk sebagai <strong>{officer.username}</strong>" in page
    assert '<a href="/portal/">Lanjut ke Portal petugas</a>' in page
    assert 'name="username"' in page  # another account may still sign in
    assert "Anda sudah masuk" not in Client().get("/masuk/").content.decode()


def test_signing_in_as_another_account_replaces_the_first(officer_client, db):
    factories.make_user(role=roles.MINISTRY_STAFF, username="staf.lain")
    response = _sign_in(officer_client, "staf.lain")

    assert response["Location"] == "/admin/"
    assert officer_client.get("/masuk/").content.decode().count("staf.lain") >= 1
    assert "Lanjut ke Administrasi" in officer_client.get("/masuk/").content.decode()
