"""Issue 4's acceptance in a real browser: a visitor searches the catalogue, filters by category
(on a desktop and on a phone, where the filters sit in a panel that opens), opens a product, sends
an inquiry and switches the site to English."""

import re

import pytest
from playwright.sync_api import expect

from exhibitions.models import Inquiry
from tests.browser.showcase_data import build_showcase

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 390, "height": 844}


@pytest.fixture
def showcase():
    return build_showcase()


def card_names(page) -> list[str]:
    return page.locator(".product-grid .product-name").all_inner_texts()


def test_visitor_searches_filters_opens_product_and_sends_inquiry(live_server, page, showcase):
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto(live_server.url + "/produk/")
    expect(page.locator("#results-title")).to_have_text("6 produk")

    # Search: type in the box, submit with the button.
    page.get_by_role("searchbox", name="Cari produk").fill("pandan")
    page.get_by_role("button", name="Cari", exact=True).click()
    expect(page).to_have_url(live_server.url + "/produk/?q=pandan")
    expect(page.get_by_role("heading", level=1)).to_have_text("Hasil pencarian “pandan”")
    assert card_names(page) == ["Tas Anyaman Pandan Cokelat"]

    # Filter by category: a click applies it at once on a wide screen.
    page.goto(live_server.url + "/produk/")
    page.get_by_label("Kerajinan kayu").click()  # (click, not check: the page reloads at once)
    expect(page).to_have_url(live_server.url + "/produk/?category=kerajinan-kayu")
    expect(page.locator("#results-title")).to_have_text("2 produk")
    assert sorted(card_names(page)) == ["Miniatur Kapal Pinisi Kayu Jati", "Talenan Kayu Sonokeling"]
    expect(page.get_by_label("Kerajinan kayu")).to_be_checked()

    # Open a product from its card.
    page.get_by_role("link", name="Miniatur Kapal Pinisi Kayu Jati").click()
    product = showcase.products[4]
    expect(page).to_have_url(live_server.url + f"/produk/{product.slug}/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Miniatur Kapal Pinisi Kayu Jati")
    expect(page.locator(".product-price")).to_have_text("Rp 650.000")
    # No maker consented to be named on this one: the prison is credited.
    expect(page.locator(".product-origin")).to_have_text(
        re.compile(r"^\s*Karya warga binaan\s+Lapas Kelas I Cipinang\s*$")
    )

    # Send an inquiry.
    page.get_by_role("link", name="Tanya atau pesan").click()
    form = page.locator("form.inquiry-form")
    form.get_by_role("textbox", name=re.compile(r"^Nama\b")).fill("Ibu Wulan")
    form.get_by_label("Instansi/usaha").fill("Hotel Nusantara Jakarta")
    form.get_by_label("Surel").fill("wulan@hotel-nusantara.test")
    form.get_by_label("Telepon/WhatsApp").fill("0812 3456 7890")
    form.get_by_label("Jumlah yang diinginkan").fill("40")
    form.get_by_label("Pesan").fill("Untuk suvenir tamu hotel. Bisa dikirim akhir bulan?")
    form.get_by_role("button", name="Kirim permintaan").click()

    # (The browser keeps the form's "#tanya" across the redirect.)
    thanks_url = live_server.url + f"/permintaan/terkirim/?produk={product.slug}&nomor="
    # The number and its signature (the page shows no number without one).
    expect(page).to_have_url(re.compile(re.escape(thanks_url) + "[A-Z2-9]{4}-[A-Z2-9]{4}&k=[^#&]+(#tanya)?$"))
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Terima kasih, permintaan Anda sudah kami terima"
    )
    expect(page.locator(".thanks-number")).to_contain_text(Inquiry.objects.get().reference)
    expect(page.locator(".thanks-page")).to_contain_text("Lapas Kelas I Cipinang")
    inquiry = Inquiry.objects.get()
    assert (inquiry.product, inquiry.prison) == (product, showcase.prisons[0])
    assert inquiry.status == Inquiry.Status.NEW
    assert (inquiry.buyer_name, inquiry.organisation, inquiry.email, inquiry.phone, inquiry.quantity) == (
        "Ibu Wulan", "Hotel Nusantara Jakarta", "wulan@hotel-nusantara.test", "0812 3456 7890", 40
    )
    assert inquiry.message == "Untuk suvenir tamu hotel. Bisa dikirim akhir bulan?"


def test_phone_visitor_filters_in_the_panel_opens_product_and_switches_to_english(
    live_server, page, showcase
):
    page.set_viewport_size(PHONE)
    page.goto(live_server.url + "/produk/")

    # The filters are tucked away in a panel; choosing waits for "Terapkan" (one page load).
    filters = page.locator("#catalogue-filters")
    expect(filters).not_to_be_visible()
    page.get_by_role("button", name="Saring").click()
    expect(page.get_by_role("dialog", name="Saring produk")).to_be_visible()
    filters.get_by_label("Anyaman").check()
    expect(page).to_have_url(live_server.url + "/produk/")
    filters.get_by_role("button", name="Terapkan").click()

    expect(page).to_have_url(live_server.url + "/produk/?category=anyaman")
    expect(filters).not_to_be_visible()
    expect(page.locator("#results-title")).to_have_text("2 produk")
    assert sorted(card_names(page)) == ["Keranjang Rotan Serbaguna", "Tas Anyaman Pandan Cokelat"]
    expect(page.get_by_role("button", name="Saring")).to_contain_text("1")  # one filter active

    page.get_by_role("link", name="Tas Anyaman Pandan Cokelat").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Tas Anyaman Pandan Cokelat")
    expect(page.locator(".product-origin")).to_contain_text("Dibuat oleh Bu Ratna")
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]

    # The language switch lives in the menu, which opens from the header's button.
    assert page.locator("html").get_attribute("lang") == "id"
    page.get_by_role("button", name="Buka menu").click()
    page.get_by_role("button", name="English").click()
    # The same address comes back (a POST, then a redirect): wait for the attribute instead.
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page).to_have_url(live_server.url + "/produk/tas-anyaman-pandan/")
    page.locator(".navbar-toggler").click()  # its label is English now: not asserted here
    expect(page.get_by_role("button", name="Bahasa Indonesia")).to_be_visible()
    expect(page.get_by_role("heading", level=1)).to_have_text("Tas Anyaman Pandan Cokelat")


def test_desktop_visitor_switches_to_english_and_back(live_server, page, showcase):
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto(live_server.url + f"/pameran/{showcase.exhibition.slug}/")
    assert page.locator("html").get_attribute("lang") == "id"

    page.get_by_role("button", name="English").click()
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page).to_have_url(live_server.url + f"/pameran/{showcase.exhibition.slug}/")
    # The chosen language sticks for the next page.
    page.goto(live_server.url + "/produk/")
    assert page.locator("html").get_attribute("lang") == "en"

    page.get_by_role("button", name="Bahasa Indonesia").click()
    expect(page.locator("html")).to_have_attribute("lang", "id")
    expect(page.get_by_role("button", name="English")).to_be_visible()


def test_a_keyboard_user_sorts_the_catalogue_with_the_arrows_and_enter(live_server, page, showcase):
    """Found by an accessibility probe: after choosing a sort with the arrow keys, Enter did
    nothing; the "Urutkan" button had to be found first."""
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto(live_server.url + "/produk/")
    sort = page.locator("#catalogue-sort")
    sort.focus()
    page.keyboard.press("ArrowDown")  # "Terbaru" to "Harga terendah": no reload by itself
    page.wait_for_timeout(300)
    expect(sort).to_have_value("price_asc")
    assert "sort=" not in page.url

    page.keyboard.press("Enter")

    expect(page).to_have_url(live_server.url + "/produk/?sort=price_asc")
    expect(page.locator("#catalogue-sort")).to_have_value("price_asc")
