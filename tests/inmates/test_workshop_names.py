"""A workshop's name is unique in its prison whatever its case and spacing: found by a probe,
"bengkel batik" and "Bengkel  Batik " were added next to "Bengkel Batik", and the participant
import then linked a row to one of them."""

import pytest

from inmates.models import Workshop
from tests import factories
from tests.admin_helpers import admin_url, changeform_data

pytestmark = pytest.mark.django_db


def _add(client, prison, name):
    data = changeform_data(client.get(admin_url(Workshop, "add")))
    data.update(prison=str(prison.pk), name=name, craft=Workshop.Craft.BATIK)
    return client.post(admin_url(Workshop, "add"), data)


@pytest.mark.parametrize("name", ["bengkel batik", "Bengkel  Batik ", " BENGKEL\tbatik"])
def test_workshop_admin_refuses_a_name_of_the_prison_in_another_case_or_spacing(staff_client, prison, name):
    factories.make_workshop(prison=prison, name="Bengkel Batik")

    response = _add(staff_client, prison, name)

    assert response.status_code == 200
    assert response.context["adminform"].form.non_field_errors() == [
        "Lapas ini sudah memiliki bengkel kerja dengan nama ini (huruf besar dan kecil tidak dibedakan)."
    ]
    assert list(Workshop.objects.values_list("name", flat=True)) == ["Bengkel Batik"]


def test_workshop_admin_writes_one_space_between_words(staff_client, prison, other_prison):
    factories.make_workshop(prison=other_prison, name="Bengkel Batik")

    response = _add(staff_client, prison, "  bengkel   batik ")

    assert response.status_code == 302
    assert Workshop.objects.get(prison=prison).name == "bengkel batik"


def test_workshop_admin_renames_a_workshop_in_another_case(staff_client, prison):
    workshop = factories.make_workshop(prison=prison, name="bengkel batik")
    url = admin_url(Workshop, "change", workshop.pk)
    data = changeform_data(staff_client.get(url))
    data["name"] = "Bengkel Batik"

    response = staff_client.post(url, data)

    assert response.status_code == 302
    workshop.refresh_from_db()
    assert workshop.name == "Bengkel Batik"
