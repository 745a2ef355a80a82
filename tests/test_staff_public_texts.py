"""What staff write for a public page (a prison's description, a competition, a training's title on
the certificate check, an exhibition's organisers, a category's name) never names an inmate of any
prison, cites a registration number or tells an offence: the same rule as the officers' product
texts, read against the whole country (``inmates.selectors.staff_public_texts_errors``)."""

import pytest
from django.core.exceptions import ValidationError

from exhibitions.models import Competition
from inmates.models import Prison
from inmates.selectors import staff_public_texts_errors
from tests import factories
from tests.admin_helpers import admin_url, changeform_data

pytestmark = pytest.mark.django_db

NAMED = "jangan memuat nama lengkap atau nomor registrasi warga binaan"
OFFENCE = "tindak pidana"
NUMBER_SHAPE = "berbentuk nomor registrasi"
# The report that found it: the pas account's description of a prison.
REPORTED = (
    "Salah satu warga binaan kami, Sudarto Wibisono (B.I-0100/2015), dulu napi kasus narkotika, "
    "kini mahir membatik."
)


@pytest.fixture
def held_elsewhere(db):
    """An inmate of a prison none of the texts below belongs to."""
    return factories.make_inmate(legal_name="Sudarto Wibisono", registration_number="B.I-0100/2015")


def _prison(text):
    prison = factories.make_prison()
    prison.public_description = text
    return prison, "public_description"


def _exhibition_organisers(text):
    exhibition = factories.make_exhibition()
    exhibition.organisers = f"Kementerian Perindustrian\n{text}"
    return exhibition, "organisers"


def _exhibition_title(text):
    exhibition = factories.make_exhibition()
    exhibition.title = text
    return exhibition, "title"


def _competition(field):
    def build(text):
        competition = Competition(exhibition=factories.make_exhibition(), title="Lomba suvenir hotel")
        setattr(competition, field, text)
        return competition, field

    return build


def _training(field):
    def build(text):
        training = factories.make_training()
        setattr(training, field, text)
        return training, field

    return build


def _category(field):
    def build(text):
        category = factories.make_category()
        setattr(category, field, text)
        return category, field

    return build


def _programme_place(text):
    item = factories.make_programme_item()
    item.place = text
    return item, "place"


def _prison_field(field):
    # A corrections-staff probe wrote an inmate's name as a prison's city (stop 28).
    def build(text):
        prison = factories.make_prison()
        setattr(prison, field, text)
        return prison, field

    return build


STAFF_TEXTS = [
    pytest.param(_prison, id="prison-description"),
    pytest.param(_exhibition_organisers, id="exhibition-organisers"),
    pytest.param(_exhibition_title, id="exhibition-title"),
    pytest.param(_competition("title"), id="competition-title"),
    pytest.param(_competition("organiser"), id="competition-organiser"),
    pytest.param(_competition("description"), id="competition-description"),
    pytest.param(_training("title"), id="training-title"),
    pytest.param(_training("skill_area"), id="training-skill-area"),
    pytest.param(_category("name_id"), id="category-name"),
    pytest.param(_category("name_en"), id="category-name-en"),
    pytest.param(_prison_field("city"), id="prison-city"),
    pytest.param(_prison_field("name"), id="prison-name"),
]


def _refusal(obj, field) -> str:
    with pytest.raises(ValidationError) as caught:
        obj.full_clean()
    return caught.value.message_dict[field][0]


@pytest.mark.parametrize("build", STAFF_TEXTS)
def test_a_staff_text_may_not_name_an_inmate_of_any_prison(build, held_elsewhere):
    obj, field = build("Bersama Sudarto Wibisono")

    assert NAMED in _refusal(obj, field)


@pytest.mark.parametrize("build", STAFF_TEXTS)
def test_a_staff_text_may_not_tell_an_offence(build):
    obj, field = build("Napi kasus narkotika")

    assert OFFENCE in _refusal(obj, field)


@pytest.mark.parametrize("build", STAFF_TEXTS)
def test_a_staff_text_may_not_carry_a_registration_number(build):
    obj, field = build("Peserta B.I-0237/2016")

    assert NUMBER_SHAPE in _refusal(obj, field)


@pytest.mark.parametrize("build", STAFF_TEXTS)
def test_a_staff_text_about_the_work_is_kept(build, held_elsewhere):
    obj, _field = build("Batik tulis")

    obj.full_clean()


def test_the_reported_prison_description_is_refused(held_elsewhere):
    prison, field = _prison(REPORTED)

    assert NAMED in _refusal(prison, field)


def test_a_programme_item_s_place_is_checked_like_its_title(held_elsewhere):
    item, field = _programme_place("Panggung utama, kasus narkotika")

    assert OFFENCE in _refusal(item, field)


def test_corrections_staff_cannot_save_a_prison_description_that_names_an_inmate(corrections_client, held_elsewhere):
    prison = factories.make_prison(public_description="Bengkel batik tulis dan cap.")
    url = admin_url(Prison, "change", prison.pk)
    data = changeform_data(corrections_client.get(url))
    data["public_description"] = REPORTED

    response = corrections_client.post(url, data)

    assert response.status_code == 200
    assert NAMED in str(response.context["adminform"].form.errors["public_description"])
    prison.refresh_from_db()
    assert prison.public_description == "Bengkel batik tulis dan cap."


def test_the_nationwide_check_is_one_query_for_all_the_texts(held_elsewhere, django_assert_num_queries):
    factories.make_inmate(legal_name="Rahmat Hidayat Lubis")
    texts = {"title": "Lomba suvenir", "organiser": "Second Chance Foundation", "description": REPORTED}

    with django_assert_num_queries(1):
        errors = staff_public_texts_errors(texts=texts)

    assert set(errors) == {"description"}


def test_empty_staff_texts_ask_nothing(django_assert_num_queries):
    with django_assert_num_queries(0):
        assert staff_public_texts_errors(texts={"title": "", "description": "  "}) == {}
