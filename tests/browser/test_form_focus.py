"""Found by an accessibility check: a form sent back with its errors far down the page left the
focus at the top (a screen reader heard nothing, a sighted officer saw an unchanged page top), and
on a phone the product form's sticky buttons covered the field reached with Tab."""

import pytest
from playwright.sync_api import expect

from tests import factories

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "kata-sandi-uji-9183"


def test_an_inquiry_sent_empty_puts_the_focus_on_its_error_summary(live_server, page):
    product = factories.make_product(name="Tas Anyaman Pandan", slug="tas-anyaman", status="approved")
    page.goto(live_server.url + f"/produk/{product.slug}/")

    page.locator("#tanya button[type=submit]").click()

    summary = page.locator("[data-focus-on-load]")
    expect(summary).to_have_text("Periksa lagi isian yang ditandai di bawah.")
    expect(summary).to_be_focused()


def test_a_participant_form_sent_empty_puts_the_focus_on_its_error_summary(live_server, page):
    prison = factories.make_prison(name="Lapas Kelas I Cipinang", slug="lapas-cipinang")
    factories.make_officer(prison=prison, username="petugas", password=PASSWORD)
    page.goto(live_server.url + "/masuk/?next=/portal/peserta/baru/")
    page.get_by_label("Nama pengguna").fill("petugas")
    page.get_by_label("Kata sandi").fill(PASSWORD)
    page.get_by_role("button", name="Masuk").click()

    page.locator("form.portal-form button[type=submit]").first.click()

    expect(page.locator("[data-focus-on-load]")).to_be_focused()
    assert page.get_by_label("Laki-laki").get_attribute("aria-describedby") == "id_gender_error"


def test_a_field_reached_with_tab_stops_above_the_product_forms_sticky_buttons(live_server, page):
    prison = factories.make_prison(name="Lapas Kelas I Cipinang", slug="lapas-cipinang")
    factories.make_officer(prison=prison, username="petugas", password=PASSWORD)
    factories.make_category(slug="batik", name_id="Batik", name_en="Batik")
    page.set_viewport_size({"width": 360, "height": 740})
    page.emulate_media(reduced_motion="reduce")  # no smooth scrolling: each Tab lands at once
    page.goto(live_server.url + "/masuk/?next=/portal/produk/baru/")
    page.get_by_label("Nama pengguna").fill("petugas")
    page.get_by_label("Kata sandi").fill(PASSWORD)
    page.get_by_role("button", name="Masuk").click()
    page.locator("#id_name").focus()

    hidden = []
    for _ in range(12):
        page.keyboard.press("Tab")
        covered = page.evaluate(
            """() => { const el = document.activeElement, bar = document.querySelector('.product-actions');
                 if (!el || !bar || bar.contains(el) || el.type === 'hidden') return null;
                 const box = el.getBoundingClientRect(), top = bar.getBoundingClientRect().top;
                 return box.bottom > top + 1 ? (el.id || el.name) : null; }"""
        )
        if covered:
            hidden.append(covered)
    assert hidden == []


def test_a_focused_field_and_button_show_an_indigo_ring(live_server, page):
    """A look-and-feel review tabbed through the inquiry form: Bootstrap's pale blue ring on a
    field was 1.9:1 on the off-white page (3:1 is needed), fainter than the unfocused border, and
    the field turned off-white. Fields and buttons now get the site's indigo ring (11.6:1)."""
    product = factories.make_product(name="Tas Anyaman Pandan", slug="tas-anyaman", status="approved")
    page.goto(live_server.url + f"/produk/{product.slug}/")
    page.locator("#tanya input[name=buyer_name]").focus()
    page.keyboard.press("Tab")

    def ring():
        return page.evaluate(
            """() => { const s = getComputedStyle(document.activeElement);
                 return [document.activeElement.tagName, s.outlineStyle, s.outlineColor, parseFloat(s.outlineWidth) >= 2,
                         s.backgroundColor]; }"""
        )

    tag, style, color, wide, background = ring()
    assert (style, color, wide) == ("solid", "rgb(39, 48, 107)", True), tag
    if tag in ("INPUT", "TEXTAREA", "SELECT"):
        assert background == "rgb(255, 255, 255)"
    page.locator("#tanya button[type=submit]").focus()
    page.keyboard.press("Shift+Tab")
    page.keyboard.press("Tab")
    tag, style, color, wide, _ = ring()
    assert (tag, style, color, wide) == ("BUTTON", "solid", "rgb(39, 48, 107)", True)
