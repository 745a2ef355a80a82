"""Public prison pages: grouped by region, approved products, finished trainings counted, and never
a word about the people inside."""

import datetime
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from exhibitions.models import Delegation
from inmates.models import Prison
from products.models import Product
from programs.models import Certificate, Training, TrainingParticipant
from tests import factories

pytestmark = pytest.mark.django_db

_INLINE_TAG = re.compile(r"</?(?:a|span|time|strong|em|b|i|code|abbr)\b[^>]*>")


def text_of(response) -> str:
    assert response.status_code == 200
    html = _INLINE_TAG.sub("", response.content.decode())
    return " ".join(re.sub(r"<[^>]+>", " ", html).split())


def make_people(prison):
    """Inmates of ``prison`` with every kind of personal data, in trainings and making products:
    none of it may reach a public prison page."""
    consenting = factories.make_inmate(
        prison=prison, legal_name="Bambang Rahasiaputra", registration_number="BI.1234/2017",
        display_name="Pak Bambang Pengrajin", public_story="Kisah Pak Bambang belajar membatik.",
        birth_year=1971,
    )
    factories.make_consent(inmate=consenting)
    private = factories.make_inmate(
        prison=prison, legal_name="Siti Tersembunyi", registration_number="BII.9876/2018",
        display_name="Bu Siti Penenun",
    )
    training = factories.make_training(prison=prison, status=Training.Status.FINISHED)
    for inmate in (consenting, private):
        participant = factories.make_participant(
            training=training, inmate=inmate, status=TrainingParticipant.Status.CONFIRMED, passed=True
        )
        Certificate.objects.create(
            participant=participant,
            number=f"IKM/BIMTEK/2018/{inmate.pk:04d}",
            issued_on=datetime.date(2018, 3, 5),
        )
    product = factories.make_product(prison=prison, name="Kain Batik Karya Bersama")
    product.makers.set([consenting, private])
    return ("Bambang Rahasiaputra", "BI.1234/2017", "Pak Bambang Pengrajin", "Kisah Pak Bambang",
            "1971", "Siti Tersembunyi", "BII.9876/2018", "Bu Siti Penenun", "IKM/BIMTEK/2018")


# --- list


def test_prison_list_groups_prisons_by_region_with_counts(client):
    bali = factories.make_region(name="Kanwil Bali", province="Bali", slug="bali")
    dki = factories.make_region(name="Kanwil DKI Jakarta", province="DKI Jakarta", slug="dki-jakarta")
    kerobokan = factories.make_prison(name="Lapas Kelas IIA Kerobokan", region=bali, city="Kabupaten Badung")
    cipinang = factories.make_prison(name="Lapas Kelas I Cipinang", region=dki, city="Jakarta Timur")
    factories.make_prison(name="Rutan Kelas IIA Pondok Bambu", region=dki, city="Jakarta Timur")
    factories.make_prison(name="Lapas Lama Ditutup", region=dki, is_active=False)
    for _ in range(2):
        factories.make_product(prison=kerobokan)
    factories.make_product(prison=kerobokan, status=Product.Status.SUBMITTED)
    factories.make_product(prison=cipinang)
    factories.make_training(prison=cipinang, status=Training.Status.FINISHED)
    factories.make_training(prison=cipinang, status=Training.Status.FINISHED)
    factories.make_training(prison=cipinang, status=Training.Status.PLANNED)

    text = text_of(client.get("/lapas/"))

    order = [
        text.index("Bali Lapas Kelas IIA Kerobokan Kabupaten Badung 2 produk"),
        text.index("DKI Jakarta Lapas Kelas I Cipinang Jakarta Timur 1 produk · 2 pelatihan"),
        text.index("Rutan Kelas IIA Pondok Bambu Jakarta Timur Belum ada produk"),
    ]
    assert order == sorted(order)
    assert "Lapas Lama Ditutup" not in text


def test_prison_list_shows_no_inmate_data(client, prison):
    leaks = make_people(prison)
    html = client.get("/lapas/").content.decode()
    assert prison.name in html
    for leak in leaks:
        assert leak not in html


def test_prison_list_query_count_is_constant(client, django_assert_num_queries):
    def add(count):
        for _ in range(count):
            prison = factories.make_prison()
            factories.make_product(prison=prison)
            factories.make_training(prison=prison, status=Training.Status.FINISHED)

    add(1)
    with CaptureQueriesContext(connection) as one:
        text_of(client.get("/lapas/"))
    add(3)
    with django_assert_num_queries(len(one)):
        response = client.get("/lapas/")
    assert response.content.decode().count('class="prison-tile"') == 4


# --- detail


def test_prison_detail_shows_description_kind_products_and_finished_trainings(client):
    region = factories.make_region(name="Kanwil DKI Jakarta", province="DKI Jakarta", slug="dki")
    prison = factories.make_prison(
        name="Lapas Kelas I Cipinang", slug="lapas-cipinang", region=region, city="Jakarta Timur",
        kind=Prison.Kind.LAPAS, klass=Prison.Klass.I,
        public_description="Bengkel batik tulis dan cap, mebel kayu, serta unit jahit.",
    )
    other = factories.make_prison(name="Lapas Kelas IIA Kerobokan")
    factories.make_product(prison=prison, name="Kain Batik Tulis Parang", slug="parang", price=1_250_000)
    factories.make_product(prison=prison, name="Produk Masih Draf", status=Product.Status.DRAFT)
    factories.make_product(prison=prison, name="Produk Ditolak", status=Product.Status.REJECTED,
                           status_reason="Foto kurang jelas")
    factories.make_product(prison=other, name="Topeng Kayu Ukir Bali")
    for status in (Training.Status.FINISHED, Training.Status.FINISHED, Training.Status.FINISHED,
                   Training.Status.RUNNING, Training.Status.CANCELLED):
        factories.make_training(prison=prison, status=status)
    factories.make_training(prison=other, status=Training.Status.FINISHED)

    response = client.get("/lapas/lapas-cipinang/")
    text = text_of(response)
    html = response.content.decode()

    assert "Lapas · Kelas I Lapas Kelas I Cipinang Jakarta Timur, DKI Jakarta" in text
    assert "Bengkel batik tulis dan cap, mebel kayu, serta unit jahit." in text
    assert "1 Produk 3 Pelatihan selesai" in text
    assert "Kain Batik Tulis Parang" in text
    assert "Rp 1.250.000" in text
    assert 'href="/produk/parang/"' in html
    for absent in ("Produk Masih Draf", "Produk Ditolak", "Topeng Kayu Ukir Bali"):
        assert absent not in text


def test_prison_detail_says_nothing_of_trainings_when_none_is_finished(client, prison):
    """A look-and-feel review: a big "0 Pelatihan selesai" on the prison's page."""
    factories.make_product(prison=prison, name="Kain Batik Tulis Parang", slug="parang")
    factories.make_training(prison=prison, status=Training.Status.RUNNING)

    text = text_of(client.get(f"/lapas/{prison.slug}/"))

    assert "1 Produk" in text and "Pelatihan selesai" not in text


def test_prison_detail_lists_exhibitions_of_accepted_delegations(client, prison):
    shown = factories.make_exhibition(title="Pameran Produk Unggulan Narapidana")
    factories.make_delegation(exhibition=shown, prison=prison, status=Delegation.Status.ACCEPTED)
    applied = factories.make_exhibition(title="Pameran Masih Mendaftar")
    factories.make_delegation(exhibition=applied, prison=prison, status=Delegation.Status.APPLIED)
    hidden = factories.make_exhibition(title="Pameran Belum Terbit", is_published=False)
    factories.make_delegation(exhibition=hidden, prison=prison, status=Delegation.Status.ACCEPTED)

    text = text_of(client.get(f"/lapas/{prison.slug}/"))
    assert "Ikut pameran Pameran Produk Unggulan Narapidana · 3–6 April 2018, Jakarta" in text
    assert "Pameran Masih Mendaftar" not in text
    assert "Pameran Belum Terbit" not in text


def test_prison_detail_shows_no_inmate_data(client, prison):
    leaks = make_people(prison)
    html = client.get(f"/lapas/{prison.slug}/").content.decode()
    assert "Kain Batik Karya Bersama" in html
    for leak in leaks:
        assert leak not in html


def test_prison_detail_links_to_catalogue_when_more_products_than_shown(client, prison):
    for i in range(13):
        factories.make_product(prison=prison, name=f"Produk Lapas {i:02d}")
    response = client.get(f"/lapas/{prison.slug}/")
    html = response.content.decode()
    assert html.count('<article class="product-card') == 12
    assert f'href="/produk/?prison={prison.slug}"' in html
    assert "Lihat semua 13 produk di katalog" in text_of(response)


def test_inactive_or_unknown_prison_is_404(client):
    factories.make_prison(slug="lapas-tutup", is_active=False)
    assert client.get("/lapas/lapas-tutup/").status_code == 404
    response = client.get("/lapas/tidak-ada/")
    assert response.status_code == 404
    assert "Halaman tidak ditemukan" in response.content.decode()


def test_prison_detail_query_count_is_constant(client, prison, django_assert_num_queries):
    def add(count):
        for _ in range(count):
            factories.make_product(prison=prison)
            factories.make_training(prison=prison, status=Training.Status.FINISHED)
            factories.make_delegation(prison=prison, status=Delegation.Status.ACCEPTED)

    add(1)
    with CaptureQueriesContext(connection) as one:
        text_of(client.get(f"/lapas/{prison.slug}/"))
    add(3)
    with django_assert_num_queries(len(one)):
        text = text_of(client.get(f"/lapas/{prison.slug}/"))
    assert "4 Produk 4 Pelatihan selesai" in text
