"""A prison's delegation takes its Kanwil from the prison: staff need not pick it twice."""

import re

import pytest

from exhibitions.models import Delegation
from tests import factories

pytestmark = pytest.mark.django_db

ADD_URL = "/admin/exhibitions/delegation/add/"


def _post(client, **fields):
    page = client.get(ADD_URL).content.decode()
    data = {
        name: value
        for name, value in re.findall(r'name="([\w-]+-(?:TOTAL|INITIAL|MIN_NUM|MAX_NUM)_FORMS)"[^>]*value="(\d*)"', page)
    }
    data.update({name: "0" for name in data if name.endswith("TOTAL_FORMS")})
    data.update(booth_quota="1", product_quota="20", applied_at_0="2018-03-01", applied_at_1="10:00:00")
    data.update(fields)
    return client.post(ADD_URL, data)


def test_a_prison_delegation_without_a_kanwil_gets_the_prisons(staff_client):
    exhibition = factories.make_exhibition()
    prison = factories.make_prison()
    response = _post(staff_client, exhibition=exhibition.pk, name="Lapas Cipinang", prison=prison.pk, region="")
    assert response.status_code == 302, response.context["adminform"].form.errors
    delegation = Delegation.objects.get(name="Lapas Cipinang")
    assert delegation.region_id == prison.region_id


def test_neither_kanwil_nor_prison_is_a_form_error(staff_client):
    exhibition = factories.make_exhibition()
    response = _post(staff_client, exhibition=exhibition.pk, name="Tanpa asal", prison="", region="")
    assert response.status_code == 200
    assert "Pilih kanwil, atau lapas/rutan" in response.content.decode()
    assert not Delegation.objects.exists()


def test_a_kanwil_delegation_still_needs_no_prison(staff_client):
    exhibition = factories.make_exhibition()
    region = factories.make_region()
    response = _post(staff_client, exhibition=exhibition.pk, name="Kanwil Jawa Barat", prison="", region=region.pk)
    assert response.status_code == 302
    assert Delegation.objects.get(name="Kanwil Jawa Barat").region == region


def test_a_prison_of_another_kanwil_is_still_refused(staff_client):
    exhibition = factories.make_exhibition()
    prison = factories.make_prison()
    other = factories.make_region()
    response = _post(staff_client, exhibition=exhibition.pk, name="Salah kanwil", prison=prison.pk, region=other.pk)
    assert response.status_code == 200
    assert "Lapas harus berada di kanwil delegasi." in response.content.decode()
