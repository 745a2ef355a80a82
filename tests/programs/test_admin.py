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
