"""The exhibition page's programme, delegation and booth tables fit a 1366 px window: a probe
found the programme's delete boxes off to the right, behind a sideways scroll."""

import datetime

import pytest

from exhibitions.models import Booth, Competition, CompetitionEntry, Delegation, ProgrammeItem
from tests import factories
from tests.browser.admin_login import sign_in_to_admin

pytestmark = pytest.mark.django_db(transaction=True)



@pytest.fixture
def browser_context_args(browser_context_args):
    return {**browser_context_args, "viewport": {"width": 1366, "height": 768}}


def test_the_exhibition_inlines_fit_a_laptop_window(live_server, page):
    exhibition = factories.make_exhibition()
    prison = factories.make_prison(name="Lapas Perempuan Kelas IIA Tangerang")
    start = datetime.datetime(2018, 4, 3, 2, 0, tzinfo=datetime.UTC)
    ProgrammeItem.objects.create(
        exhibition=exhibition,
        title="Peragaan Busana Karya Warga Binaan Pemasyarakatan Seluruh Indonesia",
        starts_at=start,
        ends_at=start + datetime.timedelta(hours=1),
        place="Panggung utama Plasa Industri",
        host="Direktorat Jenderal Industri Kecil, Menengah dan Aneka",
        host_prison=prison,
    )
    delegation = factories.make_delegation(
        exhibition=exhibition, prison=prison, name="Lapas Perempuan Kelas IIA Tangerang", status=Delegation.Status.ACCEPTED
    )
    Booth.objects.create(exhibition=exhibition, code="A-01", zone="Hall A", size="3 x 3 m", delegation=delegation)
    product = factories.make_product(prison=prison, name="Set Sabun dan Tempat Sabun Batok Kelapa Ukir Motif Bali")
    delegation.products.add(product)
    competition = Competition.objects.create(exhibition=exhibition, title="Lomba Cinderamata untuk Hotel")
    CompetitionEntry.objects.create(
        competition=competition, delegation=delegation, product=product, entry_code="H-317", title=product.name
    )
    sign_in_to_admin(page, live_server, "staf.lebar")

    page.goto(live_server.url + f"/admin/exhibitions/exhibition/{exhibition.pk}/change/")
    page.wait_for_load_state("load")

    for group in ("programme-group", "delegations-group", "booths-group"):
        scroll, client = page.evaluate(
            f"() => {{ const t = document.querySelector('#{group} .tabular'); return [t.scrollWidth, t.clientWidth]; }}"
        )
        assert scroll <= client, (group, scroll, client)
    assert page.evaluate("() => document.documentElement.scrollWidth") <= 1366

    page.goto(live_server.url + f"/admin/exhibitions/competition/{competition.pk}/change/")
    page.wait_for_load_state("load")
    scroll, client = page.evaluate(
        "() => { const t = document.querySelector('#entries-group .tabular'); return [t.scrollWidth, t.clientWidth]; }"
    )
    assert scroll <= client, ("entries-group", scroll, client)


def test_the_inquiry_list_fits_a_laptop_window(live_server, page):
    """Nine columns ran behind a sideways scroll, status and prison included; the buyer with their
    organisation and the product with its exhibition now share a column each."""
    exhibition = factories.make_exhibition(title="Pameran Produk Unggulan Narapidana Tingkat Nasional")
    prison = factories.make_prison(name="Lapas Perempuan Kelas IIA Tangerang")
    product = factories.make_product(prison=prison, name="Set Sabun dan Tempat Sabun Batok Kelapa Ukir Motif Bali")
    factories.make_inquiry(
        product=product, exhibition=exhibition, prison=prison, buyer_name="Ibu Ratna Dewi Kusumawardhani",
        organisation="Hotel Bumi Nusantara Convention Center", quantity=120,
    )
    sign_in_to_admin(page, live_server, "staf.lebar")

    page.goto(live_server.url + "/admin/exhibitions/inquiry/")
    page.wait_for_load_state("load")

    scroll, client = page.evaluate(
        "() => { const t = document.querySelector('#changelist .results'); return [t.scrollWidth, t.clientWidth]; }"
    )
    assert scroll <= client, (scroll, client)
    assert page.locator("#result_list a", has_text="Jawab").count() == 1

