"""Server errors found by tests/test_fuzz_forms.py in the exhibitions' portal forms and admin."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from exhibitions.models import Delegation, Sale
from tests import factories


# A product id past 64 bits made the application form a 500 on SQLite (OverflowError); it is now
# a form error like any product not offered.
def test_application_with_a_product_id_past_64_bits_shows_the_form_again(officer_client, officer, prison):
    now = timezone.now()
    exhibition = factories.make_exhibition(
        start_date=(now + datetime.timedelta(days=60)).date(),
        end_date=(now + datetime.timedelta(days=63)).date(),
        registration_opens=now - datetime.timedelta(days=1),
        registration_closes=now + datetime.timedelta(days=30),
    )
    product = factories.make_product(prison=prison)
    data = {"products": [str(product.pk), str(2**63)], "contact_officer": officer.pk,
            "contact_phone": "0812 3456 7890"}

    response = officer_client.post(reverse("portal:application-create", args=[exhibition.slug]), data)

    assert response.status_code == 200
    assert list(response.context["form"].errors) == ["products"]
    assert Delegation.objects.count() == 0


# Found by tests/test_fuzz_forms.py: the admin's date hierarchy with a year, month or day at the
# edge of the calendar was a server error (Django computes the period's end and its UTC time
# without catching the error); it is now a bad filter like any other (?e=1).
EDGE_DATES = [
    "applied_at__year=2147483648",
    "applied_at__year=9999",
    "applied_at__year=9999&applied_at__month=12",
    "applied_at__year=9999&applied_at__month=12&applied_at__day=31",
    "applied_at__year=1",
    "applied_at__year=2018&applied_at__month=13",
    "applied_at__year=abc",
]


@pytest.mark.parametrize("query", EDGE_DATES)
def test_admin_delegation_list_with_a_date_at_the_calendars_edge_is_a_bad_filter(staff_client, query):
    response = staff_client.get(f"/admin/exhibitions/delegation/?{query}")

    assert (response.status_code, response["Location"]) == (302, "/admin/exhibitions/delegation/?e=1")


def test_admin_delegation_list_by_year_still_filters(staff_client):
    applied = factories.make_delegation(name="Delegasi 2018")
    Delegation.objects.filter(pk=applied.pk).update(
        applied_at=timezone.make_aware(datetime.datetime(2018, 3, 1, 10, 0))
    )
    factories.make_delegation(name="Delegasi sekarang")

    response = staff_client.get("/admin/exhibitions/delegation/?applied_at__year=2018")

    assert response.status_code == 200
    assert [d.name for d in response.context["cl"].result_list] == ["Delegasi 2018"]


def _post_queue_entry(officer_client, prison, change: dict):
    """A sound entry of the sales desk's offline queue, with ``change`` applied, posted as JSON."""
    import uuid

    from tests.exhibitions.sales_helpers import make_booth, make_running_exhibition

    booth = make_booth(exhibition=make_running_exhibition(), prison=prison)
    product = factories.make_product(prison=prison)
    booth.delegation.products.add(product)
    entry = {"product": product.pk, "quantity": 1, "unit_price": 150000, "payment_method": "cash",
             "idempotency_key": str(uuid.uuid4()), "sold_at": timezone.now().isoformat(), **change}
    return officer_client.post(
        reverse("portal:sales-desk-record", args=[booth.pk]), entry, content_type="application/json"
    )


# The offline queue's JSON endpoint passed any JSON value to the sale form: a list where the time
# of sale belongs was a server error (AttributeError in the form's time field). An entry whose
# values are not flat is now "unreadable" (400), as malformed JSON already was.
@pytest.mark.parametrize("change", [{"sold_at": [None]}, {"quantity": {"n": 1}}, {"product": [1, 2]}])
def test_sales_queue_entry_with_a_nested_value_is_unreadable(officer_client, prison, change):
    response = _post_queue_entry(officer_client, prison, change)

    assert (response.status_code, response.json()) == (400, {"error": "Data penjualan tidak terbaca.", "errors": {}})
    assert not Sale.objects.exists()


# Found by the fuzzer in CI: JSON true/false passed the "flat value" check (bool is an int to
# Python) and a number or a boolean where the time of sale belongs reached Django's time field,
# which called .strip() on it: a server error. Booleans are now "unreadable", numbers are read as
# the text a form would send (an invalid time: 400 with the field's message).
@pytest.mark.parametrize(
    ("change", "unreadable"),
    [({"sold_at": False}, True), ({"sold_at": True}, True), ({"quantity": True}, True),
     ({"sold_at": 1733270400}, False), ({"sold_at": 3.5}, False)],
)
def test_sales_queue_entry_with_a_boolean_or_a_number_for_the_time_is_refused(officer_client, prison, change, unreadable):
    response = _post_queue_entry(officer_client, prison, change)

    assert response.status_code == 400
    if unreadable:
        assert response.json() == {"error": "Data penjualan tidak terbaca.", "errors": {}}
    else:
        assert list(response.json()["errors"]) == ["sold_at"]
    assert not Sale.objects.exists()


# "²" passes str.isdigit() but not int(): the jury's "next entry" and the booth labels' delegation
# (?delegasi=) were server errors with it; now they read only decimal digits.
def test_jury_scores_with_a_superscript_next_entry_go_back_to_the_list(prison):
    from django.test import Client

    from exhibitions.models import CompetitionEntry, JudgeScore
    from tests.test_portal_scoping import _juror, _jury_entry

    entry = CompetitionEntry.objects.get(pk=_jury_entry(prison)["pk"])
    criterion = entry.competition.criteria.get()
    client = Client()
    client.force_login(_juror())

    response = client.post(
        reverse("portal:jury-entry", args=[entry.pk]), {f"criterion_{criterion.pk}": "80", "next": "²"}
    )

    assert (response.status_code, response["Location"]) == (302, reverse("portal:jury-list"))
    assert list(JudgeScore.objects.values_list("score", flat=True)) == [80]


def test_booth_labels_of_a_superscript_delegation_are_not_found(staff_client):
    exhibition = factories.make_exhibition()

    response = staff_client.get(f"/admin/exhibitions/exhibition/{exhibition.pk}/label-stan.pdf?delegasi=²")

    assert response.status_code == 404
