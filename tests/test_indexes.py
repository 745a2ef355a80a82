"""At 50,000 products, PostgreSQL answers the catalogue's queries through indexes, never by reading
the whole products table: the page of products in every sort order (page 1 and page 100), the
filters (category, region, prison, price range, exhibition), the search, and the home, prison and
exhibition pages. The queries are the ones the views run: each page is requested through the
test client, every SQL query it runs is captured and EXPLAINed.

One kind of query may read every product: counts of the whole catalogue. The catalogue's grouped
count (the total and the facet counts by category, region and prison) leaves those three filters
out by design, so without a search, price range or exhibition it adds up every approved product;
so do the home page's headline numbers and category counts. Reading them all is the right plan
for that, and those pages are served from the page cache (config/cache_middleware.py).

PostgreSQL only: SQLite has no planner statistics worth checking and no full-text index.
"""

import re

import pytest
from django.db import connection, transaction
from django.test import Client
from django.test.utils import CaptureQueriesContext

from exhibitions.models import Delegation
from inmates import roles
from tests.factories import (
    make_category,
    make_delegation,
    make_exhibition,
    make_officer,
    make_prison,
    make_region,
    make_user,
)

pytestmark = [
    pytest.mark.skipif(
        connection.vendor != "postgresql", reason="query plans are checked on PostgreSQL (CI) only"
    ),
]

PRODUCTS = 50_000
SEQ_SCAN = re.compile(r"Seq Scan on products_product\b")
WORDS = ["Kain", "Tas", "Kursi", "Songket", "Dompet", "Keripik", "Mukena", "Miniatur", "Tikar", "Ulos"]
MOTIFS = ["Parang", "Kawung", "Pandan", "Rotan", "Jati", "Sutra", "Kulit", "Singkong", "Bordir", "Kerang"]


@pytest.fixture(scope="module")
def _fifty_thousand_rows(django_db_setup, django_db_blocker):
    """Made once for the module, inside a transaction rolled back at its end (each test runs in a
    savepoint within it): inserting and analysing 50,000 rows takes seconds."""
    with django_db_blocker.unblock():
        with transaction.atomic():
            yield _insert_fifty_thousand()
            transaction.set_rollback(True)


@pytest.fixture
def fifty_thousand(_fifty_thousand_rows, db, settings):
    settings.PUBLIC_PAGE_CACHE = False
    return _fifty_thousand_rows


def _insert_fifty_thousand() -> dict:
    """50,000 products over 40 prisons in 4 regions and 10 categories (90% approved), inserted
    with one INSERT ... SELECT generate_series, then ANALYZEd; an exhibition shows 200 of them."""
    regions = [make_region() for _ in range(4)]
    prisons = [make_prison(region=regions[i % 4]) for i in range(40)]
    categories = [make_category(slug=f"kategori-{i}", name_id=f"Kategori {i}") for i in range(10)]
    words = "ARRAY[" + ",".join(f"'{w}'" for w in WORDS) + "]"
    motifs = "ARRAY[" + ",".join(f"'{m}'" for m in MOTIFS) + "]"
    prison_ids = "ARRAY[" + ",".join(str(p.pk) for p in prisons) + "]"
    category_ids = "ARRAY[" + ",".join(str(c.pk) for c in categories) + "]"
    with connection.cursor() as cursor:
        cursor.execute(
            f"""
            INSERT INTO products_product (
                name, slug, description, category_id, price, materials, size, prison_id, status,
                status_reason, is_featured, created_at, updated_at
            )
            SELECT
                ({words})[1 + i % 10] || ' ' || ({motifs})[1 + (i / 10) % 10] || ' ' || i,
                'produk-uji-' || i,
                'Dibuat dengan tangan oleh warga binaan. Nomor ' || i || '.',
                ({category_ids})[1 + i % 10],
                1000 * (10 + (i * 7919) % 2000),
                'Bahan ' || ({motifs})[1 + i % 10],
                'Sedang',
                ({prison_ids})[1 + (i * 31) % 40],
                CASE WHEN i % 10 = 0 THEN 'draft' ELSE 'approved' END,
                '',
                i % 500 = 0,
                now() - (i * interval '17 minutes'),
                now()
            FROM generate_series(1, {PRODUCTS}) AS i
            """
        )
        cursor.execute("SELECT id FROM products_product WHERE status = 'approved' ORDER BY id LIMIT 200")
        shown = [row[0] for row in cursor.fetchall()]
    exhibition = make_exhibition(slug="pameran-uji")
    delegation = make_delegation(exhibition=exhibition, prison=prisons[0], status=Delegation.Status.ACCEPTED)
    delegation.products.add(*shown)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    return {"prisons": prisons, "categories": categories, "regions": regions, "exhibition": exhibition}


def _plans(url: str, client: Client | None = None) -> list[tuple[str, str]]:
    """(sql, plan) of every query the page runs that reads the products table."""
    with CaptureQueriesContext(connection) as queries:
        response = (client or Client()).get(url)
    assert response.status_code == 200, url
    plans = []
    with connection.cursor() as cursor:
        for query in queries.captured_queries:
            sql = query["sql"]
            if "products_product" not in sql or not sql.lstrip().upper().startswith("SELECT"):
                continue
            cursor.execute("EXPLAIN " + sql)
            plans.append((sql, "\n".join(row[0] for row in cursor.fetchall())))
    assert plans, url
    return plans


def _catalogue_urls(data) -> list[str]:
    category, prison, region = data["categories"][3], data["prisons"][5], data["regions"][1]
    return [
        "/produk/?page=100",
        "/produk/?sort=price_asc",
        "/produk/?sort=price_desc",
        "/produk/?sort=name",
        f"/produk/?category={category.slug}",
        f"/produk/?category={category.slug}&min_price=100000&max_price=500000",
        f"/produk/?prison={prison.slug}",
        f"/produk/?region={region.slug}&sort=price_asc",
        f"/produk/?category={category.slug}&prison={prison.slug}&min_price=100000&max_price=900000",
        "/produk/?exhibition=pameran-uji",
        "/produk/?q=songket",
        "/produk/?q=songket+parang",
        "/produk/?q=songket&sort=price_asc",
        f"/produk/?q=songket&category={category.slug}",
    ]


def _scans(url: str) -> list[tuple[str, str]]:
    return [(sql, plan) for sql, plan in _plans(url) if SEQ_SCAN.search(plan)]


def _report(failures: dict) -> str:
    return "\n\n".join(
        f"{url}:\n" + "\n---\n".join(f"{sql}\n{plan}" for sql, plan in scans)
        for url, scans in failures.items()
    )


def _is_whole_catalogue_count(sql: str) -> bool:
    """The catalogue's grouped count (total and facets) when nothing narrows what it counts: the
    category, region and prison filters are left out of it on purpose (each facet shows what
    choosing another option would give), so without a search, a price range or an exhibition it
    counts every approved product, and reading them all is the right plan."""
    return (
        "GROUP BY" in sql
        and "LIMIT" not in sql
        and "@@" not in sql
        and '"products_product"."price"' not in sql
        and "exhibitions_delegation_products" not in sql
    )


def test_catalogue_pages_sorts_filters_and_search_use_indexes_at_50000_products(fifty_thousand):
    failures = {}
    for url in _catalogue_urls(fifty_thousand) + ["/produk/"]:
        scans = [(sql, plan) for sql, plan in _scans(url) if not _is_whole_catalogue_count(sql)]
        if scans:
            failures[url] = scans
    assert failures == {}, _report(failures)


def test_catalogue_page_of_products_is_read_through_an_index(fifty_thousand):
    for url in ["/produk/", "/produk/?page=100", "/produk/?sort=price_desc", "/produk/?sort=name"]:
        listed = [plan for sql, plan in _plans(url) if "LIMIT 24" in sql]
        assert len(listed) == 1, url
        assert "Index Scan" in listed[0] and not SEQ_SCAN.search(listed[0]), f"{url}\n{listed[0]}"


def test_home_product_prison_and_exhibition_pages_use_indexes_at_50000_products(fifty_thousand):
    from products.models import Product

    product = Product.objects.approved().order_by("-pk").first()
    urls = [
        "/",
        f"/produk/{product.slug}/",
        f"/lapas/{fifty_thousand['prisons'][5].slug}/",
        "/pameran/pameran-uji/",
    ]
    failures = {}
    for url in urls:
        # The home page's headline numbers and category counts add up every approved product.
        scans = [(sql, plan) for sql, plan in _scans(url) if not (url == "/" and "LIMIT" not in sql)]
        if scans:
            failures[url] = scans
    assert failures == {}, _report(failures)


def test_search_uses_the_stored_document_index_at_50000_products(fifty_thousand):
    plans = _plans("/produk/?q=songket+parang")

    listed = [plan for sql, plan in plans if "LIMIT 24" in sql]
    assert len(listed) == 1
    assert "product_search_gin" in listed[0]
    assert "to_tsvector" not in listed[0]  # ranked from the stored vectors, no text parsed


def test_portal_dashboard_counts_and_feedback_read_the_prison_s_index(fifty_thousand):
    """The officer's dashboard counts the prison's products by status and reads the curators'
    latest decisions through the (prison, status, ...) indexes, not the whole table nor every
    product of that status in the country."""
    client = Client()
    client.force_login(make_officer(prison=fifty_thousand["prisons"][5]))

    plans = _plans("/portal/", client)

    assert not [plan for sql, plan in plans if SEQ_SCAN.search(plan)], plans
    counted = [plan for sql, plan in plans if "GROUP BY" in sql]
    feedback = [plan for sql, plan in plans if "curated_at" in sql and "LIMIT" in sql]
    assert len(counted) == 1 and len(feedback) == 2, plans
    # Each through an index on the prison and the status: product_prison_status_original (the
    # counts, index-only once vacuumed), product_prison_status_curated or product_status_prison;
    # which one is the planner's choice by the table's statistics. Never one that reads every
    # product of a status in the country.
    for plan in [*counted, *feedback]:
        used = _product_indexes(plan)
        assert used and all("prison" in name for name in used), plan


def _product_indexes(plan: str) -> list[str]:
    """The indexes a plan reads the products table itself through (not a joined alias like t3)."""
    return re.findall(r"using (\w+) on products_product  ", plan) + re.findall(r"Bitmap Index Scan on (\w+)", plan)


def _admin_plans(url: str, client: Client, table: str) -> list[tuple[str, str]]:
    """(sql, plan) of every SELECT the admin page runs that reads ``table``."""
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200, url
    plans = []
    with connection.cursor() as cursor:
        for query in queries.captured_queries:
            if table in query["sql"] and query["sql"].lstrip().upper().startswith("SELECT"):
                cursor.execute("EXPLAIN " + query["sql"])
                plans.append((query["sql"], "\n".join(row[0] for row in cursor.fetchall())))
    assert plans, url
    return plans


def test_admin_category_list_counts_products_through_the_category_index(fifty_thousand):
    """The categories' product counts are counted per listed category through the index on the
    category, not by joining and grouping all 50,000 products (20 ms per page at that size)."""
    client = Client()
    client.force_login(make_user(role=roles.MINISTRY_STAFF))

    plans = _admin_plans("/admin/products/category/", client, "products_product")

    assert not [plan for _sql, plan in plans if SEQ_SCAN.search(plan)], plans
    assert not [sql for sql, _plan in plans if "JOIN \"products_product\"" in sql], plans


def test_admin_consent_list_reads_the_newest_through_an_index(db):
    """At 30,000 consents the admin's list (newest first) reads its page from the consent_given_on
    index instead of sorting the whole table (160 ms per page at 250,000)."""
    prison = make_prison()
    with connection.cursor() as cursor:
        cursor.execute(
            """
            INSERT INTO inmates_inmate (legal_name, registration_number, gender, skills, status,
                transferred_to, display_name, public_story, created_at, updated_at, prison_id)
            SELECT 'Nama ' || i, 'REG-' || i, 'L', '', 'active', '', '', '', now(), now(), %s
            FROM generate_series(1, 30000) AS i
            """,
            [prison.pk],
        )
        cursor.execute(
            """
            INSERT INTO inmates_consent (display_name_public, story_public, work_photos_public,
                face_public, given_on, document, notes, inmate_id)
            SELECT true, false, false, false, DATE '2018-01-01' + (id %% 2000)::int, '', '', id
            FROM inmates_inmate WHERE prison_id = %s
            """,
            [prison.pk],
        )
        cursor.execute("ANALYZE inmates_inmate, inmates_consent")
    client = Client()
    client.force_login(make_user(role=roles.MINISTRY_STAFF))

    plans = _admin_plans("/admin/inmates/consent/", client, "inmates_consent")

    listed = [plan for sql, plan in plans if "ORDER BY" in sql]
    assert listed and "consent_given_on" in listed[0], listed
    assert not re.search(r"Seq Scan on inmates_consent\b", listed[0]), listed


def test_stock_form_reads_the_delegation_s_products_by_id(fifty_thousand):
    """The stock form lists the products a delegation shows (200 here) out of its prison's
    ~1,100 other approved ones: read by id, not by scanning the products table (with the
    prison's other products in the query, PostgreSQL scanned all 50,000 rows and JIT-compiled the
    plan: 200 ms a page)."""
    delegation = Delegation.objects.get(exhibition=fifty_thousand["exhibition"])
    client = Client()
    client.force_login(make_officer(prison=delegation.prison))

    plans = _plans(f"/portal/stok/{delegation.pk}/", client)

    assert not [plan for _sql, plan in plans if SEQ_SCAN.search(plan)], plans


def test_a_curators_nationwide_name_check_reads_the_name_index(db):
    """A curator's approval looks for every prison's inmates with a word of their name in the
    product's text (products.services, found by a security probe); at 30,000 inmates PostgreSQL
    answers from the trigram index on the legal name, not by reading the whole table. (A long
    text's many words tip the plan to reading the table at this size; at 250,000 inmates a
    20-word text took 14 ms through the index.)"""
    from inmates.models import people_named_anywhere

    prison = make_prison()
    with connection.cursor() as cursor:
        cursor.execute(
            """
            INSERT INTO inmates_inmate (legal_name, registration_number, gender, skills, status,
                transferred_to, display_name, public_story, created_at, updated_at, prison_id)
            SELECT initcap(translate(substr(md5(i::text), 1, 7), '0123456789', 'ghijklmnop')) || ' '
                || initcap(translate(substr(md5((i * 7)::text), 1, 8), '0123456789', 'ghijklmnop')),
                'REG-' || i, 'L', '', 'active', '', '', '', now(), now(), %s
            FROM generate_series(1, 30000) AS i
            """,
            [prison.pk],
        )
        # Rows inserted since the index was made wait in its pending list, which autovacuum moves
        # into the index proper; a test's transaction has no autovacuum.
        cursor.execute("SELECT gin_clean_pending_list('inmate_legal_name_trgm')")
        cursor.execute("ANALYZE inmates_inmate")
        cursor.execute("SELECT legal_name FROM inmates_inmate ORDER BY id DESC LIMIT 1")
        (someone,) = cursor.fetchone()

    with CaptureQueriesContext(connection) as captured:
        people = people_named_anywhere([f"Motif {someone}"])
    sql = captured.captured_queries[-1]["sql"]
    with connection.cursor() as cursor:
        cursor.execute("EXPLAIN " + sql)
        plan = "\n".join(row[0] for row in cursor.fetchall())

    assert "inmate_legal_name_trgm" in plan, plan
    assert not re.search(r"Seq Scan on inmates_inmate\b", plan), plan
    assert people.named(someone, any_order=False)


@pytest.mark.django_db
def test_the_search_column_keeps_full_statistics():
    """The planner's estimate of a word's products held at national scale only with more than the
    default statistics (migration products 0019): once a sampled ANALYZE sent the search to a
    sequential scan."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT attstattarget FROM pg_attribute "
            "WHERE attrelid = 'products_product'::regclass AND attname = 'search_document'"
        )
        assert cursor.fetchone()[0] == 1000
