"""A person's first look: the home page in Indonesian, switching to English, the back-office login."""

import pytest
from playwright.sync_api import expect

from inmates import roles
from tests import factories

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_home_page_indonesian_then_english(live_server, page):
    factories.make_product(name="Kain Batik Tulis Parang")
    page.goto(live_server.url + "/")
    assert page.locator("html").get_attribute("lang") == "id"
    assert page.get_by_text("Kain Batik Tulis Parang").is_visible()
    assert page.get_by_text("Rp 150.000").first.is_visible()
    # Bootstrap came from our own static files, not a CDN: its styles are applied.
    assert page.evaluate("getComputedStyle(document.querySelector('.container')).maxWidth") != "none"

    page.get_by_role("button", name="English").click()
    expect(page.locator("html")).to_have_attribute("lang", "en")
    assert page.get_by_role("button", name="Bahasa Indonesia").is_visible()


def test_staff_logs_into_back_office(live_server, page):
    factories.make_user(role=roles.MINISTRY_STAFF, username="staf.browser", password="Rahasia-Etalase-1")
    page.goto(live_server.url + "/admin/")
    page.fill("#id_username", "staf.browser")
    page.fill("#id_password", "Rahasia-Etalase-1")
    page.click("input[type=submit], button[type=submit]")
    page.wait_for_load_state()
    assert page.url == live_server.url + "/admin/"
    assert page.locator("#site-name").inner_text() == "Administrasi Etalase"
