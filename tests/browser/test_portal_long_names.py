"""A name of 200 letters without a space (typed or pasted by mistake) wraps in the portal instead
of widening the page past the screen. Found by a new officer's probe: the product form grew to
1560 px on a phone (the makers' list), and an inmate's page to 1921 px on a laptop."""

import pytest

from tests import factories
from tests.browser.admin_login import PASSWORD, sign_in_to_portal

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

LONG = "Sudarto" + "wibisono" * 19  # 159 letters, no space (the column holds 160)


@pytest.mark.parametrize("width", [390, 1280])
def test_a_long_unbroken_name_does_not_widen_the_page(live_server, page, width):
    prison = factories.make_prison(name="Lapas Kelas I Cipinang")
    factories.make_officer(prison=prison, username="petugas", password=PASSWORD)
    inmate = factories.make_inmate(prison=prison, legal_name=LONG, registration_number="B.I-0001/2018")
    factories.make_category()
    page.set_viewport_size({"width": width, "height": 800})
    sign_in_to_portal(page, live_server, "petugas")

    for path in (f"/portal/peserta/{inmate.pk}/", f"/portal/peserta/{inmate.pk}/ubah/", "/portal/produk/baru/"):
        page.goto(live_server.url + path)
        page.wait_for_load_state()
        assert page.evaluate("document.documentElement.scrollWidth") <= width, path
