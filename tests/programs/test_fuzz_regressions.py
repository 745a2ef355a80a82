"""Found by tests/test_fuzz_forms.py: the admin's date hierarchy at the edge of the calendar was
a server error in every list that has one; the trainings' list (a date field) stands for the
programs' lists here."""

import pytest


@pytest.mark.parametrize(
    "query",
    ["starts_on__year=9999", "starts_on__year=9999&starts_on__month=12&starts_on__day=31",
     "starts_on__year=99999999999999999999"],
)
def test_admin_training_list_with_a_date_at_the_calendars_edge_is_a_bad_filter(staff_client, query):
    response = staff_client.get(f"/admin/programs/training/?{query}")

    assert (response.status_code, response["Location"]) == (302, "/admin/programs/training/?e=1")


# "²" passes str.isdigit() but not int(): ?bulan=² on the follow-up form was a server error.
def test_followup_form_with_a_superscript_month_preselects_nothing(officer_client, prison):
    import datetime

    from django.urls import reverse

    from tests import factories

    inmate = factories.make_inmate(prison=prison, status="released", release_date=datetime.date(2018, 1, 15))

    response = officer_client.get(reverse("portal:followup-create", args=[inmate.pk]) + "?bulan=²")

    assert response.status_code == 200
    assert response.context["form"]["months_after_release"].value() is None
