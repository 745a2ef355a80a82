"""The portal's header at laptop width in both languages: the menu has its own row, and the
language switch and sign-out sit beside the brand on one line each. Found by a probe: in English
at 1366 px "Bahasa Indonesia" and "Log out" wrapped into two lines at the end of the menu."""

import pytest

from tests import factories
from tests.browser.admin_login import PASSWORD, sign_in_to_portal

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

@pytest.mark.parametrize("width", [1280, 1366])
def test_header_buttons_stay_on_one_line_beside_the_brand(live_server, page, width):
    prison = factories.make_prison(name="Lapas Perempuan Kelas IIA Tangerang")
    factories.make_officer(prison=prison, username="petugas.tangerang", password=PASSWORD)
    page.set_viewport_size({"width": width, "height": 800})
    sign_in_to_portal(page, live_server, "petugas.tangerang")

    for language_button, sign_out in (("English", "Keluar"), ("Bahasa Indonesia", "Log out")):
        brand = page.locator(".portal-header .navbar-brand").bounding_box()
        menu = page.locator(".portal-header .portal-nav").bounding_box()
        for name in (language_button, sign_out):
            button = page.get_by_role("button", name=name, exact=True)
            box = button.bounding_box()
            line = float(button.evaluate("e => parseFloat(getComputedStyle(e).lineHeight)"))
            assert box["height"] < 2 * line, (name, box)  # one line
            assert box["y"] < menu["y"], (name, box, menu)  # in the brand's row, above the menu
            assert box["x"] + box["width"] <= width, (name, box)
        assert brand["y"] < menu["y"]
        assert page.evaluate("document.documentElement.scrollWidth") <= width
        page.get_by_role("button", name=language_button, exact=True).click()
        page.wait_for_load_state()
