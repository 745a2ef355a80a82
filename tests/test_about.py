"""The programme page (/tentang/): found by a visitor probe, the footer's two sentences were the
only word about the programme, and /tentang/ was a 404."""

import pytest
from django.conf import settings

from tests import factories

pytestmark = pytest.mark.django_db


def test_the_programme_page_says_who_runs_it_how_to_buy_and_what_is_never_shown(client):
    factories.make_product(name="Tas Anyaman Pandan")

    html = client.get("/tentang/").content.decode()

    assert "Tentang program · Etalase" in html
    assert "Direktorat Jenderal Pemasyarakatan" in html and "Plasa Industri" in html
    assert "tidak pernah menampilkan nama lengkap, nomor registrasi" in html
    assert 'href="/tentang/" aria-current="page"' in html  # in the menu, marked as the page shown
    assert 'href="/produk/"' in html and 'href="/sertifikat/verifikasi/"' in html


def test_the_programme_page_in_english_and_in_the_sitemap(client):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    html = client.get("/tentang/").content.decode()

    assert "About the programme · Etalase" in html
    assert "How to buy" in html and "Tentang program" not in html
    index = client.get("/sitemap.xml").content.decode()
    sections = [entry.split("</loc>")[0].replace("http://testserver", "") for entry in index.split("<loc>")[1:]]
    assert any("/tentang/" in client.get(section).content.decode() for section in sections)
