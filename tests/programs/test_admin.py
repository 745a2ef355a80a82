"""Programme admin: who proposed, who issued; the due-date filter the dashboard links to."""

import datetime

import pytest
from django.utils import timezone

from programs.models import Certificate, Obligation, Training, TrainingParticipant
from tests import factories
from tests.admin_helpers import admin_url, changeform_data

pytestmark = pytest.mark.django_db


def test_participant_added_in_the_training_page_records_who_proposed(staff_client, staff_user):
    training = factories.make_training()
    inmate = factories.make_inmate(prison=training.prison)
    data = changeform_data(staff_client.get(admin_url(Training, "change", training.pk)))
    data.update(
        {
            "participants-TOTAL_FORMS": "1",
            "participants-0-inmate": str(inmate.pk),
            "participants-0-status": "proposed",
            "participants-0-days_attended": "0",
            "participants-0-passed": "unknown",
        }
    )

    response = staff_client.post(admin_url(Training, "change", training.pk), data)

    assert response.status_code == 302
    participant = TrainingParticipant.objects.get(training=training)
    assert (participant.inmate, participant.proposed_by) == (inmate, staff_user)


@pytest.mark.parametrize("case", ["released inmate", "finished training"])
def test_a_participant_who_could_never_be_confirmed_is_refused_on_the_training_page(staff_client, case):
    # Found by a staff probe: a released inmate, and participants of a training saved as
    # finished, passed this page and were refused only at the confirm step.
    training = factories.make_training(status="finished" if case == "finished training" else "planned")
    inmate = factories.make_inmate(
        prison=training.prison, legal_name="Lilis Suryati",
        **({"status": "released", "release_date": datetime.date(2018, 1, 5)} if case == "released inmate" else {}),
    )
    data = changeform_data(staff_client.get(admin_url(Training, "change", training.pk)))
    data.update({"participants-TOTAL_FORMS": "1", "participants-0-inmate": str(inmate.pk)})

    response = staff_client.post(admin_url(Training, "change", training.pk), data)

    assert response.status_code == 200
    errors = response.context["inline_admin_formsets"][0].formset.forms[0].errors["inmate"]
    if case == "released inmate":
        assert errors == ["Lilis Suryati tidak lagi aktif di lapas (Bebas); hanya warga binaan aktif yang dapat diusulkan."]
    else:
        assert errors[0].startswith("Pelatihan berstatus “Selesai”: peserta baru tidak dapat dikonfirmasi lagi.")
    assert not TrainingParticipant.objects.exists()


def test_certificate_added_in_the_admin_records_who_issued_it(staff_client, staff_user):
    participant = factories.make_participant(passed=True, score=85, status="confirmed")
    data = changeform_data(staff_client.get(admin_url(Certificate, "add")))
    # A typed number is ignored: numbers come from the year's counter.
    data.update({"participant": str(participant.pk), "number": "SRT-001/IKM/2018", "issued_on": "06/03/2018"})

    response = staff_client.post(admin_url(Certificate, "add"), data)

    assert response.status_code == 302
    certificate = Certificate.objects.get(participant=participant)
    assert (certificate.number, certificate.issued_on, certificate.issued_by) == (
        "IKM/BIMTEK/2018/0001",
        datetime.date(2018, 3, 6),
        staff_user,
    )
    assert len(certificate.verification_code) == 12


def test_due_date_filter_lists_exactly_the_overdue_obligations(staff_client):
    today = timezone.localdate()
    agreement = factories.make_agreement()
    overdue = factories.make_obligation(agreement=agreement, due_date=today - datetime.timedelta(days=1))
    factories.make_obligation(agreement=agreement, due_date=today)
    factories.make_obligation(agreement=agreement, due_date=None)

    response = staff_client.get(admin_url(Obligation, "changelist") + "?tenggat=lewat")

    assert list(response.context["cl"].result_list) == [overdue]


def test_certificate_for_a_participant_who_did_not_pass_is_refused(staff_client):
    participant = factories.make_participant(passed=False, score=40)
    data = changeform_data(staff_client.get(admin_url(Certificate, "add")))
    data.update({"participant": str(participant.pk), "number": "SRT-002/IKM/2018", "issued_on": "06/03/2018"})

    response = staff_client.post(admin_url(Certificate, "add"), data)

    assert response.status_code == 200
    assert "Sertifikat hanya untuk peserta yang lulus." in response.content.decode()
    assert Certificate.objects.count() == 0


def test_a_saved_participant_cannot_be_switched_to_another_inmate_in_the_training_page(staff_client):
    """Attendance, score and certificate belong to the person; switching the row's inmate would
    hand them to someone else."""
    participant = factories.make_participant(passed=True, score=85, status="confirmed")
    training = participant.training
    other = factories.make_inmate(prison=training.prison)
    url = admin_url(Training, "change", training.pk)
    data = changeform_data(staff_client.get(url))
    assert data["participants-0-inmate"] == str(participant.inmate_id)
    data["participants-0-inmate"] = str(other.pk)

    response = staff_client.post(url, data)

    assert response.status_code == 200
    assert "Peserta yang sudah terdaftar tidak dapat diganti orang lain" in response.content.decode()
    saved = TrainingParticipant.objects.get(pk=participant.pk)
    assert (saved.inmate_id, saved.score) == (participant.inmate_id, 85)


def test_a_saved_participant_keeps_its_inmate_and_training_in_the_model():
    from django.core.exceptions import ValidationError

    participant = factories.make_participant()
    loaded = TrainingParticipant.objects.get(pk=participant.pk)
    loaded.inmate = factories.make_inmate(prison=participant.training.prison)
    loaded.training = factories.make_training(prison=participant.training.prison)
    with pytest.raises(ValidationError) as caught:
        loaded.full_clean()
    assert set(caught.value.message_dict) >= {"inmate", "training"}
    # Unchanged, it is valid; a new participant is not held to a loaded key.
    TrainingParticipant.objects.get(pk=participant.pk).full_clean()
    TrainingParticipant(training=participant.training, inmate=loaded.inmate).full_clean()


def test_the_participant_page_shows_inmate_and_training_read_only_once_saved(staff_client):
    participant = factories.make_participant()
    response = staff_client.get(admin_url(TrainingParticipant, "change", participant.pk))
    assert response.status_code == 200
    form_fields = response.context["adminform"].form.fields
    assert "inmate" not in form_fields and "training" not in form_fields


def test_a_new_training_refuses_a_participant_of_another_prison(staff_client):
    prison, elsewhere = factories.make_prison(), factories.make_prison()
    stranger = factories.make_inmate(prison=elsewhere, legal_name="Dimas Prasetyo")
    data = changeform_data(staff_client.get(admin_url(Training, "add")))
    data.update(
        {
            "title": "Bimtek Ukir Kayu Jepara",
            "skill_area": "Ukir kayu",
            "prison": str(prison.pk),
            "starts_on": "01-12-2026",
            "ends_on": "03-12-2026",
            "hours": "24",
            "capacity": "20",
            "status": "planned",
            "participants-TOTAL_FORMS": "1",
            "participants-0-inmate": str(stranger.pk),
        }
    )

    response = staff_client.post(admin_url(Training, "add"), data)

    assert response.status_code == 200
    assert "Peserta harus warga binaan lapas tempat pelatihan." in response.content.decode()
    assert not Training.objects.filter(title="Bimtek Ukir Kayu Jepara").exists()


def test_a_training_with_a_stray_participant_saves_and_the_row_can_be_removed(staff_client):
    """A participant of another prison (stored before the check above) neither blocks saving the
    training unchanged nor the removal of that row."""
    training = factories.make_training()
    stray = factories.make_participant(training=training, inmate=factories.make_inmate())
    data = changeform_data(staff_client.get(admin_url(Training, "change", training.pk)))
    data["participants-0-DELETE"] = "on"

    response = staff_client.post(admin_url(Training, "change", training.pk), data)

    assert response.status_code == 302
    assert not TrainingParticipant.objects.filter(pk=stray.pk).exists()
