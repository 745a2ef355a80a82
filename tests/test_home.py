"""The home page (current or next exhibition, featured products, categories, headline numbers) and
the styled error pages."""

import datetime
import re
import zoneinfo

import pytest
from django.db import connection
from django.template import Context
from django.template.loader import get_template
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from django.views.defaults import server_error

from exhibitions.models import Delegation
from products.models import Product
from products.selectors import public_featured_products
from programs.models import Training, TrainingParticipant
from programs.selectors import public_headline_numbers
from tests import factories

pytestmark = pytest.mark.django_db

WIB = zoneinfo.ZoneInfo("Asia/Jakarta")
WITA = zoneinfo.ZoneInfo("Asia/Makassar")
_INLINE_TAG = re.compile(r"</?(?:a|span|time|strong|em|b|i|code|abbr)\b[^>]*>")


def text_of(response) -> str:
    assert response.status_code == 200
    html = _INLINE_TAG.sub("", response.content.decode())
    return " ".join(re.sub(r"<[^>]+>", " ", html).split())


def days_from_today(days: int, zone=WIB) -> datetime.date:
    return timezone.now().astimezone(zone).date() + datetime.timedelta(days=days)


# --- the exhibition on the home page


def test_home_shows_running_exhibition_open_now(client):
    factories.make_exhibition(
        title="Pameran Produk Unggulan Narapidana", slug="berlangsung",
        start_date=days_from_today(-1), end_date=days_from_today(1),
        opening_time=datetime.time(0, 0), closing_time=datetime.time(23, 59, 59),
        venue="Plasa Industri", city="Jakarta",
    )
    response = client.get("/")
    text = text_of(response)
    assert "Sedang berlangsung Sedang buka Pameran Produk Unggulan Narapidana" in text
    assert "Setiap hari 00.00–23.59 WIB" in text
    assert "Plasa Industri, Jakarta" in text
    assert 'href="/pameran/berlangsung/"' in response.content.decode()


def test_home_shows_next_exhibition_with_hours_in_its_own_zone(client):
    start = days_from_today(60, WITA)
    factories.make_exhibition(
        title="Pameran Kawasan Timur", slug="makassar", timezone="Asia/Makassar",
        start_date=start, end_date=start + datetime.timedelta(days=3),
        opening_time=datetime.time(10, 0), closing_time=datetime.time(20, 0),
        venue="Celebes Convention Center", city="Makassar",
    )
    factories.make_exhibition(title="Pameran Lebih Jauh", start_date=days_from_today(200),
                              end_date=days_from_today(201))
    factories.make_exhibition(title="Pameran 2018")  # past
    text = text_of(client.get("/"))
    assert "Pameran berikutnya Pameran Kawasan Timur" in text
    assert "Setiap hari 10.00–20.00 WITA" in text
    assert "Sedang buka" not in text
    assert "Pameran Lebih Jauh" not in text
    assert "Pameran 2018" not in text


def test_home_date_range_of_next_exhibition(client):
    factories.make_exhibition(
        title="Pameran Akhir Tahun",
        start_date=datetime.date(2099, 12, 30),
        end_date=datetime.date(2100, 1, 2),
    )
    assert "30 Desember 2099 – 2 Januari 2100" in text_of(client.get("/"))


def test_home_skips_unpublished_and_ended_exhibitions(client):
    factories.make_exhibition(title="Pameran Draf", is_published=False,
                              start_date=days_from_today(5), end_date=days_from_today(6))
    factories.make_exhibition(
        title="Pameran Kemarin", start_date=days_from_today(-3), end_date=days_from_today(-1)
    )
    text = text_of(client.get("/"))
    assert "Pameran Draf" not in text
    assert "Pameran Kemarin" not in text
    assert "Pameran berikutnya" not in text


# --- products and categories


def test_home_featured_products_link_to_their_pages(client):
    factories.make_product(name="Kain Tenun Ikat NTT", slug="tenun-ikat", is_featured=True, price=1_250_000)
    factories.make_product(name="Produk Belum Disetujui", status=Product.Status.SUBMITTED, is_featured=True)
    response = client.get("/")
    html = response.content.decode()
    text = text_of(response)
    assert "Kain Tenun Ikat NTT" in text
    assert "Rp 1.250.000" in text
    assert 'href="/produk/tenun-ikat/"' in html
    assert "Produk Belum Disetujui" not in text


def test_home_tops_up_featured_products_with_photographed_ones_first(client):
    """The home page's eight cards: what staff featured first, then the newest products with a
    photo the public may see, and only then products without one (a grey box in a prime slot)."""
    chosen = factories.make_product(name="Pilihan Staf Tanpa Foto", is_featured=True)
    with_photo = factories.make_product(name="Produk Lama Berfoto")
    factories.make_photo(with_photo)
    for i in range(8):
        factories.make_product(name=f"Produk Baru Tanpa Foto {i}")
    names = [product.name for product in public_featured_products(limit=8)]
    assert names[:2] == ["Pilihan Staf Tanpa Foto", "Produk Lama Berfoto"]
    assert names[2:] == [f"Produk Baru Tanpa Foto {i}" for i in (7, 6, 5, 4, 3, 2)]
    assert chosen.name in text_of(client.get("/"))


def test_home_categories_link_to_the_filtered_catalogue(client):
    batik = factories.make_category(name_id="Batik", slug="batik")
    empty = factories.make_category(name_id="Kategori Kosong", slug="kosong")
    factories.make_product(category=batik)
    factories.make_product(category=batik)
    factories.make_product(category=empty, status=Product.Status.DRAFT)
    response = client.get("/")
    html = response.content.decode()
    assert 'href="/produk/?category=batik"' in html
    assert "Batik 2" in text_of(response)
    assert "Kategori Kosong" not in html


# --- headline numbers


def test_headline_numbers_count_exactly_what_they_say():
    prison_a, prison_b, prison_c = (factories.make_prison() for _ in range(3))
    factories.make_product(prison=prison_a)
    factories.make_product(prison=prison_a)
    factories.make_product(prison=prison_b)
    factories.make_product(prison=prison_c, status=Product.Status.DRAFT)

    published = factories.make_exhibition()
    factories.make_delegation(exhibition=published, status=Delegation.Status.ACCEPTED)
    factories.make_delegation(exhibition=published, status=Delegation.Status.ACCEPTED)
    factories.make_delegation(exhibition=published, status=Delegation.Status.APPLIED)
    factories.make_delegation(exhibition=factories.make_exhibition(is_published=False),
                              status=Delegation.Status.ACCEPTED)

    finished = factories.make_training(prison=prison_a, status=Training.Status.FINISHED)
    running = factories.make_training(prison=prison_a, status=Training.Status.RUNNING)
    planned = factories.make_training(prison=prison_a, status=Training.Status.PLANNED)
    cancelled = factories.make_training(prison=prison_a, status=Training.Status.CANCELLED)
    twice = factories.make_inmate(prison=prison_a)
    confirmed = TrainingParticipant.Status.CONFIRMED
    factories.make_participant(training=finished, inmate=twice, status=confirmed)
    factories.make_participant(training=running, inmate=twice, status=confirmed)  # same person
    factories.make_participant(training=finished, status=confirmed)
    factories.make_participant(training=finished, status=TrainingParticipant.Status.PROPOSED)
    factories.make_participant(training=finished, status=TrainingParticipant.Status.DECLINED)
    factories.make_participant(training=planned, status=confirmed)
    factories.make_participant(training=cancelled, status=confirmed)

    assert public_headline_numbers() == {"products": 3, "prisons": 2, "delegations": 2, "trained": 2}


def test_home_shows_headline_numbers(client):
    factories.make_product()
    factories.make_product()
    text = text_of(client.get("/"))
    assert "2 Produk di katalog 2 Lapas dan rutan berkarya 0 Delegasi pameran 0 Warga binaan dilatih" in text


def test_home_shows_no_personal_data(client, prison):
    maker = factories.make_inmate(
        prison=prison, legal_name="Hendra Namalengkap", registration_number="BI.31337/2016"
    )
    factories.make_consent(inmate=maker)
    product = factories.make_product(prison=prison, is_featured=True)
    product.makers.set([maker])
    html = client.get("/").content.decode()
    assert "Hendra Namalengkap" not in html
    assert "BI.31337/2016" not in html


def test_home_query_count_is_constant(client, django_assert_num_queries):
    factories.make_exhibition(start_date=days_from_today(10), end_date=days_from_today(12))

    def add(count):
        for _ in range(count):
            factories.make_product(is_featured=True)

    add(1)
    with CaptureQueriesContext(connection) as one:
        text_of(client.get("/"))
    add(3)
    with django_assert_num_queries(len(one)):
        html = client.get("/").content.decode()
    assert html.count('<article class="product-card') == 4


# --- error pages


def test_404_page_is_styled_and_in_indonesian(client):
    response = client.get("/halaman-yang-tidak-ada/")
    assert response.status_code == 404
    html = response.content.decode()
    assert "<title>Halaman tidak ditemukan · Etalase</title>" in html
    assert "Halaman yang Anda cari tidak ada" in html
    assert '<link rel="stylesheet" href="/static/css/showcase.css">' in html
    assert 'href="/"' in html


def test_500_page_renders_without_request_context_or_database(django_assert_num_queries):
    with django_assert_num_queries(0):
        response = server_error(RequestFactory().get("/"))
    assert response.status_code == 500
    html = response.content.decode()
    assert "Maaf, terjadi kesalahan" in html
    assert '<link rel="stylesheet" href="/static/css/etalase.css">' in html
    assert '<html lang="id">' in html
    # Rendered as Django does it: a plain Context, no context processors, no request.
    assert "Maaf, terjadi kesalahan" in get_template("500.html").template.render(Context())
