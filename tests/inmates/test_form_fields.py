"""inmates.form_fields.IdMultipleChoiceField: an id past 64 bits is "not one of the choices"
(found by tests/test_fuzz_forms.py: on SQLite it was an OverflowError, a 500)."""

import pytest
from django.core.exceptions import ValidationError

from inmates.form_fields import IdMultipleChoiceField
from inmates.models import Inmate
from tests import factories


@pytest.mark.parametrize("posted", [str(2**63), str(-(2**63) - 1), "1" + "0" * 40])
def test_id_past_64_bits_is_not_a_choice(db, posted):
    inmate = factories.make_inmate()
    field = IdMultipleChoiceField(queryset=Inmate.objects.all())

    with pytest.raises(ValidationError) as raised:
        field.clean([str(inmate.pk), posted])

    assert [error.code for error in raised.value.error_list] == ["invalid_choice"]


def test_largest_64_bit_id_is_looked_up_and_not_found(db):
    field = IdMultipleChoiceField(queryset=Inmate.objects.all())

    with pytest.raises(ValidationError) as raised:
        field.clean([str(2**63 - 1)])

    assert [error.code for error in raised.value.error_list] == ["invalid_choice"]


def test_ids_of_choices_are_accepted(db):
    first, second = factories.make_inmate(), factories.make_inmate()
    field = IdMultipleChoiceField(queryset=Inmate.objects.all())

    assert set(field.clean([str(first.pk), str(second.pk)])) == {first, second}


def test_text_is_still_refused_by_djangos_own_check(db):
    field = IdMultipleChoiceField(queryset=Inmate.objects.all())

    with pytest.raises(ValidationError) as raised:
        field.clean(["abc"])

    assert [error.code for error in raised.value.error_list] == ["invalid_pk_value"]


@pytest.mark.parametrize(
    ("typed", "amount"),
    [("12.500.000", 12_500_000), ("Rp 1.250.000,-", 1_250_000), ("150000", 150_000), ("Rp150.000,00", 150_000)],
)
def test_rupiah_is_read_as_people_write_it(typed, amount):
    from inmates.form_fields import RupiahField

    assert RupiahField().clean(typed) == amount


def test_rupiah_past_forty_characters_is_refused_never_cut():
    """Found by a review: 39 zeros and "1500000" was cut to forty characters and read as Rp 1."""
    from inmates.form_fields import RupiahField

    with pytest.raises(ValidationError):
        RupiahField().clean("0" * 39 + "1500000")


@pytest.mark.parametrize(
    ("typed", "number"),
    [("1.000", 1000), ("1000", 1000), (" 12.500 ", 12500), ("1 000", 1000), ("7", 7), ("-3", -3), ("1.000.000", 10**6)],
)
def test_a_whole_number_is_read_as_indonesians_write_it(typed, number):
    """Django's IntegerField read "1.000" as 1, without a word."""
    from inmates.form_fields import WholeNumberField

    assert WholeNumberField().clean(typed) == number


@pytest.mark.parametrize(
    ("typed", "code"),
    [("1,5", "decimal"), ("1.5", "decimal"), ("1.50", "decimal"), ("1,000", "decimal"), ("banyak", "invalid"),
     ("1.0000", "decimal"), ("0" * 41, "invalid"), ("", "required")],
)
def test_a_fraction_or_text_is_refused_saying_why(typed, code):
    from inmates.form_fields import WholeNumberField

    with pytest.raises(ValidationError) as raised:
        WholeNumberField().clean(typed)

    assert [error.code for error in raised.value.error_list] == [code]


def test_a_fraction_is_told_to_be_written_whole():
    from inmates.form_fields import WholeNumberField

    with pytest.raises(ValidationError) as raised:
        WholeNumberField().clean("1,5")

    assert raised.value.messages == [
        "Tulis bilangan bulat, tanpa koma atau pecahan: misalnya 1.000 (titik sebagai pemisah ribuan)."
    ]


def test_a_json_number_is_taken_whole_and_true_is_no_number():
    from inmates.form_fields import WholeNumberField

    assert (WholeNumberField().clean(3), WholeNumberField().clean(3.0)) == (3, 3)
    for value in (True, 2.5):
        with pytest.raises(ValidationError):
            WholeNumberField().clean(value)


def test_a_whole_number_box_is_text_with_the_phone_digit_keyboard():
    from inmates.form_fields import WholeNumberField

    html = WholeNumberField(min_value=0).widget.render("jumlah", 1500)

    assert html == '<input type="text" name="jumlah" value="1500" inputmode="numeric">'
