"""A name or a title a person reads has a letter in it: a Kanwil named "-1", a product called
"!!!" or a buyer called "12345" is refused with a form error in Indonesian, on every surface
(found by a ministry-staff probe: the admin saved a Kanwil named "-1")."""

import pytest
from django.apps import apps
from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse

from config.validators import NAME_VALIDATORS, validate_has_letter
from exhibitions.models import Inquiry
from inmates.models import Region
from products.models import Product
from tests import factories
from tests.admin_helpers import admin_url, changeform_data

NO_LETTER = "Isian ini harus memuat huruf, tidak hanya angka atau tanda baca."


@pytest.mark.parametrize("value", ["Batik Cipinang", "Lapas Kelas I", "Тарас", "李明", "é", "3M", "Kanwil 2"])
def test_a_name_with_a_letter_of_any_script_passes(value):
    validate_has_letter(value)


@pytest.mark.parametrize("value", ["-1", "!!!", "2018", " .. ", "12.345", "🙂", "ˆˇ", "ー", "\u0301\u0301"])
def test_a_name_of_digits_or_marks_only_is_refused(value):
    with pytest.raises(ValidationError) as caught:
        validate_has_letter(value)
    assert caught.value.messages == [NO_LETTER]


def test_an_empty_optional_name_is_left_to_the_required_check():
    validate_has_letter("")
    validate_has_letter(None)


# Every name and title a reader sees, by model and field: adding one without the check is a choice
# to write down here.
NAMED_FIELDS = {
    ("inmates", "Region"): {"name", "province"},
    ("inmates", "Prison"): {"name", "city"},
    ("inmates", "Workshop"): {"name"},
    ("inmates", "Inmate"): {"legal_name", "display_name"},
    ("products", "Category"): {"name_id", "name_en"},
    ("products", "Product"): {"name"},
    ("exhibitions", "Exhibition"): {"title", "venue", "city"},
    ("exhibitions", "Delegation"): {"name"},
    ("exhibitions", "ProgrammeItem"): {"title"},
    ("exhibitions", "Competition"): {"title", "organiser"},
    ("exhibitions", "Criterion"): {"name"},
    ("exhibitions", "CompetitionEntry"): {"title"},
    ("exhibitions", "Inquiry"): {"buyer_name", "organisation"},
    ("programs", "Agreement"): {"title", "first_party", "second_party"},
    ("programs", "Training"): {"title", "skill_area"},
    ("programs", "FollowUp"): {"business_name"},
}


def test_every_name_and_title_is_checked_for_letters():
    from config.validators import LEGAL_NAME_VALIDATORS

    missing = []
    for (app_label, model_name), names in NAMED_FIELDS.items():
        model = apps.get_model(app_label, model_name)
        for name in names:
            # A legal name may also be the erased mark (programs.erasure), on an erased row only.
            wanted = LEGAL_NAME_VALIDATORS if (model_name, name) == ("Inmate", "legal_name") else NAME_VALIDATORS
            if not all(v in model._meta.get_field(name).validators for v in wanted):
                missing.append(f"{model_name}.{name}")
    assert missing == []


@pytest.mark.django_db
def test_the_admin_refuses_a_kanwil_named_minus_one_and_saves_nothing():
    boss = get_user_model().objects.create_superuser("boss", "boss@example.test", "s3cret-pass-Etalase")
    client = Client()
    client.force_login(boss)
    url = admin_url(Region, "add")
    data = changeform_data(client.get(url))
    data.update(name="-1", province="Papua Tengah", slug="papua-tengah", code="")

    response = client.post(url, data)

    assert response.status_code == 200
    assert response.context["adminform"].form.errors["name"] == [NO_LETTER]
    assert NO_LETTER in response.content.decode()
    assert not Region.objects.filter(province="Papua Tengah").exists()


@pytest.mark.django_db
def test_the_portal_refuses_a_product_named_with_digits_only(officer_client):
    from tests.products.test_portal_products import CREATE_URL, product_data

    data = product_data(factories.make_category(), name="12345")

    response = officer_client.post(CREATE_URL, data)

    assert response.status_code == 200
    assert response.context["form"].errors["name"] == [NO_LETTER]
    assert not Product.objects.filter(name="12345").exists()


@pytest.mark.django_db
def test_a_buyer_named_with_marks_only_is_asked_for_a_name(client, prison):
    cache.clear()
    product = factories.make_product(prison=prison, slug="taplak")

    response = client.post(
        reverse("public:product-detail", args=[product.slug]),
        {"buyer_name": "!!!", "email": "ratna@hotel.example", "quantity": "5",
         "message": "Kami ingin memesan taplak untuk hotel."},
        REMOTE_ADDR="203.0.113.9",
    )

    assert response.status_code == 200
    assert response.context["form"].errors["buyer_name"] == [NO_LETTER]
    assert Inquiry.objects.count() == 0
    cache.clear()


# --- Upper bounds of typed numbers ---------------------------------------------------------------


def test_a_number_above_its_limit_is_told_the_limit_grouped_as_the_reader_writes_it():
    from django.utils import translation

    from config.validators import AtMost

    def refused(validator, value, language):
        with translation.override(language):
            with pytest.raises(ValidationError) as caught:
                validator(value)
            return caught.value.messages

    assert refused(AtMost(1_000_000), 1_000_001, "id") == ["Terlalu besar: paling banyak 1.000.000."]
    assert refused(AtMost(10**12, rupiah=True), 10**12 + 1, "id") == [
        "Terlalu besar: paling banyak Rp 1.000.000.000.000."
    ]
    assert refused(AtMost(1_000_000), 2_000_000, "en") == ["Too large: at most 1,000,000."]
    AtMost(100)(100)
    AtMost(100)(None)


def test_every_number_a_person_types_into_a_column_has_its_own_limit():
    """Without one, the database's range is the limit: 32767 on PostgreSQL but 9223372036854775807
    on SQLite (the demo), which then kept what production refuses."""
    from django.core.validators import MaxValueValidator
    from django.db import models

    # Filled in by the software, never typed: counters, sizes of stored images, computed shares.
    computed = {
        "StagedImage.width", "StagedImage.height", "ProductImage.width", "ProductImage.height",
        "TrainingParticipant.days_attended", "TrainingParticipant.waitlist_position",
        "CertificateCounter.last_number", "CertificateCounter.year",
        "Sale.share_inmate", "Sale.share_pnbp", "Sale.share_programme",
    }
    missing = []
    for model in apps.get_models():
        if model._meta.app_label not in {"inmates", "products", "exhibitions", "programs"}:
            continue
        if model.__name__.startswith("Historical"):
            continue
        for field in model._meta.concrete_fields:
            if not isinstance(field, models.IntegerField) or isinstance(field, models.AutoField):
                continue
            if field.choices or f"{model.__name__}.{field.name}" in computed:
                continue
            if not any(isinstance(v, MaxValueValidator) for v in field._validators):
                missing.append(f"{model.__name__}.{field.name}")
    assert missing == []


@pytest.mark.django_db
def test_the_admin_tells_the_limit_of_a_booth_quota_in_indonesian_and_saves_nothing():
    from exhibitions.models import Delegation

    boss = get_user_model().objects.create_superuser("boss", "boss@example.test", "s3cret-pass-Etalase")
    client = Client()
    client.force_login(boss)
    delegation = factories.make_delegation()
    url = admin_url(Delegation, "change", delegation.pk)
    data = changeform_data(client.get(url))
    data["booth_quota"] = "40.000"

    response = client.post(url, data)

    assert response.status_code == 200
    assert response.context["adminform"].form.errors["booth_quota"] == ["Terlalu besar: paling banyak 50."]
    delegation.refresh_from_db()
    assert delegation.booth_quota == 1


@pytest.mark.django_db
def test_the_admin_tells_a_sales_real_limit_not_the_databases():
    """A price of 999999999999999999999 was told "paling banyak Rp 9.223.372.036.854.775.807" (the
    database's largest integer) where the column's limit is Rp 1.000.000.000.000."""
    from inmates.form_fields import RupiahField
    from programs.models import Aid

    field = Aid._meta.get_field("value").formfield(form_class=RupiahField)
    assert field.max_value is None
    with pytest.raises(ValidationError) as caught:
        Aid._meta.get_field("value").run_validators(10**21)
    assert caught.value.messages == ["Terlalu besar: paling banyak Rp 1.000.000.000.000."]


@pytest.mark.django_db
def test_the_admin_refuses_a_delegation_contact_phone_of_letters(staff_client):
    """Found by a staff probe: "abc" was saved as a delegation's contact phone and shown in the portal."""
    from exhibitions.models import Delegation

    delegation = factories.make_delegation()
    url = admin_url(Delegation, "change", delegation.pk)
    data = changeform_data(staff_client.get(url))
    data.pop("products", None)
    data["contact_phone"] = "abc"

    refused = staff_client.post(url, data)
    data["contact_phone"] = "(021) 525 5509"
    saved = staff_client.post(url, data)

    assert refused.status_code == 200
    assert refused.context["adminform"].form.errors["contact_phone"] == [
        "Tulis nomor telepon dengan angka, mis. 0812 3456 7890 atau +62 21 123 4567."
    ]
    assert saved.status_code == 302
    delegation.refresh_from_db()
    assert delegation.contact_phone == "(021) 525 5509"


@pytest.mark.parametrize("phone", ["0812345678\n9", "٠٨١٢٣٤٥٦٧٨٩", "０８１２３４５６７８９"])
def test_a_phone_column_takes_ascii_digits_on_one_line(phone):
    """Found by an attacker probe: a line break and Arabic-Indic or fullwidth digits were kept."""
    from config.validators import validate_phone_number

    with pytest.raises(ValidationError):
        validate_phone_number(phone)
    validate_phone_number("0812 3456 7890")


@pytest.mark.django_db
def test_the_erased_mark_is_no_name_for_a_living_participant():
    """Found by an attacker probe: "—" was saved as a living participant's legal name."""
    inmate = factories.make_inmate()
    inmate.legal_name = "—"

    with pytest.raises(ValidationError) as refused:
        inmate.full_clean()

    assert refused.value.message_dict["legal_name"] == [NO_LETTER]

