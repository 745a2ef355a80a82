import datetime

import pytest
from django.db import IntegrityError, transaction
from django.utils import timezone

from programs.models import (
    Agreement,
    Certificate,
    Training,
    TrainingParticipant,
    new_verification_code,
)
from tests import factories

pytestmark = pytest.mark.django_db

UNAMBIGUOUS = set("ABCDEFGHJKLMNPQRSTUVWXYZ23456789")


def _certificate(**kwargs) -> Certificate:
    if "participant" not in kwargs:
        kwargs["participant"] = factories.make_participant()
    kwargs.setdefault("number", f"SERT-{factories.n()}/IKM/2018")
    kwargs.setdefault("issued_on", datetime.date(2018, 3, 6))
    return Certificate.objects.create(**kwargs)


def test_agreement_valid_to_before_valid_from_fails():
    with pytest.raises(IntegrityError), transaction.atomic():
        factories.make_agreement(
            valid_from=datetime.date(2018, 4, 3), valid_to=datetime.date(2018, 4, 2)
        )
    assert Agreement.objects.count() == 0


def test_agreement_valid_one_day_allowed():
    agreement = factories.make_agreement(
        valid_from=datetime.date(2018, 4, 3), valid_to=datetime.date(2018, 4, 3)
    )
    assert Agreement.objects.get(pk=agreement.pk).valid_to == datetime.date(2018, 4, 3)


def test_agreement_duplicate_number_fails():
    factories.make_agreement(number="PKS.01/2018")
    with pytest.raises(IntegrityError), transaction.atomic():
        factories.make_agreement(number="PKS.01/2018")


def test_training_ends_before_start_fails(prison):
    with pytest.raises(IntegrityError), transaction.atomic():
        factories.make_training(
            prison=prison, starts_on=datetime.date(2018, 3, 5), ends_on=datetime.date(2018, 3, 1)
        )
    assert Training.objects.count() == 0


def test_training_one_day_allowed(prison):
    training = factories.make_training(
        prison=prison, starts_on=datetime.date(2018, 3, 5), ends_on=datetime.date(2018, 3, 5)
    )
    assert Training.objects.get(pk=training.pk).ends_on == datetime.date(2018, 3, 5)


def test_training_zero_capacity_fails(prison):
    with pytest.raises(IntegrityError), transaction.atomic():
        factories.make_training(prison=prison, capacity=0)
    assert Training.objects.count() == 0


def test_participant_twice_in_training_fails(prison):
    training = factories.make_training(prison=prison)
    inmate = factories.make_inmate(prison=prison)
    factories.make_participant(training=training, inmate=inmate)
    with pytest.raises(IntegrityError), transaction.atomic():
        factories.make_participant(training=training, inmate=inmate)
    assert TrainingParticipant.objects.filter(training=training).count() == 1


def test_participant_in_two_trainings_allowed(prison):
    inmate = factories.make_inmate(prison=prison)
    factories.make_participant(training=factories.make_training(prison=prison), inmate=inmate)
    factories.make_participant(training=factories.make_training(prison=prison), inmate=inmate)
    assert TrainingParticipant.objects.filter(inmate=inmate).count() == 2


def test_participant_score_over_100_fails():
    with pytest.raises(IntegrityError), transaction.atomic():
        factories.make_participant(score=101)
    assert TrainingParticipant.objects.count() == 0


def test_participant_score_100_and_none_allowed():
    full = factories.make_participant(score=100)
    unscored = factories.make_participant(score=None)
    assert TrainingParticipant.objects.get(pk=full.pk).score == 100
    assert TrainingParticipant.objects.get(pk=unscored.pk).score is None


def test_certificate_duplicate_number_fails():
    _certificate(number="SERT-001/IKM/2018")
    with pytest.raises(IntegrityError), transaction.atomic():
        _certificate(number="SERT-001/IKM/2018")
    assert Certificate.objects.count() == 1


def test_certificate_second_for_same_participant_fails():
    participant = factories.make_participant()
    _certificate(participant=participant)
    with pytest.raises(IntegrityError), transaction.atomic():
        _certificate(participant=participant)


def test_certificate_revoked_without_reason_fails():
    with pytest.raises(IntegrityError), transaction.atomic():
        _certificate(revoked_at=timezone.now(), revoke_reason="")
    assert Certificate.objects.count() == 0


def test_certificate_revoked_later_without_reason_fails():
    certificate = _certificate()
    with pytest.raises(IntegrityError), transaction.atomic():
        Certificate.objects.filter(pk=certificate.pk).update(revoked_at=timezone.now())
    assert Certificate.objects.get(pk=certificate.pk).revoked_at is None


def test_certificate_revoked_with_reason_allowed():
    certificate = _certificate(revoked_at=timezone.now(), revoke_reason="Data peserta keliru.")
    assert Certificate.objects.get(pk=certificate.pk).revoke_reason == "Data peserta keliru."


def test_certificate_gets_verification_code_by_default():
    certificate = _certificate()
    code = Certificate.objects.get(pk=certificate.pk).verification_code
    assert len(code) == 12
    assert set(code) <= UNAMBIGUOUS


def test_certificate_duplicate_verification_code_fails():
    _certificate(verification_code="ABCDEFGH2345")
    with pytest.raises(IntegrityError), transaction.atomic():
        _certificate(verification_code="ABCDEFGH2345")


def test_verification_code_twelve_unambiguous_characters():
    codes = [new_verification_code() for _ in range(2000)]
    assert {len(code) for code in codes} == {12}
    assert set("".join(codes)) <= UNAMBIGUOUS
    assert set("".join(codes)).isdisjoint("01IOilo")
    # 32**12 possible codes: a repeat among 2000 would mean the generator is broken.
    assert len(set(codes)) == 2000


def test_names_in_admin_headings_read_as_people_write_them():
    """Found by a probe: inline rows were headed "Lainnya (2018-02-23)" and
    "Sari Puspitasari (B.I-1607/2017) @ Bimtek Batik Tulis (Lapas …, 2018)"."""
    from django.utils import translation

    from programs.models import Evidence

    participant = factories.make_participant(training=factories.make_training(title="Bimtek Batik Tulis"))
    evidence = Evidence(kind=Evidence.Kind.choices[0][0], date=datetime.date(2018, 2, 23))
    with translation.override("id"):
        assert str(participant) == f"{participant.inmate} · Bimtek Batik Tulis"
        assert str(evidence).endswith("(23 Feb 2018)")
        assert "2018-02-23" not in str(evidence)
