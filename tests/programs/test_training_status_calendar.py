"""A training is "Selesai" only from its last day and "Berlangsung" only from its first (a PKS
probe: a training three weeks ahead was marked finished, and the year's outcomes and the prison's
public page counted its participants as trained)."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from programs.models import Training
from tests import factories
from tests.admin_helpers import admin_url, changeform_data

pytestmark = pytest.mark.django_db


def _training(start_in, days=3, **kwargs):
    today = timezone.localdate()
    return factories.make_training(
        starts_on=today + datetime.timedelta(days=start_in),
        ends_on=today + datetime.timedelta(days=start_in + days - 1),
        **kwargs,
    )


def test_a_training_still_to_end_cannot_be_finished_nor_one_to_come_running():
    ahead = _training(15)
    ahead.status = Training.Status.FINISHED
    with pytest.raises(ValidationError) as finished:
        ahead.full_clean()
    ahead.status = Training.Status.RUNNING
    with pytest.raises(ValidationError) as running:
        ahead.full_clean()

    assert "status Selesai dapat dipilih mulai hari itu" in finished.value.message_dict["status"][0]
    assert "status Berlangsung dapat dipilih mulai hari itu" in running.value.message_dict["status"][0]


def test_on_its_last_day_a_training_may_be_finished_and_while_it_runs_running():
    last_day = _training(-2, days=3)
    last_day.status = Training.Status.FINISHED
    last_day.full_clean()

    ongoing = _training(-1, days=3)
    ongoing.status = Training.Status.RUNNING
    ongoing.full_clean()
    ongoing.status = Training.Status.FINISHED
    with pytest.raises(ValidationError):
        ongoing.full_clean()


def test_the_admin_refuses_finished_for_a_training_ahead_and_keeps_it_planned(staff_client):
    training = _training(15)
    url = admin_url(Training, "change", training.pk)
    data = changeform_data(staff_client.get(url))
    data["status"] = Training.Status.FINISHED

    response = staff_client.post(url, data)

    assert response.status_code == 200
    assert "status Selesai dapat dipilih mulai hari itu" in response.content.decode()
    training.refresh_from_db()
    assert training.status == Training.Status.PLANNED


def _with_certificate(training):
    from programs.models import Certificate, TrainingParticipant

    participant = factories.make_participant(training=training, status=TrainingParticipant.Status.CONFIRMED,
                                             passed=True, score=80)
    return Certificate.objects.create(participant=participant, number=f"T/{training.pk}", issued_on=training.ends_on)


def test_what_a_certificate_prints_is_kept_once_certificates_are_in_force(staff_client):
    """Found by a PKS probe: a changed title, end date and hours rewrote the verification page of
    certificates already handed out, so a genuine paper one looked forged."""
    training = factories.make_training(title="Bimtek Batik Tulis", hours=40)
    certificate = _with_certificate(training)
    url = admin_url(Training, "change", training.pk)
    data = changeform_data(staff_client.get(url))
    data.update({"title": "Bimtek Batik Cap", "hours": "32"})

    response = staff_client.post(url, data)

    assert response.status_code == 200
    assert "1 sertifikat pelatihan ini sudah terbit" in response.content.decode()
    training.refresh_from_db()
    assert (training.title, training.hours) == ("Bimtek Batik Tulis", 40)

    # Other fields stay editable; revoked, the training may be corrected.
    training.capacity = 25
    training.full_clean()
    certificate.revoked_at, certificate.revoke_reason = timezone.now(), "Judul salah"
    certificate.save()
    training.title = "Bimtek Batik Cap"
    training.full_clean()
