"""Booth codes, blind entry codes and criterion names are unique whatever their case (and the
surrounding spaces of a form): found by a probe, feedback sent from the QR code of booth "A-11"
was filed under a booth "a-11" added later. The admin says so as a form error, never a 500."""

import pytest
from django.urls import reverse

from exhibitions.models import Booth, Competition, CompetitionEntry, Criterion, Delegation
from exhibitions.selectors import public_feedback_target
from exhibitions.services import new_entry_code
from tests import factories
from tests.admin_helpers import admin_url, changeform_data

pytestmark = pytest.mark.django_db

BOOTH_TAKEN = "Kode stan ini sudah dipakai di pameran ini (huruf besar dan kecil tidak dibedakan)."


def _booth_formset(response):
    return next(f.formset for f in response.context["inline_admin_formsets"] if f.formset.model is Booth)


# --- Booths ------------------------------------------------------------------------------------------


def test_booth_admin_refuses_a_code_of_the_exhibition_in_another_case_with_spaces(staff_client):
    exhibition = factories.make_exhibition()
    Booth.objects.create(exhibition=exhibition, code="A-11", zone="Zona A")
    data = changeform_data(staff_client.get(admin_url(Booth, "add")))
    data.update(exhibition=str(exhibition.pk), code=" a-11 ", zone="Zona A")

    response = staff_client.post(admin_url(Booth, "add"), data)

    assert response.status_code == 200
    assert response.context["adminform"].form.non_field_errors() == [BOOTH_TAKEN]
    assert list(Booth.objects.values_list("code", flat=True)) == ["A-11"]


def test_booth_admin_takes_the_same_code_at_another_exhibition_without_spaces(staff_client):
    Booth.objects.create(exhibition=factories.make_exhibition(), code="A-11")
    other = factories.make_exhibition()
    data = changeform_data(staff_client.get(admin_url(Booth, "add")))
    data.update(exhibition=str(other.pk), code=" a-11 ", zone="Zona A")

    response = staff_client.post(admin_url(Booth, "add"), data)

    assert response.status_code == 302
    assert Booth.objects.get(exhibition=other).code == "a-11"


def _with_new_booth_rows(client, exhibition, codes):
    url = admin_url(type(exhibition), "change", exhibition.pk)
    data = changeform_data(client.get(url))
    start = int(data["booths-TOTAL_FORMS"])
    for offset, code in enumerate(codes):
        data[f"booths-{start + offset}-code"] = code
        data[f"booths-{start + offset}-zone"] = "Zona A"
    data["booths-TOTAL_FORMS"] = str(start + len(codes))
    return client.post(url, data)


def test_exhibition_admin_refuses_two_new_booth_rows_differing_only_in_case(staff_client):
    exhibition = factories.make_exhibition()

    response = _with_new_booth_rows(staff_client, exhibition, ["A-1", " a-1 "])

    assert response.status_code == 200
    assert [form.errors.get("code") for form in _booth_formset(response).forms] == [
        None,
        ["Kode stan ini sama dengan baris lain (huruf besar dan kecil tidak dibedakan); ubah salah satunya."],
    ]
    assert not Booth.objects.exists()


def test_exhibition_admin_refuses_a_new_booth_row_like_a_saved_booth_in_another_case(staff_client):
    exhibition = factories.make_exhibition()
    Booth.objects.create(exhibition=exhibition, code="A-1")

    response = _with_new_booth_rows(staff_client, exhibition, ["a-1"])

    # An inline row is not checked against the database on its exhibition (Django leaves the
    # parent out of a row's own checks), but every saved booth is a row of the same page.
    assert response.status_code == 200
    assert [form.errors.get("code") for form in _booth_formset(response).forms] == [
        None,
        ["Kode stan ini sama dengan baris lain (huruf besar dan kecil tidak dibedakan); ubah salah satunya."],
    ]
    assert list(Booth.objects.values_list("code", flat=True)) == ["A-1"]


def test_feedback_link_finds_the_booth_whatever_the_case_of_its_code(client):
    exhibition = factories.make_exhibition(slug="pameran-2018")
    delegation = factories.make_delegation(exhibition=exhibition, status=Delegation.Status.ACCEPTED)
    booth = Booth.objects.create(exhibition=exhibition, code="A-11", delegation=delegation)
    Booth.objects.create(exhibition=exhibition, code="A-12")
    Booth.objects.create(exhibition=factories.make_exhibition(), code="a-11")

    codes = ("A-11", "a-11", " a-11 ", "A-1", "")
    found = [
        public_feedback_target(exhibition=exhibition, booth_code=code, product_slug="")[0] for code in codes
    ]
    response = client.get(reverse("public:feedback", args=[exhibition.slug]) + "?stan=a-11")

    assert found == [booth, booth, booth, None, None]
    assert "Stan A-11" in response.content.decode()


# --- Competitions ------------------------------------------------------------------------------------


@pytest.fixture
def competition():
    exhibition = factories.make_exhibition(title="Pameran 2018", slug="pameran-2018")
    return Competition.objects.create(exhibition=exhibition, title="Lomba Cinderamata untuk Hotel")


def _inline(response, model):
    return next(f.formset for f in response.context["inline_admin_formsets"] if f.formset.model is model)


def test_competition_admin_refuses_criteria_differing_only_in_case(staff_client, competition):
    url = admin_url(Competition, "change", competition.pk)
    data = changeform_data(staff_client.get(url))
    data["criteria-TOTAL_FORMS"] = "2"
    for index, name in enumerate(["Kerapian", "kerapian "]):
        data.update(
            {
                f"criteria-{index}-name": name,
                f"criteria-{index}-weight": "50",
                f"criteria-{index}-position": str(index),
            }
        )

    response = staff_client.post(url, data)

    assert response.status_code == 200
    assert [form.errors.get("name") for form in _inline(response, Criterion).forms] == [
        None,
        ["Kriteria ini sama dengan baris lain (huruf besar dan kecil tidak dibedakan); ubah salah satunya."],
    ]
    assert not Criterion.objects.exists()


def test_competition_admin_refuses_an_entry_code_taken_in_another_case(staff_client, competition):
    delegation = factories.make_delegation(
        exhibition=competition.exhibition, status=Delegation.Status.ACCEPTED
    )
    CompetitionEntry.objects.create(
        competition=competition, delegation=delegation, entry_code="CH-417", title="Karya A"
    )
    url = admin_url(Competition, "change", competition.pk)
    data = changeform_data(staff_client.get(url))
    data.update(
        {
            "entries-TOTAL_FORMS": "2",
            "entries-1-entry_code": "ch-417",
            "entries-1-title": "Karya B",
            "entries-1-delegation": str(delegation.pk),
        }
    )

    response = staff_client.post(url, data)

    assert response.status_code == 200
    assert [form.errors.get("entry_code") for form in _inline(response, CompetitionEntry).forms] == [
        None,
        [
            "Kode peserta ini sama dengan baris lain (huruf besar dan kecil tidak dibedakan); ubah salah satunya."
        ],
    ]
    assert list(CompetitionEntry.objects.values_list("entry_code", flat=True)) == ["CH-417"]


def test_entry_admin_refuses_an_entry_code_taken_in_another_case(staff_client, competition):
    delegation = factories.make_delegation(
        exhibition=competition.exhibition, status=Delegation.Status.ACCEPTED
    )
    CompetitionEntry.objects.create(
        competition=competition, delegation=delegation, entry_code="CH-417", title="Karya A"
    )
    data = changeform_data(staff_client.get(admin_url(CompetitionEntry, "add")))
    data.update(
        competition=str(competition.pk), entry_code="ch-417", title="Karya B", delegation=str(delegation.pk)
    )

    response = staff_client.post(admin_url(CompetitionEntry, "add"), data)

    assert response.status_code == 200
    assert response.context["adminform"].form.non_field_errors() == [
        "Kode peserta ini sudah dipakai di lomba ini (huruf besar dan kecil tidak dibedakan)."
    ]
    assert CompetitionEntry.objects.count() == 1


def test_new_entry_code_avoids_a_code_taken_in_another_case(competition):
    taken = {f"ch-{n}" for n in range(100, 1000)} - {"ch-777"}

    assert new_entry_code(competition=competition, taken=taken) == "CH-777"
