"""Changelist rows (config/admin_list.py): byte for byte the HTML of Django's ``items_for_result``.

Every registered changelist is rendered, and each of its rows is written both by Django's own code
and by ``LeanRows``; they must be equal. The unit tests below go through every kind of column
(model fields of each type, blank and empty values, admin methods, booleans, properties, lambdas,
links with preserved filters) and the cases left to Django (popups, editable lists).
"""

import datetime

import pytest
from django.contrib import admin
from django.contrib.admin.templatetags.admin_list import results as django_results
from django.contrib.admin.views.main import IS_POPUP_VAR
from django.test import RequestFactory
from django.utils import timezone, translation

from config.admin_list import LeanRows
from products.admin import ProductAdmin
from products.models import Product
from tests import admin_factories, factories
from tests.admin_helpers import admin_url

pytestmark = pytest.mark.django_db

ADMIN_MODELS = sorted(admin.site._registry, key=lambda model: model._meta.label)


def _django_rows(cl) -> list[str]:
    return ["".join(str(cell) for cell in row) for row in django_results(cl)]


def _lean_rows(cl) -> list[str]:
    rows = LeanRows(cl).rows()
    assert all(len(row) == 1 for row in rows)  # one string per row
    return [str(row[0]) for row in rows]


@pytest.mark.parametrize("query", ["", "?o=-1.2&q=a"], ids=["plain", "sorted-and-searched"])
@pytest.mark.parametrize("model", ADMIN_MODELS, ids=[m._meta.label for m in ADMIN_MODELS])
def test_every_changelist_row_is_what_django_writes(staff_client, model, query):
    admin_factories.make_rows(model, 3)
    if query and not admin.site._registry[model].search_fields:
        query = "?o=-1.2"

    response = staff_client.get(admin_url(model, "changelist") + query)

    assert response.status_code == 200
    cl = response.context["cl"]
    if not query or cl.result_list:
        assert len(cl.result_list) >= 1
    with translation.override("id"):
        lean = _lean_rows(cl)
        assert lean == _django_rows(cl)
    html = response.content.decode()
    for row in lean:
        assert f"<tr>{row}</tr>" in html  # the page shows the rows LeanRows wrote


# --- Every kind of column, against Django ------------------------------------------------------


def _is_new(product):
    return product.status == Product.Status.DRAFT


_is_new.boolean = True


class EveryColumnAdmin(ProductAdmin):
    list_display = (
        "action_checkbox",
        "id",
        "name",
        "__str__",
        "status",  # choices
        "is_featured",  # boolean field
        "price",  # decimal or integer
        "materials",  # text, often blank
        "submitted_at",  # datetime, may be empty
        "curated_by",  # foreign key, may be empty
        "category",  # foreign key
        "revision_of",  # foreign key to itself, empty
        "created_at",
        "weight_grams",
        "made_on",  # admin method returning a date
        "never",  # admin method returning None, its own empty value
        _is_new,  # a plain function, boolean
        lambda product: f"<{product.name}>",  # a lambda, escaped
        "get_status_display",  # a model method
        "work_photos_allowed",  # a model method resolved per row
        "prison__name",  # a lookup across a relation
        "category__name",  # a property of the related row
    )
    list_display_links = ("name", "status")

    @admin.display(description="made on")
    def made_on(self, product):
        return product.created_at.date()

    @admin.display(description="never", empty_value="(none)")
    def never(self, product):
        return None


EveryColumnAdmin.never.empty_value_display = "(none)"


def _changelist(model_admin, query: dict, user):
    request = RequestFactory().get("/admin/products/product/", query)
    request.user = user
    cl = model_admin.get_changelist_instance(request)
    cl.formset = None  # as changelist_view sets it for a list without list_editable
    return cl


@pytest.fixture
def superuser(db):
    return factories.make_user(is_superuser=True, is_staff=True, username="root")


@pytest.fixture
def odd_products(db):
    prison = factories.make_prison()
    curator = factories.make_user(username="kurator")
    plain = factories.make_product(prison=prison, name="Batik <tulis> & co", materials="   ")
    featured = factories.make_product(prison=prison, name="Tas rajut", materials="Benang")
    Product.objects.filter(pk=featured.pk).update(
        is_featured=True,
        status=Product.Status.APPROVED,
        submitted_at=timezone.make_aware(datetime.datetime(2018, 4, 3, 9, 0)),
        curated_by=curator,
        weight_grams=1250,
    )
    return [plain, featured]


@pytest.mark.parametrize(
    "query",
    [{}, {"o": "3.-5", "q": "a"}, {"status__exact": "approved"}, {"is_featured__exact": "1", "o": "-7"}],
    ids=["plain", "sorted", "filtered", "filtered-and-sorted"],
)
def test_every_kind_of_column_is_written_as_django_writes_it(superuser, odd_products, query):
    model_admin = EveryColumnAdmin(Product, admin.site)
    with translation.override("id"):
        cl = _changelist(model_admin, query, superuser)
        assert cl.result_list
        assert _lean_rows(cl) == _django_rows(cl)


def test_a_row_escapes_what_it_shows(superuser, odd_products):
    with translation.override("id"):
        cl = _changelist(EveryColumnAdmin(Product, admin.site), {}, superuser)
        html = "".join(_lean_rows(cl))
    assert "Batik &lt;tulis&gt; &amp; co" in html
    assert "<tulis>" not in html
    assert "(none)" in html  # the method's own empty value
    assert '<td class="field-materials">-</td>' in html  # a blank text is the empty value


def test_the_link_keeps_the_list_filters(staff_client, odd_products):
    featured = odd_products[1]
    response = staff_client.get(admin_url(Product, "changelist") + "?is_featured__exact=1")

    (row,) = [str(row[0]) for row in response.context["results"]]
    link = f'href="/admin/products/product/{featured.pk}/change/?_changelist_filters=is_featured__exact%3D1"'
    assert row.count(link) == 2  # the photo and the name link to the product, keeping the filter
    assert row in response.content.decode()


def test_popups_and_editable_lists_are_left_to_django(superuser, odd_products):
    model_admin = EveryColumnAdmin(Product, admin.site)
    cl = _changelist(model_admin, {IS_POPUP_VAR: "1"}, superuser)
    assert not LeanRows.handles(cl)

    class EditableAdmin(ProductAdmin):
        list_editable = ("is_featured",)

    request = RequestFactory().get("/admin/products/product/")
    request.user = superuser
    editable = EditableAdmin(Product, admin.site)
    cl = editable.get_changelist_instance(request)
    cl.is_popup = False
    cl.formset = editable.get_changelist_formset(request)(queryset=cl.result_list)
    assert not LeanRows.handles(cl)
    assert LeanRows.handles(_changelist(model_admin, {}, superuser))
