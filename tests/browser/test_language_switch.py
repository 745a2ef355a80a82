"""Found by a new user's probe: switching the language on the exhibition's programme
("#acara") came back at the top of the page, without the anchor."""

import re

import pytest
from playwright.sync_api import expect

from tests import factories

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_switching_the_language_keeps_the_place_on_the_page(live_server, page):
    factories.make_exhibition(slug="pameran-uji-bahasa", is_published=True)
    page.goto(live_server.url + "/pameran/pameran-uji-bahasa/?x=1#acara")

    page.locator("form.language-switch button").first.click()

    expect(page).to_have_url(re.compile(r"/pameran/pameran-uji-bahasa/\?x=1#acara$"))
    expect(page.locator("html")).to_have_attribute("lang", "en")
