"""Trainings (Bimtek) through the services and the back-office: proposals from the prison's own
inmates, confirmation up to capacity with a waiting list in order, promotion when a seat frees
up (also under concurrency), attendance within the training's days, results."""

import datetime
import threading

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection, connections
from django.utils import timezone, translation

from inmates import roles
from inmates.models import Inmate
from programs.models import Certificate, Training, TrainingAttendance, TrainingParticipant
from programs.services import (
    attendance_record,
    training_confirm,
    training_decline,
    training_fill_seats,
    training_propose,
    training_result_record,
    training_withdraw,
)
from tests import factories
from tests.admin_helpers import action_data, admin_url, changeform_data

Status = TrainingParticipant.Status


def upcoming_training(prison, **kwargs) -> Training:
    start = timezone.localdate() + datetime.timedelta(days=7)
    kwargs.setdefault("starts_on", start)
    kwargs.setdefault("ends_on", start + datetime.timedelta(days=4))
    return factories.make_training(prison=prison, **kwargs)


def running_training(prison, **kwargs) -> Training:
    """Started two days ago, ends in two days (five days)."""
    today = timezone.localdate()
    kwargs.setdefault("starts_on", today - datetime.timedelta(days=2))
    kwargs.setdefault("ends_on", today + datetime.timedelta(days=2))
    kwargs.setdefault("status", Training.Status.RUNNING)
    return factories.make_training(prison=prison, **kwargs)


def proposed(training, count, *, prefix="Peserta") -> list[TrainingParticipant]:
    return [
        factories.make_participant(
            training=training,
            inmate=factories.make_inmate(prison=training.prison, legal_name=f"{prefix} {i}"),
            status=Status.PROPOSED,
        )
        for i in range(count)
    ]


def states(training) -> list[tuple[str, str, int | None]]:
    return list(
        training.participants.order_by("inmate__legal_name").values_list(
            "inmate__legal_name", "status", "waitlist_position"
        )
    )



@pytest.fixture(autouse=True)
def _indonesian():
    # Services speak the active language; an earlier test in this worker may have left English on.
    with translation.override("id"):
        yield

# --- Proposals ------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_propose_creates_proposals_recording_who(prison, officer):
    training = upcoming_training(prison)
    budi = factories.make_inmate(prison=prison, legal_name="Budi")
    ani = factories.make_inmate(prison=prison, legal_name="Ani")

    created = training_propose(training=training, inmates=[budi, ani], user=officer)

    assert [p.inmate.legal_name for p in created] == ["Ani", "Budi"]
    assert list(training.participants.values_list("status", "proposed_by")) == [
        (Status.PROPOSED, officer.pk),
        (Status.PROPOSED, officer.pk),
    ]


@pytest.mark.django_db
def test_propose_another_prisons_inmate_is_refused_and_nothing_is_saved(prison, other_prison, officer):
    training = upcoming_training(prison)
    own = factories.make_inmate(prison=prison)
    foreign = factories.make_inmate(prison=other_prison, legal_name="Warga Lapas Lain")

    with pytest.raises(ValidationError) as caught:
        training_propose(training=training, inmates=[own, foreign], user=officer)

    assert caught.value.message_dict == {
        "inmates": [f"Warga Lapas Lain bukan warga binaan {prison.name}."]
    }
    assert TrainingParticipant.objects.count() == 0


@pytest.mark.django_db
def test_propose_released_or_already_listed_inmates_is_refused(prison, officer):
    training = upcoming_training(prison)
    released = factories.make_inmate(
        prison=prison, legal_name="Sudah Bebas", status=Inmate.Status.RELEASED, release_date=timezone.localdate()
    )
    listed = factories.make_inmate(prison=prison, legal_name="Sudah Diusulkan")
    factories.make_participant(training=training, inmate=listed, status=Status.DECLINED)

    with pytest.raises(ValidationError) as caught:
        training_propose(training=training, inmates=[released, listed], user=officer)

    assert sorted(caught.value.message_dict["inmates"]) == [
        "Sudah Bebas tidak berstatus aktif (Bebas).",
        "Sudah Diusulkan sudah terdaftar di pelatihan ini.",
    ]
    assert training.participants.count() == 1


@pytest.mark.django_db
def test_propose_for_another_prisons_training_is_denied(other_prison, officer):
    training = upcoming_training(other_prison)
    inmate = factories.make_inmate(prison=other_prison)

    with pytest.raises(PermissionDenied):
        training_propose(training=training, inmates=[inmate], user=officer)

    assert TrainingParticipant.objects.count() == 0


@pytest.mark.django_db
@pytest.mark.parametrize("status", [Training.Status.FINISHED, Training.Status.CANCELLED])
def test_propose_for_a_closed_training_is_refused(prison, officer, status):
    training = upcoming_training(prison, status=status)

    with pytest.raises(ValidationError) as caught:
        training_propose(training=training, inmates=[factories.make_inmate(prison=prison)], user=officer)

    assert list(caught.value.message_dict) == ["inmates"]
    assert TrainingParticipant.objects.count() == 0


# --- Confirmation, capacity and the waiting list --------------------------------------------------


@pytest.mark.django_db
def test_confirm_fills_to_capacity_then_waitlists_in_order(prison, staff_user):
    training = upcoming_training(prison, capacity=2)
    a, b, c, d = proposed(training, 4)

    results = [training_confirm(participant=p, user=staff_user) for p in (a, b, c, d)]

    assert [(r.status, r.waitlist_position) for r in results] == [
        (Status.CONFIRMED, None),
        (Status.CONFIRMED, None),
        (Status.WAITLISTED, 1),
        (Status.WAITLISTED, 2),
    ]
    # Waitlisted is no seat: not "dikonfirmasi oleh" anyone (a ministry-staff probe saw "Dikonfirmasi
    # oleh Rina" on a waiting person); who put them on the list is the status change's.
    stored = TrainingParticipant.objects.get(pk=c.pk)
    assert (stored.confirmed_by, stored.confirmed_at, stored.status_changed_by) == (None, None, staff_user)
    seated = TrainingParticipant.objects.get(pk=a.pk)
    assert (seated.confirmed_by, seated.status_changed_by) == (staff_user, staff_user)
    assert seated.confirmed_at is not None


@pytest.mark.django_db
def test_declining_a_confirmed_participant_promotes_the_first_waiting(prison, staff_user):
    training = upcoming_training(prison, capacity=2)
    a, b, c, d = proposed(training, 4)
    for participant in (a, b, c, d):
        training_confirm(participant=participant, user=staff_user)

    promoted = training_decline(participant=a, user=staff_user)

    assert [p.pk for p in promoted] == [c.pk]
    assert states(training) == [
        ("Peserta 0", Status.DECLINED, None),
        ("Peserta 1", Status.CONFIRMED, None),
        ("Peserta 2", Status.CONFIRMED, None),
        ("Peserta 3", Status.WAITLISTED, 1),
    ]
    seated = TrainingParticipant.objects.get(pk=c.pk)
    assert (seated.status_changed_by, seated.confirmed_by) == (staff_user, staff_user)  # the seat given now
    assert seated.confirmed_at is not None
    assert TrainingParticipant.objects.get(pk=d.pk).confirmed_by is None


@pytest.mark.django_db
def test_declining_a_waiting_participant_moves_the_others_up(prison, staff_user):
    training = upcoming_training(prison, capacity=1)
    a, b, c, d = proposed(training, 4)
    for participant in (a, b, c, d):
        training_confirm(participant=participant, user=staff_user)

    promoted = training_decline(participant=b, user=staff_user)

    assert promoted == []
    assert states(training) == [
        ("Peserta 0", Status.CONFIRMED, None),
        ("Peserta 1", Status.DECLINED, None),
        ("Peserta 2", Status.WAITLISTED, 1),
        ("Peserta 3", Status.WAITLISTED, 2),
    ]


@pytest.mark.django_db
def test_officer_withdrawing_a_confirmed_participant_frees_the_seat_for_the_waiting_list(
    prison, officer, staff_user
):
    training = upcoming_training(prison, capacity=1)
    a, b = proposed(training, 2)
    training_confirm(participant=a, user=staff_user)
    training_confirm(participant=b, user=staff_user)

    promoted = training_withdraw(participant=a, user=officer)

    assert [p.pk for p in promoted] == [b.pk]
    assert states(training) == [("Peserta 0", Status.WITHDRAWN, None), ("Peserta 1", Status.CONFIRMED, None)]
    assert TrainingParticipant.objects.get(pk=a.pk).status_changed_by == officer


@pytest.mark.django_db
def test_officer_cannot_withdraw_another_prisons_participant(other_prison, officer):
    participant = factories.make_participant(training=upcoming_training(other_prison), status=Status.CONFIRMED)

    with pytest.raises(PermissionDenied):
        training_withdraw(participant=participant, user=officer)

    assert TrainingParticipant.objects.get(pk=participant.pk).status == Status.CONFIRMED


@pytest.mark.django_db
def test_confirm_is_for_ministry_staff_only(prison, officer):
    training = upcoming_training(prison)
    (participant,) = proposed(training, 1)

    for user in (officer, factories.make_user(role=roles.CORRECTIONS_STAFF)):
        with pytest.raises(PermissionDenied):
            training_confirm(participant=participant, user=user)

    assert TrainingParticipant.objects.get(pk=participant.pk).status == Status.PROPOSED


@pytest.mark.django_db
def test_confirm_twice_or_after_decline_is_refused(prison, staff_user):
    training = upcoming_training(prison)
    a, b = proposed(training, 2)
    training_confirm(participant=a, user=staff_user)
    training_decline(participant=b, user=staff_user)

    for participant in (a, b):
        with pytest.raises(ValidationError):
            training_confirm(participant=participant, user=staff_user)

    assert states(training) == [("Peserta 0", Status.CONFIRMED, None), ("Peserta 1", Status.DECLINED, None)]


@pytest.mark.django_db
def test_raising_the_capacity_and_filling_seats_takes_the_waiting_list_in_order(prison, staff_user):
    training = upcoming_training(prison, capacity=1)
    a, b, c, d = proposed(training, 4)
    for participant in (a, b, c, d):
        training_confirm(participant=participant, user=staff_user)
    Training.objects.filter(pk=training.pk).update(capacity=3)

    promoted = training_fill_seats(training=training, user=staff_user)

    assert [p.pk for p in promoted] == [b.pk, c.pk]
    assert states(training)[3] == ("Peserta 3", Status.WAITLISTED, 1)


@pytest.mark.django_db(transaction=True)
def test_two_staff_confirming_the_last_seat_at_once_seat_exactly_one():
    if connection.vendor != "postgresql":
        pytest.skip("SQLite has no row locks (select_for_update): concurrency is tested on PostgreSQL")
    prison = factories.make_prison()
    staff = factories.make_user(role=roles.MINISTRY_STAFF)
    # Several rounds: a race that a missing lock loses only sometimes is lost at least once.
    for _round in range(5):
        training = upcoming_training(prison, capacity=2)
        first, second, third = proposed(training, 3)
        training_confirm(participant=first, user=staff)
        barrier = threading.Barrier(2)
        errors = []

        def confirm(participant, barrier=barrier, errors=errors):
            try:
                barrier.wait(timeout=10)
                training_confirm(participant=participant, user=staff)
            except Exception as error:  # reported below; a thread must not die silently
                errors.append(error)
            finally:
                connections.close_all()

        threads = [threading.Thread(target=confirm, args=(p,)) for p in (second, third)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=30)

        assert errors == []
        statuses = sorted(training.participants.values_list("status", "waitlist_position"), key=str)
        assert statuses == [(Status.CONFIRMED, None), (Status.CONFIRMED, None), (Status.WAITLISTED, 1)]


# --- Attendance -----------------------------------------------------------------------------------


@pytest.mark.django_db
def test_attendance_is_recorded_overwritten_and_counted(prison, officer, staff_user):
    training = running_training(prison, capacity=5)
    a, b = proposed(training, 2)
    for participant in (a, b):
        training_confirm(participant=participant, user=staff_user)
    day1, day2, day3 = (training.starts_on + datetime.timedelta(days=i) for i in range(3))

    attendance_record(
        training=training, marks={(a.pk, day1): True, (a.pk, day2): True, (b.pk, day1): False}, user=officer
    )
    written = attendance_record(training=training, marks={(a.pk, day2): False, (a.pk, day3): True}, user=staff_user)

    assert written == 2
    assert list(
        TrainingAttendance.objects.order_by("participant", "day").values_list(
            "participant", "day", "present", "recorded_by"
        )
    ) == [
        (a.pk, day1, True, officer.pk),
        (a.pk, day2, False, staff_user.pk),
        (a.pk, day3, True, staff_user.pk),
        (b.pk, day1, False, officer.pk),
    ]
    assert dict(training.participants.values_list("pk", "days_attended")) == {a.pk: 2, b.pk: 0}


@pytest.mark.django_db
def test_attendance_of_who_passed_cannot_drop_below_the_passing_share(prison, staff_user):
    """Found by a ministry-staff probe: every day of a participant holding a certificate was
    unticked and saved (0 of 4 days, still "Lulus", the certificate still valid)."""
    training = running_training(prison, capacity=5)
    (a,) = proposed(training, 1)
    training_confirm(participant=a, user=staff_user)
    day1, day2, day3 = (training.starts_on + datetime.timedelta(days=i) for i in range(3))
    attendance_record(training=training, marks={(a.pk, day1): True, (a.pk, day2): True}, user=staff_user)
    TrainingParticipant.objects.filter(pk=a.pk).update(passed=True, score=80)
    Certificate.objects.create(participant=a, number="IKM/BIMTEK/2018/0001", verification_code="ABCD2345EFGH", issued_on=day2)

    attendance_record(training=training, marks={(a.pk, day3): False}, user=staff_user)  # 2 of 3: still enough
    with pytest.raises(ValidationError) as refused:
        attendance_record(training=training, marks={(a.pk, day1): False, (a.pk, day2): False}, user=staff_user)

    assert "sudah menerima sertifikat" in refused.value.messages[0]
    assert dict(TrainingAttendance.objects.filter(participant=a).values_list("day", "present")) == {
        day1: True, day2: True, day3: False
    }
    a.refresh_from_db()
    assert a.days_attended == 2


@pytest.mark.django_db
@pytest.mark.parametrize("offset", [-1, 5])
def test_attendance_outside_the_training_dates_is_refused(prison, staff_user, offset):
    training = running_training(prison)
    (participant,) = proposed(training, 1)
    training_confirm(participant=participant, user=staff_user)
    inside = training.starts_on
    outside = training.starts_on + datetime.timedelta(days=offset)

    with pytest.raises(ValidationError) as caught:
        attendance_record(
            training=training, marks={(participant.pk, inside): True, (participant.pk, outside): True},
            user=staff_user,
        )

    assert "di luar tanggal pelatihan" in caught.value.messages[0]
    assert TrainingAttendance.objects.count() == 0


@pytest.mark.django_db
def test_attendance_for_a_day_still_to_come_is_refused(prison, staff_user):
    training = running_training(prison)
    (participant,) = proposed(training, 1)
    training_confirm(participant=participant, user=staff_user)
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)

    with pytest.raises(ValidationError) as caught:
        attendance_record(training=training, marks={(participant.pk, tomorrow): True}, user=staff_user)

    assert "belum tiba" in caught.value.messages[0]
    assert TrainingAttendance.objects.count() == 0


@pytest.mark.django_db
def test_attendance_only_for_confirmed_participants(prison, staff_user):
    training = running_training(prison, capacity=1)
    a, b, c = proposed(training, 3)
    training_confirm(participant=a, user=staff_user)
    training_confirm(participant=b, user=staff_user)  # waiting list

    for participant in (b, c):
        with pytest.raises(ValidationError) as caught:
            attendance_record(training=training, marks={(participant.pk, training.starts_on): True}, user=staff_user)
        assert caught.value.messages == ["Kehadiran hanya dicatat untuk peserta yang dikonfirmasi."]

    assert TrainingAttendance.objects.count() == 0


@pytest.mark.django_db
def test_attendance_by_another_prisons_officer_is_denied(other_prison, officer, staff_user):
    training = running_training(other_prison)
    (participant,) = proposed(training, 1)
    training_confirm(participant=participant, user=staff_user)

    with pytest.raises(PermissionDenied):
        attendance_record(training=training, marks={(participant.pk, training.starts_on): True}, user=officer)

    assert TrainingAttendance.objects.count() == 0


# --- Results --------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_result_is_recorded_with_who_and_when(prison, staff_user):
    training = running_training(prison)
    a, b = proposed(training, 2)
    for participant in (a, b):
        training_confirm(participant=participant, user=staff_user)

    training_result_record(participant=a, passed=True, score=88, user=staff_user)
    training_result_record(participant=b, passed=False, score=0, user=staff_user)

    assert list(training.participants.order_by("pk").values_list("passed", "score", "result_recorded_by")) == [
        (True, 88, staff_user.pk),
        (False, 0, staff_user.pk),
    ]
    assert TrainingParticipant.objects.get(pk=a.pk).result_recorded_at is not None


@pytest.mark.django_db
@pytest.mark.parametrize(("score", "field"), [(101, "score"), (-1, "score"), (None, "score")])
def test_result_score_outside_0_to_100_is_refused(prison, staff_user, score, field):
    training = running_training(prison)
    (participant,) = proposed(training, 1)
    training_confirm(participant=participant, user=staff_user)

    with pytest.raises(ValidationError) as caught:
        training_result_record(participant=participant, passed=True, score=score, user=staff_user)

    assert list(caught.value.message_dict) == [field]
    assert TrainingParticipant.objects.get(pk=participant.pk).score is None


@pytest.mark.django_db
def test_result_refused_for_unconfirmed_before_start_and_failing_a_certificate_holder(prison, staff_user):
    training = running_training(prison)
    holder, unconfirmed = proposed(training, 2)
    training_confirm(participant=holder, user=staff_user)
    training_result_record(participant=holder, passed=True, score=90, user=staff_user)
    Certificate.objects.create(participant=holder, number="IKM/BIMTEK/2018/0001", issued_on=training.ends_on)
    future = upcoming_training(prison)
    (not_started,) = proposed(future, 1)
    training_confirm(participant=not_started, user=staff_user)

    for participant, passed in ((holder, False), (unconfirmed, True), (not_started, True)):
        with pytest.raises(ValidationError):
            training_result_record(participant=participant, passed=passed, score=50, user=staff_user)

    assert list(TrainingParticipant.objects.order_by("pk").values_list("passed", "score")) == [
        (True, 90), (None, None), (None, None)
    ]


# --- The back-office ------------------------------------------------------------------------------


@pytest.mark.django_db
def test_admin_confirm_action_confirms_in_proposal_order_and_waitlists_the_rest(staff_client, prison):
    training = upcoming_training(prison, capacity=2)
    participants = proposed(training, 3)

    response = staff_client.post(
        admin_url(TrainingParticipant, "changelist"),
        action_data("confirm_selected", list(reversed(participants))),
        follow=True,
    )

    assert states(training) == [
        ("Peserta 0", Status.CONFIRMED, None),
        ("Peserta 1", Status.CONFIRMED, None),
        ("Peserta 2", Status.WAITLISTED, 1),
    ]
    text = response.content.decode()
    assert "2 peserta dikonfirmasi." in text
    assert "masuk daftar tunggu: Peserta 2 (#1)" in text


@pytest.mark.django_db
def test_admin_confirm_action_on_a_finished_training_says_so_once_naming_everyone(staff_client, prison):
    training = upcoming_training(prison, capacity=20)
    participants = proposed(training, 12)
    Training.objects.filter(pk=training.pk).update(status=Training.Status.FINISHED)

    response = staff_client.post(
        admin_url(TrainingParticipant, "changelist"),
        action_data("confirm_selected", participants),
        follow=True,
    )

    assert {status for _, status, _ in states(training)} == {Status.PROPOSED}
    warnings = [str(m) for m in response.context["messages"]]
    assert warnings == [
        "Pelatihan ini berstatus “Selesai”: pesertanya tidak dapat diubah lagi. "
        "Tidak diubah (12 peserta): " + ", ".join(f"Peserta {i}" for i in range(10)) + " dan 2 lainnya."
    ]


@pytest.mark.django_db
def test_admin_decline_action_reports_who_moved_up(staff_client, staff_user, prison):
    training = upcoming_training(prison, capacity=1)
    a, b = proposed(training, 2)
    training_confirm(participant=a, user=staff_user)
    training_confirm(participant=b, user=staff_user)

    response = staff_client.post(
        admin_url(TrainingParticipant, "changelist"), action_data("decline_selected", [a]), follow=True
    )

    assert states(training) == [("Peserta 0", Status.DECLINED, None), ("Peserta 1", Status.CONFIRMED, None)]
    assert "Naik dari daftar tunggu: Peserta 1." in response.content.decode()


@pytest.mark.django_db
def test_admin_participant_status_cannot_be_typed_in(staff_client, prison):
    training = upcoming_training(prison, capacity=1)
    (participant,) = proposed(training, 1)
    url = admin_url(TrainingParticipant, "change", participant.pk)
    data = changeform_data(staff_client.get(url))
    data.update(status="confirmed", waitlist_position="", passed="true", score="100")

    assert staff_client.post(url, data).status_code == 302

    stored = TrainingParticipant.objects.get(pk=participant.pk)
    assert (stored.status, stored.passed, stored.score) == (Status.PROPOSED, None, None)


@pytest.mark.django_db
def test_admin_attendance_page_saves_the_grid_and_the_results(staff_client, staff_user, prison):
    training = running_training(prison, capacity=3)
    a, b = proposed(training, 2)
    for participant in (a, b):
        training_confirm(participant=participant, user=staff_user)
    url = f"/admin/programs/training/{training.pk}/kehadiran/"
    day1, day2, day3 = (training.starts_on + datetime.timedelta(days=i) for i in range(3))

    page = staff_client.get(url)
    response = staff_client.post(
        url,
        {
            f"hadir_{a.pk}_{day1:%Y%m%d}": "on",
            f"hadir_{a.pk}_{day3:%Y%m%d}": "on",
            f"hadir_{b.pk}_{day2:%Y%m%d}": "on",
            # A day still to come is ignored even when posted.
            f"hadir_{b.pk}_{day3 + datetime.timedelta(days=1):%Y%m%d}": "on",
            f"lulus_{a.pk}": "lulus",
            f"nilai_{a.pk}": "87",
            f"lulus_{b.pk}": "",
            f"nilai_{b.pk}": "",
        },
    )

    assert page.status_code == 200
    assert page.context["show_results"] is True
    assert response.status_code == 302
    assert dict(
        ((row[0], row[1]), row[2])
        for row in TrainingAttendance.objects.values_list("participant", "day", "present")
    ) == {
        (a.pk, day1): True, (a.pk, day2): False, (a.pk, day3): True,
        (b.pk, day1): False, (b.pk, day2): True, (b.pk, day3): False,
    }
    assert list(training.participants.order_by("pk").values_list("days_attended", "passed", "score")) == [
        (2, True, 87),
        (1, None, None),
    ]


@pytest.mark.django_db
def test_admin_attendance_page_half_filled_result_is_an_error_next_to_the_field(staff_client, staff_user, prison):
    training = running_training(prison)
    (participant,) = proposed(training, 1)
    training_confirm(participant=participant, user=staff_user)
    url = f"/admin/programs/training/{training.pk}/kehadiran/"

    response = staff_client.post(url, {f"lulus_{participant.pk}": "lulus", f"nilai_{participant.pk}": ""})

    assert response.status_code == 200
    assert response.context["results_form"].errors == {f"nilai_{participant.pk}": ["Isi nilai 0 sampai 100."]}
    assert TrainingAttendance.objects.count() == 0
    assert TrainingParticipant.objects.get(pk=participant.pk).passed is None


@pytest.mark.django_db
def test_admin_attendance_page_a_decimal_score_asks_for_a_whole_number(staff_client, staff_user, prison):
    """"78.5" was refused with "Isi nilai dengan angka 0 sampai 100": it is one (found by a probe)."""
    training = running_training(prison)
    (participant,) = proposed(training, 1)
    training_confirm(participant=participant, user=staff_user)
    url = f"/admin/programs/training/{training.pk}/kehadiran/"

    response = staff_client.post(url, {f"lulus_{participant.pk}": "lulus", f"nilai_{participant.pk}": "78.5"})

    assert response.context["results_form"].errors == {
        f"nilai_{participant.pk}": ["Isi nilai dengan bilangan bulat 0 sampai 100, tanpa koma (misalnya 78)."]
    }


@pytest.mark.django_db
def test_admin_attendance_page_is_read_only_for_corrections_staff(corrections_client, prison):
    training = running_training(prison)
    participant = factories.make_participant(training=training, status=Status.CONFIRMED)
    url = f"/admin/programs/training/{training.pk}/kehadiran/"

    page = corrections_client.get(url)
    corrections_client.post(url, {f"hadir_{participant.pk}_{training.starts_on:%Y%m%d}": "on"})

    assert page.status_code == 200
    assert page.context["may_change"] is False
    assert TrainingAttendance.objects.count() == 0


@pytest.mark.django_db
@pytest.mark.parametrize(("status", "behind"), [("planned", True), ("running", True), ("finished", False)])
def test_attendance_page_says_when_the_status_lags_behind_the_dates(staff_client, prison, status, behind):
    """Found by a probe: "Direncanakan" beside "Pelatihan sudah selesai" on one page."""
    training = factories.make_training(prison=prison, status=status)  # 1-5 March 2018
    page = staff_client.get(f"/admin/programs/training/{training.pk}/kehadiran/").content.decode()
    assert ("tanggalnya sudah lewat: ubah statusnya menjadi Selesai" in page) is behind


def test_a_participant_absent_on_most_recorded_days_cannot_pass(staff_client, staff_user, prison, settings):
    """Found by a new user's probe: somebody absent every day could be passed and certified."""
    settings.TRAINING_PASS_MIN_ATTENDANCE_PERCENT = 50
    training = running_training(prison, capacity=3)
    absent, paper = proposed(training, 2)
    for participant in (absent, paper):
        training_confirm(participant=participant, user=staff_user)
    url = f"/admin/programs/training/{training.pk}/kehadiran/"
    day1, day2, day3 = (training.starts_on + datetime.timedelta(days=i) for i in range(3))

    response = staff_client.post(url, {
        f"hadir_{absent.pk}_{day1:%Y%m%d}": "on",
        f"lulus_{absent.pk}": "lulus", f"nilai_{absent.pk}": "90",
        f"lulus_{paper.pk}": "", f"nilai_{paper.pk}": "",
    })

    assert response.status_code == 200
    assert f"{absent.inmate.legal_name} hadir 1 dari 3 hari yang tercatat" in response.content.decode()
    absent.refresh_from_db()
    assert absent.passed is None and not TrainingAttendance.objects.exists()  # nothing half-saved
    # Attendance kept on paper (no day recorded for the participant): the result is taken.
    training_result_record(participant=paper, passed=True, score=70, user=staff_user)
    paper.refresh_from_db()
    assert paper.passed is True


def test_absent_days_recorded_after_the_result_stop_the_certificate(staff_user, prison, settings):
    """Found by a review: present on day 1, passed, then absent on days 2 and 3 kept the pass."""
    from programs.services import attendance_record, certificate_issue, certificate_issue_bulk

    settings.TRAINING_PASS_MIN_ATTENDANCE_PERCENT = 50
    training = running_training(prison, capacity=3)
    (participant,) = proposed(training, 1)
    training_confirm(participant=participant, user=staff_user)
    day1, day2, day3 = (training.starts_on + datetime.timedelta(days=i) for i in range(3))
    attendance_record(training=training, marks={(participant.pk, day1): True}, user=staff_user)
    training_result_record(participant=participant, passed=True, score=80, user=staff_user)
    attendance_record(training=training, marks={(participant.pk, day2): False, (participant.pk, day3): False},
                      user=staff_user)

    with pytest.raises(ValidationError) as refused:
        certificate_issue(participant=participant, user=staff_user, issued_on=training.starts_on + datetime.timedelta(days=2))
    assert "hadir 1 dari 3 hari" in refused.value.message_dict["participant"][0]
    assert certificate_issue_bulk(training=training, user=staff_user, issued_on=training.starts_on + datetime.timedelta(days=2)) == []


@pytest.mark.django_db
def test_capacity_cannot_drop_below_the_confirmed_participants(prison, staff_user):
    """Found by an attacker probe: 2 seats were saved for 3 confirmed participants."""
    training = running_training(prison, capacity=5)
    for participant in proposed(training, 3):
        training_confirm(participant=participant, user=staff_user)
    training.refresh_from_db()

    training.capacity = 2
    with pytest.raises(ValidationError) as refused:
        training.full_clean()
    training.capacity = 3
    training.full_clean()

    assert refused.value.message_dict["capacity"] == [
        "3 peserta sudah dikonfirmasi; kapasitas tidak boleh kurang dari itu. Batalkan dulu peserta yang tidak jadi ikut."
    ]
