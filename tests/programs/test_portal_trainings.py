"""Trainings in the officers' portal: their own prison's trainings only, proposals from their own
active inmates, the attendance grid, a participant dropping out; another prison's ids are 404."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from inmates.models import Inmate
from programs.models import Training, TrainingAttendance, TrainingParticipant
from programs.services import training_confirm
from tests import factories

pytestmark = pytest.mark.django_db

Status = TrainingParticipant.Status


def upcoming_training(prison, **kwargs) -> Training:
    start = timezone.localdate() + datetime.timedelta(days=7)
    kwargs.setdefault("starts_on", start)
    kwargs.setdefault("ends_on", start + datetime.timedelta(days=2))
    return factories.make_training(prison=prison, **kwargs)


def running_training(prison, **kwargs) -> Training:
    today = timezone.localdate()
    kwargs.setdefault("starts_on", today - datetime.timedelta(days=1))
    kwargs.setdefault("ends_on", today + datetime.timedelta(days=1))
    kwargs.setdefault("status", Training.Status.RUNNING)
    return factories.make_training(prison=prison, **kwargs)


def url(name, pk=None) -> str:
    return reverse(f"portal:{name}", args=[pk] if pk else None)


# --- List and detail ------------------------------------------------------------------------------


def test_training_list_shows_own_prisons_trainings_only_current_first(officer_client, prison, other_prison):
    coming = upcoming_training(prison, title="Bimtek Pewarnaan Alam", capacity=4)
    past = factories.make_training(prison=prison, title="Bimtek Batik Tulis 2018", status=Training.Status.FINISHED)
    upcoming_training(other_prison, title="Bimtek Tenun Lapas Lain")
    factories.make_participant(training=coming, status=Status.CONFIRMED)
    factories.make_participant(training=coming, status=Status.PROPOSED)

    response = officer_client.get(url("training-list"))

    assert [t.pk for t in response.context["current"]] == [coming.pk]
    assert [t.pk for t in response.context["past"]] == [past.pk]
    html = response.content.decode()
    assert "Bimtek Tenun Lapas Lain" not in html
    assert "1 dari 4 kursi terisi" in html
    assert "1 usulan menunggu konfirmasi" in html


def test_training_list_queries_do_not_grow_with_trainings(officer_client, prison):
    upcoming_training(prison)
    officer_client.get(url("training-list"))
    with CaptureQueriesContext(connection) as one:
        officer_client.get(url("training-list"))
    for _ in range(3):
        training = upcoming_training(prison)
        factories.make_participant(training=training, status=Status.CONFIRMED)
    with CaptureQueriesContext(connection) as four:
        response = officer_client.get(url("training-list"))

    assert len(response.context["current"]) == 4
    assert len(four) == len(one)


def test_training_detail_lists_participants_with_status_and_seats(officer_client, prison, staff_user):
    training = upcoming_training(prison, capacity=1, instructors="Instruktur BBKB\nPendamping IKM")
    first = factories.make_participant(
        training=training, inmate=factories.make_inmate(prison=prison, legal_name="Sari"), status=Status.PROPOSED
    )
    second = factories.make_participant(
        training=training, inmate=factories.make_inmate(prison=prison, legal_name="Endang"), status=Status.PROPOSED
    )
    training_confirm(participant=first, user=staff_user)
    training_confirm(participant=second, user=staff_user)

    response = officer_client.get(url("training-detail", training.pk))

    assert [(p.inmate.legal_name, p.status) for p in response.context["participants"]] == [
        ("Sari", Status.CONFIRMED),
        ("Endang", Status.WAITLISTED),
    ]
    html = response.content.decode()
    assert "1 dari 1 kursi terisi" in html
    assert "Daftar tunggu #1" in html
    assert "Instruktur BBKB" in html
    assert url("training-propose", training.pk) in html


def test_training_detail_queries_do_not_grow_with_participants(officer_client, prison):
    training = upcoming_training(prison, capacity=10)
    factories.make_participant(training=training, status=Status.CONFIRMED)
    officer_client.get(url("training-detail", training.pk))
    with CaptureQueriesContext(connection) as one:
        officer_client.get(url("training-detail", training.pk))
    for _ in range(3):
        factories.make_participant(
            training=training, status=Status.PROPOSED,
            inmate=factories.make_inmate(prison=prison, workshop=factories.make_workshop(prison=prison)),
        )
    with CaptureQueriesContext(connection) as four:
        officer_client.get(url("training-detail", training.pk))

    assert len(four) == len(one)


@pytest.mark.parametrize("name", ["training-detail", "training-propose", "training-attendance"])
def test_another_prisons_training_is_not_found(officer_client, other_prison, name):
    training = running_training(other_prison)
    inmate = factories.make_inmate(prison=other_prison)

    assert officer_client.get(url(name, training.pk)).status_code == 404
    assert officer_client.post(url(name, training.pk), {"inmates": [inmate.pk]}).status_code == 404
    assert TrainingParticipant.objects.count() == 0


# --- Proposals ------------------------------------------------------------------------------------


def test_propose_page_offers_only_own_active_inmates_not_yet_listed(officer_client, prison, other_prison):
    training = upcoming_training(prison)
    ani = factories.make_inmate(prison=prison, legal_name="Ani")
    listed = factories.make_inmate(prison=prison, legal_name="Sudah Terdaftar")
    factories.make_participant(training=training, inmate=listed)
    factories.make_inmate(prison=prison, legal_name="Sudah Bebas", status=Inmate.Status.RELEASED,
                          release_date=timezone.localdate())
    factories.make_inmate(prison=other_prison, legal_name="Warga Lapas Lain")

    response = officer_client.get(url("training-propose", training.pk))

    assert list(response.context["form"].fields["inmates"].queryset) == [ani]
    html = response.content.decode()
    for absent in ("Sudah Bebas", "Warga Lapas Lain"):
        assert absent not in html


def test_propose_creates_proposals_and_returns_to_the_training(officer_client, officer, prison):
    training = upcoming_training(prison)
    ani = factories.make_inmate(prison=prison, legal_name="Ani")
    budi = factories.make_inmate(prison=prison, legal_name="Budi")

    response = officer_client.post(url("training-propose", training.pk), {"inmates": [ani.pk, budi.pk]})

    assert response.status_code == 302
    assert response["Location"] == url("training-detail", training.pk)
    assert list(training.participants.order_by("inmate__legal_name").values_list(
        "inmate__legal_name", "status", "proposed_by"
    )) == [("Ani", Status.PROPOSED, officer.pk), ("Budi", Status.PROPOSED, officer.pk)]


def test_propose_another_prisons_inmate_is_a_form_error_and_saves_nothing(officer_client, prison, other_prison):
    training = upcoming_training(prison)
    own = factories.make_inmate(prison=prison)
    foreign = factories.make_inmate(prison=other_prison)

    response = officer_client.post(url("training-propose", training.pk), {"inmates": [own.pk, foreign.pk]})

    assert response.status_code == 200
    assert response.context["form"].errors == {
        "inmates": [
            "Salah satu warga binaan yang dipilih tidak dapat lagi diusulkan untuk pelatihan ini (mungkin "
            "sudah diusulkan, bebas atau dipindahkan). Pilihan telah diperbarui; periksa lalu kirim lagi."
        ]
    }
    assert str(foreign.pk) not in str(response.context["form"].errors)
    assert TrainingParticipant.objects.count() == 0


def test_propose_nobody_is_a_form_error(officer_client, prison):
    training = upcoming_training(prison)
    factories.make_inmate(prison=prison)

    response = officer_client.post(url("training-propose", training.pk), {})

    assert response.context["form"].errors == {"inmates": ["Pilih paling sedikit satu warga binaan."]}
    assert "Pilih paling sedikit satu warga binaan." in response.content.decode()


def test_propose_for_a_finished_training_is_refused(officer_client, prison):
    training = factories.make_training(prison=prison, status=Training.Status.FINISHED)
    inmate = factories.make_inmate(prison=prison)

    response = officer_client.post(url("training-propose", training.pk), {"inmates": [inmate.pk]})

    assert response.status_code == 302
    assert TrainingParticipant.objects.count() == 0
    assert "tidak menerima usulan" in officer_client.get(url("training-propose", training.pk)).content.decode()


# --- Attendance -----------------------------------------------------------------------------------


def test_attendance_grid_has_confirmed_participants_and_training_days(officer_client, prison):
    training = running_training(prison)
    confirmed = factories.make_participant(
        training=training, status=Status.CONFIRMED, inmate=factories.make_inmate(prison=prison, legal_name="Sari")
    )
    factories.make_participant(
        training=training, status=Status.PROPOSED, inmate=factories.make_inmate(prison=prison, legal_name="Usulan")
    )

    response = officer_client.get(url("training-attendance", training.pk))

    rows = response.context["form"].rows()
    assert [row["participant"].pk for row in rows] == [confirmed.pk]
    assert [(cell["day"], cell["open"]) for cell in rows[0]["cells"]] == [
        (training.starts_on, True),
        (training.starts_on + datetime.timedelta(days=1), True),
        (training.ends_on, False),
    ]
    assert "Usulan" not in response.content.decode()


def test_attendance_grid_post_records_open_days_for_confirmed_only(officer_client, officer, prison):
    training = running_training(prison)
    confirmed = factories.make_participant(training=training, status=Status.CONFIRMED)
    waiting = factories.make_participant(training=training, status=Status.WAITLISTED, waitlist_position=1)
    yesterday, today, tomorrow = training.starts_on, timezone.localdate(), training.ends_on

    response = officer_client.post(
        url("training-attendance", training.pk),
        {
            f"hadir_{confirmed.pk}_{yesterday:%Y%m%d}": "on",
            f"hadir_{confirmed.pk}_{tomorrow:%Y%m%d}": "on",  # not yet: ignored
            f"hadir_{waiting.pk}_{yesterday:%Y%m%d}": "on",  # not confirmed: not in the grid
        },
    )

    assert response.status_code == 302
    assert list(
        TrainingAttendance.objects.order_by("day").values_list("participant", "day", "present", "recorded_by")
    ) == [(confirmed.pk, yesterday, True, officer.pk), (confirmed.pk, today, False, officer.pk)]
    assert TrainingParticipant.objects.get(pk=confirmed.pk).days_attended == 1


def test_attendance_of_a_finished_training_is_shown_but_not_rewritten_by_officers(officer_client, prison, staff_user):
    """Its results and certificates rest on it; one unticked save would have marked everybody absent."""
    from programs.models import Training
    from programs.services import attendance_record

    training = running_training(prison)
    confirmed = factories.make_participant(training=training, status=Status.CONFIRMED)
    day = training.starts_on
    attendance_record(training=training, marks={(confirmed.pk, day): True}, user=staff_user)
    Training.objects.filter(pk=training.pk).update(status=Training.Status.FINISHED)

    page = officer_client.get(url("training-attendance", training.pk))
    response = officer_client.post(url("training-attendance", training.pk), {}, follow=True)

    assert "sudah selesai" in page.content.decode()
    assert "Simpan kehadiran" not in page.content.decode()
    assert "sudah selesai" in response.content.decode()
    assert list(TrainingAttendance.objects.values_list("day", "present")) == [(day, True)]
    # Ministry staff can still correct it.
    training.refresh_from_db()
    attendance_record(training=training, marks={(confirmed.pk, day): False}, user=staff_user)
    assert list(TrainingAttendance.objects.values_list("day", "present")) == [(day, False)]


# --- A participant drops out ----------------------------------------------------------------------


def test_withdraw_confirmed_participant_promotes_the_first_waiting(officer_client, officer, prison, staff_user):
    training = upcoming_training(prison, capacity=1)
    leaving, waiting = (
        factories.make_participant(
            training=training, status=Status.PROPOSED, inmate=factories.make_inmate(prison=prison, legal_name=name)
        )
        for name in ("Sari", "Endang")
    )
    training_confirm(participant=leaving, user=staff_user)
    training_confirm(participant=waiting, user=staff_user)

    page = officer_client.get(url("training-participant-withdraw", leaving.pk))
    response = officer_client.post(url("training-participant-withdraw", leaving.pk), follow=True)

    assert page.status_code == 200
    assert "Sari mundur dari pelatihan?" in page.content.decode()
    assert dict(training.participants.values_list("inmate__legal_name", "status")) == {
        "Sari": Status.WITHDRAWN,
        "Endang": Status.CONFIRMED,
    }
    assert "Kursinya diberikan kepada Endang dari daftar tunggu." in response.content.decode()


def test_withdraw_another_prisons_participant_is_not_found(officer_client, other_prison):
    participant = factories.make_participant(training=upcoming_training(other_prison), status=Status.CONFIRMED)

    assert officer_client.get(url("training-participant-withdraw", participant.pk)).status_code == 404
    assert officer_client.post(url("training-participant-withdraw", participant.pk)).status_code == 404
    assert TrainingParticipant.objects.get(pk=participant.pk).status == Status.CONFIRMED


def test_past_trainings_come_twenty_a_page_latest_first(officer_client, prison):
    """A prison's history grows by the year: past trainings are paged, what is coming is not."""
    today = timezone.localdate()
    coming = upcoming_training(prison, title="Bimtek Pewarnaan Alam")
    for n in range(25):
        start = today - datetime.timedelta(days=60 + n)
        factories.make_training(
            prison=prison, title=f"Bimtek lalu {n}", status=Training.Status.FINISHED,
            starts_on=start, ends_on=start + datetime.timedelta(days=2),
        )

    first = officer_client.get(url("training-list"))
    second = officer_client.get(url("training-list") + "?page=2")
    beyond = officer_client.get(url("training-list") + "?page=999999999999999999999")

    assert [t.pk for t in first.context["current"]] == [coming.pk]
    assert [t.title for t in first.context["past"]] == [f"Bimtek lalu {n}" for n in range(20)]
    assert [t.title for t in second.context["past"]] == [f"Bimtek lalu {n}" for n in range(20, 25)]
    assert [t.pk for t in second.context["current"]] == [coming.pk]
    assert "Halaman 1 dari 2" in first.content.decode()
    assert 'href="?page=2#past-title"' in first.content.decode()
    assert beyond.status_code == 200 and beyond.context["past"] == second.context["past"]


def test_finished_training_offers_to_view_attendance_with_the_reason_not_to_record_it(officer_client, prison):
    """"Catat kehadiran" led to "tidak dapat diubah lagi"."""
    training = running_training(prison)
    factories.make_participant(training=training, status=Status.CONFIRMED)
    Training.objects.filter(pk=training.pk).update(status=Training.Status.FINISHED)

    html = officer_client.get(url("training-detail", training.pk)).content.decode()

    assert "Catat kehadiran" not in html
    assert f'href="{url("training-attendance", training.pk)}" aria-describedby="attendance-closed">Lihat kehadiran</a>' in html
    assert "Pelatihan sudah selesai: kehadiran hanya dapat dilihat." in html


def test_running_training_offers_to_record_attendance(officer_client, prison):
    training = running_training(prison)
    factories.make_participant(training=training, status=Status.CONFIRMED)

    html = officer_client.get(url("training-detail", training.pk)).content.decode()

    assert ">Catat kehadiran</a>" in html and "Lihat kehadiran" not in html


def test_propose_page_says_accepted_proposals_wait_once_the_seats_are_taken(officer_client, prison):
    """It said "usulan yang dikonfirmasi masuk daftar tunggu": a confirmed participant has a seat."""
    training = upcoming_training(prison)
    factories.make_inmate(prison=prison)

    html = officer_client.get(url("training-propose", training.pk)).content.decode()

    assert "usulan yang dikonfirmasi masuk daftar tunggu" not in html
    assert "selama masih ada kursi, usulan yang diterima mendapat kursi (dikonfirmasi)" in html


def test_attendance_record_runs_in_its_own_transaction(prison, staff_user):
    """It locks the training (select_for_update), which PostgreSQL refuses outside a transaction;
    the decorator had slipped onto attendance_closed_message above it."""
    from programs.services import attendance_record

    training = running_training(prison)
    confirmed = factories.make_participant(training=training, status=Status.CONFIRMED)

    with CaptureQueriesContext(connection) as queries:
        attendance_record(training=training, marks={(confirmed.pk, training.starts_on): True}, user=staff_user)

    assert queries[0]["sql"].startswith("SAVEPOINT")
