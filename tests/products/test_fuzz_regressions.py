"""Found by tests/test_fuzz_forms.py: a maker id past 64 bits made the product form a 500 on
SQLite (OverflowError); it is now a form error like any unknown maker."""

from django.urls import reverse

from products.models import Product
from tests import factories


def test_product_create_with_a_maker_id_past_64_bits_shows_the_form_again(officer_client, prison):
    category = factories.make_category()
    data = {"name": "Kain Batik", "category": category.pk, "price": "150000", "makers": [str(2**63)],
            "images-TOTAL_FORMS": "0", "images-INITIAL_FORMS": "0", "action": "draft"}

    response = officer_client.post(reverse("portal:product-create"), data)

    assert response.status_code == 200
    assert list(response.context["form"].errors) == ["makers"]
    assert Product.objects.count() == 0
