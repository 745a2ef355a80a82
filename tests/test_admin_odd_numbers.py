"""Ids and numbers posted to the admin that are digits but not numbers int() reads ("²", a
superscript two, is a digit) or too long for a database id: refused or left out, never a server
error."""

import pytest

from exhibitions.fair_admin import posted_booth_quotas
from tests.admin_helpers import admin_url, changeform_data

pytestmark = pytest.mark.django_db


def test_booth_quotas_leave_out_rows_whose_numbers_do_not_read():
    data = {
        "delegations-TOTAL_FORMS": "4",
        "delegations-0-id": "7", "delegations-0-booth_quota": "2",
        "delegations-1-id": "²", "delegations-1-booth_quota": "1",
        "delegations-2-id": "8", "delegations-2-booth_quota": "³",
        "delegations-3-id": "9" * 30, "delegations-3-booth_quota": "1",
    }

    assert posted_booth_quotas(data) == {7: 2}


@pytest.mark.parametrize("group", ["²", "9" * 30])
def test_user_form_with_a_group_id_that_is_no_number_is_not_a_server_error(staff_client, group):
    data = changeform_data(staff_client.get("/admin/auth/user/add/"))
    data.update(username="akun.baru", usable_password="true", password1="Batik#Tulis", password2="Batik#Tulis",
                groups=[group])

    response = staff_client.post("/admin/auth/user/add/", data)

    assert response.status_code in (200, 302)


@pytest.mark.parametrize("object_id", ["9" * 5000, "9" * 25, "²"])
def test_every_admin_change_and_history_page_with_an_id_that_is_no_record_is_not_a_server_error(
    staff_user, client, object_id
):
    """Found by an attacker probe: the programme item's page read a 5,000-digit id as a number to
    find the venue's clock (int() refuses more than 4,300 digits)."""
    from django.contrib import admin

    staff_user.is_superuser = True
    staff_user.save()
    client.force_login(staff_user)
    for model in admin.site._registry:
        for view in ("change", "history", "delete"):
            url = admin_url(model, view, "1").replace("/1/", f"/{object_id}/")
            response = client.get(url)
            assert response.status_code in (302, 403, 404), (url[:80], response.status_code)
