"""A quantity typed as Indonesians write it, "1.000", is a thousand wherever a person types one:
the public inquiry, the portal's product, stock and sales desk forms, and the admin. Django's
IntegerField read it as 1 and saved that without a word; "1,5" is refused saying why."""

import uuid

import pytest
from django.core.cache import cache
from django.urls import reverse

from exhibitions.models import Delegation, Inquiry, Sale, StockLine
from products.models import Product
from programs.models import Aid
from tests import factories
from tests.admin_helpers import admin_url, changeform_data

pytestmark = pytest.mark.django_db

FRACTION = "Tulis bilangan bulat, tanpa koma atau pecahan: misalnya 1.000 (titik sebagai pemisah ribuan)."


@pytest.fixture(autouse=True)
def _fresh_rate_limit():
    cache.clear()
    yield
    cache.clear()


def _inquiry(client, product, quantity):
    return client.post(
        reverse("public:product-detail", args=[product.slug]),
        {"buyer_name": "Ibu Ratna", "email": "ratna@hotel.example", "quantity": quantity,
         "message": "Kami ingin memesan taplak untuk hotel."},
        REMOTE_ADDR="203.0.113.7",
    )


def test_a_buyer_asking_for_1_000_pieces_asks_for_a_thousand(client, prison):
    product = factories.make_product(prison=prison, slug="taplak")

    response = _inquiry(client, product, "1.000")

    assert response.status_code == 302
    assert Inquiry.objects.get().quantity == 1000


def test_a_buyer_asking_for_1_5_pieces_is_told_to_write_a_whole_number(client, prison):
    product = factories.make_product(prison=prison, slug="taplak")

    response = _inquiry(client, product, "1,5")

    assert response.context["form"].errors["quantity"] == [FRACTION]
    assert Inquiry.objects.count() == 0


def test_a_product_weighing_1_500_grams_weighs_a_kilo_and_a_half(officer_client, prison):
    from tests.products.test_portal_products import CREATE_URL, product_data

    category = factories.make_category()
    data = product_data(category, weight_grams="1.500", monthly_capacity="1.000")

    response = officer_client.post(CREATE_URL, data)

    assert response.status_code == 302
    assert Product.objects.values_list("weight_grams", "monthly_capacity").get() == (1500, 1000)
    page = officer_client.get(response["Location"]).content.decode()
    assert 'name="weight_grams" value="1500" inputmode="numeric"' in page


def test_a_product_weight_of_1_5_is_refused_beside_the_field(officer_client, prison):
    from tests.products.test_portal_products import CREATE_URL, product_data

    response = officer_client.post(CREATE_URL, product_data(factories.make_category(), weight_grams="1,5"))

    assert response.context["form"].errors["weight_grams"] == [FRACTION]
    assert Product.objects.count() == 0


def test_the_stock_count_reads_1_200_brought_as_twelve_hundred(officer_client, prison):
    delegation = factories.make_delegation(prison=prison, status=Delegation.Status.ACCEPTED)
    product = factories.make_product(prison=prison)
    delegation.products.add(product)

    response = officer_client.post(
        reverse("portal:stock-update", args=[delegation.pk]), {f"in_{product.pk}": "1.200", f"back_{product.pk}": "1.000"}
    )

    assert response.status_code == 302
    assert StockLine.objects.values_list("brought_in", "returned").get() == (1200, 1000)


def test_the_sales_desk_reads_1_000_sold_as_a_thousand(officer_client, prison):
    from tests.exhibitions.sales_helpers import make_booth, make_running_exhibition

    delegation = factories.make_delegation(
        exhibition=make_running_exhibition(), prison=prison, status=Delegation.Status.ACCEPTED
    )
    booth = make_booth(delegation=delegation, code="A-07")
    product = factories.make_product(prison=prison, price=5_000)
    delegation.products.add(product)
    desk = reverse("portal:sales-desk", args=[booth.pk])

    response = officer_client.post(
        desk, {"product": product.pk, "quantity": "1.000", "unit_price": "", "payment_method": "cash",
               "idempotency_key": str(uuid.uuid4())},
    )

    assert response.status_code == 302
    assert Sale.objects.get().quantity == 1000
    page = officer_client.get(desk).content.decode()
    assert 'id="id_quantity" name="quantity" type="text" inputmode="numeric"' in page


def test_admin_aid_of_1_000_pieces_is_a_thousand_and_1_5_is_refused(staff_client):
    prison = factories.make_prison()
    url = admin_url(Aid, "add")
    data = changeform_data(staff_client.get(url))
    data.update({"prison": str(prison.pk), "kind": "equipment", "items": "Kain mori", "quantity": "1,5", "value": "15.000.000",
                 "given_on": "01/03/2018"})

    refused = staff_client.post(url, data)
    data["quantity"] = "1.000"
    saved = staff_client.post(url, data)

    assert refused.context["adminform"].form.errors["quantity"] == [FRACTION]
    assert saved.status_code == 302
    assert Aid.objects.values_list("quantity", "value").get() == (1000, 15_000_000)


def test_every_admin_integer_box_reads_whole_numbers_and_a_choice_stays_a_choice():
    from django.contrib import admin
    from django.db import models

    from inmates.form_fields import RupiahField, WholeNumberField

    seen = set()
    for model, model_admin in admin.site._registry.items():
        for field in model._meta.concrete_fields:
            if not isinstance(field, models.IntegerField) or field.primary_key and field.auto_created:
                continue
            formfield = model_admin.formfield_for_dbfield(field, None)
            if formfield is None:
                continue
            if field.choices:
                assert not isinstance(formfield, WholeNumberField), field
            elif isinstance(field, models.PositiveBigIntegerField):
                assert isinstance(formfield, RupiahField), field
            else:
                assert isinstance(formfield, WholeNumberField), field
                assert formfield.widget.attrs["inputmode"] == "numeric", field
                seen.add(f"{model._meta.label}.{field.name}")
    assert {"programs.Aid.quantity", "exhibitions.VisitorCount.count", "products.Product.weight_grams"} <= seen


def test_english_reads_a_number_grouped_with_commas_as_its_pages_show_it():
    """The English visitor-count page showed "1,240" and refused "1,500" typed the same way."""
    from django import forms
    from django.utils import translation

    from inmates.form_fields import WholeNumberField

    field = WholeNumberField()
    with translation.override("en"):
        assert field.clean("1,500") == 1500
        assert field.clean("12,500,000") == 12_500_000
        assert field.clean("1.500") == 1500
        with pytest.raises(forms.ValidationError):
            field.clean("1,5")
    with translation.override("id"):
        with pytest.raises(forms.ValidationError):
            field.clean("1,500")  # one and a half in Indonesian: a fraction, refused
