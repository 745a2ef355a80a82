"""An exhibition in Makassar is edited in WITA: the page says so and labels each time box WITA,
instead of Django's note that the staff member's browser (in Jakarta) is "1 hour behind server
time", which a probe found puzzling."""

import datetime

import pytest

from tests import factories
from tests.browser.admin_login import sign_in_to_admin

pytestmark = pytest.mark.django_db(transaction=True)



@pytest.fixture
def browser_context_args(browser_context_args):
    return {**browser_context_args, "timezone_id": "Asia/Jakarta"}  # a WIB desk, a WITA venue


def test_a_wita_exhibition_labels_its_times_wita_without_the_server_time_note(live_server, page):
    exhibition = factories.make_exhibition(
        timezone="Asia/Makassar",
        registration_opens=datetime.datetime(2018, 2, 1, 1, 0, tzinfo=datetime.UTC),
        registration_closes=datetime.datetime(2018, 3, 1, 15, 59, tzinfo=datetime.UTC),
    )
    sign_in_to_admin(page, live_server, "staf.zona")

    page.goto(live_server.url + f"/admin/exhibitions/exhibition/{exhibition.pk}/change/")
    page.wait_for_load_state("load")

    assert page.locator(".venue-zone-note").inner_text().startswith("Tanggal dan jam di halaman ini dalam WITA")
    closes = page.locator("#id_registration_closes_1")
    assert closes.input_value() == "23.59"  # typed and shown in WITA
    assert closes.locator("xpath=..").locator(".venue-zone").inner_text().strip() == "WITA"
    assert page.locator(".timezonewarning").count() == 0

    # Another zone chosen: the labels follow at once, before saving (found by a probe).
    page.select_option("#id_timezone", "Asia/Jayapura")
    assert closes.locator("xpath=..").locator(".venue-zone").inner_text().strip() == "WIT"
    assert page.locator(".venue-zone-note").inner_text().startswith("Tanggal dan jam di halaman ini dalam WIT,")


@pytest.fixture
def makassar_desk(browser):
    context = browser.new_context(timezone_id="Asia/Makassar")  # staff working in WITA
    yield context.new_page()
    context.close()


def test_other_time_boxes_are_labelled_wib_without_the_server_time_note(live_server, makassar_desk):
    """An inquiry's "answered at" in the back office, seen from Makassar: labelled WIB (the zone it
    is typed in), not "Catatan: Anda 1 jam lebih cepat dari waktu server" (found by a probe)."""
    page = makassar_desk
    inquiry = factories.make_inquiry(answered_at=datetime.datetime(2018, 4, 4, 3, 0, tzinfo=datetime.UTC))
    sign_in_to_admin(page, live_server, "staf.wita")

    page.goto(live_server.url + f"/admin/exhibitions/inquiry/{inquiry.pk}/change/")
    page.wait_for_load_state("load")

    answered = page.locator("#id_answered_at_1")
    assert answered.input_value() == "10.00"  # WIB
    assert answered.locator("xpath=..").locator(".venue-zone").inner_text().strip() == "WIB"
    assert page.locator(".timezonewarning").count() == 0
    assert page.locator(".venue-zone-note").count() == 0  # no venue here


def test_a_new_programme_item_labels_its_times_in_the_chosen_exhibitions_zone(live_server, page):
    """A new programme item: the time boxes follow the exhibition chosen, whose zone the times are
    read in when saved (found by a probe: they said WIB while 09.00 was saved as 09.00 WITA)."""
    makassar = factories.make_exhibition(title="Pameran Makassar", timezone="Asia/Makassar")
    jayapura = factories.make_exhibition(title="Pameran Jayapura", timezone="Asia/Jayapura")
    sign_in_to_admin(page, live_server, "staf.acara")

    page.goto(live_server.url + f"/admin/exhibitions/programmeitem/add/?exhibition={makassar.pk}")
    page.wait_for_load_state("load")
    starts = page.locator("#id_starts_at_1").locator("xpath=..").locator(".venue-zone")
    assert starts.inner_text().strip() == "WITA"

    page.goto(live_server.url + "/admin/exhibitions/programmeitem/add/")
    page.wait_for_load_state("load")
    assert starts.inner_text().strip() == "WIB"  # no exhibition yet: the server's zone
    page.locator(".field-exhibition .select2-selection").first.click()
    page.locator(".select2-search__field").fill("Jayapura")
    page.locator(".select2-results__option", has_text="Pameran Jayapura").click()
    assert starts.inner_text().strip() == "WIT"
    assert jayapura.pk
