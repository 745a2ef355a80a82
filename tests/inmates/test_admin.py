"""Consent in the admin: recorded through consent_give, withdrawn, never edited or deleted."""

import pytest
from django.contrib.messages import get_messages

from inmates.models import Consent, Inmate
from tests import factories
from tests.admin_helpers import action_data, admin_url, changeform_data

pytestmark = pytest.mark.django_db


def test_new_consent_in_the_inmate_page_withdraws_the_one_in_force(staff_client, staff_user):
    inmate = factories.make_inmate()
    old = factories.make_consent(inmate=inmate, face_public=True)
    data = changeform_data(staff_client.get(admin_url(Inmate, "change", inmate.pk)))
    data.update(
        {
            "consents-2-TOTAL_FORMS": "1",
            "consents-2-0-display_name_public": "on",
            "consents-2-0-notes": "Disaksikan Kasi Binadik.",
        }
    )

    response = staff_client.post(admin_url(Inmate, "change", inmate.pk), data)

    assert response.status_code == 302
    old.refresh_from_db()
    new = Consent.objects.active().get(inmate=inmate)
    assert (old.withdrawn_on is not None, old.withdrawn_recorded_by) == (True, staff_user)
    assert (new.display_name_public, new.story_public, new.face_public) == (True, False, False)
    assert (new.recorded_by, new.notes) == (staff_user, "Disaksikan Kasi Binadik.")
    assert Consent.objects.filter(inmate=inmate).count() == 2


def test_inmate_page_without_a_new_consent_changes_no_consent(staff_client):
    inmate = factories.make_inmate(legal_name="Andi")
    consent = factories.make_consent(inmate=inmate)
    data = changeform_data(staff_client.get(admin_url(Inmate, "change", inmate.pk)))
    data["legal_name"] = "Andi Wijaya"

    response = staff_client.post(admin_url(Inmate, "change", inmate.pk), data)

    assert response.status_code == 302
    assert Inmate.objects.get(pk=inmate.pk).legal_name == "Andi Wijaya"
    assert list(Consent.objects.filter(inmate=inmate)) == [consent]
    assert Consent.objects.get(pk=consent.pk).withdrawn_on is None


def test_consent_add_page_records_through_consent_give(staff_client, staff_user):
    inmate = factories.make_inmate()
    old = factories.make_consent(inmate=inmate)
    data = changeform_data(staff_client.get(admin_url(Consent, "add")))
    data.update({"inmate": str(inmate.pk), "story_public": "on"})

    response = staff_client.post(admin_url(Consent, "add"), data)

    assert response.status_code == 302
    new = Consent.objects.active().get(inmate=inmate)
    assert (new.story_public, new.display_name_public, new.recorded_by) == (True, False, staff_user)
    assert response["Location"] == admin_url(Consent, "changelist")
    assert Consent.objects.get(pk=old.pk).withdrawn_recorded_by == staff_user


def test_consent_add_page_with_the_very_consent_in_force_records_nothing_and_says_so(staff_client):
    # It said "ditambahkan" and logged an addition though consent_give recorded nothing.
    from django.contrib.admin.models import LogEntry

    inmate = factories.make_inmate(legal_name="Andi Wijaya")
    current = factories.make_consent(inmate=inmate, story_public=False, work_photos_public=False)
    data = changeform_data(staff_client.get(admin_url(Consent, "add")))
    data.update({"inmate": str(inmate.pk), "display_name_public": "on"})

    response = staff_client.post(admin_url(Consent, "add"), data)

    assert response.status_code == 302
    assert response["Location"] == admin_url(Consent, "change", current.pk)
    assert list(Consent.objects.filter(inmate=inmate)) == [current]
    assert Consent.objects.get(pk=current.pk).withdrawn_on is None
    assert not LogEntry.objects.filter(object_id=str(current.pk)).exists()
    assert [(m.level_tag, str(m)) for m in get_messages(response.wsgi_request)] == [
        ("info", "Persetujuan ini sama dengan yang sedang berlaku untuk Andi Wijaya; tidak ada yang diubah.")
    ]


def test_consent_change_page_only_edits_notes_and_document(staff_client):
    consent = factories.make_consent()

    response = staff_client.get(admin_url(Consent, "change", consent.pk))

    assert set(response.context["adminform"].form.fields) == {"document", "notes"}
    assert response.context["has_delete_permission"] is False


def test_withdraw_action_withdraws_active_consents(staff_client, staff_user):
    active = factories.make_consent()
    withdrawn = factories.make_consent()
    withdrawn.withdrawn_on = withdrawn.given_on
    withdrawn.save()

    response = staff_client.post(
        admin_url(Consent, "changelist"), action_data("withdraw_consents", [active, withdrawn])
    )

    assert response.status_code == 302
    active.refresh_from_db()
    assert active.withdrawn_recorded_by == staff_user
    assert [(m.level_tag, str(m)) for m in get_messages(response.wsgi_request)] == [
        ("success", "1 persetujuan dicabut."),
        ("warning", "1 persetujuan dilewati karena sudah dicabut sebelumnya."),
    ]


def test_the_admin_status_change_follows_the_portals_release_and_transfer_rules(staff_client, staff_user):
    """Found by a review: in the admin an inmate was saved as transferred to "-" (or to the own
    prison) and kept a confirmed seat in next week's training."""
    import datetime

    from django.utils import timezone

    from inmates.models import Inmate
    from programs.models import TrainingParticipant
    from tests.admin_helpers import admin_url, changeform_data

    prison = factories.make_prison()
    inmate = factories.make_inmate(prison=prison)
    today = timezone.localdate()
    training = factories.make_training(
        prison=prison, starts_on=today + datetime.timedelta(days=7), ends_on=today + datetime.timedelta(days=8)
    )
    seat = factories.make_participant(training=training, inmate=inmate, status=TrainingParticipant.Status.CONFIRMED)
    url = admin_url(Inmate, "change", inmate.pk)
    data = changeform_data(staff_client.get(url))

    errors = {}
    for typed in ("-", prison.name, ""):
        refused = staff_client.post(
            url, {**data, "status": "transferred", "transferred_to": typed, "transferred_on": today.isoformat()}
        )
        assert refused.status_code == 200
        errors[typed] = refused.context["adminform"].form.errors["transferred_to"]
    undated = staff_client.post(url, {**data, "status": "transferred", "transferred_to": "Lapas Kelas IIA Lain"})
    ahead = (today + datetime.timedelta(days=1)).isoformat()
    future = staff_client.post(
        url, {**data, "status": "transferred", "transferred_to": "Lapas Kelas IIA Lain", "transferred_on": ahead}
    )
    moved = staff_client.post(
        url,
        {**data, "status": "transferred", "transferred_to": "Lapas Kelas IIA Lain", "transferred_on": today.isoformat()},
        follow=True,
    )

    assert errors["-"] == ["Isian ini harus memuat huruf, tidak hanya angka atau tanda baca."]
    assert errors[prison.name][0].startswith("Peserta ini sudah berada di")
    assert errors[""] == ["Isi lapas/rutan tujuan."]
    assert undated.context["adminform"].form.errors["transferred_on"] == ["Isi tanggal pemindahan."]
    assert future.context["adminform"].form.errors["transferred_on"] == ["Tanggal pemindahan tidak boleh di masa depan."]
    inmate.refresh_from_db()
    seat.refresh_from_db()
    assert (inmate.status, seat.status) == (Inmate.Status.TRANSFERRED, TrainingParticipant.Status.WITHDRAWN)
    assert f"juga dikeluarkan dari pelatihan yang akan datang: {training.title}. Kursinya" in moved.content.decode()


def test_inmate_admin_refuses_a_lookalike_registration_number_of_the_same_prison(staff_client):
    existing = factories.make_inmate(registration_number="B.I-4321/2018")
    data = changeform_data(staff_client.get(admin_url(Inmate, "add")))
    data.update(
        {"prison": str(existing.prison_id), "legal_name": "Budi Hartono", "registration_number": "BI\u20134321/2018", "gender": "L"}
    )

    response = staff_client.post(admin_url(Inmate, "add"), data)

    assert response.status_code == 200
    assert response.context["adminform"].form.errors["registration_number"] == [
        "Nomor registrasi ini sudah terdaftar di lapas tersebut."
    ]
    assert Inmate.objects.count() == 1


def test_the_admin_does_not_move_a_person_to_another_prison(staff_client):
    """A move is a transfer, kept at the sending prison. Changing the prison in the admin carried
    consent scans, training history and certificates over to the other prison, left the person
    on the old prison's upcoming trainings, dropped them as maker of the old prison's products at
    its next save, and put a man into a women's prison (a cross-prison probe). The prison is set
    when the person is registered, and shown read-only after."""
    from inmates.models import Inmate, Prison
    from tests.admin_helpers import admin_url, changeform_data

    prison = factories.make_prison()
    women = factories.make_prison(name="Lapas Perempuan Kelas IIA Tangerang", kind=Prison.Kind.LAPAS_PEREMPUAN)
    man = factories.make_inmate(prison=prison, gender=Inmate.Gender.MALE)
    product = factories.make_product(prison=prison)
    product.makers.add(man)
    url = admin_url(Inmate, "change", man.pk)

    page = staff_client.get(url)
    data = changeform_data(page)
    response = staff_client.post(url, {**data, "prison": women.pk, "skills": "Mengukir"})

    assert 'name="prison"' not in page.content.decode()
    assert prison.name in page.content.decode()
    assert response.status_code == 302
    man.refresh_from_db()
    assert (man.prison_id, man.skills) == (prison.pk, "Mengukir")
    assert list(product.makers.all()) == [man]

    add_page = staff_client.get(admin_url(Inmate, "add"))
    assert 'name="prison"' in add_page.content.decode()
    refused = staff_client.post(
        admin_url(Inmate, "add"),
        {**changeform_data(add_page), "prison": women.pk, "legal_name": "Yohanes Lado",
         "registration_number": "B.I-9/2018", "gender": "L"},
    )
    assert refused.status_code == 200
    assert refused.context["adminform"].form.errors["gender"][0].startswith(
        "Lapas Perempuan Kelas IIA Tangerang adalah lapas perempuan"
    )
