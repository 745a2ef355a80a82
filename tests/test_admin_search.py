"""The back office's search box finds exactly what Django's own admin search finds, through a query
PostgreSQL can answer from indexes (``config.admin_input.search_with_indexes``).

Django asks ``WHERE a LIKE … OR b LIKE … OR prison.name LIKE …``; an OR reaching into a joined
table made PostgreSQL read every inmate (180 ms to count the "budi"s among 250,000, a second for
"bu"). The rewrite looks related rows up first and asks the listed table for their ids, so every
arm is a column of that table with a trigram index (migrations inmates.0013, products.0016).

Every registered admin with a search box is checked against Django's implementation, with words
taken from its rows' own searched values, words through relations, several words, quoted phrases
and words that match nothing; the PostgreSQL tests check the plans at 30,000 inmates.
"""

import re

import pytest
from django.contrib import admin
from django.contrib.admin import ModelAdmin
from django.db import connection
from django.test import Client, RequestFactory
from django.test.utils import CaptureQueriesContext

from config import admin_input
from inmates import roles
from inmates.models import Inmate
from products.models import Product
from tests import admin_factories, factories

pytestmark = pytest.mark.django_db

SEARCHABLE = sorted(
    (model for model, model_admin in admin.site._registry.items() if model_admin.search_fields),
    key=lambda model: model._meta.label,
)


def _value(row, path: str):
    value = row
    for part in path.lstrip("^=@").split("__"):
        value = getattr(value, part, None)
        if value is None:
            return None
    return value


def _terms(model_admin, rows) -> list[str]:
    """Words from the rows' searched values (whole, a piece, upper-cased), two words at once, a
    quoted phrase, and words that match nothing."""
    terms = ["", "zzqx", "zzqx budi", '"tidak ada"', "'", '"']
    for row in rows:
        for path in model_admin.search_fields:
            value = _value(row, str(path))
            if value in (None, ""):
                continue
            text = str(value)
            words = text.split()
            terms += [words[0], words[0][1:4].upper(), f'"{text[:12]}"']
            if len(words) > 1:
                terms.append(f"{words[-1]} {words[0]}")
    return terms


@pytest.mark.parametrize("model", SEARCHABLE, ids=lambda model: model._meta.label)
def test_every_admin_search_finds_what_django_s_search_finds(model, admin_user):
    model_admin = admin.site._registry[model]
    rows = admin_factories.make_rows(model, 3)
    request = RequestFactory().get("/")
    request.user = admin_user
    queryset = model_admin.get_queryset(request)

    checked = 0
    for term in _terms(model_admin, rows):
        ours, _ = model_admin.get_search_results(request, queryset, term)
        django_s, _ = ModelAdmin.get_search_results(model_admin, request, queryset, term)
        assert set(ours.values_list("pk", flat=True)) == set(django_s.distinct().values_list("pk", flat=True)), term
        checked += 1
    assert checked > 6


def test_a_search_through_a_relation_finds_the_related_rows_and_only_those(staff_client):
    cipinang = factories.make_prison(name="Lapas Klas I Cipinang")
    tangerang = factories.make_prison(name="Lapas Perempuan Tangerang")
    here = factories.make_inmate(prison=cipinang, legal_name="Siti Aminah")
    there = factories.make_inmate(prison=tangerang, legal_name="Ani Cipinang Wati")  # the name too
    elsewhere = factories.make_inmate(prison=tangerang, legal_name="Dewi Lestari")

    response = staff_client.get("/admin/inmates/inmate/?q=cipinang")

    listed = {row.pk for row in response.context["cl"].result_list}
    assert listed == {here.pk, there.pk}
    assert elsewhere.pk not in listed
    # Both words must match, each in some field: the prison's name and the inmate's name.
    response = staff_client.get("/admin/inmates/inmate/?q=cipinang+siti")
    assert {row.pk for row in response.context["cl"].result_list} == {here.pk}


def test_many_related_matches_are_asked_with_a_subquery(staff_client, monkeypatch):
    """Past SEARCH_RELATED_IDS_MAX related rows the ids are not written into the query."""
    monkeypatch.setattr(admin_input, "SEARCH_RELATED_IDS_MAX", 2)
    prisons = [factories.make_prison(name=f"Rutan Bambu {i}") for i in range(4)]
    inmates = [factories.make_inmate(prison=prison) for prison in prisons]
    factories.make_inmate(prison=factories.make_prison(name="Lapas Batu"))

    with CaptureQueriesContext(connection) as queries:
        response = staff_client.get("/admin/inmates/inmate/?q=bambu")

    assert {row.pk for row in response.context["cl"].result_list} == {inmate.pk for inmate in inmates}
    listing = [q["sql"] for q in queries.captured_queries if "ORDER BY" in q["sql"] and "inmates_inmate" in q["sql"]]
    assert listing and "SELECT" in listing[-1].split("IN (", 1)[1], listing


def test_the_autocomplete_narrowed_to_a_prison_still_is(staff_client):
    """An admin further down the line adds to the search (the inmate picker narrowed to the prison
    chosen on the page): that still applies with the words searched by the rewrite."""
    cipinang, tangerang = factories.make_prison(), factories.make_prison()
    mine = factories.make_inmate(prison=cipinang, legal_name="Budi Santoso")
    factories.make_inmate(prison=tangerang, legal_name="Budi Hartono")

    response = staff_client.get(
        "/admin/autocomplete/",
        {
            "app_label": "products",
            "model_name": "product",
            "field_name": "makers",
            "term": "budi",
            "prison": str(cipinang.pk),
        },
    )

    assert response.status_code == 200
    assert [item["id"] for item in response.json()["results"]] == [str(mine.pk)]


# --- PostgreSQL: the plans ------------------------------------------------------------------------

postgres_only = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="query plans are checked on PostgreSQL (CI) only"
)
SEQ_SCAN_INMATES = re.compile(r"Seq Scan on inmates_inmate\b")


def _plans(client, url: str, table: str) -> list[tuple[str, str]]:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200, url
    plans = []
    with connection.cursor() as cursor:
        for query in queries.captured_queries:
            sql = query["sql"]
            if f'"{table}"' in sql and sql.lstrip().upper().startswith("SELECT") and "LIKE" in sql:
                cursor.execute("EXPLAIN " + sql)
                plans.append((sql, "\n".join(row[0] for row in cursor.fetchall())))
    assert plans, url
    return plans


def _thirty_thousand_inmates(prison):
    with connection.cursor() as cursor:
        cursor.execute(
            """
            INSERT INTO inmates_inmate (legal_name, registration_number, gender, skills, status,
                transferred_to, display_name, public_story, created_at, updated_at, prison_id)
            SELECT initcap(translate(substr(md5(i::text), 1, 7), '0123456789', 'ghijklmnop')) || ' '
                || initcap(translate(substr(md5((i * 7)::text), 1, 8), '0123456789', 'ghijklmnop')),
                'AI.' || i || '/2018', 'L', '', 'active', '', '', '', now(), now(), %s
            FROM generate_series(1, 30000) AS i
            """,
            [prison.pk],
        )
        for index in ("inmate_search_legal_name", "inmate_search_registration_number", "inmate_search_display_name"):
            cursor.execute("SELECT gin_clean_pending_list(%s::regclass)", [index])
        cursor.execute("ANALYZE inmates_inmate")


@postgres_only
def test_an_inmate_search_among_30000_reads_the_trigram_indexes(db):
    prison = factories.make_prison(name="Lapas Klas IIA Uji")
    _thirty_thousand_inmates(prison)
    client = Client()
    client.force_login(factories.make_user(role=roles.MINISTRY_STAFF))
    someone = Inmate.objects.order_by("-pk").values_list("legal_name", flat=True).first()

    plans = _plans(client, f"/admin/inmates/inmate/?q={someone.split()[1]}", "inmates_inmate")

    counted = [plan for sql, plan in plans if "COUNT(" in sql]
    assert counted and "inmate_search_legal_name" in counted[0], plans
    assert not [plan for _sql, plan in plans if SEQ_SCAN_INMATES.search(plan)], plans


@postgres_only
def test_a_consent_search_by_the_inmate_s_name_reads_the_inmate_indexes(db):
    prison = factories.make_prison(name="Lapas Klas IIA Uji")
    _thirty_thousand_inmates(prison)
    client = Client()
    client.force_login(factories.make_user(role=roles.MINISTRY_STAFF))
    someone = Inmate.objects.order_by("-pk").values_list("legal_name", flat=True).first()

    plans = _plans(client, f"/admin/inmates/consent/?q={someone.split()[0]}", "inmates_inmate")

    assert any("inmate_search_legal_name" in plan for _sql, plan in plans), plans
    assert not [plan for _sql, plan in plans if SEQ_SCAN_INMATES.search(plan)], plans


@postgres_only
def test_a_product_search_reads_the_trigram_indexes(db):
    prison, category = factories.make_prison(), factories.make_category()
    with connection.cursor() as cursor:
        cursor.execute(
            """
            INSERT INTO products_product (name, slug, description, category_id, price, materials,
                size, prison_id, status, status_reason, is_featured, created_at, updated_at)
            SELECT 'Produk ' || md5(i::text), 'produk-' || i, '', %s, 1000, 'Bahan ' || md5((i * 3)::text),
                '', %s, 'approved', '', false, now(), now()
            FROM generate_series(1, 30000) AS i
            """,
            [category.pk, prison.pk],
        )
        for index in ("product_search_name", "product_search_slug", "product_search_materials"):
            cursor.execute("SELECT gin_clean_pending_list(%s::regclass)", [index])
        cursor.execute("ANALYZE products_product")
    client = Client()
    client.force_login(factories.make_user(role=roles.MINISTRY_STAFF))
    word = Product.objects.order_by("-pk").values_list("name", flat=True).first().split()[1][:9]

    plans = _plans(client, f"/admin/products/product/?q={word}", "products_product")

    assert not [plan for _sql, plan in plans if re.search(r"Seq Scan on products_product\b", plan)], plans
    assert any("product_search_name" in plan for _sql, plan in plans), plans
