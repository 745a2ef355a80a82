"""A moment far outside the programme's years (0001-01-01 00:00+14:00, 9999-12-31) cannot be
converted to UTC, which every save does: it was a server error on saving (found by an outside
probe on the sales desk, and the same in the admin's date boxes). It is now a form error in the
user's language, and nothing is saved (config/validators.py)."""

import uuid

import pytest
from django.apps import apps
from django.db import models
from django.urls import reverse

from config.validators import validate_plausible_date, validate_plausible_datetime
from exhibitions.models import Exhibition, Sale
from tests import factories
from tests.admin_helpers import admin_url, changeform_data
from tests.exhibitions.test_fuzz_regressions import _post_queue_entry

pytestmark = pytest.mark.django_db

FAR_OFF = ["0001-01-01T00:00:00+14:00", "9999-12-31T23:59:59-12:00", "1899-12-31T23:00:00+07:00"]


@pytest.mark.parametrize("sold_at", FAR_OFF)
def test_sales_queue_entry_with_a_far_off_time_is_refused(officer_client, prison, sold_at):
    response = _post_queue_entry(officer_client, prison, {"sold_at": sold_at})

    assert response.status_code == 400
    assert list(response.json()["errors"]) == ["sold_at"]
    assert "tidak masuk akal" in response.json()["error"]
    assert not Sale.objects.exists()


def test_sales_desk_form_with_a_far_off_time_shows_the_form_again(officer_client, prison):
    from tests.exhibitions.sales_helpers import make_booth, make_running_exhibition

    booth = make_booth(exhibition=make_running_exhibition(), prison=prison)
    product = factories.make_product(prison=prison)
    booth.delegation.products.add(product)

    response = officer_client.post(
        reverse("portal:sales-desk", args=[booth.pk]),
        {"product": product.pk, "quantity": 1, "payment_method": "cash",
         "idempotency_key": str(uuid.uuid4()), "sold_at": "0001-01-01 00:00:00+14:00"},
    )

    assert response.status_code == 400  # the desk's answer to a refused entry: the page, with why
    assert "Tahun 1 tidak masuk akal" in response.content.decode()
    assert not Sale.objects.exists()


@pytest.mark.parametrize(("day", "year"), [("01-01-0001", 1), ("31-12-9999", 9999), ("01-01-1899", 1899)])
def test_admin_date_box_with_a_far_off_year_is_a_form_error(staff_client, day, year):
    exhibition = factories.make_exhibition()
    url = admin_url(Exhibition, "change", exhibition.pk)
    data = changeform_data(staff_client.get(url))
    data.update({"registration_opens_0": day, "registration_opens_1": "00.00"})

    response = staff_client.post(url, data)

    assert response.status_code == 200
    assert f"Tahun {year} tidak masuk akal" in response.content.decode()
    exhibition.refresh_from_db()
    assert exhibition.registration_opens is None


def test_admin_date_box_in_range_still_saves(staff_client):
    exhibition = factories.make_exhibition()
    url = admin_url(Exhibition, "change", exhibition.pk)
    data = changeform_data(staff_client.get(url))
    data.update({"registration_opens_0": "01-02-2018", "registration_opens_1": "08.00"})

    response = staff_client.post(url, data)

    assert response.status_code == 302
    exhibition.refresh_from_db()
    assert exhibition.registration_opens.isoformat() == "2018-02-01T01:00:00+00:00"  # 08.00 WIB


def test_every_date_and_time_people_enter_is_checked():
    """Every DateTimeField of the project a form can set carries the check; a new one must too."""
    missing = [
        f"{model._meta.label}.{field.name}"
        for model in apps.get_models()
        if model._meta.app_label in {"inmates", "products", "exhibitions", "programs"}
        for field in model._meta.get_fields()
        if isinstance(field, models.DateTimeField)
        and field.editable
        and field.name != "history_date"  # simple-history's own record of when, never entered
        and not (field.auto_now or field.auto_now_add)
        and validate_plausible_datetime not in field.validators
    ]
    assert missing == []


# --- Days (DateField): the same years, and spans a real exhibition or training has ---------------


def test_every_day_people_enter_is_checked():
    """Every editable DateField of the project carries the year check; a new one must too."""
    missing = [
        f"{model._meta.label}.{field.name}"
        for model in apps.get_models()
        if model._meta.app_label in {"inmates", "products", "exhibitions", "programs"}
        for field in model._meta.get_fields()
        if isinstance(field, models.DateField)
        and not isinstance(field, models.DateTimeField)
        and field.editable
        and not (field.auto_now or field.auto_now_add)
        and validate_plausible_date not in field.validators
    ]
    assert missing == []


@pytest.mark.parametrize(("day", "year"), [("31-12-9999", 9999), ("01-01-0001", 1), ("01-01-1899", 1899)])
def test_an_exhibition_ending_in_a_far_off_year_is_a_form_error(staff_client, day, year):
    exhibition = factories.make_exhibition()
    url = admin_url(Exhibition, "change", exhibition.pk)
    data = changeform_data(staff_client.get(url))
    data["end_date"] = day

    response = staff_client.post(url, data)

    assert response.status_code == 200
    assert f"Tahun {year} tidak masuk akal" in response.content.decode()
    exhibition.refresh_from_db()
    assert exhibition.end_date.year == 2018


def test_an_exhibition_longer_than_a_quarter_is_a_mistyped_year(staff_client):
    exhibition = factories.make_exhibition()  # 3-6 April 2018
    url = admin_url(Exhibition, "change", exhibition.pk)
    data = changeform_data(staff_client.get(url))
    data["end_date"] = "06-04-2108"

    response = staff_client.post(url, data)

    assert response.status_code == 200
    assert "Pameran paling lama 92 hari" in response.content.decode()
    exhibition.refresh_from_db()
    assert exhibition.end_date.isoformat() == "2018-04-06"

    data["end_date"] = "03-07-2018"  # 92 days, a long market trial: still fine
    assert staff_client.post(url, data).status_code == 302


def test_a_training_longer_than_a_year_is_a_mistyped_year():
    import datetime

    from django.core.exceptions import ValidationError

    training = factories.make_training()
    training.ends_on = datetime.date(2019, 3, 2)  # 367 days
    with pytest.raises(ValidationError) as refused:
        training.full_clean()
    assert "ends_on" in refused.value.message_dict
    training.ends_on = datetime.date(2019, 2, 28)  # 365 days
    training.full_clean()


def test_a_release_on_the_last_day_of_the_calendar_is_refused():
    """Follow-ups fall due 3, 6 and 12 months after a release: from 31-12-9999 they cannot be
    computed, and the released inmates' page failed."""
    import datetime

    from django.core.exceptions import ValidationError

    inmate = factories.make_inmate()
    inmate.release_date = datetime.date(9999, 12, 31)
    with pytest.raises(ValidationError) as refused:
        inmate.full_clean()
    assert "release_date" in refused.value.message_dict


def test_every_check_constraint_explains_itself_in_the_users_language():
    """A refused value names the rule in words, never the constraint's internal name
    ("Batasan “aid_quantity_positive” dilanggar.")."""
    from django.db.models import CheckConstraint

    unexplained = [
        f"{model._meta.label}.{constraint.name}"
        for model in apps.get_models()
        if model._meta.app_label in {"inmates", "products", "exhibitions", "programs"}
        for constraint in model._meta.constraints
        if isinstance(constraint, CheckConstraint)
        and constraint.violation_error_message == CheckConstraint.default_violation_error_message
    ]
    assert unexplained == []


def test_an_aid_of_zero_items_says_so_in_words(staff_client):
    from programs.models import Aid

    url = admin_url(Aid, "add")
    data = changeform_data(staff_client.get(url))
    data["quantity"] = "0"
    response = staff_client.post(url, data, HTTP_ACCEPT_LANGUAGE="id")
    assert response.status_code == 200
    body = response.content.decode()
    assert "aid_quantity_positive" not in body
    assert "Jumlah harus lebih dari nol." in body


@pytest.mark.parametrize(
    ("moment", "plausible"),
    [
        ("1900-01-01T00:00:00+07:00", True),  # 1899 in UTC, but 1900 where it was written
        ("1900-01-01T00:00:00+14:00", True),
        ("2999-12-31T23:59:00-12:00", True),  # 3000 in UTC
        ("1899-12-31T23:59:00-12:00", False),  # 1900 in UTC, but 1899 where it was written
        ("3000-01-01T00:00:00+09:00", False),  # 2999 in UTC
    ],
)
def test_the_year_is_checked_in_the_zone_it_was_written_in(moment, plausible):
    import datetime

    from django.core.exceptions import ValidationError

    value = datetime.datetime.fromisoformat(moment)
    if plausible:
        validate_plausible_datetime(value)
        factories.make_exhibition(registration_opens=value)  # and it can be stored
    else:
        with pytest.raises(ValidationError):
            validate_plausible_datetime(value)
