"""The back office fits the window, on a laptop (1366 px) and on a phone (390 px): a wide table
scrolls inside its own box. Found by a probe: the exhibition page was 1686 px wide at 1366 px
(its programme table), and the booth, stock, report and attendance pages overflowed a phone."""

import datetime

import pytest
from django.utils import timezone

from exhibitions.models import Sale, StockLine
from tests import factories
from tests.browser.showcase_data import build_showcase

pytestmark = pytest.mark.django_db(transaction=True)

PASSWORD = "Rahasia-Etalase-2018"
WIDTHS = (1366, 390)


def test_admin_pages_with_wide_tables_do_not_scroll_sideways(live_server, page):
    showcase = build_showcase()
    exhibition = showcase.exhibition
    # A long name, as the Makassar exhibition's: the page's buttons once covered it.
    exhibition.title = "Pameran Karya Warga Binaan Pemasyarakatan Kawasan Timur Indonesia"
    exhibition.save(update_fields=["title"])
    for delegation in exhibition.delegations.filter(status="accepted"):
        product = factories.make_product(prison=delegation.prison or showcase.prisons[0])
        delegation.products.add(product)
        StockLine.objects.create(delegation=delegation, product=product, brought_in=12, returned=3)
    # A sum in the billions: the report's figure cards must hold it (a probe saw Rp 14.192.000
    # run past its card).
    Sale.objects.create(
        exhibition=exhibition, delegation=delegation, product=product, quantity=250, unit_price=4_937_500,
        share_inmate=1_234_375_000, sold_at=timezone.make_aware(datetime.datetime.combine(exhibition.start_date, datetime.time(10))),
    )
    training = factories.make_training(
        prison=showcase.prisons[0],
        title="Bimtek Batik Tulis dengan Pewarna Alam untuk Warga Binaan",
        starts_on=timezone.localdate() - datetime.timedelta(days=6),
        ends_on=timezone.localdate() - datetime.timedelta(days=1),
    )
    for _ in range(3):
        factories.make_participant(training=training, status="confirmed")
    factories.make_user(username="admin.lebar", password=PASSWORD, is_staff=True, is_superuser=True)
    paths = [
        f"/admin/exhibitions/exhibition/{exhibition.pk}/change/",
        f"/admin/exhibitions/exhibition/{exhibition.pk}/stan/",
        f"/admin/exhibitions/exhibition/{exhibition.pk}/stok/",
        "/admin/exhibitions/exhibition/laporan/",
        f"/admin/exhibitions/exhibition/{exhibition.pk}/laporan/",
        f"/admin/programs/training/{training.pk}/change/",
        f"/admin/programs/training/{training.pk}/kehadiran/",
        "/admin/products/product/",
    ]

    page.goto(live_server.url + "/admin/login/?next=/admin/")
    page.fill("#id_username", "admin.lebar")
    page.fill("#id_password", PASSWORD)
    page.locator("form:has(#id_password) [type=submit]").click()
    page.wait_for_load_state()
    too_wide = {}
    for width in WIDTHS:
        page.set_viewport_size({"width": width, "height": 800})
        for path in paths:
            response = page.goto(live_server.url + path)
            assert response.status == 200, path
            scroll_width = page.evaluate("document.documentElement.scrollWidth")
            if scroll_width > width:
                too_wide[(width, path)] = scroll_width
            spilling = page.evaluate(
                "[...document.querySelectorAll('.etalase-report-card')]"
                ".filter(card => card.scrollWidth > card.clientWidth).length"
            )
            if spilling:
                too_wide[(width, path, "report cards")] = spilling
            # The page's buttons never sit on its title (they covered a long exhibition name).
            covered = page.evaluate(
                """(() => {
                    const tools = document.querySelector('#content-main .object-tools');
                    const title = document.querySelector('#content > h2');
                    if (!tools || !title) return false;
                    const a = tools.getBoundingClientRect(), b = title.getBoundingClientRect();
                    return a.left < b.right && b.left < a.right && a.top < b.bottom && b.top < a.bottom;
                })()"""
            )
            if covered:
                too_wide[(width, path, "buttons over the title")] = True

    assert too_wide == {}


@pytest.mark.parametrize("width", WIDTHS)
def test_a_picker_holds_the_makers_it_shows(live_server, page, width):
    """A look-and-feel review: on a product's page the makers' chips ran past the picker and its
    clearing × covered their text."""
    from tests.browser.admin_login import sign_in_to_admin

    prison = factories.make_prison(name="Lapas Kelas I Cipinang")
    product = factories.make_product(prison=prison)
    product.makers.set([
        factories.make_inmate(prison=prison, legal_name="Ahmad Fauzan Hidayat", registration_number="B.I-0374/2017"),
        factories.make_inmate(prison=prison, legal_name="Sudarto Wibisono", registration_number="B.I-0100/2015"),
    ])
    page.set_viewport_size({"width": width, "height": 900})
    sign_in_to_admin(page, live_server)
    page.goto(f"{live_server.url}/admin/products/product/{product.pk}/change/")

    overflow = page.evaluate(
        """() => { const box = document.querySelector('.field-makers .select2-selection').getBoundingClientRect();
             return [...document.querySelectorAll('.field-makers .select2-selection__choice')]
               .map((chip) => chip.getBoundingClientRect().right - box.right).filter((d) => d > 0.5); }"""
    )
    assert overflow == []
    assert page.evaluate("document.documentElement.scrollWidth") <= width
