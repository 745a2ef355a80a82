"""An exhibition in Makassar is edited in WITA: the page says so and labels each time box WITA,
instead of Django's note that the staff member's browser (in Jakarta) is "1 hour behind server
time", which a probe found puzzling."""

import datetime

import pytest

from tests import factories

pytestmark = pytest.mark.django_db(transaction=True)

PASSWORD = "Rahasia-Etalase-2018"


@pytest.fixture
def browser_context_args(browser_context_args):
    return {**browser_context_args, "timezone_id": "Asia/Jakarta"}  # a WIB desk, a WITA venue


def test_a_wita_exhibition_labels_its_times_wita_without_the_server_time_note(live_server, page):
    exhibition = factories.make_exhibition(
        timezone="Asia/Makassar",
        registration_opens=datetime.datetime(2018, 2, 1, 1, 0, tzinfo=datetime.UTC),
        registration_closes=datetime.datetime(2018, 3, 1, 15, 59, tzinfo=datetime.UTC),
    )
    factories.make_user(username="staf.zona", password=PASSWORD, is_staff=True, is_superuser=True)
    page.goto(live_server.url + "/admin/login/?next=/admin/")
    page.fill("#id_username", "staf.zona")
    page.fill("#id_password", PASSWORD)
    page.locator("form:has(#id_password) [type=submit]").click()
    page.wait_for_load_state()

    page.goto(live_server.url + f"/admin/exhibitions/exhibition/{exhibition.pk}/change/")
    page.wait_for_load_state("load")

    assert page.locator(".venue-zone-note").inner_text().startswith("Tanggal dan jam di halaman ini dalam WITA")
    closes = page.locator("#id_registration_closes_1")
    assert closes.input_value() == "23.59"  # typed and shown in WITA
    assert closes.locator("xpath=..").locator(".venue-zone").inner_text().strip() == "WITA"
    assert page.locator(".timezonewarning").count() == 0
