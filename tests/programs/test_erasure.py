from inmates.models import Consent, Inmate
from programs.erasure import inmate_erase
from programs.models import FollowUp
from tests import factories


def test_inmate_erase_removes_personal_data_and_history_but_keeps_work(staff_user, client):
    prison = factories.make_prison()
    inmate = factories.make_inmate(
        prison=prison, legal_name="Sutrisno Wibowo", registration_number="B.I-7777/2017", birth_year=1980,
        display_name="Pak Tris", public_story="Belajar membatik sejak 2016.",
    )
    factories.make_consent(inmate=inmate)
    inmate.legal_name = "Sutrisno W."
    inmate.save()
    product = factories.make_product(prison=prison, name="Kain Batik Parang Tris")
    product.makers.add(inmate)
    participant = factories.make_participant(inmate=inmate, training=factories.make_training(prison=prison))
    FollowUp.objects.create(
        inmate=inmate, months_after_release=3, recorded_on="2019-01-01", has_business=True, business_name="Batik Tris"
    )

    inmate_erase(inmate=inmate, user=staff_user)

    inmate = Inmate.objects.get(pk=inmate.pk)
    assert (inmate.legal_name, inmate.registration_number, inmate.birth_year, inmate.display_name, inmate.public_story) == (
        "—", f"DIHAPUS-{inmate.pk}", None, "", ""
    )
    assert Consent.objects.filter(inmate=inmate).count() == 0
    assert FollowUp.objects.filter(inmate=inmate).count() == 0
    history_names = set(Inmate.history.filter(id=inmate.pk).values_list("legal_name", flat=True))
    assert history_names <= {"—"}
    assert Consent.history.filter(inmate_id=inmate.pk).count() == 0
    assert list(product.makers.all()) == []
    participant.refresh_from_db()
    assert participant.inmate_id == inmate.pk
    page = client.get(f"/produk/{product.slug}/").content.decode()
    assert "Kain Batik Parang Tris" in page
    assert "Pak Tris" not in page and "Sutrisno" not in page


def test_inmate_erase_takes_the_name_and_number_out_of_the_admin_log(staff_client, staff_user):
    """Found by an attacker's probe: the admin's "recent actions" still named an erased person."""
    from django.contrib.admin.models import LogEntry

    from programs.models import TrainingParticipant
    from tests.admin_helpers import admin_url

    prison = factories.make_prison()
    inmate = factories.make_inmate(prison=prison, legal_name="Yusrizal Ñoman", registration_number="B.I-8320/2015")
    other = factories.make_inmate(prison=prison, legal_name="Yusrizal Lain", registration_number="B.I-9999/2016")
    training = factories.make_training(prison=prison)
    for person in (inmate, other):
        participant = factories.make_participant(inmate=person, training=training)
        # As the admin logs a change of the person and a participant row added on a training page.
        LogEntry.objects.log_actions(staff_user.pk, [person], 2, change_message=[{"changed": {"fields": ["Skills"]}}])
        LogEntry.objects.log_actions(
            staff_user.pk,
            [training],
            2,
            change_message=[{"added": {"name": "peserta", "object": str(participant)}}],
        )
    inmate.legal_name = "Yusrizal N."
    inmate.save()  # an older name, still in the history and the log

    inmate_erase(inmate=inmate, user=staff_user)

    logged = " ".join(
        f"{entry.object_repr} {entry.change_message} {entry.get_change_message()}" for entry in LogEntry.objects.all()
    )
    assert "Yusrizal N" not in logged and "Ñoman" not in logged and "\\u00d1oman" not in logged
    assert "8320" not in logged
    assert "Yusrizal Lain (B.I-9999/2016)" in logged  # somebody else's entries are untouched
    assert LogEntry.objects.count() == 4  # who did what, when, stays
    page = staff_client.get("/admin/").content.decode()
    assert "Ñoman" not in page and "8320" not in page
    assert TrainingParticipant.objects.filter(inmate=inmate).exists()
    assert staff_client.get(admin_url(type(inmate), "history", inmate.pk)).status_code == 200


def test_inmate_erase_takes_the_name_out_of_an_attendance_rows_log_entry(staff_client, staff_user):
    """A corrections-staff probe saved an attendance row in the admin, erased its person, and
    "Tindakan terakhir" still read "Lilis Suryati (B.I-1881/2016), 19 Feb 2018: hadir"."""
    import datetime

    from django.contrib.admin.models import LogEntry

    from programs.models import TrainingAttendance

    prison = factories.make_prison()
    inmate = factories.make_inmate(prison=prison, legal_name="Lilis Suryati", registration_number="B.I-1881/2016")
    participant = factories.make_participant(inmate=inmate, training=factories.make_training(prison=prison))
    attendance = TrainingAttendance.objects.create(participant=participant, day=datetime.date(2018, 2, 19), present=True)
    LogEntry.objects.log_actions(staff_user.pk, [attendance], 2, change_message=[{"changed": {"fields": ["Hadir"]}}])
    assert "Lilis Suryati" in staff_client.get("/admin/").content.decode()

    inmate_erase(inmate=inmate, user=staff_user)

    page = staff_client.get("/admin/").content.decode()
    logged = " ".join(f"{entry.object_repr} {entry.change_message}" for entry in LogEntry.objects.all())
    assert "Lilis" not in page and "1881" not in page
    assert "Lilis" not in logged and "1881" not in logged
    assert LogEntry.objects.count() == 1


def test_erasure_leaves_other_inmates_log_entries_alone_even_with_the_same_number(staff_user):
    """Found by a review: registration numbers repeat across prisons, and the first version
    rewrote every log entry holding the number, another prison's inmate's included."""
    from django.contrib.admin.models import LogEntry

    number = "AI.12/2019"
    erased = factories.make_inmate(legal_name="Aminah", registration_number=number)
    namesake = factories.make_inmate(legal_name="Siti Aminah", registration_number=number)
    other = factories.make_inmate(legal_name="Joko Susilo", registration_number=number)
    for person in (erased, namesake, other):
        LogEntry.objects.log_actions(staff_user.pk, [person], 2, change_message=[{"changed": {"fields": ["Skills"]}}])

    twin = factories.make_inmate(legal_name="Aminah", registration_number=number)  # same name too
    LogEntry.objects.log_actions(staff_user.pk, [twin], 2, change_message=[{"changed": {"fields": ["Skills"]}}])

    inmate_erase(inmate=erased, user=staff_user)

    shown = {entry.object_id: entry.object_repr for entry in LogEntry.objects.all()}
    assert shown == {
        str(erased.pk): f"— (DIHAPUS-{erased.pk})",
        str(namesake.pk): "Siti Aminah (AI.12/2019)",
        str(other.pk): "Joko Susilo (AI.12/2019)",
        str(twin.pk): "Aminah (AI.12/2019)",
    }


def test_a_place_removed_before_the_erasure_loses_the_name_in_the_admin_log(staff_client, staff_user):
    """Found by a review: the log entry of a training place deleted earlier in its own admin page
    ("Name (number) · Training") belonged to no current row of the person and was left alone,
    so the erased name stayed on the admin's "Recent actions"."""
    from django.contrib.admin.models import LogEntry

    from programs.models import TrainingParticipant

    prison = factories.make_prison()
    inmate = factories.make_inmate(prison=prison, legal_name="Yusrizal Noman", registration_number="B.I-8320/2015")
    other = factories.make_inmate(prison=prison, legal_name="Budi Lain", registration_number="B.I-1111/2015")
    training = factories.make_training(prison=prison)
    place = factories.make_participant(inmate=inmate, training=training)
    kept = factories.make_participant(inmate=other, training=training)
    LogEntry.objects.log_actions(staff_user.pk, [kept], 2, change_message=[{"changed": {"fields": ["Skor"]}}])
    response = staff_client.post(f"/admin/programs/trainingparticipant/{place.pk}/delete/", {"post": "yes"})
    assert response.status_code == 302 and not TrainingParticipant.objects.filter(pk=place.pk).exists()
    staff_client.get("/admin/")  # the deletion's own success message, shown once
    assert LogEntry.objects.filter(object_repr__startswith="Yusrizal Noman (B.I-8320/2015) · ").exists()

    inmate_erase(inmate=inmate, user=staff_user)

    shown = [entry.object_repr for entry in LogEntry.objects.all()]
    assert not [text for text in shown if "Yusrizal" in text or "8320" in text], shown
    assert f"Budi Lain (B.I-1111/2015) · {training.title}" in shown  # another person's row is untouched
    page = staff_client.get("/admin/").content.decode()
    assert "Yusrizal" not in page and "8320" not in page


def test_an_erased_participant_stays_editable_without_a_name_being_typed(staff_client, staff_user):
    """Found by a review: the erased mark "—" has no letter, so the record could no longer be
    saved (every name needs a letter) unless a name was typed into it."""
    from django.core.exceptions import ValidationError

    inmate = factories.make_inmate()
    inmate_erase(inmate=inmate, user=staff_user)
    inmate.refresh_from_db()

    inmate.full_clean()  # the mark passes
    inmate.legal_name = "-"
    try:
        inmate.full_clean()
    except ValidationError as refused:
        assert "legal_name" in refused.message_dict
    else:
        raise AssertionError("a dash typed as a name passed")
