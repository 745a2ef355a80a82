"""A link to a product gone from the showcase (an old shared link) offers the catalogue and its
search, not only the home page (found by a buyer probe)."""

import re

import pytest

pytestmark = pytest.mark.django_db


def test_the_not_found_page_offers_the_catalogue_and_a_search(client):
    response = client.get("/produk/tidak-ada-lagi/")
    page = response.content.decode()

    assert response.status_code == 404
    form = re.search(r'<form class="error-search[^"]*" action="/produk/" method="get" role="search">', page)
    assert form and 'name="q"' in page and '<label class="visually-hidden" for="error-search-q">Cari produk</label>' in page
    assert '<a class="btn btn-outline-primary" href="/produk/">Lihat katalog</a>' in page
    assert 'href="/">Kembali ke beranda</a>' in page
