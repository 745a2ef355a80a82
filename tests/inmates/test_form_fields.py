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
