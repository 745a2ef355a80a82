"""No text box of any surface carries a maxlength: a browser cuts a pasted text at it without a
word and the form is saved with the rest lost (a bad-input probe, stop 28: a 6,000-letter product
description saved as 5,000, a 1,880-letter feedback comment as 1,000). The form's own length
check answers instead, beside the box, keeping every word
(``templates/django/forms/widgets/textarea.html`` and ``FORM_RENDERER``)."""

import re

import pytest
from django.urls import reverse

from products.models import Product
from tests import factories
from tests.admin_helpers import admin_url

pytestmark = pytest.mark.django_db

_BOX = re.compile(r"<textarea[^>]*>")


def _boxes(content: str) -> list[str]:
    return _BOX.findall(content)


def test_portal_and_admin_boxes_have_no_maxlength(officer_client, staff_client, prison):
    inmate = factories.make_inmate(prison=prison)
    product = factories.make_product(prison=prison)
    inquiry = factories.make_inquiry(product=product)
    pages = {
        "portal product": officer_client.get(reverse("portal:product-create")),
        "portal person": officer_client.get(reverse("portal:inmate-update", kwargs={"pk": inmate.pk})),
        "portal inquiry": officer_client.get(reverse("portal:inquiry-detail", kwargs={"pk": inquiry.pk})),
        "admin product": staff_client.get(admin_url(Product, "change", product.pk)),
    }
    boxes = {name: _boxes(response.content.decode()) for name, response in pages.items()}

    assert all(boxes.values()), boxes  # each page has its text boxes ...
    assert [box for found in boxes.values() for box in found if "maxlength" in box] == []  # ... none cut


def test_a_long_product_description_is_refused_and_kept(officer_client, prison):
    from tests.products.test_portal_products import product_data

    description = "Kain batik tulis halus. " * 250 + "AKHIR"  # 6,005 letters, the limit is 5,000

    response = officer_client.post(reverse("portal:product-create"), product_data(factories.make_category(), description=description))

    assert response.status_code == 200
    assert "description" in response.context["form"].errors
    assert description in response.content.decode()
    assert not Product.objects.filter(prison=prison).exists()
