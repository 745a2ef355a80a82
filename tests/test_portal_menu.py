import re

from django.test import Client

from inmates import roles
from tests import factories


def _menu_urls(response):
    return [item["url"] for item in response.context["portal_menu"]]


def test_portal_menu_officer_sees_officer_pages_but_not_jury(officer_client):
    response = officer_client.get("/portal/")

    urls = _menu_urls(response)
    assert "/portal/peserta/" in urls
    assert "/portal/produk/" in urls
    assert "/portal/juri/" not in urls


def test_portal_juror_is_sent_to_the_entries_and_sees_only_jury_menu(db):
    juror = factories.make_user(role=roles.JURY, username="juri.uji")
    client = Client()
    client.force_login(juror)

    response = client.get("/portal/")
    assert (response.status_code, response["Location"]) == (302, "/portal/juri/")

    page = client.get("/portal/juri/")
    assert _menu_urls(page) == ["/portal/juri/"]


def _header(response) -> str:
    html = response.content.decode()
    return html[html.index("<header") : html.index("</header>")]


def test_portal_header_for_staff_at_the_till_offers_only_their_pages_and_the_back_office(staff_client):
    response = staff_client.get("/portal/kasir/")

    header = _header(response)
    assert response.status_code == 200
    assert _menu_urls(response) == ["/portal/kasir/"]
    assert 'href="/portal/"' not in header
    assert "Dasbor" not in header
    assert "Portal petugas" not in header
    assert 'href="/admin/"' in header
    # In Indonesian, as the admin's own name (it read "Back-office": a look-and-feel review).
    assert re.search(r'href="/admin/">\s*Administrasi\s*</a>', header)
    # The dashboard the header used to offer is not theirs.
    assert staff_client.get("/portal/").status_code == 403


def test_portal_header_for_officers_keeps_the_dashboard_and_no_back_office(officer_client):
    header = _header(officer_client.get("/portal/kasir/"))

    assert 'href="/portal/"' in header
    assert "Portal petugas" in header
    assert 'href="/admin/"' not in header
