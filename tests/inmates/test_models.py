import datetime

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from inmates import roles
from inmates.models import Consent, Inmate
from inmates.scoping import prison_scope
from inmates.selectors import inmate_consent_history, inmate_list
from inmates.services import consent_give, consent_withdraw
from tests import factories

pytestmark = pytest.mark.django_db

FORBIDDEN_FIELD_FRAGMENTS = ("offen", "crime", "sentence", "vonis", "pidana")


def _give(inmate, user, **kwargs):
    kwargs.setdefault("display_name_public", True)
    kwargs.setdefault("story_public", True)
    kwargs.setdefault("work_photos_public", True)
    return consent_give(inmate=inmate, user=user, **kwargs)


# --- Inmate constraints -------------------------------------------------------------------------


def test_inmate_registration_number_duplicate_in_same_prison_fails(prison):
    factories.make_inmate(prison=prison, registration_number="B.I-00001/2018")
    with pytest.raises(IntegrityError), transaction.atomic():
        factories.make_inmate(prison=prison, registration_number="B.I-00001/2018")
    assert Inmate.objects.filter(registration_number="B.I-00001/2018").count() == 1


def test_inmate_registration_number_duplicate_in_other_prison_allowed(prison, other_prison):
    factories.make_inmate(prison=prison, registration_number="B.I-00001/2018")
    factories.make_inmate(prison=other_prison, registration_number="B.I-00001/2018")
    assert Inmate.objects.filter(registration_number="B.I-00001/2018").count() == 2


def test_inmate_released_without_release_date_fails(prison):
    with pytest.raises(IntegrityError), transaction.atomic():
        factories.make_inmate(prison=prison, status=Inmate.Status.RELEASED, release_date=None)
    assert Inmate.objects.count() == 0


def test_inmate_released_with_release_date_allowed(prison):
    inmate = factories.make_inmate(
        prison=prison, status=Inmate.Status.RELEASED, release_date=datetime.date(2019, 8, 17)
    )
    assert Inmate.objects.get(pk=inmate.pk).release_date == datetime.date(2019, 8, 17)


def test_inmate_workshop_of_other_prison_fails_clean(prison, other_prison):
    workshop = factories.make_workshop(prison=other_prison)
    inmate = Inmate(prison=prison, workshop=workshop, legal_name="A", registration_number="1")
    with pytest.raises(ValidationError) as excinfo:
        inmate.clean()
    assert excinfo.value.message_dict == {
        "workshop": ["Bengkel kerja harus berada di lapas yang sama."]
    }


def test_inmate_workshop_of_same_prison_passes_clean(prison):
    inmate = Inmate(prison=prison, workshop=factories.make_workshop(prison=prison))
    assert inmate.clean() is None


def test_inmate_model_has_no_offence_or_sentence_field():
    # Privacy rule: offence and sentence are never stored, not even in the history table.
    names = [f.name.lower() for f in Inmate._meta.get_fields()]
    names += [f.name.lower() for f in Inmate.history.model._meta.get_fields()]
    offending = [n for n in names if any(fragment in n for fragment in FORBIDDEN_FIELD_FRAGMENTS)]
    assert offending == []


def test_inmate_history_records_changes(prison):
    inmate = factories.make_inmate(prison=prison, display_name="Pak Budi")
    inmate.display_name = "Budi S."
    inmate.save()
    rows = list(inmate.history.order_by("history_date", "history_id"))
    assert [(row.history_type, row.display_name) for row in rows] == [
        ("+", "Pak Budi"),
        ("~", "Budi S."),
    ]


# --- Consent constraints ------------------------------------------------------------------------


def test_consent_second_active_for_same_inmate_fails(prison):
    inmate = factories.make_inmate(prison=prison)
    factories.make_consent(inmate=inmate)
    with pytest.raises(IntegrityError), transaction.atomic():
        factories.make_consent(inmate=inmate)
    assert Consent.objects.filter(inmate=inmate).count() == 1


def test_consent_several_withdrawn_for_same_inmate_allowed(prison):
    inmate = factories.make_inmate(prison=prison)
    given = timezone.now() - datetime.timedelta(days=30)
    withdrawn = given + datetime.timedelta(days=1)
    factories.make_consent(inmate=inmate, given_on=given, withdrawn_on=withdrawn)
    factories.make_consent(inmate=inmate, given_on=given, withdrawn_on=withdrawn)
    factories.make_consent(inmate=inmate)
    assert Consent.objects.filter(inmate=inmate).count() == 3
    assert Consent.objects.active().filter(inmate=inmate).count() == 1


def test_consent_withdrawn_before_given_fails(prison):
    consent = factories.make_consent(inmate=factories.make_inmate(prison=prison))
    with pytest.raises(IntegrityError), transaction.atomic():
        Consent.objects.filter(pk=consent.pk).update(
            withdrawn_on=consent.given_on - datetime.timedelta(seconds=1)
        )
    assert Consent.objects.get(pk=consent.pk).withdrawn_on is None


def test_consent_withdrawn_at_moment_given_allowed(prison):
    consent = factories.make_consent(inmate=factories.make_inmate(prison=prison))
    Consent.objects.filter(pk=consent.pk).update(withdrawn_on=consent.given_on)
    assert Consent.objects.get(pk=consent.pk).withdrawn_on == consent.given_on


# --- Consent services ---------------------------------------------------------------------------


def test_consent_give_without_previous_creates_one_active(prison, officer):
    inmate = factories.make_inmate(prison=prison)
    consent = _give(inmate, officer, face_public=True, notes="Formulir ditandatangani di bengkel.")
    consent.refresh_from_db()
    assert Consent.objects.filter(inmate=inmate).count() == 1
    assert consent.is_active is True
    assert consent.recorded_by == officer
    assert consent.withdrawn_recorded_by is None
    assert (
        consent.display_name_public,
        consent.story_public,
        consent.work_photos_public,
        consent.face_public,
    ) == (True, True, True, True)
    assert consent.notes == "Formulir ditandatangani di bengkel."


def test_consent_give_face_public_defaults_to_false(prison, officer):
    consent = _give(factories.make_inmate(prison=prison), officer)
    assert Consent.objects.get(pk=consent.pk).face_public is False


def test_consent_give_while_active_withdraws_previous(prison, officer, staff_user):
    inmate = factories.make_inmate(prison=prison)
    first = _give(inmate, officer)
    second = _give(inmate, staff_user, story_public=False)
    first.refresh_from_db()
    assert first.withdrawn_on == second.given_on
    assert first.withdrawn_recorded_by == staff_user
    assert list(Consent.objects.active().filter(inmate=inmate)) == [second]
    assert Consent.objects.filter(inmate=inmate).count() == 2


def test_consent_withdraw_active_sets_date_and_user(prison, officer):
    inmate = factories.make_inmate(prison=prison)
    given = _give(inmate, officer)
    before = timezone.now()
    withdrawn = consent_withdraw(inmate=inmate, user=officer)
    after = timezone.now()
    assert withdrawn.pk == given.pk
    withdrawn.refresh_from_db()
    assert before <= withdrawn.withdrawn_on <= after
    assert withdrawn.withdrawn_recorded_by == officer
    assert withdrawn.recorded_by == officer


def test_consent_withdraw_without_active_returns_none(prison, officer):
    inmate = factories.make_inmate(prison=prison)
    assert consent_withdraw(inmate=inmate, user=officer) is None
    assert Consent.objects.filter(inmate=inmate).count() == 0


def test_consent_give_withdraw_give_keeps_history(prison, officer, staff_user):
    inmate = factories.make_inmate(prison=prison)

    first = _give(inmate, officer)
    assert Consent.objects.filter(inmate=inmate).count() == 1
    assert Consent.objects.active().filter(inmate=inmate).count() == 1

    consent_withdraw(inmate=inmate, user=staff_user)
    assert Consent.objects.filter(inmate=inmate).count() == 1
    assert Consent.objects.active().filter(inmate=inmate).count() == 0

    second = _give(inmate, officer, display_name_public=False)
    assert Consent.objects.filter(inmate=inmate).count() == 2
    assert list(Consent.objects.active().filter(inmate=inmate)) == [second]

    first.refresh_from_db()
    second.refresh_from_db()
    assert (first.recorded_by, first.withdrawn_recorded_by) == (officer, staff_user)
    assert (second.recorded_by, second.withdrawn_recorded_by) == (officer, None)


def test_consent_services_write_history_rows_with_acting_user(prison, officer, staff_user):
    inmate = factories.make_inmate(prison=prison)
    first = _give(inmate, officer)
    consent_withdraw(inmate=inmate, user=staff_user)
    second = _give(inmate, officer)

    rows = Consent.history.filter(inmate=inmate).order_by("history_date", "history_id")
    assert [(row.id, row.history_type, row.history_user, row.withdrawn_on is None) for row in rows] == [
        (first.pk, "+", officer, True),
        (first.pk, "~", staff_user, False),
        (second.pk, "+", officer, True),
    ]


def test_inmate_consent_history_newest_first(prison, officer):
    inmate = factories.make_inmate(prison=prison)
    first = _give(inmate, officer, notes="Formulir 1")
    second = _give(inmate, officer, notes="Formulir 2")
    third = _give(inmate, officer, notes="Formulir 3")
    factories.make_consent(inmate=factories.make_inmate(prison=prison))  # another inmate's

    assert list(inmate_consent_history(inmate=inmate)) == [third, second, first]


def test_giving_the_very_consent_in_force_again_changes_nothing_unless_signed_anew(prison, officer):
    inmate = factories.make_inmate(prison=prison)
    first = _give(inmate, officer, notes="Formulir 1")

    again = _give(inmate, officer, notes="Formulir 1")
    assert again.pk == first.pk
    assert Consent.objects.filter(inmate=inmate).count() == 1
    first.refresh_from_db()
    assert first.withdrawn_on is None

    anew = _give(inmate, officer, notes="Formulir 1", signed_anew=True)
    assert anew.pk != first.pk
    first.refresh_from_db()
    assert first.withdrawn_on is not None


# --- current_consent and publicly_credited ------------------------------------------------------


def test_inmate_current_consent_follows_give_and_withdraw(prison, officer):
    inmate = factories.make_inmate(prison=prison)
    assert inmate.current_consent is None
    consent = _give(inmate, officer)
    assert inmate.current_consent == consent
    consent_withdraw(inmate=inmate, user=officer)
    assert inmate.current_consent is None


def test_inmate_current_consent_with_prefetch_makes_no_query(prison, officer, django_assert_num_queries):
    inmate = factories.make_inmate(prison=prison)
    _give(inmate, officer)
    consent_withdraw(inmate=inmate, user=officer)
    active = _give(inmate, officer)
    fetched = Inmate.objects.prefetch_related("consents").get(pk=inmate.pk)
    with django_assert_num_queries(0):
        assert fetched.current_consent == active


def test_inmate_publicly_credited_only_with_consent_and_display_name(prison, officer):
    credited = factories.make_inmate(prison=prison, display_name="Mas Joko")
    _give(credited, officer)

    reconsented = factories.make_inmate(prison=prison, display_name="Bu Sri")
    _give(reconsented, officer)
    _give(reconsented, officer)  # the withdrawn first consent must not list her twice

    withdrawn = factories.make_inmate(prison=prison, display_name="Pak Dedi")
    _give(withdrawn, officer)
    consent_withdraw(inmate=withdrawn, user=officer)

    factories.make_inmate(prison=prison, display_name="Tanpa Persetujuan")

    name_not_allowed = factories.make_inmate(prison=prison, display_name="Rahasia")
    _give(name_not_allowed, officer, display_name_public=False)

    no_display_name = factories.make_inmate(prison=prison, display_name="")
    _give(no_display_name, officer)

    assert sorted(Inmate.objects.publicly_credited().values_list("pk", flat=True)) == sorted(
        [credited.pk, reconsented.pk]
    )


# --- scoping ------------------------------------------------------------------------------------


@pytest.fixture
def inmates_in_two_prisons(prison, other_prison):
    return (
        factories.make_inmate(prison=prison, legal_name="Di Cipinang"),
        factories.make_inmate(prison=other_prison, legal_name="Di Kerobokan"),
    )


def test_prison_scope_officer_sees_only_own_prison(officer, inmates_in_two_prisons):
    own, _other = inmates_in_two_prisons
    assert list(prison_scope(Inmate.objects.all(), officer)) == [own]


@pytest.mark.parametrize(
    "role", [roles.MINISTRY_STAFF, roles.CORRECTIONS_STAFF], ids=["ministry", "corrections"]
)
def test_prison_scope_staff_sees_all_prisons(role, inmates_in_two_prisons):
    user = factories.make_user(role=role)
    assert set(prison_scope(Inmate.objects.all(), user)) == set(inmates_in_two_prisons)


def test_prison_scope_superuser_sees_all_prisons(inmates_in_two_prisons):
    user = factories.make_user(is_superuser=True)
    assert set(prison_scope(Inmate.objects.all(), user)) == set(inmates_in_two_prisons)


def test_prison_scope_anonymous_sees_nothing(inmates_in_two_prisons):
    assert list(prison_scope(Inmate.objects.all(), AnonymousUser())) == []


def test_prison_scope_user_without_group_sees_nothing(inmates_in_two_prisons):
    assert list(prison_scope(Inmate.objects.all(), factories.make_user())) == []


def test_prison_scope_juror_sees_nothing(inmates_in_two_prisons):
    user = factories.make_user(role=roles.JURY)
    assert list(prison_scope(Inmate.objects.all(), user)) == []


def test_prison_scope_inactive_officer_sees_nothing(prison, inmates_in_two_prisons):
    user = factories.make_officer(prison=prison, is_active=False)
    assert list(prison_scope(Inmate.objects.all(), user)) == []


def test_prison_scope_inactive_staff_sees_nothing(inmates_in_two_prisons):
    user = factories.make_user(role=roles.MINISTRY_STAFF, is_active=False)
    assert list(prison_scope(Inmate.objects.all(), user)) == []


def test_inmate_visible_to_officer_matches_prison_scope(officer, inmates_in_two_prisons):
    own, _other = inmates_in_two_prisons
    assert list(Inmate.objects.visible_to(officer)) == [own]


def test_inmate_list_officer_sees_only_own_prison(officer, inmates_in_two_prisons):
    own, _other = inmates_in_two_prisons
    assert list(inmate_list(user=officer)) == [own]


def test_inmate_list_anonymous_sees_nothing(inmates_in_two_prisons):
    assert list(inmate_list(user=AnonymousUser())) == []


@pytest.mark.parametrize("count", [1, 3])
def test_inmate_list_queries_do_not_grow_with_rows(
    count, prison, staff_user, django_assert_num_queries
):
    for _ in range(count):
        inmate = factories.make_inmate(prison=prison, workshop=factories.make_workshop(prison=prison))
        factories.make_consent(inmate=inmate)
    staff_user = type(staff_user).objects.get(pk=staff_user.pk)  # no cached group names
    # 1: the user's groups (role check), 2: inmates with prison/region/workshop, 3: consents.
    with django_assert_num_queries(3):
        rows = [
            (i.prison.region.name, i.workshop.name, i.current_consent.pk)
            for i in inmate_list(user=staff_user)
        ]
    assert len(rows) == count


# --- concurrency (PostgreSQL only: SQLite locks the whole database file instead) ----------------


@pytest.mark.django_db(transaction=True)
def test_consent_give_concurrent_calls_leave_one_active(prison, officer):
    import threading

    from django.db import connection, connections

    if connection.vendor != "postgresql":
        pytest.skip("row locks need PostgreSQL")
    inmate = factories.make_inmate(prison=prison)
    callers = 4
    barrier = threading.Barrier(callers)
    errors = []

    def give(number):
        try:
            barrier.wait()
            _give(inmate, officer, notes=f"Formulir {number}")  # each another consent (an identical one is no-op)
        except Exception as exc:  # noqa: BLE001 - collected and asserted below
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=give, args=(number,)) for number in range(callers)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert errors == []
    assert Consent.objects.filter(inmate=inmate).count() == callers
    assert Consent.objects.active().filter(inmate=inmate).count() == 1


def test_prison_scope_officer_without_the_role_sees_nothing(prison):
    from django.contrib.auth.models import Group

    from inmates import roles
    from inmates.models import Inmate
    from inmates.scoping import prison_scope

    officer = factories.make_officer(prison=prison)
    factories.make_inmate(prison=prison)
    officer.groups.remove(Group.objects.get(name=roles.PRISON_OFFICER))
    officer = type(officer).objects.get(pk=officer.pk)  # drop the cached group names

    assert list(prison_scope(Inmate.objects.all(), officer)) == []


# --- What may become public never carries the legal name or registration number ----------------


@pytest.mark.parametrize(
    ("display_name", "refused"),
    [
        ("Syahrani", True),
        ("Pak Syahrani", True),
        ("  pak   SYAHRANI ", True),
        ("Pak Rani", False),
        ("Syahranita", False),  # another word, not the name
        ("", False),
    ],
)
def test_display_name_may_not_carry_the_legal_name(prison, display_name, refused):
    inmate = Inmate(
        prison=prison, legal_name="Syahrani", registration_number="B.I-0042/2018",
        gender=Inmate.Gender.MALE, display_name=display_name,
    )
    if refused:
        with pytest.raises(ValidationError) as caught:
            inmate.full_clean()
        assert set(caught.value.message_dict) == {"display_name"}
    else:
        inmate.full_clean()


@pytest.mark.parametrize(
    "story",
    ["Saya Siti Rahmawati, belajar membatik.", "Nomor saya b.i-0042/2018.", "SITI  RAHMAWATI menjahit."],
)
def test_public_story_may_not_carry_the_legal_name_or_registration_number(prison, story):
    inmate = Inmate(
        prison=prison, legal_name="Siti Rahmawati", registration_number="B.I-0042/2018",
        gender=Inmate.Gender.FEMALE, display_name="Ibu Siti", public_story=story,
    )
    with pytest.raises(ValidationError) as caught:
        inmate.full_clean()
    assert set(caught.value.message_dict) == {"public_story"}


@pytest.mark.parametrize("field", ["display_name", "public_story"])
def test_public_texts_may_not_carry_anybody_s_registration_number(prison, field):
    # Found by a security probe: a number of another prison, which is never looked up.
    fields = {"display_name": "Ibu Siti", "public_story": "Belajar membatik."}
    fields[field] = "Teman B.IIa-5551/2021" if field == "display_name" else "Saya belajar dari B.IIa-5551/2021."
    inmate = Inmate(
        prison=prison, legal_name="Siti Rahmawati", registration_number="B.I-0042/2018",
        gender=Inmate.Gender.FEMALE, **fields,
    )
    with pytest.raises(ValidationError) as caught:
        inmate.full_clean()
    assert "berbentuk nomor registrasi" in caught.value.message_dict[field][0]


@pytest.mark.parametrize(
    ("field", "text"),
    [
        ("public_story", "Dihukum 7 tahun penjara karena kasus narkotika."),
        ("public_story", "Menjalani 2 tahun 6 bulan penjara, lalu belajar menjahit."),
        ("public_story", "Terpidana kasus pencurian yang kini membatik."),
        ("public_story", "Convicted of fraud, now a weaver."),
        ("display_name", "Pak Narkoba"),
    ],
)
def test_public_texts_may_not_tell_an_offence_or_a_sentence(prison, field, text):
    data = {"display_name": "Ibu Siti", "public_story": "", field: text}
    inmate = Inmate(
        prison=prison, legal_name="Siti Rahmawati", registration_number="B.I-0042/2018",
        gender=Inmate.Gender.FEMALE, **data,
    )
    with pytest.raises(ValidationError) as caught:
        inmate.full_clean()
    assert set(caught.value.message_dict) == {field}
    assert "tindak pidana, putusan atau masa hukuman" in caught.value.message_dict[field][0]


@pytest.mark.parametrize(
    "story",
    [
        "Di lapas ia belajar membatik; produknya mencuri perhatian pengunjung.",
        "Sebagai narapidana ia tekun menganyam pandan sejak 2016.",
        "Membuat sabun dan sabuk kulit untuk hotel.",
    ],
)
def test_a_story_about_the_craft_is_accepted(prison, story):
    Inmate(
        prison=prison, legal_name="Siti Rahmawati", registration_number="B.I-0042/2018",
        gender=Inmate.Gender.FEMALE, display_name="Ibu Siti", public_story=story,
    ).full_clean()


def test_display_name_may_not_be_another_inmate_s_legal_name(prison, other_prison):
    factories.make_inmate(prison=prison, legal_name="Sudarto Wibisono")
    inmate = Inmate(
        prison=prison, legal_name="Rina Kartika", registration_number="B.I-0043/2018",
        gender=Inmate.Gender.FEMALE, display_name="  sudarto   WIBISONO ",
    )
    with pytest.raises(ValidationError) as caught:
        inmate.full_clean()
    assert "nama lengkap warga binaan lain" in caught.value.message_dict["display_name"][0]

    inmate.display_name = "Pak Darto"  # one word of it is a nickname, as for one's own name
    inmate.full_clean()


@pytest.mark.parametrize(
    "display_name",
    ["Wibisono Sudarto", "SudartoWibisono", "Ｓｕｄａｒｔｏ Ｗｉｂｉｓｏｎｏ", "Sudarto Wibisono Putra", "Sudarto W1bisono"],
)
def test_display_name_may_not_be_another_inmate_s_name_however_spelt(prison, display_name):
    """Found by the third probe: only the exact name was refused."""
    factories.make_inmate(prison=prison, legal_name="Sudarto Wibisono Putra")
    inmate = Inmate(
        prison=prison, legal_name="Rina Kartika", registration_number="B.I-0045/2018",
        gender=Inmate.Gender.FEMALE, display_name=display_name,
    )
    with pytest.raises(ValidationError) as caught:
        inmate.full_clean()
    assert "nama lengkap warga binaan lain" in caught.value.message_dict["display_name"][0]


@pytest.mark.parametrize(
    ("display_name", "story", "field"),
    [
        ("Yo\u04bbanes Manurung", "", "display_name"),  # Cyrillic "һ" (found by the fourth probe)
        ("Pak Yohanes", "Karya Yohanes Manurung (B.I 0237 tahun 2016).", "public_story"),
        ("Pak Yohanes", "Nomornya B.I-0237/2O16.", "public_story"),
        ("Pak Yohanes", "Rekannya Sud@rto Wib!sono.", "public_story"),
        ("Paiman", "", "display_name"),  # another inmate's one-word legal name
        ("paiman", "", "display_name"),  # in small letters: still his name
        ("pak paiman", "", "display_name"),
    ],
)
def test_own_or_another_name_however_spelt_is_refused(prison, display_name, story, field):
    factories.make_inmate(prison=prison, legal_name="Sudarto Wibisono")
    factories.make_inmate(prison=prison, legal_name="Paiman")
    inmate = factories.make_inmate(prison=prison, legal_name="Yohanes Manurung", registration_number="B.I-0237/2016")
    inmate.display_name, inmate.public_story = display_name, story

    with pytest.raises(ValidationError) as caught:
        inmate.full_clean()

    assert field in caught.value.message_dict


@pytest.mark.parametrize("display_name", ["batik indah", "si sabar jaya", "a d e", "anyaman ani", "budi man"])
def test_ordinary_small_words_that_are_also_one_word_names_stay_allowed(prison, display_name):
    """Found by a review: refusing every one-word legal name in small letters refused "batik
    indah" and spelt-out initials; only the whole display name counts in small letters."""
    for name in ("Indah", "Sabar", "Ade", "Ani", "Budiman"):
        factories.make_inmate(prison=prison, legal_name=name)
    inmate = factories.make_inmate(prison=prison, legal_name="Yohanes Manurung", registration_number="B.I-0238/2016")
    inmate.display_name = display_name
    inmate.full_clean()


def test_a_story_may_not_name_another_inmate_of_the_prison(prison, other_prison):
    other = factories.make_inmate(prison=prison, legal_name="Sudarto Wibisono", registration_number="B.I-0900/2017")
    factories.make_inmate(prison=other_prison, legal_name="Andi Muhammad Ridwan")
    inmate = factories.make_inmate(prison=prison, legal_name="Rina Kartika", display_name="Bu Rina")
    for story in ("Ia belajar menjahit dari Sudarto Wibisono.", "Rekan kerjanya bernomor 0900/2017."):
        inmate.public_story = story
        with pytest.raises(ValidationError) as caught:
            inmate.full_clean()
        assert caught.value.message_dict["public_story"] == [
            "Kisah publik tidak boleh memuat nama lengkap atau nomor registrasi warga binaan lain."
        ]
    # Ordinary words that are also names, a nickname, and a name known only in another prison.
    inmate.public_story = "Bersama Pak Darto dan Andi Muhammad Ridwan ia menenun kain yang indah, wibisono."
    inmate.full_clean()
    # The other inmate's own record is not refused for naming itself.
    other.public_story = "Menganyam pandan."
    other.full_clean()


def test_display_name_check_does_not_tell_who_is_held_in_another_prison(prison, other_prison):
    """Looking up every prison would answer an officer's question "is this person an inmate
    anywhere?" (a probe tested real names through the import): only the own prison is checked."""
    factories.make_inmate(prison=other_prison, legal_name="Andi Muhammad Ridwan")
    inmate = Inmate(
        prison=prison, legal_name="Rina Kartika", registration_number="B.I-0044/2018",
        gender=Inmate.Gender.FEMALE, display_name="Andi Muhammad Ridwan",
    )
    inmate.full_clean()  # the same answer as for a made-up name


def test_portal_refuses_a_display_name_that_is_the_legal_name(officer_client, prison):
    from django.urls import reverse

    response = officer_client.post(
        reverse("portal:inmate-create"),
        {"legal_name": "Siti Rahmawati Probe", "registration_number": "B.I-9/2018", "gender": "P",
         "status": "active", "display_name": "Siti Rahmawati Probe", "public_story": ""},
    )

    assert response.status_code == 200
    assert "Nama tampilan tidak boleh memuat nama lengkap" in response.content.decode()
    assert not Inmate.objects.filter(legal_name="Siti Rahmawati Probe").exists()


def test_demo_data_publishes_no_legal_name():
    from inmates.models import public_text_errors
    from programs.demo_data import INMATES

    leaking = [
        spec
        for spec in INMATES
        if public_text_errors(
            legal_name=spec.legal_name,
            registration_number="",
            display_name=spec.display_name,
            public_story="",
        )
    ]
    assert not leaking


@pytest.mark.parametrize(
    ("display_name", "story", "refused"),
    [
        ("Probe Orang", "", {"display_name"}),  # two of the three names
        ("Satu Orang Probe", "", {"display_name"}),  # all of them, in another order
        ("Probe\u200b Orang Satu", "", {"display_name"}),  # a zero-width space inside
        ("\uff30\uff52\uff4f\uff42\uff45 Orang Satu", "", {"display_name"}),  # full-width letters
        ("Pak Probe", "Pak Probe belajar menjahit.", set()),  # one name alone: a nickname
        ("Pak Probe", "Nomor saya BI-9001/2024.", {"public_story"}),
        ("Pak Probe", "Nomor saya B.I - 9001 / 2024.", {"public_story"}),
        ("Pak Probe", "Kisah \uff30\uff52\uff4f\uff42\uff45 Orang yang menjahit.", {"public_story"}),
        ("Pak Probe", "Membuat 9001 tas pada 2024.", set()),  # the digits apart are not the number
        # Found by the sixth attacker probe: one word of the name in each, side by side on the
        # public page; the number's digits spaced out.
        ("Pak Probe", "Keluarga Satu menanti di rumah.", {"public_story"}),
        ("Pak Probe", "Nomor 9 0 0 1 / 2 0 2 4.", {"public_story"}),
        ("Pak Proobe", "Keluarga Satoe menanti.", {"public_story"}),  # in old spellings too
    ],
)
def test_what_may_become_public_does_not_name_the_person_however_it_is_written(
    prison, display_name, story, refused
):
    inmate = Inmate(
        prison=prison, legal_name="Probe Orang Satu", registration_number="B.I-9001/2024",
        gender=Inmate.Gender.MALE, display_name=display_name, public_story=story,
    )
    assert set(inmate.public_text_errors()) == refused
    if refused:
        with pytest.raises(ValidationError) as caught:
            inmate.full_clean()
        assert set(caught.value.message_dict) == refused
    else:
        inmate.full_clean()


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("legal_name", "Probe \u202eOrang"),  # right-to-left override: reads backwards
        ("registration_number", "B.I-9001\u200b/2024"),  # zero-width space
        ("display_name", "Pak\u2066 Probe"),
        ("public_story", "Kisah\x07 bel"),  # a control character
    ],
)
def test_names_and_stories_may_not_hold_invisible_characters(prison, field, value):
    """Found by a probe: a legal name with a right-to-left override was accepted."""
    inmate = Inmate(
        prison=prison, legal_name="Probe Orang", registration_number="B.I-9001/2024",
        gender=Inmate.Gender.MALE, display_name="Pak Probe", public_story="Kisah.\nBaris kedua.",
    )
    inmate.full_clean()  # new lines and tabs in a story are fine
    setattr(inmate, field, value)
    with pytest.raises(ValidationError) as caught:
        inmate.full_clean()
    assert "karakter tak terlihat" in caught.value.message_dict[field][0]


def test_a_story_may_hold_emoji_joined_with_a_zero_width_joiner(prison):
    Inmate(
        prison=prison, legal_name="Probe Orang", registration_number="B.I-9001/2024",
        gender=Inmate.Gender.MALE, public_story="Untuk keluarga \U0001f468\u200d\U0001f469\u200d\U0001f467",
    ).full_clean()


# --- The nationwide name lookup stays bounded (found by an attacker probe) -----------------------


def test_a_run_of_thousands_of_letters_makes_no_giant_name_pattern(prison):
    # Every start of a long word was looked up: 4,900 letters made a pattern of 12 million
    # characters and a save of half a minute (a 503 on SQLite).
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from inmates.models import people_named_anywhere

    factories.make_inmate(prison=prison, legal_name="Sudarto Wibisono")
    with CaptureQueriesContext(connection) as queries:
        people = people_named_anywhere(["Tas " + "k" * 4900, "karya sudartowibisono"])

    assert sum(len(query["sql"]) for query in queries.captured_queries) < 20_000
    assert people.named("Sudarto Wibisono", any_order=False)


def test_a_text_of_many_different_words_is_looked_up_in_a_few_queries(prison):
    # One pattern query per 200 words over every name: 5 to 13 s for a 5,000-character text of
    # different words at 250,000 inmates. The words that are somebody's name word are found first.
    import random

    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from inmates.models import people_named_anywhere

    named = factories.make_inmate(prison=prison, legal_name="Kusnadi Prawirodirjo")
    factories.make_inmate(prison=prison, legal_name="Wartini Subekti")
    rng = random.Random(7)
    noise = ["".join(rng.choice("bcdfghjklmnpqrstvwxyz") for _ in range(8)) for _ in range(600)]
    text = " ".join(noise[:300] + ["Kusnadi", "Prawirodirjo"] + noise[300:])

    with CaptureQueriesContext(connection) as queries:
        people = people_named_anywhere([text])

    assert len(queries.captured_queries) <= 3
    assert people.named(text, any_order=False) == {named.pk}
