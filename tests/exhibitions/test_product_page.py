"""The public product page /produk/<slug>/: approved products only, details, thumbnails (never the
original upload), makers credited only within their current consent, exhibitions, related products."""

import datetime
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from exhibitions.models import Delegation
from exhibitions.selectors import public_product_exhibitions
from inmates.models import Prison
from products.models import Product
from products.services import product_image_add
from tests.factories import (
    make_category,
    make_consent,
    make_delegation,
    make_exhibition,
    make_inmate,
    make_prison,
    make_product,
    make_region,
    uploaded_image,
)

LEGAL_NAME = "Bambang Sukmawijaya Legalis"
REGISTRATION = "BI.4471/KRB-2018"
BIRTH_YEAR = 1931


def url(product: Product) -> str:
    return reverse("public:product-detail", args=[product.slug])


def page(client, product: Product) -> str:
    response = client.get(url(product))
    assert response.status_code == 200
    return response.content.decode()


@pytest.fixture
def product(db):
    region = make_region(name="Kanwil Bali", province="Bali", slug="bali")
    prison = make_prison(name="Lapas Kelas IIA Kerobokan", slug="lapas-kerobokan", region=region)
    return make_product(
        name="Kain Tenun Endek",
        slug="kain-tenun-endek",
        description="Ditenun dengan alat tenun bukan mesin.\n\nPewarna alami.",
        category=make_category(slug="tenun", name_id="Tenun"),
        prison=prison,
        price=1_250_000,
        materials="Benang katun, pewarna alam",
        size="100 x 200 cm",
        weight_grams=1450,
        monthly_capacity=12,
    )


def maker(product: Product, **kwargs):
    """An inmate of the product's prison who made it, with the distinctive personal data."""
    kwargs.setdefault("legal_name", LEGAL_NAME)
    kwargs.setdefault("registration_number", REGISTRATION)
    kwargs.setdefault("birth_year", BIRTH_YEAR)
    kwargs.setdefault("display_name", "Made Ayu")
    kwargs.setdefault("public_story", "Belajar menenun sejak 2016 dan kini mengajari teman sekamarnya.")
    inmate = make_inmate(prison=product.prison, **kwargs)
    product.makers.add(inmate)
    return inmate


def test_product_page_url_name_is_public_product_detail():
    assert reverse("public:product-detail", args=["tas-pandan"]) == "/produk/tas-pandan/"


def test_product_page_shows_the_details(client, product):
    html = page(client, product)

    assert '<h1 class="product-title" lang="id">Kain Tenun Endek</h1>' in html
    assert "Rp 1.250.000" in html
    assert "Benang katun, pewarna alam" in html
    assert "100 x 200 cm" in html
    assert "1,45 kg" in html
    assert "± 12 per bulan" in html
    assert "Lapas Kelas IIA Kerobokan" in html
    assert "Bali" in html
    assert "<p>Ditenun dengan alat tenun bukan mesin.</p>" in html
    assert f'href="{reverse("public:product-list")}?category=tenun"' in html
    assert f'href="{reverse("public:product-list")}?region=bali"' in html


def test_product_page_links_the_prison_page_of_an_active_prison(client, product):
    html = page(client, product)

    assert f'href="{reverse("public:prison-detail", args=["lapas-kerobokan"])}"' in html


def test_product_page_does_not_link_an_inactive_prisons_page(client, product):
    Prison.objects.filter(pk=product.prison_id).update(is_active=False)

    html = page(client, product)

    assert reverse("public:prison-detail", args=["lapas-kerobokan"]) not in html
    assert "Lapas Kelas IIA Kerobokan" in html


@pytest.mark.parametrize(
    "status", [Product.Status.DRAFT, Product.Status.SUBMITTED, Product.Status.REJECTED, Product.Status.ARCHIVED]
)
def test_product_page_of_an_unapproved_product_is_404(client, db, status):
    product = make_product(status=status, status_reason="Alasan kurator")

    response = client.get(url(product))

    assert response.status_code == 404
    assert product.name not in response.content.decode()


def test_product_page_of_a_revision_row_is_404(client, product):
    revision = make_product(
        name="Kain Tenun Endek (revisi)",
        slug="kain-tenun-endek-revisi",
        status=Product.Status.SUBMITTED,
        revision_of=product,
        prison=product.prison,
        category=product.category,
        price=999_000,
    )

    assert client.get(url(revision)).status_code == 404
    html = page(client, product)
    assert "Rp 1.250.000" in html  # the public keeps the approved version
    assert "Rp 999.000" not in html


@pytest.mark.django_db
def test_product_page_of_an_unknown_slug_is_404(client):
    assert client.get("/produk/tidak-ada/").status_code == 404


# --- Makers: only within their current consent -----------------------------------------------


def test_product_page_credits_a_consenting_maker_with_story(client, product):
    make_consent(inmate=maker(product), display_name_public=True, story_public=True)

    html = page(client, product)

    assert "Made Ayu" in html
    assert "Belajar menenun sejak 2016" in html
    assert "Karya warga binaan" not in html.split('class="product-origin"')[1].split("</p>")[0]


def test_product_page_shows_the_story_only_when_the_consent_allows_it(client, product):
    make_consent(inmate=maker(product), display_name_public=True, story_public=False)

    html = page(client, product)

    assert "Made Ayu" in html
    assert "Belajar menenun" not in html


def test_product_page_withdrawn_consent_hides_name_and_story(client, product):
    inmate = maker(product)
    make_consent(inmate=inmate, given_on=timezone.now() - datetime.timedelta(days=2), withdrawn_on=timezone.now())

    html = page(client, product)

    assert "Made Ayu" not in html
    assert "Belajar menenun" not in html
    assert "Karya warga binaan" in html
    assert "Lapas Kelas IIA Kerobokan" in html


def test_product_page_without_any_consent_credits_the_prison_only(client, product):
    maker(product)

    html = page(client, product)

    assert "Made Ayu" not in html
    assert "Karya warga binaan" in html


def test_product_page_consent_without_display_name_credits_nobody(client, product):
    make_consent(inmate=maker(product), display_name_public=False, story_public=True)

    html = page(client, product)

    assert "Made Ayu" not in html
    assert "Belajar menenun" not in html


def test_product_page_follows_the_current_consent_not_an_older_one(client, product):
    inmate = maker(product)
    given = timezone.now() - datetime.timedelta(days=30)
    make_consent(
        inmate=inmate,
        story_public=True,
        given_on=given,
        withdrawn_on=given + datetime.timedelta(days=1),
    )
    make_consent(inmate=inmate, display_name_public=True, story_public=False)

    html = page(client, product)

    assert "Made Ayu" in html
    assert "Belajar menenun" not in html


def test_product_page_credits_only_the_makers_who_consented(client, product):
    make_consent(inmate=maker(product, display_name="Made Ayu"))
    make_consent(
        inmate=maker(product, display_name="Komang Sari", registration_number="X-2"),
        given_on=timezone.now() - datetime.timedelta(days=2),
        withdrawn_on=timezone.now(),
    )
    maker(product, display_name="Ketut Rai", registration_number="X-3")

    response = client.get(url(product))

    assert [m.display_name for m in response.context["makers"]()] == ["Made Ayu"]
    html = response.content.decode()
    assert "Komang Sari" not in html
    assert "Ketut Rai" not in html


def test_product_page_never_shows_legal_name_registration_number_or_birth_year(client, product):
    inmate = maker(product)
    make_consent(inmate=inmate, display_name_public=True, story_public=True, work_photos_public=True, face_public=True)
    make_inmate(prison=product.prison, legal_name="Tetangga Sekamar Legalis", display_name="Orang Lain")

    html = page(client, product)

    assert "Made Ayu" in html
    assert LEGAL_NAME not in html
    assert "Legalis" not in html
    assert REGISTRATION not in html
    # Not even inside a random (hexadecimal) media file name could it be mistaken for one.
    assert re.search(rf"(?<![0-9a-f]){BIRTH_YEAR}(?![0-9a-f])", html) is None
    assert "Orang Lain" not in html


def test_product_page_maker_of_another_product_is_not_credited(client, product):
    other = make_product(prison=product.prison)
    make_consent(inmate=maker(other, display_name="Wayan Lain"))

    html = page(client, product)

    assert "Wayan Lain" not in html


# --- Images: thumbnails only ----------------------------------------------------------------


def test_product_page_shows_thumbnails_never_the_original_upload(client, product):
    first = product_image_add(product=product, file=uploaded_image(size=(1600, 1200)), alt_text="Kain terbentang", position=0)
    second = product_image_add(product=product, file=uploaded_image(size=(900, 1200)), alt_text="Detail motif", position=1)

    html = page(client, product)

    for image in (first, second):
        assert image.image.url not in html
        assert image.image.name.rsplit("/", 1)[-1] not in html
        assert f"{image.thumb_small.url} 320w" in html
        assert f"{image.thumb_medium.url} 640w" in html
        assert f"{image.thumb_large.url} 1280w" in html
    assert html.index("Kain terbentang") < html.index("Detail motif")
    assert 'href="#foto-2"' in html


def test_unapproved_products_images_are_not_linked_from_public_pages(client, product):
    draft = make_product(status=Product.Status.DRAFT, category=product.category, prison=product.prison)
    image = product_image_add(product=draft, file=uploaded_image(), alt_text="Draf rahasia")

    for path in (url(product), reverse("public:product-list"), "/"):
        html = client.get(path).content.decode()
        for rendition in (image.image, image.thumb_small, image.thumb_medium, image.thumb_large):
            assert rendition.url not in html, path
        assert "Draf rahasia" not in html


# --- Exhibitions and related products ---------------------------------------------------------


def test_product_page_lists_published_exhibitions_of_accepted_delegations(client, product):
    shown = make_exhibition(title="Pameran Produk Unggulan Narapidana", slug="pameran-2018")
    make_delegation(exhibition=shown, prison=product.prison, status=Delegation.Status.ACCEPTED).products.add(product)
    # The Kanwil's delegation showed it too: listed once.
    make_delegation(
        exhibition=shown, prison=None, region=product.prison.region, status=Delegation.Status.ACCEPTED
    ).products.add(product)
    refused = make_exhibition(title="Pameran Yang Menolak", slug="pameran-tolak")
    make_delegation(exhibition=refused, prison=product.prison, status=Delegation.Status.REJECTED).products.add(product)
    hidden = make_exhibition(title="Pameran Belum Terbit", slug="pameran-draf", is_published=False)
    make_delegation(exhibition=hidden, prison=product.prison, status=Delegation.Status.ACCEPTED).products.add(product)

    response = client.get(url(product))

    assert [e.title for e in response.context["exhibitions"]()["past"]] == ["Pameran Produk Unggulan Narapidana"]
    html = response.content.decode()
    assert html.count("Pameran Produk Unggulan Narapidana") == 1
    assert "Pameran Yang Menolak" not in html
    assert "Pameran Belum Terbit" not in html
    assert f'href="{reverse("public:exhibition-detail", args=["pameran-2018"])}"' in html


def _shown_at(exhibition, product):
    make_delegation(exhibition=exhibition, prison=product.prison, status=Delegation.Status.ACCEPTED).products.add(product)
    return exhibition


def test_product_page_dates_an_exhibition_over_the_new_year_in_full(client, product):
    """Found by a tester: 29 December to 2 January read "29–2 Januari"."""
    _shown_at(make_exhibition(
        title="Pameran Akhir Tahun", start_date=datetime.date(2017, 12, 29), end_date=datetime.date(2018, 1, 2),
        venue="Plasa Industri", city="Jakarta",
    ), product)

    text = " ".join(re.sub(r"<[^>]+>", " ", page(client, product)).split())

    assert "Pameran Akhir Tahun · Plasa Industri, Jakarta, 29 Desember 2017 – 2 Januari 2018" in text


def test_product_page_tells_past_from_running_and_upcoming_exhibitions(client, product):
    """Found by a tester: an exhibition still to come was listed under "Pernah dipamerkan"."""
    today = timezone.localdate()
    day = datetime.timedelta(days=1)
    _shown_at(make_exhibition(title="Pameran 2018"), product)
    _shown_at(make_exhibition(title="Pameran Lalu", start_date=today - 40 * day, end_date=today - 37 * day), product)
    _shown_at(make_exhibition(title="Pameran Kini", start_date=today - day, end_date=today + day), product)
    _shown_at(make_exhibition(title="Pameran Nanti", start_date=today + 60 * day, end_date=today + 63 * day), product)
    _shown_at(make_exhibition(title="Pameran Depan", start_date=today + 30 * day, end_date=today + 33 * day), product)

    response = client.get(url(product))

    shown = response.context["exhibitions"]()
    assert {phase: [e.title for e in rows] for phase, rows in shown.items()} == {
        "running": ["Pameran Kini"],
        "upcoming": ["Pameran Depan", "Pameran Nanti"],
        "past": ["Pameran Lalu", "Pameran 2018"],
    }
    text = " ".join(re.sub(r"<[^>]+>", " ", response.content.decode()).split())
    order = [
        text.index("Sedang dipamerkan di Pameran Kini"),
        text.index("Akan dipamerkan di Pameran Depan"),
        text.index("Pameran Nanti"),
        text.index("Pernah dipamerkan di Pameran Lalu"),
        text.index("Pameran 2018"),
    ]
    assert order == sorted(order)


def test_product_exhibitions_are_judged_by_the_date_at_the_venue(product):
    # 16.00 UTC on 28 February 2027: still 28 February in Jakarta, already 1 March in Jayapura.
    now = datetime.datetime(2027, 2, 28, 16, 0, tzinfo=datetime.UTC)
    for zone, title in (("Asia/Jakarta", "Di Jakarta"), ("Asia/Jayapura", "Di Jayapura")):
        _shown_at(make_exhibition(
            title=title, timezone=zone, start_date=datetime.date(2027, 3, 1), end_date=datetime.date(2027, 3, 3)
        ), product)

    shown = public_product_exhibitions(product=product, now=now)

    assert ([e.title for e in shown["running"]], [e.title for e in shown["upcoming"]]) == (["Di Jayapura"], ["Di Jakarta"])


def test_product_page_related_products_are_four_approved_of_the_same_category(client, product):
    now = timezone.now()
    related = []
    for i in range(6):
        other = make_product(name=f"Tenun Lain {i}", category=product.category)
        Product.objects.filter(pk=other.pk).update(created_at=now - datetime.timedelta(days=i))
        related.append(other)
    make_product(name="Tenun Draf", category=product.category, status=Product.Status.DRAFT)
    make_product(name="Batik Kategori Lain")

    response = client.get(url(product))

    assert [p.name for p in response.context["related_products"]()] == [f"Tenun Lain {i}" for i in range(4)]
    html = response.content.decode()
    assert "Tenun Draf" not in html
    assert "Batik Kategori Lain" not in html
    assert "Tenun Lain 4" not in html


# --- A fixed number of queries ----------------------------------------------------------------


def _queries(client, product) -> int:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url(product))
    assert response.status_code == 200
    return len(captured)


def test_product_page_query_count_is_constant(client, product):
    fair = make_exhibition()
    delegation = make_delegation(exhibition=fair, prison=product.prison, status=Delegation.Status.ACCEPTED)
    delegation.products.add(product)
    product_image_add(product=product, file=uploaded_image(), alt_text="Foto 0")
    make_consent(inmate=maker(product, display_name="Pembuat 0", registration_number="R-0"))
    make_product(category=product.category)
    one = _queries(client, product)

    for i in range(1, 5):
        product_image_add(product=product, file=uploaded_image(), alt_text=f"Foto {i}", position=i)
        make_consent(inmate=maker(product, display_name=f"Pembuat {i}", registration_number=f"R-{i}"))
        other = make_product(category=product.category)
        product_image_add(product=other, file=uploaded_image(), alt_text=f"Lain {i}")
        make_delegation(exhibition=make_exhibition(), prison=product.prison, status=Delegation.Status.ACCEPTED).products.add(product)
    many = _queries(client, product)

    assert one == many
    assert many <= 8


@pytest.mark.django_db
def test_texts_written_in_indonesian_say_so_on_the_english_page(client, settings):
    """A buyer on the English pages read Indonesian descriptions without a word of warning, and a
    screen reader read them with English pronunciation (no lang="id")."""
    from tests import factories

    product = factories.make_product(
        name="Tas Anyaman Pandan", description="Dianyam tangan dari daun pandan.", status="approved"
    )
    indonesian = client.get(f"/produk/{product.slug}/").content.decode()
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    english = client.get(f"/produk/{product.slug}/").content.decode()

    assert "Written by the prison in Indonesian." in english
    assert "Ditulis oleh lapas" not in indonesian
    assert '<div class="product-description" lang="id"><p>Dianyam tangan dari daun pandan.</p></div>' in english
    assert '<h1 class="product-title" lang="id">Tas Anyaman Pandan</h1>' in english
