"""The cooperation agreement's progress: each obligation's status computed by the database from
its evidence and due date, progress per party and per area, the staff page, recording evidence
(service, admin inline, the "record as evidence" action on trainings and aid)."""

import datetime
import re

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone, translation

from inmates import roles
from programs.models import Aid, Certificate, Evidence, Obligation, Party, TrainingParticipant
from programs.selectors import (
    agreement_progress,
    obligations_overdue,
    obligations_with_progress,
)
from programs.services import evidence_record
from tests import factories
from tests.admin_helpers import action_data, admin_url, changeform_data

pytestmark = pytest.mark.django_db

DAY = datetime.date(2018, 6, 1)
Progress = Obligation.Progress


def make_evidence(obligation, quantity=1, **kwargs) -> Evidence:
    kwargs.setdefault("kind", Evidence.Kind.TRAINING)
    kwargs.setdefault("date", datetime.date(2018, 5, 1))
    return Evidence.objects.create(obligation=obligation, quantity=quantity, **kwargs)


def status_of(obligation, *, today=DAY) -> tuple[str, int, int]:
    row = obligations_with_progress(Obligation.objects.filter(pk=obligation.pk), today=today).get()
    return row.progress_status, row.evidence_total, row.progress_percent



@pytest.fixture(autouse=True)
def _indonesian():
    # Services speak the active language; an earlier test in this worker may have left English on.
    with translation.override("id"):
        yield

# --- Status of one obligation --------------------------------------------------------------------


def test_obligation_without_evidence_before_due_date_is_not_started():
    obligation = factories.make_obligation(target_quantity=3, due_date=DAY + datetime.timedelta(days=10))

    assert status_of(obligation) == (Progress.NOT_STARTED, 0, 0)


def test_obligation_with_evidence_below_target_is_in_progress():
    obligation = factories.make_obligation(target_quantity=10, due_date=DAY + datetime.timedelta(days=10))
    make_evidence(obligation, 2)
    make_evidence(obligation, 1)

    assert status_of(obligation) == (Progress.IN_PROGRESS, 3, 30)


def test_obligation_with_evidence_adding_up_to_target_is_fulfilled():
    obligation = factories.make_obligation(target_quantity=3, due_date=DAY + datetime.timedelta(days=10))
    make_evidence(obligation, 2)
    make_evidence(obligation, 1)

    assert status_of(obligation) == (Progress.FULFILLED, 3, 100)


def test_obligation_with_more_evidence_than_target_is_fulfilled_at_100_percent():
    obligation = factories.make_obligation(target_quantity=2, due_date=None)
    make_evidence(obligation, 5)

    assert status_of(obligation) == (Progress.FULFILLED, 5, 100)


def test_obligation_past_due_without_evidence_is_overdue():
    obligation = factories.make_obligation(target_quantity=1, due_date=DAY - datetime.timedelta(days=1))

    assert status_of(obligation) == (Progress.OVERDUE, 0, 0)


def test_obligation_past_due_with_partial_evidence_is_overdue():
    obligation = factories.make_obligation(target_quantity=3, due_date=DAY - datetime.timedelta(days=30))
    make_evidence(obligation, 2)

    assert status_of(obligation) == (Progress.OVERDUE, 2, 67)  # 66.7, rounded


def test_obligation_fulfilled_after_its_due_date_is_fulfilled_not_overdue():
    obligation = factories.make_obligation(target_quantity=1, due_date=DAY - datetime.timedelta(days=30))
    make_evidence(obligation, 1, date=DAY)

    assert status_of(obligation) == (Progress.FULFILLED, 1, 100)


def test_obligation_without_due_date_is_never_overdue():
    obligation = factories.make_obligation(target_quantity=4, due_date=None)

    assert status_of(obligation, today=datetime.date(2099, 1, 1)) == (Progress.NOT_STARTED, 0, 0)


def test_obligation_due_today_is_not_overdue_and_due_yesterday_is():
    # Without ``today`` the selector takes today's date in Jakarta (settings.TIME_ZONE).
    today = timezone.localdate()
    due_today = factories.make_obligation(due_date=today)
    due_yesterday = factories.make_obligation(due_date=today - datetime.timedelta(days=1))

    statuses = dict(
        obligations_with_progress(Obligation.objects.filter(pk__in=[due_today.pk, due_yesterday.pk]))
        .values_list("pk", "progress_status")
    )

    assert statuses == {due_today.pk: Progress.NOT_STARTED, due_yesterday.pk: Progress.OVERDUE}
    assert list(obligations_overdue()) == [due_yesterday]


def test_overdue_boundary_is_midnight_in_jakarta_not_utc():
    # 31 May 2018, 17:30 UTC is already 1 June, 00:30 in Jakarta (WIB, UTC+7).
    moment = datetime.datetime(2018, 5, 31, 17, 30, tzinfo=datetime.UTC)
    jakarta_today = timezone.localdate(moment)
    due_31_may = factories.make_obligation(due_date=datetime.date(2018, 5, 31))
    due_1_june = factories.make_obligation(due_date=datetime.date(2018, 6, 1))

    assert jakarta_today == datetime.date(2018, 6, 1)
    assert status_of(due_31_may, today=jakarta_today)[0] == Progress.OVERDUE
    assert status_of(due_1_june, today=jakarta_today)[0] == Progress.NOT_STARTED


def test_evidence_of_another_obligation_does_not_count():
    obligation = factories.make_obligation(target_quantity=1, due_date=None)
    other = factories.make_obligation(target_quantity=1, due_date=None)
    make_evidence(other, 5)

    assert status_of(obligation) == (Progress.NOT_STARTED, 0, 0)


# --- Progress per party and per area --------------------------------------------------------------


def _agreement_with_every_status():
    agreement = factories.make_agreement()
    later, earlier = DAY + datetime.timedelta(days=30), DAY - datetime.timedelta(days=30)

    def obligation(party, area, target, due, evidence=0):
        row = factories.make_obligation(
            agreement=agreement, party=party, area=area, target_quantity=target, due_date=due
        )
        if evidence:
            make_evidence(row, evidence)
        return row

    rows = {
        "ikm_training_done": obligation("ikm", "training", 2, earlier, 2),
        "ikm_training_running": obligation("ikm", "training", 4, later, 1),
        "ikm_certificates_late": obligation("ikm", "certificates", 10, earlier, 3),
        "ikm_promotion_new": obligation("ikm", "promotion", 12, later),
        "pas_participants_done": obligation("pas", "participants", 1, later, 1),
        "pas_other_late": obligation("pas", "other", 1, earlier),
    }
    # Another agreement's obligations never count here.
    other = factories.make_agreement()
    factories.make_obligation(agreement=other, party="pas", area="training", due_date=earlier)
    return agreement, rows


def _counts(group):
    return (group.key, group.total, group.fulfilled, group.in_progress, group.overdue, group.not_started)


def test_agreement_progress_per_party_exact():
    agreement, _rows = _agreement_with_every_status()

    progress = agreement_progress(agreement=agreement, today=DAY)

    assert [_counts(g) for g in progress["parties"]] == [
        ("ikm", 4, 1, 1, 1, 1),
        ("pas", 2, 1, 0, 1, 0),
    ]
    assert [g.label for g in progress["parties"]] == [Party.DITJEN_IKM.label, Party.DITJEN_PAS.label]
    assert [g.percent for g in progress["parties"]] == [25, 50]
    assert _counts(progress["overall"]) == ("all", 6, 2, 1, 2, 1)
    assert progress["overall"].percent == 33


def test_agreement_progress_per_area_exact_in_area_order():
    agreement, _rows = _agreement_with_every_status()

    progress = agreement_progress(agreement=agreement, today=DAY)

    assert [_counts(g) for g in progress["areas"]] == [
        ("training", 2, 1, 1, 0, 0),
        ("certificates", 1, 0, 0, 1, 0),
        ("promotion", 1, 0, 0, 0, 1),
        ("participants", 1, 1, 0, 0, 0),
        ("other", 1, 0, 0, 1, 0),
    ]


def test_agreement_progress_lists_overdue_earliest_first_with_days_late():
    agreement, rows = _agreement_with_every_status()
    rows["ikm_certificates_late"].due_date = DAY - datetime.timedelta(days=40)
    rows["ikm_certificates_late"].save()

    progress = agreement_progress(agreement=agreement, today=DAY)

    assert [(o.pk, o.days_overdue) for o in progress["overdue"]] == [
        (rows["ikm_certificates_late"].pk, 40),
        (rows["pas_other_late"].pk, 30),
    ]
    by_pk = {o.pk: o for o in progress["obligations"]}
    assert by_pk[rows["ikm_training_running"].pk].days_overdue is None
    assert str(by_pk[rows["ikm_training_running"].pk].progress_label) == "Sedang berjalan"


def test_progress_bar_segments_add_up_to_exactly_100():
    agreement, _rows = _agreement_with_every_status()

    overall = agreement_progress(agreement=agreement, today=DAY)["overall"]

    assert [(s["status"], s["count"], s["x"], s["width"]) for s in overall.segments] == [
        ("fulfilled", 2, 0, 33),
        ("in_progress", 1, 33, 16),
        ("overdue", 2, 49, 33),
        ("not_started", 1, 82, 18),
    ]


# --- The staff page -------------------------------------------------------------------------------


def _progress_url(agreement) -> str:
    return reverse("admin:programs_agreement_progress", args=[agreement.pk])


def _training_with_certificates(prison, *, certificates: int):
    training = factories.make_training(
        prison=prison, title="Bimtek Batik Tulis", instructors="Instruktur BBKB Yogyakarta\nPendamping IKM"
    )
    for i in range(certificates + 1):
        participant = factories.make_participant(
            training=training, status=TrainingParticipant.Status.CONFIRMED, passed=i < certificates, score=80
        )
        if i < certificates:
            Certificate.objects.create(
                participant=participant, number=f"T/{training.pk}/{i}", issued_on=training.ends_on
            )
    return training


def test_progress_page_shows_obligations_evidence_and_what_is_overdue(staff_client):
    prison = factories.make_prison(name="Lapas Perempuan Tangerang")
    agreement = factories.make_agreement(number="PKS-27/IKM/2018", title="Pembinaan kemandirian WBP")
    training_obligation = factories.make_obligation(
        agreement=agreement, text="Menyediakan instruktur pelatihan.", target_quantity=1, due_date=DAY
    )
    aid_obligation = factories.make_obligation(
        agreement=agreement, area="materials", text="Menyiapkan bahan dan kelengkapan.", target_quantity=3,
        unit="paket", due_date=datetime.date(2019, 1, 1),
    )
    training = _training_with_certificates(prison, certificates=2)
    aid = Aid.objects.create(
        kind=Aid.Kind.EQUIPMENT, prison=prison, items="Kompor batik listrik", quantity=10,
        value=25_000_000, given_on=datetime.date(2018, 2, 23),
    )
    make_evidence(training_obligation, 1, kind=Evidence.Kind.INSTRUCTORS, training=training)
    make_evidence(aid_obligation, 1, kind=Evidence.Kind.AID, aid=aid, description="Serah terima alat")

    response = staff_client.get(_progress_url(agreement))

    assert response.status_code == 200
    html = response.content.decode()
    assert response.context["overall"].total == 2
    assert [o.pk for o in response.context["overdue"]] == [aid_obligation.pk]
    assert "1 kewajiban lewat tenggat" in html
    # The agreement ended in 2023: its unmet obligation is not counted on in days (a staff probe
    # read "lewat 3.081 hari").
    assert "tenggat 1 Januari 2019, tidak terpenuhi sampai perjanjian berakhir" in html
    assert " hari" not in html.split('id="lewat-tenggat"', 1)[1].split("</section>", 1)[0]
    assert "Menyediakan instruktur pelatihan." in html
    assert "Bimtek Batik Tulis" in html and "Instruktur BBKB Yogyakarta" in html
    assert "3 peserta" in html and "2 sertifikat" in html
    assert "Kompor batik listrik" in html and "Rp 25.000.000" in html
    assert "1</strong> / 3 paket (33%)" in html
    assert 'etalase-progress-overdue">Lewat tenggat' in html
    assert 'etalase-progress-fulfilled">Terpenuhi' in html


def test_progress_page_queries_do_not_grow_with_obligations_and_evidence(staff_client):
    agreement = factories.make_agreement()
    prison = factories.make_prison()
    first = factories.make_obligation(agreement=agreement, due_date=DAY)
    make_evidence(first, 1, training=factories.make_training(prison=prison))
    url = _progress_url(agreement)
    staff_client.get(url)  # warm per-process caches

    with CaptureQueriesContext(connection) as one:
        assert staff_client.get(url).status_code == 200
    for i in range(6):
        obligation = factories.make_obligation(agreement=agreement, party="pas" if i % 2 else "ikm",
                                               area=Obligation.Area.values[i], due_date=DAY)
        make_evidence(obligation, 1, training=_training_with_certificates(prison, certificates=2))
        make_evidence(obligation, 1, kind=Evidence.Kind.AID, aid=Aid.objects.create(
            kind=Aid.Kind.EQUIPMENT, prison=prison, items="Alat", value=1_000, given_on=DAY))
        make_evidence(obligation, 1, kind=Evidence.Kind.EXHIBITION, exhibition=factories.make_exhibition())
    with CaptureQueriesContext(connection) as many:
        response = staff_client.get(url)

    assert response.context["overall"].total == 7
    assert len(many) == len(one), "\n".join(q["sql"] for q in many.captured_queries)


def test_progress_page_is_linked_from_the_agreement_page_and_the_dashboard(staff_client):
    agreement = factories.make_agreement(title="PKS Pembinaan Kemandirian")
    factories.make_obligation(agreement=agreement, due_date=datetime.date(2018, 5, 1))
    url = _progress_url(agreement)

    change_page = staff_client.get(admin_url(type(agreement), "change", agreement.pk)).content.decode()
    dashboard = staff_client.get("/admin/")

    assert f'href="{url}"' in change_page
    assert f'href="{url}"' in dashboard.content.decode()
    assert [(a.pk, a.obligation_count, a.fulfilled_count, a.overdue_count) for a in dashboard.context["agreements"]] == [
        (agreement.pk, 1, 0, 1)
    ]
    # An agreement that has ended says so: its overdue obligations are not the ones the line
    # above counts (found by a staff probe: "0 lewat tenggat" above "3 lewat tenggat").
    assert "masa berlaku 3 Apr 2018 – 2 Apr 2023" in dashboard.content.decode()
    assert "1 tidak terpenuhi sampai berakhir" in dashboard.content.decode()


def test_an_agreement_in_force_counts_an_overdue_obligation_in_days(staff_client):
    today = timezone.localdate()
    agreement = factories.make_agreement(
        valid_from=today - datetime.timedelta(days=2000), valid_to=today + datetime.timedelta(days=100)
    )
    due = today - datetime.timedelta(days=1200)
    factories.make_obligation(agreement=agreement, due_date=due)

    html = staff_client.get(_progress_url(agreement)).content.decode()
    dashboard = staff_client.get("/admin/").content.decode()

    assert f"lewat {1200:,} hari".replace(",", ".") in html  # thousands, grouped by a dot
    assert "1 lewat tenggat" in dashboard


def test_progress_page_for_corrections_staff_is_read_only(corrections_client):
    agreement = factories.make_agreement()
    factories.make_obligation(agreement=agreement)

    response = corrections_client.get(_progress_url(agreement))

    assert response.status_code == 200
    assert response.context["may_record_evidence"] is False
    assert "Catat bukti" not in response.content.decode()


def test_progress_page_refuses_officers_and_unknown_agreements(officer_client, staff_client):
    agreement = factories.make_agreement()

    assert officer_client.get(_progress_url(agreement)).status_code == 302  # to the admin login
    assert staff_client.get(reverse("admin:programs_agreement_progress", args=[agreement.pk + 99])).status_code == 404


# --- Recording evidence ---------------------------------------------------------------------------


def test_evidence_record_adds_evidence_with_who_and_changes_the_status(staff_user):
    obligation = factories.make_obligation(area=Obligation.Area.PROMOTION, target_quantity=2, due_date=None)

    evidence = evidence_record(
        obligation=obligation, user=staff_user, kind=Evidence.Kind.PROMOTION, quantity=2,
        date=datetime.date(2018, 4, 6), description=" Liputan pameran ", url="https://kemenperin.go.id/",
    )

    stored = Evidence.objects.get()
    assert stored == evidence
    assert (stored.recorded_by, stored.description, stored.quantity) == (staff_user, "Liputan pameran", 2)
    assert status_of(obligation)[0] == Progress.FULFILLED


@pytest.mark.parametrize(
    ("quantity", "date", "field"),
    [(0, datetime.date(2018, 4, 6), "quantity"), (1, datetime.date(2999, 1, 1), "date")],
)
def test_evidence_record_refuses_bad_quantity_and_future_date(staff_user, quantity, date, field):
    obligation = factories.make_obligation()

    with pytest.raises(ValidationError) as caught:
        evidence_record(obligation=obligation, user=staff_user, kind="other", quantity=quantity, date=date)

    assert list(caught.value.error_dict) == [field]
    assert Evidence.objects.count() == 0


def test_evidence_record_is_for_ministry_staff_only():
    obligation = factories.make_obligation()
    corrections = factories.make_user(role=roles.CORRECTIONS_STAFF)

    with pytest.raises(PermissionDenied):
        evidence_record(obligation=obligation, user=corrections, kind="other", quantity=1, date=DAY)

    assert Evidence.objects.count() == 0


def test_evidence_added_inline_on_the_obligation_records_who(staff_client, staff_user):
    obligation = factories.make_obligation(area=Obligation.Area.PROMOTION, target_quantity=1, due_date=None)
    url = admin_url(Obligation, "change", obligation.pk)
    data = changeform_data(staff_client.get(url))
    data.update(
        {
            "evidence-TOTAL_FORMS": "1",
            "evidence-0-kind": "promotion",
            "evidence-0-quantity": "1",
            "evidence-0-date": "06/04/2018",
            "evidence-0-description": "Katalog digital",
            "evidence-0-url": "kemenperin.go.id/katalog",
        }
    )

    response = staff_client.post(url, data)

    assert response.status_code == 302
    evidence = Evidence.objects.get(obligation=obligation)
    assert (evidence.kind, evidence.recorded_by, evidence.url) == (
        "promotion", staff_user, "https://kemenperin.go.id/katalog"
    )
    assert status_of(obligation)[0] == Progress.FULFILLED


def test_obligation_changelist_shows_status_and_filters_by_it(staff_client):
    agreement = factories.make_agreement()
    done = factories.make_obligation(agreement=agreement, text="Selesai", due_date=datetime.date(2018, 1, 1))
    make_evidence(done, 1)
    late = factories.make_obligation(agreement=agreement, text="Terlambat", due_date=datetime.date(2018, 1, 1))

    overdue_list = staff_client.get(admin_url(Obligation, "changelist") + "?status=overdue")
    by_due_date = staff_client.get(admin_url(Obligation, "changelist") + "?tenggat=lewat")

    assert list(overdue_list.context["cl"].result_list) == [late]
    # "Lewat tenggat" (the dashboard's link) leaves out what the evidence already fulfilled.
    assert list(by_due_date.context["cl"].result_list) == [late]
    assert 'etalase-progress-overdue">Lewat tenggat' in overdue_list.content.decode()


def test_aid_action_records_it_as_evidence_for_the_chosen_obligation(staff_client, staff_user):
    obligation = factories.make_obligation(area="materials", target_quantity=2, due_date=None,
                                           text="Menyerahkan mesin jahit ke lapas/rutan.")
    prison = factories.make_prison()
    aids = [
        Aid.objects.create(kind=Aid.Kind.EQUIPMENT, prison=prison, items=f"Mesin jahit {i}", value=5_000_000,
                           given_on=datetime.date(2018, 3, 9 + i))
        for i in range(2)
    ]
    data = action_data("record_as_evidence", aids)

    intermediate = staff_client.post(admin_url(Aid, "changelist"), data)
    applied = staff_client.post(
        admin_url(Aid, "changelist"),
        {**data, "apply": "1", "obligation": str(obligation.pk), "kind": "aid", "quantity": "", "description": ""},
    )

    assert intermediate.status_code == 200
    assert "Mesin jahit 0" in intermediate.content.decode()
    assert applied.status_code == 302
    # The obligation's own full stop is not doubled after the quote (a PKS probe).
    told = staff_client.get(admin_url(Aid, "changelist")).content.decode()
    assert "2 bukti dicatat untuk kewajiban “Menyerahkan mesin jahit ke lapas/rutan”." in told
    rows = list(Evidence.objects.order_by("date").values_list("aid", "kind", "quantity", "date", "description",
                                                              "recorded_by"))
    assert rows == [
        (aids[0].pk, "aid", 1, datetime.date(2018, 3, 9), "Mesin jahit 0", staff_user.pk),
        (aids[1].pk, "aid", 1, datetime.date(2018, 3, 10), "Mesin jahit 1", staff_user.pk),
    ]
    assert status_of(obligation)[0] == Progress.FULFILLED


def test_training_action_counts_the_trainings_valid_certificates(staff_client):
    obligation = factories.make_obligation(area="certificates", target_quantity=10, due_date=None)
    training = _training_with_certificates(factories.make_prison(), certificates=3)
    Certificate.objects.filter(number__endswith="/0").update(revoked_at=timezone.now(), revoke_reason="Salah")
    data = {**action_data("record_as_evidence", [training]), "apply": "1", "obligation": str(obligation.pk),
            "kind": "certificates", "quantity": "", "description": ""}

    response = staff_client.post(admin_url(type(training), "changelist"), data)

    assert response.status_code == 302
    evidence = Evidence.objects.get()
    assert (evidence.training, evidence.kind, evidence.quantity, evidence.date) == (
        training, "certificates", 2, training.ends_on
    )


def test_training_action_refuses_a_training_that_has_not_ended(staff_client):
    obligation = factories.make_obligation()
    future = timezone.localdate() + datetime.timedelta(days=10)
    training = factories.make_training(starts_on=future, ends_on=future)
    data = {**action_data("record_as_evidence", [training]), "apply": "1", "obligation": str(obligation.pk),
            "kind": "training", "quantity": "1", "description": ""}

    response = staff_client.post(admin_url(type(training), "changelist"), data)

    assert response.status_code == 200
    assert "Tanggal bukti tidak boleh di masa depan." in response.content.decode()
    assert Evidence.objects.count() == 0


# --- Evidence: its kind fits what it links (found by a new user's probe) ---------------------------


def test_evidence_kind_must_fit_the_linked_record_and_links_one_at_most(staff_user):
    obligation = factories.make_obligation()
    training = factories.make_training()
    aid = Aid.objects.create(kind=Aid.Kind.EQUIPMENT, prison=training.prison, items="Mesin jahit", value=1,
                             given_on=datetime.date(2018, 3, 1))
    on = datetime.date(2018, 5, 1)

    with pytest.raises(ValidationError) as wrong_kind:
        evidence_record(obligation=obligation, user=staff_user, kind=Evidence.Kind.EXHIBITION, quantity=1, date=on,
                        training=training)
    with pytest.raises(ValidationError) as two_links:
        evidence_record(obligation=obligation, user=staff_user, kind=Evidence.Kind.KITS, quantity=1, date=on,
                        training=training, aid=aid)
    kept = evidence_record(obligation=obligation, user=staff_user, kind=Evidence.Kind.INSTRUCTORS, quantity=1,
                           date=on, training=training)

    assert "tidak cocok dengan pelatihan" in wrong_kind.value.message_dict["kind"][0]
    assert "Instruktur disediakan" in wrong_kind.value.message_dict["kind"][0]
    assert "Tautkan satu saja" in two_links.value.message_dict["aid"][0]
    assert list(Evidence.objects.all()) == [kept]


def test_a_new_evidence_row_starts_with_the_kind_of_the_obligations_area(staff_client):
    obligation = factories.make_obligation(area=Obligation.Area.MATERIALS)

    page = staff_client.get(admin_url(Obligation, "change", obligation.pk)).content.decode()

    template_row = page[page.index('id="evidence-empty"'):]
    assert re.search(r'<option value="kits" selected>', template_row)


# Found by a ministry probe: the progress page reported obligations fulfilled that were not.


def test_the_same_training_is_not_recorded_twice_for_an_obligation(staff_client, staff_user):
    obligation = factories.make_obligation(area="training", target_quantity=2, due_date=None)
    training = factories.make_training(prison=factories.make_prison())
    data = {**action_data("record_as_evidence", [training]), "apply": "1", "obligation": str(obligation.pk),
            "kind": "training", "quantity": "", "description": ""}
    assert staff_client.post(admin_url(type(training), "changelist"), data).status_code == 302

    again = staff_client.post(admin_url(type(training), "changelist"), data)

    assert again.status_code == 200
    assert "dari pelatihan ini sudah dicatat untuk kewajiban ini" in again.content.decode()
    assert Evidence.objects.count() == 1
    assert status_of(obligation)[:2] == (Progress.IN_PROGRESS, 1)
    # Another kind of evidence of the same training (its instructors) is another fact.
    evidence_record(obligation=obligation, user=staff_user, kind="instructors", quantity=1, date=training.ends_on, training=training)
    # ... and the same training may fulfil another obligation.
    evidence_record(obligation=factories.make_obligation(agreement=obligation.agreement), user=staff_user,
                    kind="training", quantity=1, date=training.ends_on, training=training)


@pytest.mark.parametrize(
    ("kind", "area", "quantity", "refused"),
    [
        ("certificates", "certificates", 50, "menerbitkan 2 sertifikat"),
        ("certificates", "certificates", 2, None),
        ("training", "training", 2, "Satu pelatihan dihitung satu"),
        ("training", "participants", 4, "3 peserta terkonfirmasi"),
        ("training", "participants", 3, None),
        ("kits", "materials", 4, "satu paket per peserta"),
        ("instructors", "instructors", 3, "2 instruktur"),
    ],
)
def test_a_linked_training_caps_what_it_can_stand_for(staff_user, kind, area, quantity, refused):
    obligation = factories.make_obligation(area=area, target_quantity=10, due_date=None)
    training = _training_with_certificates(factories.make_prison(), certificates=2)
    training.instructors = "Ibu Sari\n\nPak Bambang\n"
    training.save()
    assert training.participants.filter(status=TrainingParticipant.Status.CONFIRMED).count() == 3

    def record():
        return evidence_record(obligation=obligation, user=staff_user, kind=kind, quantity=quantity,
                               date=training.ends_on, training=training)

    if refused is None:
        assert record().quantity == quantity
    else:
        with pytest.raises(ValidationError) as caught:
            record()
        assert refused in caught.value.message_dict["quantity"][0]
        assert not Evidence.objects.exists()


def test_an_exhibition_is_one_exhibition(staff_user):
    obligation = factories.make_obligation(area="exhibition", target_quantity=3, due_date=None)
    exhibition = factories.make_exhibition()
    with pytest.raises(ValidationError) as caught:
        evidence_record(obligation=obligation, user=staff_user, kind="exhibition", quantity=3,
                        date=exhibition.start_date, exhibition=exhibition)
    assert "Satu pameran dihitung satu" in caught.value.message_dict["quantity"][0]


def test_evidence_is_not_dated_after_the_agreement_ended(staff_user):
    agreement = factories.make_agreement(valid_from=datetime.date(2018, 4, 3), valid_to=datetime.date(2023, 4, 2))
    obligation = factories.make_obligation(agreement=agreement, area="promotion", due_date=None)
    with pytest.raises(ValidationError) as caught:
        evidence_record(obligation=obligation, user=staff_user, kind="promotion", quantity=1, date=datetime.date(2023, 4, 3))
    assert "melewati akhir masa berlaku perjanjian (2 Apr 2023)" in caught.value.message_dict["date"][0]
    evidence_record(obligation=obligation, user=staff_user, kind="promotion", quantity=1, date=datetime.date(2023, 4, 2))
    # The trainings that prepared the agreement, before it was signed, count.
    evidence_record(obligation=obligation, user=staff_user, kind="promotion", quantity=1, date=datetime.date(2018, 3, 9))


def test_an_obligation_is_due_within_its_agreement(staff_client):
    agreement = factories.make_agreement(valid_from=datetime.date(2018, 4, 3), valid_to=datetime.date(2023, 4, 2))
    obligation = Obligation(agreement=agreement, party="ikm", area="training", text="Bimtek", due_date=datetime.date(2030, 1, 1))
    with pytest.raises(ValidationError) as caught:
        obligation.full_clean()
    assert "Tenggat harus dalam masa berlaku perjanjian" in caught.value.message_dict["due_date"][0]
    obligation.due_date = datetime.date(2023, 4, 2)
    obligation.full_clean()

def test_obligation_percent_is_rounded_half_up_and_100_only_when_fulfilled():
    """Found by a ministry-staff probe: 6 of 7 read 85% (cut off, not rounded)."""
    six_of_seven = factories.make_obligation(target_quantity=7, due_date=None)
    make_evidence(six_of_seven, 6)
    one_of_eight = factories.make_obligation(target_quantity=8, due_date=None)
    make_evidence(one_of_eight, 1)  # 12.5%
    almost = factories.make_obligation(target_quantity=200, due_date=None)
    make_evidence(almost, 199)  # 99.5%, not yet fulfilled

    assert status_of(six_of_seven) == (Progress.IN_PROGRESS, 6, 86)
    assert status_of(one_of_eight) == (Progress.IN_PROGRESS, 1, 13)
    assert status_of(almost) == (Progress.IN_PROGRESS, 199, 99)


def test_progress_group_percent_is_rounded_half_up_and_100_only_when_all_are_fulfilled():
    from programs.selectors import ProgressGroup

    def group(fulfilled, total):
        return ProgressGroup(key="all", label="Semua", total=total, fulfilled=fulfilled, in_progress=0,
                             overdue=0, not_started=total - fulfilled)

    assert [group(5, 12).percent, group(6, 7).percent, group(1, 8).percent] == [42, 86, 13]
    assert [group(199, 200).percent, group(3, 3).percent, group(0, 0).percent] == [99, 100, 0]


def test_two_rows_of_the_same_evidence_in_one_save_are_refused(staff_client):
    """Found by a verification probe: each new row was checked against the saved evidence only,
    so two rows of the same training saved together were both kept."""
    obligation = factories.make_obligation(area="certificates", target_quantity=10, due_date=None)
    training = _training_with_certificates(factories.make_prison(), certificates=2)
    url = admin_url(Obligation, "change", obligation.pk)
    data = changeform_data(staff_client.get(url))
    data["evidence-TOTAL_FORMS"] = "2"
    for row in ("0", "1"):
        data.update({f"evidence-{row}-kind": "certificates", f"evidence-{row}-quantity": "2",
                     f"evidence-{row}-date": training.ends_on.strftime("%d/%m/%Y"), f"evidence-{row}-training": str(training.pk)})

    response = staff_client.post(url, data)

    assert response.status_code == 200
    assert "Baris lain sudah mencatat bukti yang sama" in response.content.decode()
    assert not Evidence.objects.exists()


def test_the_aid_list_totals_what_its_filters_show(staff_client):
    """Found by a ministry probe: the year's aid had no total anywhere in the back office."""
    prison = factories.make_prison()
    Aid.objects.create(prison=prison, kind="equipment", items="Mesin jahit", quantity=3, value=45_000_000,
                       given_on=datetime.date(2019, 5, 20))
    Aid.objects.create(prison=prison, kind="management", items="Pendampingan HPP", quantity=1, value=7_500_000,
                       given_on=datetime.date(2019, 6, 1))
    Aid.objects.create(prison=prison, kind="equipment", items="Kompor batik", quantity=2, value=4_000_000,
                       given_on=datetime.date(2018, 3, 9))

    everything = staff_client.get(admin_url(Aid, "changelist")).content.decode()
    in_2019 = staff_client.get(admin_url(Aid, "changelist"), {"given_on__year": "2019"}).content.decode()

    assert "3 bantuan, senilai Rp 56.500.000" in everything
    assert "2 bantuan, senilai Rp 52.500.000" in in_2019
    assert "Bantuan peralatan: Rp 45.000.000 (1)" in in_2019 and "Bantuan manajemen usaha: Rp 7.500.000 (1)" in in_2019


@pytest.mark.parametrize(
    ("area", "kind", "fits"),
    [
        ("exhibition", "certificates", False),  # found by a staff probe: counted as an exhibition held
        ("participants", "exhibition", False),  # and an exhibition as participants prepared
        ("exhibition", "exhibition", True),
        ("exhibition", "other", True),
        ("other", "promotion", True),
        ("materials", "aid", True),
    ],
)
def test_evidence_must_fit_the_area_of_its_obligation(staff_user, area, kind, fits):
    obligation = factories.make_obligation(area=area)

    def record():
        return evidence_record(obligation=obligation, user=staff_user, kind=kind, quantity=1, date=datetime.date(2018, 4, 6))

    if fits:
        record()
    else:
        with pytest.raises(ValidationError) as refused:
            record()
        assert refused.value.message_dict["kind"][0].startswith("Jenis bukti ini tidak sesuai dengan kewajiban bidang")


def test_evidence_dated_in_the_future_is_refused(staff_user):
    """Found by a staff probe: evidence dated 31 December of this year counted as fulfilled now."""
    from django.utils import timezone

    obligation = factories.make_obligation(agreement=factories.make_agreement(valid_to=datetime.date(2099, 12, 31)))

    with pytest.raises(ValidationError) as refused:
        evidence_record(obligation=obligation, user=staff_user, kind="training", quantity=1,
                        date=timezone.localdate() + datetime.timedelta(days=1))

    assert refused.value.message_dict["date"] == ["Tanggal bukti tidak boleh di masa depan."]


def test_aid_handed_over_in_the_future_is_refused(staff_user):
    """Found by a staff probe: aid "handed over" on 1 December 2030 was saved."""
    from django.utils import timezone

    aid = Aid(kind=Aid.Kind.EQUIPMENT, prison=factories.make_prison(), items="Mesin jahit", value=1_000,
              given_on=timezone.localdate() + datetime.timedelta(days=1))

    with pytest.raises(ValidationError) as refused:
        aid.full_clean()

    assert refused.value.message_dict["given_on"] == [
        "Tanggal serah terima tidak boleh di masa depan: catat bantuan setelah diserahkan."
    ]


def test_one_evidence_record_fulfils_at_most_the_whole_obligation(staff_client, staff_user):
    """Found by an attacker probe: "Lainnya" of quantity 1.000.000 made a target of 10
    certificates "Terpenuhi" (printed 1000511 / 10)."""
    obligation = factories.make_obligation(area="certificates", target_quantity=10, unit="sertifikat", due_date=None)

    with pytest.raises(ValidationError) as refused:
        evidence_record(obligation=obligation, user=staff_user, kind="other", quantity=1_000_000, date=DAY)
    evidence_record(obligation=obligation, user=staff_user, kind="other", quantity=10, date=DAY)
    Evidence.objects.create(obligation=obligation, kind="other", quantity=1500, date=DAY)  # stored before the rule

    assert refused.value.message_dict["quantity"] == [
        "Satu bukti paling banyak sebesar target kewajibannya (10 sertifikat). Periksa jumlahnya."
    ]
    page = staff_client.get(_progress_url(obligation.agreement)).content.decode()
    assert "1.510</strong> / 10 sertifikat" in page


def test_aid_worth_nothing_is_refused():
    """Found by an attacker probe: aid of Rp 0 was recorded."""
    aid = Aid(kind=Aid.Kind.EQUIPMENT, prison=factories.make_prison(), items="Mesin jahit", value=0,
              given_on=datetime.date(2018, 3, 1))

    with pytest.raises(ValidationError) as refused:
        aid.full_clean()

    assert refused.value.message_dict["value"] == ["Isi nilai bantuan dalam rupiah, lebih dari nol."]


def test_a_certificate_revoked_after_it_was_recorded_no_longer_counts_and_its_replacement_does():
    """Found by a PKS probe: 4 certificates recorded, one revoked, 2 more recorded: the progress
    page read 6 of 10 while the certificate list held 5 valid."""
    obligation = factories.make_obligation(area="certificates", target_quantity=10, due_date=None)
    training = _training_with_certificates(factories.make_prison(), certificates=4)
    other = _training_with_certificates(factories.make_prison(), certificates=2)
    for held in (training, other):
        Evidence.objects.create(obligation=obligation, kind="certificates", quantity=held.participants.filter(
            certificates__revoked_at__isnull=True, certificates__isnull=False).count(), date=DAY, training=held)
    make_evidence(obligation, 1)  # certificates recorded by hand, without a training: as written
    assert status_of(obligation)[1] == 7

    revoked = Certificate.objects.get(number=f"T/{training.pk}/0")
    revoked.revoked_at, revoked.revoke_reason = timezone.now(), "Salah nama"
    revoked.save()
    assert status_of(obligation)[1] == 6

    Certificate.objects.create(participant=revoked.participant, number=f"T/{training.pk}/0-B",
                               issued_on=training.ends_on, replaces=revoked)
    assert status_of(obligation)[1] == 7
    page_total = agreement_progress(agreement=obligation.agreement, today=DAY)["obligations"][0].evidence_total
    assert page_total == 7
