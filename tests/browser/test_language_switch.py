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


def test_switching_the_language_after_a_refused_inquiry_keeps_what_was_typed(live_server, page):
    # Found by a probe: a buyer whose inquiry came back with errors in Indonesian switched to
    # English and found the form empty.
    from tests.browser.showcase_data import build_showcase

    product = build_showcase().products[4]
    page.goto(live_server.url + f"/produk/{product.slug}/#tanya")
    form = page.locator("form.inquiry-form")
    form.get_by_role("textbox", name=re.compile(r"^Nama\b")).fill("Mrs Wulan")
    form.get_by_label("Surel").fill("wulan@hotel")  # refused: no domain ending
    form.get_by_label("Jumlah yang diinginkan").fill("40")
    form.get_by_label("Pesan").fill("For hotel guests' souvenirs.")
    form.get_by_role("button", name="Kirim permintaan").click()
    expect(page.locator("form.inquiry-form .invalid-feedback").first).to_be_visible()

    page.locator("form.language-switch button").first.click()

    expect(page.locator("html")).to_have_attribute("lang", "en")
    form = page.locator("form.inquiry-form")
    expect(form.get_by_role("textbox", name=re.compile(r"^Name\b"))).to_have_value("Mrs Wulan")
    expect(form.get_by_label("Email")).to_have_value("wulan@hotel")
    expect(form.get_by_label("Quantity wanted")).to_have_value("40")
    expect(form.get_by_label("Message")).to_have_value("For hotel guests' souvenirs.")
    # Kept once: a later visit to the page starts empty.
    page.reload()
    expect(page.locator("form.inquiry-form").get_by_label("Message")).to_have_value("")


def test_an_inquiry_refused_for_a_missing_cookie_is_typed_in_again_after_a_reload(live_server, page, context):
    # Found by a visitor probe: the refusal page says "go back, reload, send again", and the
    # reload emptied the form (and Back lost the quantity, a box marked autocomplete="off").
    from tests.browser.showcase_data import build_showcase

    product = build_showcase().products[4]
    url = live_server.url + f"/produk/{product.slug}/"
    page.goto(url + "#tanya")
    form = page.locator("form.inquiry-form")
    form.get_by_role("textbox", name=re.compile(r"^Nama\b")).fill("Ibu Wulan")
    form.get_by_label("Surel").fill("wulan@hotel-nusantara.test")
    form.get_by_label("Jumlah yang diinginkan").fill("200")
    form.get_by_label("Pesan").fill("Untuk suvenir tamu hotel.")
    assert form.get_by_label("Jumlah yang diinginkan").get_attribute("autocomplete") is None
    context.clear_cookies()
    form.get_by_role("button", name="Kirim permintaan").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Formulir tidak dapat diterima")

    page.goto(url)
    form = page.locator("form.inquiry-form")
    expect(form.get_by_label("Jumlah yang diinginkan")).to_have_value("200")
    expect(form.get_by_label("Pesan")).to_have_value("Untuk suvenir tamu hotel.")
    form.get_by_role("button", name="Kirim permintaan").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Terima kasih, permintaan Anda sudah kami terima")

    page.goto(url)  # sent: not typed in again
    expect(page.locator("form.inquiry-form").get_by_label("Pesan")).to_have_value("")
