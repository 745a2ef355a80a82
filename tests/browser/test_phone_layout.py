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


@pytest.mark.parametrize("language", ["id", "en"])
def test_the_catalogue_search_placeholder_fits_a_phone(live_server, page, language):
    page.context.add_cookies([{"name": "django_language", "value": language, "url": live_server.url}])
    page.set_viewport_size(PHONE)

    page.goto(live_server.url + "/produk/")

    text_width, room = page.evaluate(
        """() => { const input = document.querySelector('#catalogue-q'), style = getComputedStyle(input);
             const context = document.createElement('canvas').getContext('2d');
             context.font = style.font;
             return [context.measureText(input.placeholder).width,
                     input.clientWidth - parseFloat(style.paddingLeft) - parseFloat(style.paddingRight)]; }"""
    )
    assert text_width <= room, (page.locator("#catalogue-q").get_attribute("placeholder"), text_width, room)


def test_the_exhibition_jump_links_all_show_on_a_phone(live_server, page):
    from exhibitions.models import Competition, Delegation

    exhibition = factories.make_exhibition(title="Pameran Produk Unggulan Narapidana 2018", slug="pameran-2018")
    delegation = factories.make_delegation(exhibition=exhibition, status=Delegation.Status.ACCEPTED)
    product = factories.make_product(prison=delegation.prison)
    delegation.products.add(product)
    Competition.objects.create(exhibition=exhibition, title="Lomba Cinderamata")
    factories.make_programme_item(exhibition=exhibition)
    page.context.add_cookies([{"name": "django_language", "value": "en", "url": live_server.url}])
    page.set_viewport_size(PHONE)

    page.goto(live_server.url + "/pameran/pameran-2018/")

    chips = page.locator(".section-nav .section-chip")
    assert chips.count() == 4 and chips.last.inner_text() == "Delegations"
    for box in (chips.nth(i).bounding_box() for i in range(chips.count())):
        assert box["x"] >= 0 and box["x"] + box["width"] <= PHONE["width"], box
