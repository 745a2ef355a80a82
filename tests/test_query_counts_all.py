"""Every public and portal page without an object in its URL, walked from the URL conf, runs the
same number of SQL queries with a few rows as with several times more: no query per row, for
pages that exist today and for any added later (a new page is picked up without touching this
file). Admin changelists are covered the same way by tests/test_admin.py
(test_changelist_queries_do_not_grow_with_rows); pages with an object in their URL by each page's
own tests (e.g. tests/test_public_query_counts.py).

The data grows everywhere at once: in the officer's own prison (participants with consent,
products of every status with images and makers, trainings with participants and certificates,
exhibition applications, inquiries, follow-ups) and, through tests/admin_factories.py, a few more
rows of every model the admin knows."""

import datetime

import pytest
from django.contrib import admin
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone

from exhibitions.models import Booth, Competition, Delegation
from inmates import roles
from inmates.models import Inmate
from products.models import Product, ProductImage
from programs.models import Certificate, FollowUp, Training, TrainingParticipant
from tests import admin_factories, factories

pytestmark = pytest.mark.django_db

OUR_APPS = {"inmates", "products", "exhibitions", "programs"}
# Root URL names (no namespace) that are public pages.
PUBLIC_ROOT_NAMES = {"home", "sitemap", "robots"}


def _walk(patterns, namespace=""):
    for entry in patterns:
        if isinstance(entry, URLResolver):
            inner = entry.namespace or namespace
            yield from _walk(entry.url_patterns, inner)
        elif isinstance(entry, URLPattern) and entry.name:
            # Only pages without parameters: nothing in the route that needs a value.
            route = str(entry.pattern)
            if not entry.pattern.converters and "<" not in route and "(?P" not in route:
                yield namespace, entry.name


def _pages() -> list[str]:
    names = set()
    for namespace, name in _walk(get_resolver().url_patterns):
        if namespace in ("public", "portal"):
            names.add(f"{namespace}:{name}")
        elif not namespace and name in PUBLIC_ROOT_NAMES:
            names.add(name)
    return sorted(names)


PAGES = _pages()


class World:
    """One prison with an officer (who is also a juror), an exhibition open for registration, a
    past one with a competition, and ``grow(n)`` to add n more of everything."""

    def __init__(self):
        today = timezone.localdate()
        self.prison = factories.make_prison(name="Lapas Kelas I Cipinang", slug="lapas-cipinang")
        self.officer = factories.make_officer(prison=self.prison, username="petugas-hitung")
        from django.contrib.auth.models import Group

        self.officer.groups.add(Group.objects.get_or_create(name=roles.JURY)[0])
        now = timezone.now()
        self.open_exhibition = factories.make_exhibition(
            slug="pameran-dibuka",
            start_date=today + datetime.timedelta(days=60),
            end_date=today + datetime.timedelta(days=63),
            registration_opens=now - datetime.timedelta(days=1),
            registration_closes=now + datetime.timedelta(days=30),
        )
        self.past_exhibition = factories.make_exhibition(slug="pameran-lalu")
        self.competition = Competition.objects.create(exhibition=self.past_exhibition, title="Lomba Desain")
        self.competition.jurors.add(self.officer)
        self.category = factories.make_category(slug="batik-hitung", name_id="Batik")

    def grow(self, n: int) -> None:
        prison, today = self.prison, timezone.localdate()
        for _ in range(n):
            maker = factories.make_inmate(prison=prison, display_name=f"Pak {factories.n()}")
            factories.make_consent(inmate=maker)
            released = factories.make_inmate(
                prison=prison,
                status=Inmate.Status.RELEASED,
                release_date=today - datetime.timedelta(days=100),
            )
            FollowUp.objects.create(
                inmate=released, months_after_release=3, recorded_on=today, has_business=True
            )
            products = [
                factories.make_product(prison=prison, category=self.category, status=status)
                for status in Product.Status.values
                if status != Product.Status.REJECTED
            ]
            products.append(
                factories.make_product(
                    prison=prison,
                    category=self.category,
                    status=Product.Status.REJECTED,
                    status_reason="Foto buram.",
                )
            )
            for product in products:
                product.makers.add(maker)
            ProductImage.objects.bulk_create(
                ProductImage(
                    product=product,
                    image=f"products/x/{product.slug}.jpg",
                    width=800,
                    height=600,
                    thumb_small=f"thumbs/{product.slug}-320.jpg",
                    thumb_medium=f"thumbs/{product.slug}-640.jpg",
                    thumb_large=f"thumbs/{product.slug}-1280.jpg",
                    alt_text=f"Foto {product.name}",
                )
                for product in products
            )
            training = factories.make_training(prison=prison, status=Training.Status.FINISHED)
            participant = factories.make_participant(
                training=training, inmate=maker, status=TrainingParticipant.Status.CONFIRMED, passed=True
            )
            Certificate.objects.create(
                participant=participant, number=f"IKM/HITUNG/{factories.n()}", issued_on=today
            )
            exhibition = factories.make_exhibition()
            delegation = factories.make_delegation(
                exhibition=exhibition, prison=prison, status=Delegation.Status.ACCEPTED
            )
            delegation.products.add(products[0])
            Booth.objects.create(exhibition=exhibition, code=f"H-{factories.n()}", delegation=delegation)
            factories.make_sale(delegation=delegation, product=products[0])
            factories.make_inquiry(product=products[0], prison=prison)
        for model in admin.site._registry:
            if model._meta.app_label in OUR_APPS:
                admin_factories.make_rows(model, n)


def _client_for(world: World, page: str) -> Client:
    client = Client()
    if page.startswith("portal:"):
        client.force_login(world.officer)
    return client


def _count(client: Client, url: str) -> tuple[int, object, list[str]]:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    return len(queries.captured_queries), response, [q["sql"] for q in queries.captured_queries]


def test_the_walk_finds_public_and_portal_pages():
    assert {"home", "public:product-list", "public:exhibition-list", "public:prison-list"} <= set(PAGES)
    assert {"portal:dashboard", "portal:inmate-list", "portal:product-list"} <= set(PAGES)


@pytest.mark.parametrize("page", PAGES)
def test_page_query_count_does_not_grow_with_rows(settings, page):
    settings.PUBLIC_PAGE_CACHE = False  # count what rendering costs, not the cache
    world = World()
    world.grow(1)
    client = _client_for(world, page)
    url = reverse(page)
    client.get(url)  # warm-up: what a first request caches is not counted

    few, response, _ = _count(client, url)
    assert response.status_code == 200, f"{page}: {response.status_code}"
    world.grow(4)
    more, response, sql = _count(client, url)

    assert response.status_code == 200
    if (page, more) != (page, few):
        print(f"{page}: {few} queries with few rows, {more} with more:\n" + "\n".join(sql))
    assert (page, more) == (page, few)
