"""On a training's page in the back office, the participant box offers the inmates of the
training's prison only (static/js/admin_prison_autocomplete.js asks the narrowed list)."""

import pytest

from tests import factories
from tests.browser.admin_login import sign_in_to_admin

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]



def test_participant_box_offers_the_training_s_prison_only(live_server, page):
    cipinang = factories.make_prison(name="Lapas Kelas I Cipinang")
    tangerang = factories.make_prison(name="Lapas Perempuan Tangerang")
    factories.make_inmate(prison=cipinang, legal_name="Budi Santosa")
    factories.make_inmate(prison=tangerang, legal_name="Budi Lestari")
    training = factories.make_training(prison=cipinang, title="Bimtek Batik Tulis")
    sign_in_to_admin(page, live_server, "staf.bimtek")
    page.goto(live_server.url + f"/admin/programs/training/{training.pk}/change/")

    page.locator("#participants-group .add-row a").click()
    page.locator("#participants-group tr.dynamic-participants .select2-selection").first.click()
    page.locator(".select2-search__field").fill("budi")
    options = page.locator(".select2-results__option:not(.loading-results)")
    options.first.wait_for()
    page.wait_for_timeout(300)  # the answer to "budi" replaces the one to "b"

    texts = options.all_inner_texts()
    assert any("Budi Santosa" in text for text in texts), texts
    assert not any("Budi Lestari" in text for text in texts), texts
