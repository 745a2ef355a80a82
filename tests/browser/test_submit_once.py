"""A form is sent once (static/js/submit_once.js): a bad-input probe's double submits made two
product drafts, two inquiries and two ratings. A second sending while the first is on its way is
stopped; a form whose own script sends it (the sales desk) is left to that script."""

import pytest

from tests import factories

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

_TWICE = """(selector) => {
  const form = document.querySelector(selector);
  const first = new Event("submit", { bubbles: true, cancelable: true });
  const second = new Event("submit", { bubbles: true, cancelable: true });
  form.dispatchEvent(first);
  form.dispatchEvent(second);
  return [first.defaultPrevented, second.defaultPrevented, form.getAttribute("aria-busy")];
}"""


def test_a_second_sending_of_a_form_is_stopped(live_server, page):
    product = factories.make_product(name="Tas Anyaman Pandan", slug="tas-anyaman", status="approved")
    page.goto(live_server.url + f"/produk/{product.slug}/")

    assert page.evaluate(_TWICE, "#tanya form") == [False, True, "true"]


def test_a_form_its_own_script_stops_is_not_marked(live_server, page):
    product = factories.make_product(name="Tas Anyaman Pandan", slug="tas-anyaman", status="approved")
    page.goto(live_server.url + f"/produk/{product.slug}/")

    marked = page.evaluate(
        """() => { const form = document.querySelector("#tanya form");
             form.addEventListener("submit", (event) => event.preventDefault());
             form.dispatchEvent(new Event("submit", { bubbles: true, cancelable: true }));
             return form.hasAttribute("data-sending"); }"""
    )

    assert marked is False
