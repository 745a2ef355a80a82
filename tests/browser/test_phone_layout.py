"""What a tester found on a phone (390 px) in the public showcase: nothing overlaps, is cut off
without a sign, or hides off the screen."""

import pytest

from tests import factories

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 390, "height": 844}


def test_the_product_breadcrumb_cuts_the_name_short_without_overlapping_the_links(live_server, page):
    category = factories.make_category(slug="souvenir", name_id="Suvenir", name_en="Souvenirs")
    product = factories.make_product(
        name="Set Sabun dan Tempat Sabun Batok Kelapa Ukir Khas Bali", slug="set-sabun", category=category
    )
    page.set_viewport_size(PHONE)

    page.goto(live_server.url + f"/produk/{product.slug}/")

    # Each link's text ends before the next item (its separator) begins.
    boxes = page.evaluate(
        """() => [...document.querySelectorAll('.product-breadcrumb .breadcrumb-item')].map(li => {
             const text = (li.querySelector('a') || li).getBoundingClientRect();
             return {left: li.getBoundingClientRect().left, textRight: text.right};
           })"""
    )
    assert len(boxes) == 3
    for item, following in zip(boxes, boxes[1:]):
        assert item["textRight"] <= following["left"] + 0.5, boxes
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
