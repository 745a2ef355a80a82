"""Forms sent back with errors say so at the top, in a summary that takes the focus
(static/js/focus_errors.js), and tie each error to its field for screen readers (found by an
accessibility check)."""

import pytest

from tests import factories
from tests.exhibitions.test_portal_applications import create_url, open_exhibition

pytestmark = pytest.mark.django_db


def test_the_login_form_ties_each_error_to_its_field(client):
    html = client.post("/masuk/", {"username": "", "password": ""}).content.decode()

    assert 'aria-invalid="true" aria-describedby="id_username_error"' in html
    assert 'id="id_username_error"' in html
    assert 'aria-invalid="true" aria-describedby="id_password_error"' in html


def test_the_exhibition_application_sent_without_a_phone_has_a_summary_at_the_top(officer_client, prison):
    exhibition = open_exhibition()
    product = factories.make_product(prison=prison, status="approved")

    response = officer_client.post(
        create_url(exhibition), {"products": [str(product.pk)], "contact_officer": "Ibu Sari", "contact_phone": ""}
    )

    html = response.content.decode()
    assert response.status_code == 200
    assert 'role="alert" tabindex="-1" data-focus-on-load' in html
    assert html.index("data-focus-on-load") < html.index('name="contact_phone"')


def test_the_participant_form_ties_the_gender_error_to_each_radio_button(officer_client):
    html = officer_client.post("/portal/peserta/baru/", {}).content.decode()

    assert html.count('aria-describedby="id_gender_error"') >= 2  # the buttons (and the fieldset)
    assert 'data-focus-on-load' in html


def test_every_page_loads_the_focus_script(client):
    assert "/static/js/focus_errors.js" in client.get("/masuk/").content.decode()
