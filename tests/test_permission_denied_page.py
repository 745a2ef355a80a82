"""The 403 page says whom the refused page is for and leads a signed-in user back to their own
work. A tester's probe: a prison officer opening the jury's list was told "the portal is for
prison officers only", was offered only the public home page, and the footer asked them to sign in."""

import pytest
from django.test import Client

from inmates import roles
from tests import factories

pytestmark = pytest.mark.django_db


def _client_for(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_an_officer_on_a_jury_page_is_told_it_is_for_jurors_and_led_back_to_the_portal(officer_client):
    response = officer_client.get("/portal/juri/")
    page = response.content.decode()

    assert response.status_code == 403
    assert "Halaman ini hanya untuk juri lomba" in page
    assert "Portal hanya untuk petugas lapas" not in page
    assert 'class="btn btn-primary" href="/portal/">Kembali ke Portal petugas</a>' in page
    assert "Masuk untuk petugas dan staf" not in page and 'href="/masuk/"' not in page


def test_a_juror_on_an_officer_page_is_told_it_is_for_officers_and_led_back_to_the_jury_list():
    juror = _client_for(factories.make_user(role=roles.JURY))

    page = juror.get("/portal/peserta/").content.decode()

    assert "Halaman ini hanya untuk petugas lapas. Sebagai juri" in page
    assert 'href="/portal/juri/">Kembali ke Penjurian</a>' in page


def test_staff_in_the_portal_are_sent_to_the_back_office(staff_client):
    page = staff_client.get("/portal/peserta/").content.decode()

    assert "Portal hanya untuk petugas lapas; staf kementerian bekerja di back-office" in page
    assert 'href="/admin/">Kembali ke Administrasi</a>' in page


def test_an_officer_without_a_prison_is_told_so_and_not_sent_round_in_a_circle():
    officer = _client_for(factories.make_user(role=roles.PRISON_OFFICER))

    response = officer.get("/portal/")
    page = response.content.decode()

    assert response.status_code == 403
    assert "belum terhubung ke lapas atau rutan" in page
    assert "Kembali ke Portal petugas" not in page
    assert 'class="btn btn-primary" href="/">' in page


def test_a_404_in_the_portal_does_not_offer_a_signed_in_officer_to_sign_in(officer_client):
    page = officer_client.get("/portal/tidak-ada/").content.decode()

    assert "Masuk untuk petugas dan staf" not in page


def test_the_403_page_in_english_names_the_role(officer_client):
    officer_client.cookies["django_language"] = "en"

    page = officer_client.get("/portal/juri/").content.decode()

    assert "This page is for competition jurors only" in page
    assert "Back to Officers’ portal" in page


def test_corrections_staff_are_not_offered_links_to_pages_they_may_not_open(corrections_client):
    """A staff probe followed "Pengunjung hari ini" and "Kasir stan" as pas into 403 pages."""
    from django.urls import reverse

    from tests import factories

    exhibition = factories.make_exhibition()
    pages = [
        reverse("admin:exhibitions_exhibition_change", args=[exhibition.pk]),
        reverse("admin:exhibitions_exhibition_stock", args=[exhibition.pk]),
        reverse("admin:exhibitions_exhibition_reports"),
        reverse("admin:exhibitions_exhibition_report", args=[exhibition.pk]),
        reverse("admin:index"),
    ]
    visitors = reverse("admin:exhibitions_exhibition_visitors", args=[exhibition.pk])
    till = reverse("portal:sales-desk-list")
    for url in pages:
        response = corrections_client.get(url)
        html = response.content.decode()
        assert response.status_code == 200, url
        assert visitors not in html and till not in html and "dan kasir stan" not in html, url
    assert corrections_client.get(visitors).status_code == 403


def test_ministry_staff_still_have_those_links(staff_client):
    from django.urls import reverse

    from tests import factories

    exhibition = factories.make_exhibition()
    report = staff_client.get(reverse("admin:exhibitions_exhibition_report", args=[exhibition.pk])).content.decode()
    stock = staff_client.get(reverse("admin:exhibitions_exhibition_stock", args=[exhibition.pk])).content.decode()

    assert reverse("portal:sales-desk-list") in report
    assert reverse("admin:exhibitions_exhibition_visitors", args=[exhibition.pk]) in stock
