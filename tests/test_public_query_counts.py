"""Each public page runs a fixed number of SQL queries, at most 10: the same with 5 products as
with 200 (no query per product, image, maker, delegation or prison)."""

import datetime
import itertools

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from exhibitions.models import Delegation
from products.models import Product, ProductImage
from programs.models import Certificate, Training, TrainingParticipant
from tests.factories import (
    make_category,
    make_consent,
    make_delegation,
    make_exhibition,
    make_inmate,
    make_participant,
    make_prison,
    make_product,
    make_programme_item,
    make_region,
    make_training,
)

MAX_QUERIES = 10
_numbers = itertools.count(1)


@pytest.fixture(autouse=True)
def _render_every_time(settings):
    # What a page costs to render is measured here, not the whole-page cache in front of it.
    settings.PUBLIC_PAGE_CACHE = False


class World:
    """Two regions, three prisons, three categories, a running exhibition (with programme and an
    accepted delegation per prison) and a finished training with a certificate; products are
    added with ``add_products``, each with two images and shown by its prison's delegation."""

    def __init__(self):
        today = timezone.localdate()
        java = make_region(name="Kanwil Jawa Barat", province="Jawa Barat", slug="jawa-barat")
        bali = make_region(name="Kanwil Bali", province="Bali", slug="bali")
        self.prisons = [
            make_prison(name="Lapas Kelas IIA Sukamiskin", slug="lapas-sukamiskin", region=java),
            make_prison(name="Lapas Perempuan Bandung", slug="lapas-perempuan-bandung", region=java),
            make_prison(name="Lapas Kelas IIA Kerobokan", slug="lapas-kerobokan", region=bali),
        ]
        self.categories = [
            make_category(slug="batik", name_id="Batik"),
            make_category(slug="kerajinan-kayu", name_id="Kerajinan kayu"),
            make_category(slug="anyaman", name_id="Anyaman"),
        ]
        self.exhibition = make_exhibition(
            title="Pameran Produk Unggulan", slug="pameran", start_date=today - datetime.timedelta(days=1),
            end_date=today + datetime.timedelta(days=2),
        )
        self.delegations = {
            prison.pk: make_delegation(exhibition=self.exhibition, prison=prison,
                                       status=Delegation.Status.ACCEPTED)
            for prison in self.prisons
        }
        for hour in (10, 13):
            make_programme_item(
                exhibition=self.exhibition, host_prison=self.prisons[0],
                starts_at=timezone.make_aware(datetime.datetime.combine(today, datetime.time(hour, 0))),
            )
        maker = make_inmate(prison=self.prisons[0], display_name="Asep")
        make_consent(inmate=maker)
        training = make_training(prison=self.prisons[0], status=Training.Status.FINISHED)
        participant = make_participant(training=training, inmate=maker,
                                       status=TrainingParticipant.Status.CONFIRMED)
        self.certificate = Certificate.objects.create(
            participant=participant, number="SERT-1/2018", issued_on=datetime.date(2018, 3, 6)
        )
        # The product whose page is measured: made by a consenting maker, with images.
        self.product = make_product(name="Kain Batik Tulis Parang", slug="kain-batik-parang",
                                    category=self.categories[0], prison=self.prisons[0], price=900_000)
        self.product.makers.add(maker, make_inmate(prison=self.prisons[0]))
        self._images([self.product])
        self.delegations[self.prisons[0].pk].products.add(self.product)
        self.count = 1

    def _images(self, products):
        ProductImage.objects.bulk_create(
            ProductImage(
                product=product, image=f"products/x/{product.slug}-{position}.jpg", position=position,
                width=800, height=600,
                thumb_small=f"thumbs/{product.slug}-{position}-320.jpg",
                thumb_medium=f"thumbs/{product.slug}-{position}-640.jpg",
                thumb_large=f"thumbs/{product.slug}-{position}-1280.jpg",
                alt_text=f"Foto {position} {product.name}",
            )
            for product in products
            for position in (0, 1)
        )

    def add_products(self, total: int) -> None:
        """Approved products (a few featured) until there are ``total``."""
        products = []
        for i in range(self.count, total):
            number = next(_numbers)
            products.append(Product(
                name=f"Produk Batik {number}", slug=f"produk-batik-{number}",
                category=self.categories[i % 3], prison=self.prisons[i % 3],
                price=50_000 + 1_000 * i, status=Product.Status.APPROVED, is_featured=i % 7 == 0,
                description="Karya warga binaan.",
            ))
        products = Product.objects.bulk_create(products)
        self._images(products)
        Shown = Delegation.products.through
        Shown.objects.bulk_create(
            Shown(delegation_id=self.delegations[product.prison_id].pk, product_id=product.pk)
            for product in products
        )
        self.count = total
        assert Product.objects.approved().count() == total


def _pages(world: World) -> dict[str, str]:
    return {
        "home": "/",
        "catalogue": "/produk/",
        "catalogue-search-filters": (
            "/produk/?q=batik&category=batik&region=jawa-barat&prison=lapas-sukamiskin"
            "&exhibition=pameran&min_price=10000&max_price=5000000&sort=price_asc"
        ),
        "catalogue-page-2": "/produk/?page=2",
        "product-detail": f"/produk/{world.product.slug}/",
        "exhibition-list": "/pameran/",
        "exhibition-detail": f"/pameran/{world.exhibition.slug}/",
        "prison-list": "/lapas/",
        "prison-detail": f"/lapas/{world.prisons[0].slug}/",
        "certificate-verify": f"/sertifikat/verifikasi/{world.certificate.verification_code}/",
        "sitemap": "/sitemap.xml",
        "robots": "/robots.txt",
    }


PAGES = [
    "home", "catalogue", "catalogue-search-filters", "catalogue-page-2", "product-detail",
    "exhibition-list", "exhibition-detail", "prison-list", "prison-detail", "certificate-verify",
    "sitemap", "robots",
]


def _queries(client, url: str) -> tuple[int, object]:
    with CaptureQueriesContext(connection) as context:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(context.captured_queries), response


@pytest.mark.parametrize("page", PAGES)
def test_public_page_query_count_same_with_5_and_200_products(client, db, page):
    world = World()
    world.add_products(5)
    url = _pages(world)[page]
    client.get(url)  # warm-up: nothing a first request caches is counted
    with_five, _ = _queries(client, url)
    world.add_products(200)
    with_200, response = _queries(client, url)
    assert (page, with_200) == (page, with_five)
    assert with_200 <= MAX_QUERIES


def test_catalogue_with_200_products_shows_a_full_page_of_24(client, db):
    world = World()
    world.add_products(200)
    response = client.get("/produk/")
    assert response.context["page"].paginator.count == 200
    assert len(response.context["page"].object_list) == 24
    assert response.content.decode().count('<article class="product-card') == 24
