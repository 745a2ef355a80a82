"""The participants part of the officers' portal: list, register, detail, edit, consent, release,
transfer; and that nothing of another prison is reachable."""

import datetime
import re

import pytest
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format

from inmates.models import Consent, Inmate, Prison
from inmates.services import (
    consent_give,
    inmate_register,
    inmate_release,
    inmate_transfer,
    inmate_update,
)
from tests import factories

pytestmark = pytest.mark.django_db

PK_URL_NAMES = (
    "portal:inmate-detail",
    "portal:inmate-update",
    "portal:inmate-consent",
    "portal:inmate-consent-withdraw",
    "portal:inmate-release",
    "portal:inmate-transfer",
)
PLAIN_URL_NAMES = (
    "portal:inmate-list",
    "portal:inmate-create",
    "portal:inmate-import",
    "portal:inmate-import-template",
)


def _register_data(**overrides):
    data = {
        "legal_name": "Sutarno Wibisono",
        "registration_number": "B.I-4321/2018",
        "gender": "L",
        "birth_year": "1984",
        "workshop": "",
        "skills": "Membatik tulis",
        "display_name": "Pak Tarno",
        "public_story": "Belajar membatik sejak 2016.",
    }
    data.update(overrides)
    return data


def _field_error_html(content: str, field: str) -> str:
    """The text of the error crispy-forms renders under ``field`` (empty when there is none)."""
    match = re.search(rf'<[^>]+id="error_\d+_id_{field}"[^>]*>(.*?)</(?:span|div|p)>', content, re.S)
    return re.sub(r"<[^>]+>", "", match.group(1)).strip() if match else ""


def _client_for(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def inmate(prison):
    return factories.make_inmate(
        prison=prison, legal_name="Sutarno Wibisono", registration_number="B.I-1000/2018"
    )


@pytest.fixture
def other_officer_client(other_prison):
    return _client_for(factories.make_officer(prison=other_prison, username="petugas.lain"))


# --- Access: anonymous, non-officers, another prison ------------------------------------------


@pytest.mark.parametrize("name", PK_URL_NAMES)
@pytest.mark.parametrize("method", ["get", "post"])
def test_inmate_pk_url_of_other_prison_is_404(name, method, other_officer_client, inmate):
    consent = factories.make_consent(inmate=inmate)
    url = reverse(name, kwargs={"pk": inmate.pk})
    data = {
        "legal_name": "Diganti",
        "registration_number": "X-1",
        "gender": "P",
        "release_date": "2018-01-02",
        "transferred_to": "Lapas Lain",
        "display_name_public": "on",
    }

    if method == "post":
        response = other_officer_client.post(url, data)
    else:
        response = other_officer_client.get(url)

    assert response.status_code == 404
    inmate.refresh_from_db()
    consent.refresh_from_db()
    assert inmate.legal_name == "Sutarno Wibisono"
    assert inmate.status == Inmate.Status.ACTIVE
    assert consent.withdrawn_on is None
    assert Consent.objects.filter(inmate=inmate).count() == 1
    assert b"Sutarno" not in response.content


@pytest.mark.parametrize("name", PK_URL_NAMES)
@pytest.mark.parametrize("method", ["get", "post"])
def test_inmate_pk_url_anonymous_redirects_to_login(name, method, client, inmate):
    url = reverse(name, kwargs={"pk": inmate.pk})

    response = getattr(client, method)(url)

    assert response.status_code == 302
    assert response["Location"] == f"/masuk/?next={url}"


@pytest.mark.parametrize("name", PLAIN_URL_NAMES)
def test_inmate_plain_url_anonymous_redirects_to_login(name, client):
    url = reverse(name)

    response = client.get(url)

    assert response.status_code == 302
    assert response["Location"] == f"/masuk/?next={url}"


@pytest.mark.parametrize("name", PK_URL_NAMES)
@pytest.mark.parametrize("method", ["get", "post"])
def test_inmate_pk_url_signed_in_non_officer_is_403(name, method, inmate):
    visitor = _client_for(factories.make_user(username="pengunjung"))
    url = reverse(name, kwargs={"pk": inmate.pk})

    response = getattr(visitor, method)(url)

    assert response.status_code == 403
    inmate.refresh_from_db()
    assert inmate.status == Inmate.Status.ACTIVE


@pytest.mark.parametrize("name", PLAIN_URL_NAMES)
@pytest.mark.parametrize("method", ["get", "post"])
def test_inmate_plain_url_signed_in_non_officer_is_403(name, method):
    visitor = _client_for(factories.make_user(username="pengunjung"))

    response = getattr(visitor, method)(reverse(name), _register_data() if method == "post" else None)

    assert response.status_code == 403
    assert Inmate.objects.count() == 0


def test_inmate_list_ministry_staff_without_officer_role_is_403(staff_client):
    assert staff_client.get(reverse("portal:inmate-list")).status_code == 403


# --- List -------------------------------------------------------------------------------------


def test_inmate_list_shows_only_own_prison(officer_client, prison, other_prison):
    factories.make_inmate(prison=prison, legal_name="Warga Cipinang", registration_number="C-1")
    factories.make_inmate(prison=other_prison, legal_name="Warga Kerobokan", registration_number="K-1")

    response = officer_client.get(reverse("portal:inmate-list"))

    assert response.status_code == 200
    assert [i.legal_name for i in response.context["inmates"]] == ["Warga Cipinang"]
    assert b"Warga Cipinang" in response.content
    assert b"Warga Kerobokan" not in response.content
    assert b"K-1" not in response.content


def test_inmate_list_shows_columns(officer_client, prison):
    workshop = factories.make_workshop(prison=prison, name="Bengkel Batik")
    factories.make_inmate(
        prison=prison,
        workshop=workshop,
        legal_name="Sutarno Wibisono",
        registration_number="B.I-1000/2018",
        status=Inmate.Status.RELEASED,
        release_date=datetime.date(2018, 1, 2),
    )

    content = officer_client.get(reverse("portal:inmate-list")).content.decode()

    assert "Sutarno Wibisono" in content
    assert "B.I-1000/2018" in content
    assert "Bengkel Batik" in content
    assert ">Bebas</span>" in content


def test_inmate_list_says_display_name_is_public_only_under_consent(officer_client, prison):
    public = factories.make_inmate(prison=prison, display_name="Mas Batik")
    factories.make_consent(inmate=public)
    name_private = factories.make_inmate(prison=prison, display_name="Mbak Tenun")
    factories.make_consent(inmate=name_private, display_name_public=False)
    withdrawn = factories.make_inmate(prison=prison, display_name="Pak Ukir")
    given = timezone.now() - datetime.timedelta(days=2)
    factories.make_consent(inmate=withdrawn, given_on=given, withdrawn_on=timezone.now())
    factories.make_inmate(prison=prison, display_name="Bu Anyam")  # never consented

    content = officer_client.get(reverse("portal:inmate-list")).content.decode()

    assert "tampil sebagai &ldquo;Mas Batik&rdquo;" in content
    for name in ("Mbak Tenun", "Pak Ukir", "Bu Anyam"):
        assert f"tampil sebagai &ldquo;{name}" not in content
        assert f"nama tampilan &ldquo;{name}&rdquo; (tidak tampil publik)" in content


@pytest.mark.parametrize(
    "query, expected",
    [
        ("sutarno", ["Sutarno Wibisono"]),
        ("4321", ["Made Arsana"]),
        ("Pak Tarno", ["Sutarno Wibisono"]),
        ("tidak ada", []),
    ],
)
def test_inmate_list_search_matches_name_number_and_display_name(officer_client, prison, query, expected):
    factories.make_inmate(
        prison=prison,
        legal_name="Sutarno Wibisono",
        registration_number="B.I-1000/2018",
        display_name="Pak Tarno",
    )
    factories.make_inmate(
        prison=prison, legal_name="Made Arsana", registration_number="B.I-4321/2017", display_name="Bli Made"
    )

    response = officer_client.get(reverse("portal:inmate-list"), {"q": query})

    assert [i.legal_name for i in response.context["inmates"]] == expected


def test_inmate_list_filters_status_and_workshop(officer_client, prison):
    batik = factories.make_workshop(prison=prison, name="Bengkel Batik")
    kayu = factories.make_workshop(prison=prison, name="Bengkel Kayu")
    factories.make_inmate(prison=prison, legal_name="A Batik Aktif", workshop=batik)
    factories.make_inmate(
        prison=prison,
        legal_name="B Batik Bebas",
        workshop=batik,
        status=Inmate.Status.RELEASED,
        release_date=datetime.date(2018, 1, 1),
    )
    factories.make_inmate(prison=prison, legal_name="C Kayu Aktif", workshop=kayu)
    url = reverse("portal:inmate-list")

    by_status = officer_client.get(url, {"status": "active"})
    by_workshop = officer_client.get(url, {"workshop": batik.pk})
    by_both = officer_client.get(url, {"workshop": batik.pk, "status": "released"})

    assert [i.legal_name for i in by_status.context["inmates"]] == ["A Batik Aktif", "C Kayu Aktif"]
    assert [i.legal_name for i in by_workshop.context["inmates"]] == ["A Batik Aktif", "B Batik Bebas"]
    assert [i.legal_name for i in by_both.context["inmates"]] == ["B Batik Bebas"]


def test_inmate_list_workshop_filter_offers_only_own_prison(officer_client, prison, other_prison):
    factories.make_workshop(prison=prison, name="Bengkel Batik")
    theirs = factories.make_workshop(prison=other_prison, name="Sanggar Tenun Kerobokan")
    factories.make_inmate(prison=prison, legal_name="Warga Cipinang")
    factories.make_inmate(prison=other_prison, legal_name="Warga Kerobokan", workshop=theirs)

    response = officer_client.get(reverse("portal:inmate-list"), {"workshop": theirs.pk})

    # Another prison's workshop is no valid choice: the filter is ignored, nothing of theirs shows.
    assert [i.legal_name for i in response.context["inmates"]] == ["Warga Cipinang"]
    assert b"Sanggar Tenun Kerobokan" not in response.content
    assert b"Warga Kerobokan" not in response.content


def test_inmate_list_pages_by_25(officer_client, prison):
    for i in range(26):
        factories.make_inmate(prison=prison, legal_name=f"Peserta {i:02d}")
    url = reverse("portal:inmate-list")

    first = officer_client.get(url)
    second = officer_client.get(url, {"page": 2})

    assert len(first.context["inmates"]) == 25
    assert first.context["paginator"].count == 26
    assert [i.legal_name for i in second.context["inmates"]] == ["Peserta 25"]
    assert "Halaman 2 dari 2" in second.content.decode()


def test_inmate_list_paging_keeps_filters(officer_client, prison):
    for i in range(26):
        factories.make_inmate(prison=prison, legal_name=f"Peserta {i:02d}")

    response = officer_client.get(reverse("portal:inmate-list"), {"q": "Peserta", "status": "active"})

    content = response.content.decode()

    assert 'href="?q=Peserta&amp;status=active&amp;page=2"' in content


def test_inmate_list_consent_badges(officer_client, prison):
    named = factories.make_inmate(prison=prison, legal_name="A Nama Saja")
    factories.make_consent(
        inmate=named, display_name_public=True, story_public=False, work_photos_public=False
    )
    full = factories.make_inmate(prison=prison, legal_name="B Semua")
    factories.make_consent(inmate=full)
    withdrawn = factories.make_inmate(prison=prison, legal_name="C Dicabut")
    factories.make_consent(
        inmate=withdrawn, given_on=timezone.now() - datetime.timedelta(days=1), withdrawn_on=timezone.now()
    )
    factories.make_inmate(prison=prison, legal_name="D Belum")

    content = officer_client.get(reverse("portal:inmate-list")).content.decode()

    rows = dict(re.findall(r'class="inmate-name"[^>]*>([^<]+)</a>(.*?)</tr>', content, re.S))
    badge = re.compile(r'class="badge (?:consent-[a-z-]+ ?)+">([^<]+)<')
    badges = {name: badge.findall(html) for name, html in rows.items()}
    assert badges == {
        "A Nama Saja": ["nama publik"],
        "B Semua": ["nama publik", "kisah publik", "foto publik"],
        "C Dicabut": ["dicabut"],
        "D Belum": ["belum ada persetujuan"],
    }


def _list_queries(client) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(reverse("portal:inmate-list"))
    assert response.status_code == 200
    return len(queries)


def _make_listed_inmate(prison, i):
    workshop = factories.make_workshop(prison=prison, name=f"Bengkel {i}")
    inmate = factories.make_inmate(prison=prison, workshop=workshop)
    now = timezone.now()
    factories.make_consent(
        inmate=inmate,
        given_on=now - datetime.timedelta(days=2),
        withdrawn_on=now - datetime.timedelta(days=1),
    )
    factories.make_consent(inmate=inmate)
    return inmate


def test_inmate_list_query_count_constant(officer_client, prison):
    _make_listed_inmate(prison, 0)
    with_one = _list_queries(officer_client)
    for i in range(1, 5):
        _make_listed_inmate(prison, i)

    with_five = _list_queries(officer_client)

    assert with_five == with_one
    assert len(officer_client.get(reverse("portal:inmate-list")).context["inmates"]) == 5


# --- Register ----------------------------------------------------------------------------------


def test_inmate_create_registers_in_officers_prison(officer_client, officer, prison):
    workshop = factories.make_workshop(prison=prison, name="Bengkel Batik")

    response = officer_client.post(reverse("portal:inmate-create"), _register_data(workshop=workshop.pk))

    inmate = Inmate.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("portal:inmate-detail", kwargs={"pk": inmate.pk})
    assert inmate.prison == prison
    assert inmate.workshop == workshop
    assert (inmate.legal_name, inmate.registration_number, inmate.gender, inmate.birth_year) == (
        "Sutarno Wibisono",
        "B.I-4321/2018",
        "L",
        1984,
    )
    assert (inmate.display_name, inmate.public_story) == ("Pak Tarno", "Belajar membatik sejak 2016.")
    assert inmate.status == Inmate.Status.ACTIVE
    assert inmate.history.get().history_user == officer
    assert inmate.consents.count() == 0


def test_inmate_create_ignores_posted_prison(officer_client, prison, other_prison):
    response = officer_client.post(reverse("portal:inmate-create"), _register_data(prison=other_prison.pk))

    assert response.status_code == 302
    assert Inmate.objects.get().prison == prison
    assert not Inmate.objects.filter(prison=other_prison).exists()


def test_inmate_create_workshop_of_other_prison_is_form_error(officer_client, prison, other_prison):
    theirs = factories.make_workshop(prison=other_prison, name="Sanggar Tenun")

    response = officer_client.post(reverse("portal:inmate-create"), _register_data(workshop=theirs.pk))

    assert response.status_code == 200
    assert response.context["form"].errors["workshop"] == ["Pilih bengkel kerja di lapas Anda."]
    assert _field_error_html(response.content.decode(), "workshop") == "Pilih bengkel kerja di lapas Anda."
    assert Inmate.objects.count() == 0


def test_inmate_create_workshop_choices_only_own_prison(officer_client, prison, other_prison):
    factories.make_workshop(prison=prison, name="Bengkel Batik")
    factories.make_workshop(prison=other_prison, name="Sanggar Tenun")

    response = officer_client.get(reverse("portal:inmate-create"))

    assert [w.name for w in response.context["form"].fields["workshop"].queryset] == ["Bengkel Batik"]
    assert b"Sanggar Tenun" not in response.content


def test_inmate_create_duplicate_registration_number_is_form_error(officer_client, prison):
    factories.make_inmate(prison=prison, registration_number="B.I-4321/2018")

    response = officer_client.post(
        reverse("portal:inmate-create"), _register_data(registration_number=" b.i-4321/2018 ")
    )

    assert response.status_code == 200
    message = "Nomor registrasi ini sudah terdaftar di lapas Anda."
    assert response.context["form"].errors["registration_number"] == [message]
    assert _field_error_html(response.content.decode(), "registration_number") == message
    assert Inmate.objects.count() == 1


@pytest.mark.parametrize(
    "typed",
    [
        "B.I\u20104321/2018",  # the typographic hyphen Word and PDFs bring
        "B.I\u20134321/2018",  # an en dash
        "BI-4321/2018",  # the dot left out
        "B.I - 4321 / 2018",
        "\uff22.\uff29-\uff14\uff13\uff12\uff11/2018",  # full-width letters and digits
        "B.I\u2e3a4321/2018",  # and the rarer look-alikes of a dash and a slash
        "B.I\u02d74321/2018",
        "B.I\u27964321/2018",
        "B.I-4321\u22152018",
        "B.I-4321\u20442018",
    ],
)
def test_inmate_create_lookalike_registration_number_is_the_same_number(officer_client, prison, typed):
    # Found by an officer's probe: a lookalike dash or a missing dot registered the same person
    # twice, and the import let it through too.
    factories.make_inmate(prison=prison, registration_number="B.I-4321/2018")

    response = officer_client.post(reverse("portal:inmate-create"), _register_data(registration_number=typed))

    assert response.status_code == 200
    assert response.context["form"].errors["registration_number"] == [
        "Nomor registrasi ini sudah terdaftar di lapas Anda."
    ]
    assert Inmate.objects.count() == 1


def test_inmate_create_stores_the_plain_hyphen(officer_client, prison):
    response = officer_client.post(
        reverse("portal:inmate-create"), _register_data(registration_number="  B.I\u20135555/2018 ")
    )

    assert response.status_code == 302
    assert Inmate.objects.get().registration_number == "B.I-5555/2018"


@pytest.mark.parametrize(("stored", "typed"), [("B.I-12.345/2026", "B.I-12345/2026"), ("B.I-77 88/2026", "B.I-7788/2026")])
def test_a_number_stored_with_a_dot_or_space_inside_its_digits_is_found(officer_client, prison, stored, typed):
    # Found by an attacker probe: only the other order was caught.
    factories.make_inmate(prison=prison, registration_number=stored)

    response = officer_client.post(reverse("portal:inmate-create"), _register_data(registration_number=typed))

    assert response.status_code == 200
    assert "registration_number" in response.context["form"].errors
    assert Inmate.objects.count() == 1


def test_registration_numbers_that_differ_in_digits_are_not_the_same(prison):
    from inmates.models import registration_taken

    factories.make_inmate(prison=prison, registration_number="B.I-4321/2018")

    assert not registration_taken(prison_id=prison.pk, registration_number="B.I-4322/2018")
    assert not registration_taken(prison_id=prison.pk, registration_number="B.II-4321/2018")
    assert not registration_taken(prison_id=prison.pk, registration_number="B.I-43-21/2018")  # a hyphen between digits counts
    assert registration_taken(prison_id=prison.pk, registration_number="b i 4321/2018")


def test_inmate_create_duplicate_registration_number_error_with_english_cookie(officer_client, prison):
    factories.make_inmate(prison=prison, registration_number="B.I-4321/2018")
    officer_client.cookies["django_language"] = "en"

    response = officer_client.post(reverse("portal:inmate-create"), _register_data())

    assert response.status_code == 200
    assert '<html lang="en">' in response.content.decode()
    # The English of the Indonesian source string shows, next to the field.
    assert _field_error_html(response.content.decode(), "registration_number") == (
        "This registration number is already registered in your prison."
    )
    assert Inmate.objects.count() == 1


def test_inmate_create_same_registration_number_in_other_prison_allowed(officer_client, prison, other_prison):
    factories.make_inmate(prison=other_prison, registration_number="B.I-4321/2018")

    response = officer_client.post(reverse("portal:inmate-create"), _register_data())

    assert response.status_code == 302
    assert Inmate.objects.filter(prison=prison, registration_number="B.I-4321/2018").count() == 1


@pytest.mark.parametrize("year", ["1850", "2030", str(timezone.localdate().year - 5), "-5", "0", "99999"])
def test_inmate_create_birth_year_out_of_range_is_form_error(officer_client, year):
    response = officer_client.post(reverse("portal:inmate-create"), _register_data(birth_year=year))

    low, high = timezone.localdate().year - 100, timezone.localdate().year - 12
    message = f"Tahun lahir harus antara {low} dan {high}."
    assert response.status_code == 200
    assert _field_error_html(response.content.decode(), "birth_year") == message
    assert Inmate.objects.count() == 0


@pytest.mark.parametrize("year", ["1.985", "85a", "1985,5"])
def test_inmate_create_birth_year_not_a_year_says_how_to_write_one(officer_client, year):
    """Found by an officer probe: "1.985" read "Masukkan keseluruhan angka bilangan"."""
    response = officer_client.post(reverse("portal:inmate-create"), _register_data(birth_year=year))

    assert response.status_code == 200
    assert _field_error_html(response.content.decode(), "birth_year") == (
        "Tulis tahun lahir dengan empat angka tanpa titik, mis. 1985."
    )
    assert Inmate.objects.count() == 0


def test_inmate_create_missing_fields_errors_next_to_fields(officer_client):
    response = officer_client.post(
        reverse("portal:inmate-create"), _register_data(legal_name="", registration_number="", gender="")
    )

    content = response.content.decode()
    assert response.status_code == 200
    assert _field_error_html(content, "legal_name") == "Bidang ini tidak boleh kosong."
    assert _field_error_html(content, "registration_number") == "Bidang ini tidak boleh kosong."
    assert "Periksa lagi isian yang ditandai di bawah." in content
    assert Inmate.objects.count() == 0


def test_inmate_create_with_consent_records_it(officer_client, officer):
    response = officer_client.post(
        reverse("portal:inmate-create"),
        _register_data(consent_display_name="on", consent_story="on", consent_work_photos="on"),
    )

    assert response.status_code == 302
    consent = Consent.objects.get()
    assert consent.inmate == Inmate.objects.get()
    assert consent.display_name_public and consent.story_public and consent.work_photos_public
    assert consent.face_public is False
    assert consent.recorded_by == officer
    assert consent.withdrawn_on is None


def test_inmate_create_face_consent_only_with_its_own_checkbox(officer_client):
    officer_client.post(
        reverse("portal:inmate-create"),
        _register_data(consent_work_photos="on", consent_face="on"),
    )

    assert Consent.objects.get().face_public is True


def test_inmate_create_face_without_work_photos_is_form_error(officer_client):
    response = officer_client.post(reverse("portal:inmate-create"), _register_data(consent_face="on"))

    assert response.status_code == 200
    assert response.context["form"].errors["consent_face"] == [
        "Wajah hanya dapat tampil bila foto karya juga boleh ditampilkan."
    ]
    assert Inmate.objects.count() == 0
    assert Consent.objects.count() == 0


def test_inmate_create_display_name_consent_needs_display_name(officer_client):
    response = officer_client.post(
        reverse("portal:inmate-create"), _register_data(display_name="", consent_display_name="on")
    )

    assert response.status_code == 200
    assert _field_error_html(response.content.decode(), "display_name") == (
        "Isi nama tampilan, atau hapus centang \u201cnama tampilan boleh ditampilkan\u201d."
    )
    assert Inmate.objects.count() == 0


def test_inmate_create_then_another_returns_to_empty_form(officer_client):
    response = officer_client.post(reverse("portal:inmate-create"), _register_data(then="another"))

    assert response.status_code == 302
    assert response["Location"] == reverse("portal:inmate-create")
    assert Inmate.objects.count() == 1


# --- Detail and edit ---------------------------------------------------------------------------


def test_inmate_detail_shows_data_and_consent_history_newest_first(officer_client, prison, inmate):
    recorder = factories.make_user(username="bu.rini", first_name="Rini", last_name="Astuti")
    withdrawer = factories.make_user(username="pak.joko", first_name="Joko", last_name="Susilo")
    factories.make_consent(
        inmate=inmate,
        given_on=timezone.make_aware(datetime.datetime(2017, 11, 6, 10, 0)),
        withdrawn_on=timezone.make_aware(datetime.datetime(2018, 2, 1, 9, 30)),
        recorded_by=recorder,
        withdrawn_recorded_by=withdrawer,
        face_public=True,
    )
    factories.make_consent(
        inmate=inmate,
        given_on=timezone.make_aware(datetime.datetime(2018, 3, 5, 14, 15)),
        story_public=False,
        work_photos_public=False,
        recorded_by=recorder,
    )

    response = officer_client.get(reverse("portal:inmate-detail", kwargs={"pk": inmate.pk}))

    content = response.content.decode()
    assert response.status_code == 200
    assert "Sutarno Wibisono" in content
    assert "B.I-1000/2018" in content
    history = content[content.index("Riwayat persetujuan"):]
    newer, older = history.index("5 Mar 2018, 14.15"), history.index("6 Nov 2017, 10.00")
    assert newer < older
    assert "dicabut 1 Feb 2018, 09.30" in history
    assert "Dicatat oleh Rini Astuti; dicabut oleh Joko Susilo" in history
    assert "Diizinkan: nama</div>" in history[newer:older]
    assert "Diizinkan: nama, kisah, foto karya, wajah</div>" in history[older:]
    assert [c.given_on.year for c in response.context["consents"]] == [2018, 2017]


def test_inmate_detail_without_consent_says_so(officer_client, inmate):
    response = officer_client.get(reverse("portal:inmate-detail", kwargs={"pk": inmate.pk}))

    assert "belum ada persetujuan" in response.content.decode()
    assert response.context["current_consent"] is None


def test_inmate_update_changes_data(officer_client, officer, prison, inmate):
    workshop = factories.make_workshop(prison=prison, name="Bengkel Kayu")

    response = officer_client.post(
        reverse("portal:inmate-update", kwargs={"pk": inmate.pk}),
        _register_data(legal_name="Sutarno W.", registration_number="B.I-1000/2018", workshop=workshop.pk),
    )

    inmate.refresh_from_db()
    assert response.status_code == 302
    assert response["Location"] == reverse("portal:inmate-detail", kwargs={"pk": inmate.pk})
    assert (inmate.legal_name, inmate.workshop, inmate.prison) == ("Sutarno W.", workshop, prison)
    assert inmate.history.latest().history_user == officer


def _consented_public_texts(inmate, **consent):
    inmate.display_name, inmate.public_story = "Pak Tarno", "Belajar membatik sejak 2016."
    inmate.save()
    factories.make_consent(inmate=inmate, **consent)


def test_a_consented_display_name_or_story_changes_only_with_the_inmates_agreement(officer_client, inmate):
    """Found by a security probe: the words an inmate consented to show could be replaced by
    anything, shown at once under the old consent."""
    _consented_public_texts(inmate)
    url = reverse("portal:inmate-update", kwargs={"pk": inmate.pk})
    assert "public_texts_agreed" in officer_client.get(url).content.decode()

    refused = officer_client.post(url, _register_data(display_name="Pak Harto", public_story="Kisah lain."))

    assert refused.status_code == 200
    content = refused.content.decode()
    assert "Bacakan teks yang baru kepadanya" in _field_error_html(content, "display_name")
    assert "Bacakan teks yang baru kepadanya" in _field_error_html(content, "public_story")
    assert "Pak Harto" in content  # what was typed is kept
    inmate.refresh_from_db()
    assert (inmate.display_name, inmate.public_story) == ("Pak Tarno", "Belajar membatik sejak 2016.")

    agreed = officer_client.post(url, _register_data(display_name="Pak Harto", public_texts_agreed="on"))

    assert agreed.status_code == 302
    inmate.refresh_from_db()
    assert inmate.display_name == "Pak Harto"


def test_a_story_sent_back_with_other_line_ends_is_not_a_change(officer_client, inmate):
    """Found by a review: a story stored with \n came back from the browser with \r\n, and an
    officer editing only the skills was asked for the inmate's agreement."""
    _consented_public_texts(inmate)
    inmate.public_story = "Baris satu.\nBaris dua."
    inmate.save()
    url = reverse("portal:inmate-update", kwargs={"pk": inmate.pk})

    response = officer_client.post(url, _register_data(public_story="Baris satu.\r\nBaris dua.  ", skills="Menjahit"))

    assert response.status_code == 302
    inmate.refresh_from_db()
    assert inmate.skills == "Menjahit"


def test_the_back_office_neither_rewrites_nor_reverts_consented_words(staff_client, inmate):
    """Found by a review: the admin's change form and its history "revert" replaced the words the
    inmate agreed to show."""
    from tests.admin_helpers import admin_url, changeform_data

    _consented_public_texts(inmate)
    url = admin_url(Inmate, "change", inmate.pk)
    data = changeform_data(staff_client.get(url))
    data.update({"display_name": "Pak Lain", "public_story": "Kisah lain.", "skills": "Menenun"})

    staff_client.post(url, data)
    inmate.refresh_from_db()
    assert (inmate.display_name, inmate.skills) == ("Pak Tarno", "Menenun")  # the rest is saved
    old = inmate.history.earliest()
    revert = staff_client.post(f"{url.removesuffix('change/')}history/{old.history_id}/", data)

    assert revert.status_code == 403
    inmate.refresh_from_db()
    assert inmate.public_story == "Belajar membatik sejak 2016."


def test_texts_the_consent_does_not_show_change_freely(officer_client, inmate):
    _consented_public_texts(inmate, display_name_public=False, story_public=True)
    url = reverse("portal:inmate-update", kwargs={"pk": inmate.pk})

    renamed = officer_client.post(url, _register_data(display_name="Pak Harto", skills="Menjahit"))

    assert renamed.status_code == 302
    inmate.refresh_from_db()
    assert (inmate.display_name, inmate.skills) == ("Pak Harto", "Menjahit")


def test_the_service_refuses_new_consented_texts_without_agreement(inmate, officer):
    _consented_public_texts(inmate)

    with pytest.raises(ValidationError) as refused:
        inmate_update(inmate=inmate, user=officer, public_story="Kisah lain.")
    assert set(refused.value.message_dict) == {"public_story"}
    inmate_update(inmate=inmate, user=officer, public_story="Belajar membatik sejak 2016.  ")  # the same words


def test_inmate_update_with_a_story_of_megabytes_is_form_error(officer_client, inmate):
    """The story is shown on public pages; the only limit was the 12 MB upload size."""
    story = inmate.public_story

    response = officer_client.post(
        reverse("portal:inmate-update", kwargs={"pk": inmate.pk}),
        _register_data(public_story="kisah " * 500_000, skills="x" * 1001),
    )

    assert response.status_code == 200
    content = response.content.decode()
    assert "paling banyak 3000 karakter" in _field_error_html(content, "public_story")
    assert "paling banyak 1000 karakter" in _field_error_html(content, "skills")
    inmate.refresh_from_db()
    assert inmate.public_story == story


def test_inmate_update_duplicate_registration_number_is_form_error(officer_client, prison, inmate):
    factories.make_inmate(prison=prison, registration_number="B.I-2000/2018")

    response = officer_client.post(
        reverse("portal:inmate-update", kwargs={"pk": inmate.pk}),
        _register_data(registration_number="B.I-2000/2018"),
    )

    assert response.status_code == 200
    assert _field_error_html(response.content.decode(), "registration_number") == (
        "Nomor registrasi ini sudah terdaftar di lapas Anda."
    )
    inmate.refresh_from_db()
    assert inmate.registration_number == "B.I-1000/2018"


def test_inmate_update_workshop_and_prison_of_other_prison_refused(
    officer_client, prison, other_prison, inmate
):
    theirs = factories.make_workshop(prison=other_prison)

    refused = officer_client.post(
        reverse("portal:inmate-update", kwargs={"pk": inmate.pk}),
        _register_data(workshop=theirs.pk, prison=other_prison.pk),
    )
    moved = officer_client.post(
        reverse("portal:inmate-update", kwargs={"pk": inmate.pk}), _register_data(prison=other_prison.pk)
    )

    assert refused.status_code == 200
    assert refused.context["form"].errors["workshop"] == ["Pilih bengkel kerja di lapas Anda."]
    assert moved.status_code == 302
    inmate.refresh_from_db()
    assert inmate.prison == prison
    assert inmate.workshop is None


# --- Consent -----------------------------------------------------------------------------------


def test_inmate_consent_records_new_consent_and_withdraws_old(officer_client, officer, inmate):
    old = factories.make_consent(inmate=inmate, given_on=timezone.now() - datetime.timedelta(days=3))
    url = reverse("portal:inmate-consent", kwargs={"pk": inmate.pk})

    form_page = officer_client.get(url)
    response = officer_client.post(url, {"display_name_public": "on", "notes": "Formulir no. 12"})

    assert form_page.context["form"].initial == {
        "display_name_public": True,
        "story_public": True,
        "work_photos_public": True,
        "face_public": False,
    }
    assert response.status_code == 302
    assert response["Location"] == reverse("portal:inmate-detail", kwargs={"pk": inmate.pk})
    old.refresh_from_db()
    assert old.withdrawn_on is not None
    assert old.withdrawn_recorded_by == officer
    new = Consent.objects.active().get(inmate=inmate)
    assert (new.display_name_public, new.story_public, new.work_photos_public, new.face_public) == (
        True,
        False,
        False,
        False,
    )
    assert (new.recorded_by, new.notes) == (officer, "Formulir no. 12")


def test_the_consent_form_sent_twice_records_one_consent_and_no_withdrawal(officer_client, officer, inmate):
    """Found by an attacker probe: a double click recorded a withdrawal nobody made (at the moment
    the consent was given) and a second, identical consent."""
    url = reverse("portal:inmate-consent", kwargs={"pk": inmate.pk})
    data = {"story_public": "on", "work_photos_public": "on", "notes": "Formulir no. 12"}

    first = officer_client.post(url, data)
    second = officer_client.post(url, data, follow=True)

    assert first.status_code == 302
    consent = Consent.objects.get(inmate=inmate)  # one row: nothing withdrawn
    assert consent.withdrawn_on is None
    assert "Persetujuan yang sama sudah berlaku; tidak ada yang diubah." in second.content.decode()


def test_a_changed_consent_reads_replaced_in_the_history_and_a_withdrawal_withdrawn(officer_client, officer, inmate):
    from inmates.services import consent_withdraw

    url = reverse("portal:inmate-consent", kwargs={"pk": inmate.pk})
    officer_client.post(url, {"story_public": "on"})
    officer_client.post(url, {"story_public": "on", "work_photos_public": "on"})
    consent_withdraw(inmate=inmate, user=officer)

    page = officer_client.get(reverse("portal:inmate-detail", kwargs={"pk": inmate.pk}))
    history = page.content.decode().split("Riwayat persetujuan", 1)[1]

    assert history.count('class="badge consent-replaced"') == 1
    assert history.count('class="badge consent-withdrawn"') == 1
    assert "diganti oleh" in history and "dicabut oleh" in history


SIGNED_FORM = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def test_the_officer_attaches_the_signed_consent_form_and_it_is_kept_through_an_error(
    settings, tmp_path, officer_client, officer, inmate
):
    # Found by an officer's probe: only the admin, which officers cannot open, took the scan.
    from django.core.files.uploadedfile import SimpleUploadedFile

    settings.MEDIA_ROOT = tmp_path
    url = reverse("portal:inmate-consent", kwargs={"pk": inmate.pk})
    scan = SimpleUploadedFile("formulir-12.pdf", SIGNED_FORM, content_type="application/pdf")

    refused = officer_client.post(url, {"face_public": "on", "document": scan})  # face without photos
    html = refused.content.decode()
    token = re.search(r'name="document__kept" value="([^"]+)"', html).group(1)
    assert "formulir-12.pdf" in html and Consent.objects.count() == 0
    saved = officer_client.post(url, {"display_name_public": "on", "document__kept": token})

    assert saved.status_code == 302
    consent = Consent.objects.active().get(inmate=inmate)
    assert consent.document and consent.document.read() == SIGNED_FORM
    detail = officer_client.get(reverse("portal:inmate-detail", kwargs={"pk": inmate.pk})).content.decode()
    assert f'href="{consent.document.url}"' in detail
    assert officer_client.get(consent.document.url).status_code == 200


def test_the_signed_consent_form_must_be_a_document(officer_client, inmate):
    from django.core.files.uploadedfile import SimpleUploadedFile

    url = reverse("portal:inmate-consent", kwargs={"pk": inmate.pk})
    fake = SimpleUploadedFile("formulir.pdf", b"MZ\x90\x00 not a pdf", content_type="application/pdf")

    response = officer_client.post(url, {"display_name_public": "on", "document": fake})

    assert response.status_code == 200
    assert response.context["form"].errors["document"]
    assert Consent.objects.count() == 0


def test_a_consent_scan_without_an_extension_is_told_so(officer_client, inmate):
    """A JPEG saved as "scan" was refused as 'Jenis berkas “.?”' (a bad-input probe)."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    url = reverse("portal:inmate-consent", kwargs={"pk": inmate.pk})
    scan = SimpleUploadedFile("scan", factories.image_bytes(), content_type="image/jpeg")

    response = officer_client.post(url, {"display_name_public": "on", "document": scan})

    assert response.context["form"].errors["document"] == [
        "Nama berkas “scan” tidak berakhiran jenis berkas (misalnya .pdf atau .jpg). Unggah PDF, "
        "foto/pindaian (JPEG, PNG, TIFF) atau dokumen Office."
    ]
    assert Consent.objects.count() == 0


def test_inmate_consent_nothing_ticked_is_form_error(officer_client, inmate):
    response = officer_client.post(reverse("portal:inmate-consent", kwargs={"pk": inmate.pk}), {})

    assert response.status_code == 200
    assert "Centang sedikitnya satu pilihan." in response.content.decode()
    assert Consent.objects.count() == 0


def test_inmate_consent_face_without_photos_is_form_error(officer_client, inmate):
    response = officer_client.post(
        reverse("portal:inmate-consent", kwargs={"pk": inmate.pk}),
        {"display_name_public": "on", "face_public": "on"},
    )

    assert _field_error_html(response.content.decode(), "face_public") == (
        "Wajah hanya dapat tampil bila foto karya juga boleh ditampilkan."
    )
    assert Consent.objects.count() == 0


def test_inmate_consent_withdraw_get_asks_and_changes_nothing(officer_client, inmate):
    consent = factories.make_consent(inmate=inmate)

    response = officer_client.get(reverse("portal:inmate-consent-withdraw", kwargs={"pk": inmate.pk}))

    assert response.status_code == 200
    assert "Ya, cabut persetujuan" in response.content.decode()
    consent.refresh_from_db()
    assert consent.withdrawn_on is None


def test_inmate_consent_withdraw_post_withdraws(officer_client, officer, inmate):
    consent = factories.make_consent(inmate=inmate)

    response = officer_client.post(reverse("portal:inmate-consent-withdraw", kwargs={"pk": inmate.pk}))

    assert response.status_code == 302
    assert response["Location"] == reverse("portal:inmate-detail", kwargs={"pk": inmate.pk})
    consent.refresh_from_db()
    assert consent.withdrawn_on is not None
    assert consent.withdrawn_recorded_by == officer
    assert not Consent.objects.active().filter(inmate=inmate).exists()
    page = officer_client.get(response["Location"]).content.decode()
    assert "Persetujuan dicabut." in page


def test_inmate_consent_withdraw_without_active_consent_changes_nothing(officer_client, inmate):
    url = reverse("portal:inmate-consent-withdraw", kwargs={"pk": inmate.pk})

    response = officer_client.post(url, follow=True)

    assert "Tidak ada persetujuan yang berlaku; tidak ada yang diubah." in response.content.decode()
    assert Consent.objects.count() == 0


# --- Release and transfer ----------------------------------------------------------------------


def registered_in_2017(inmate) -> None:
    """A participant registered before the 2018 dates these tests release them on."""
    Inmate.objects.filter(pk=inmate.pk).update(created_at=datetime.datetime(2017, 11, 3, 9, tzinfo=datetime.UTC))
    inmate.refresh_from_db()


def test_inmate_release_marks_released(officer_client, officer, inmate):
    registered_in_2017(inmate)
    response = officer_client.post(
        reverse("portal:inmate-release", kwargs={"pk": inmate.pk}), {"release_date": "2018-08-17"}
    )

    assert response.status_code == 302
    inmate.refresh_from_db()
    assert (inmate.status, inmate.release_date) == (Inmate.Status.RELEASED, datetime.date(2018, 8, 17))
    assert inmate.history.latest().history_user == officer


def test_inmate_release_future_date_is_form_error(officer_client, inmate):
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)

    response = officer_client.post(
        reverse("portal:inmate-release", kwargs={"pk": inmate.pk}), {"release_date": tomorrow.isoformat()}
    )

    error = _field_error_html(response.content.decode(), "release_date")
    assert error == "Tanggal bebas tidak boleh di masa depan."
    inmate.refresh_from_db()
    assert inmate.status == Inmate.Status.ACTIVE


def test_inmate_release_in_year_1_is_form_error(officer_client, inmate):
    """It was stored, and the follow-ups fell due in April of year 1."""
    response = officer_client.post(
        reverse("portal:inmate-release", kwargs={"pk": inmate.pk}), {"release_date": "0001-01-01"}
    )

    error = _field_error_html(response.content.decode(), "release_date")
    assert error.startswith("Tahun 1 tidak masuk akal")
    inmate.refresh_from_db()
    assert (inmate.status, inmate.release_date) == (Inmate.Status.ACTIVE, None)


def test_inmate_release_of_released_inmate_redirects_unchanged(officer_client, prison):
    inmate = factories.make_inmate(
        prison=prison, status=Inmate.Status.RELEASED, release_date=datetime.date(2018, 1, 1)
    )

    response = officer_client.post(
        reverse("portal:inmate-release", kwargs={"pk": inmate.pk}), {"release_date": "2018-05-05"}
    )

    assert response.status_code == 302
    inmate.refresh_from_db()
    assert inmate.release_date == datetime.date(2018, 1, 1)


def _today() -> str:
    return timezone.localdate().isoformat()


def test_inmate_transfer_marks_transferred(officer_client, officer, other_prison, inmate):
    url = reverse("portal:inmate-transfer", kwargs={"pk": inmate.pk})

    form_page = officer_client.get(url)
    today = timezone.localdate()
    response = officer_client.post(url, {"transferred_to": " Lapas Kelas IIA Kerobokan ", "transferred_on": today.isoformat()})

    assert f'<option value="{other_prison.name}">' in form_page.content.decode()
    assert f'name="transferred_on" value="{today.isoformat()}"' in form_page.content.decode()
    assert response.status_code == 302
    inmate.refresh_from_db()
    assert (inmate.status, inmate.transferred_to, inmate.transferred_on) == (
        Inmate.Status.TRANSFERRED, "Lapas Kelas IIA Kerobokan", today
    )
    assert inmate.history.latest().history_user == officer
    detail = officer_client.get(reverse("portal:inmate-detail", kwargs={"pk": inmate.pk})).content.decode()
    assert f"ke Lapas Kelas IIA Kerobokan, pada {date_format(today, 'j F Y')}" in detail


def test_inmate_transfer_date_is_asked_and_checked(officer_client, inmate):
    """A transfer has its date, as a release has (it was free text only): not left out, not in
    the future, not before the participant was registered; the refusal loses nothing typed."""
    url = reverse("portal:inmate-transfer", kwargs={"pk": inmate.pk})
    today = timezone.localdate()
    Inmate.objects.filter(pk=inmate.pk).update(created_at=timezone.now() - datetime.timedelta(days=30))
    registered = today - datetime.timedelta(days=30)
    typed = {"transferred_to": "Rutan Salemba"}

    errors = {}
    for label, day in (
        ("missing", ""),
        ("future", (today + datetime.timedelta(days=1)).isoformat()),
        ("before", (registered - datetime.timedelta(days=1)).isoformat()),
    ):
        response = officer_client.post(url, {**typed, "transferred_on": day})
        assert response.status_code == 200
        assert 'value="Rutan Salemba"' in response.content.decode()
        errors[label] = response.context["form"].errors["transferred_on"]

    assert errors == {
        "missing": ["Bidang ini tidak boleh kosong."],
        "future": ["Tanggal pemindahan tidak boleh di masa depan."],
        "before": [
            f"Tanggal pemindahan tidak boleh sebelum ia terdaftar sebagai peserta ({date_format(registered, 'j F Y')}). Periksa tahunnya."
        ],
    }
    inmate.refresh_from_db()
    assert (inmate.status, inmate.transferred_on) == (Inmate.Status.ACTIVE, None)

    officer_client.post(url, {**typed, "transferred_on": registered.isoformat()})
    inmate.refresh_from_db()
    assert (inmate.status, inmate.transferred_on) == (Inmate.Status.TRANSFERRED, registered)
    officer_client.post(reverse("portal:inmate-status-undo", kwargs={"pk": inmate.pk}))
    inmate.refresh_from_db()
    assert (inmate.status, inmate.transferred_to, inmate.transferred_on) == (Inmate.Status.ACTIVE, "", None)


def test_inmate_transfer_without_destination_is_form_error(officer_client, inmate):
    url = reverse("portal:inmate-transfer", kwargs={"pk": inmate.pk})

    response = officer_client.post(url, {"transferred_to": ""})

    assert _field_error_html(response.content.decode(), "transferred_to") == "Bidang ini tidak boleh kosong."
    inmate.refresh_from_db()
    assert inmate.status == Inmate.Status.ACTIVE


def test_inmate_detail_hides_status_actions_once_not_active(officer_client, prison):
    inmate = factories.make_inmate(
        prison=prison, status=Inmate.Status.TRANSFERRED, transferred_to="Rutan Salemba"
    )

    content = officer_client.get(reverse("portal:inmate-detail", kwargs={"pk": inmate.pk})).content.decode()

    assert "Dipindahkan ke Rutan Salemba" in content
    assert reverse("portal:inmate-release", kwargs={"pk": inmate.pk}) not in content


# --- Privacy on public pages -------------------------------------------------------------------


def test_inmate_legal_name_and_number_never_on_home_page(officer_client, prison):
    officer_client.post(
        reverse("portal:inmate-create"),
        _register_data(consent_display_name="on", consent_story="on", consent_work_photos="on"),
    )
    inmate = Inmate.objects.get()
    product = factories.make_product(prison=prison, name="Kain Batik Parang Rusak")
    product.makers.add(inmate)
    withdrawn = factories.make_inmate(
        prison=prison, legal_name="Ketut Widiastuti", registration_number="B.I-9999/2018"
    )
    consent_give(
        inmate=withdrawn, user=None, display_name_public=True, story_public=True, work_photos_public=True
    )
    factories.make_product(prison=prison, name="Tas Anyaman").makers.add(withdrawn)

    content = Client().get("/").content.decode()

    assert "Kain Batik Parang Rusak" in content
    for private in ("Sutarno Wibisono", "B.I-4321/2018", "Ketut Widiastuti", "B.I-9999/2018", "1984"):
        assert private not in content


# --- Services, called directly -----------------------------------------------------------------


def test_inmate_register_service_duplicate_raises_and_saves_nothing(prison, officer):
    factories.make_inmate(prison=prison, registration_number="B.I-4321/2018")

    with pytest.raises(ValidationError) as excinfo:
        inmate_register(
            prison=prison,
            user=officer,
            legal_name="Sutarno",
            registration_number="b.i-4321/2018",
            gender="L",
            consent={"display_name_public": True, "story_public": False, "work_photos_public": False},
        )

    assert excinfo.value.message_dict == {
        "registration_number": ["Nomor registrasi ini sudah terdaftar di lapas Anda."]
    }
    assert Inmate.objects.count() == 1
    assert Consent.objects.count() == 0


def test_inmate_register_service_workshop_of_other_prison_raises(prison, other_prison, officer):
    theirs = factories.make_workshop(prison=other_prison)

    with pytest.raises(ValidationError) as excinfo:
        inmate_register(
            prison=prison, user=officer, legal_name="A", registration_number="R-1", gender="P", workshop=theirs
        )

    assert excinfo.value.message_dict == {"workshop": ["Pilih bengkel kerja di lapas Anda."]}
    assert Inmate.objects.count() == 0


def test_inmate_update_service_never_changes_prison_or_status(inmate, officer, other_prison):
    with pytest.raises(TypeError):
        inmate_update(inmate=inmate, user=officer, prison=other_prison)
    with pytest.raises(TypeError):
        inmate_update(inmate=inmate, user=officer, status=Inmate.Status.RELEASED)

    inmate.refresh_from_db()
    assert inmate.prison != other_prison
    assert inmate.status == Inmate.Status.ACTIVE


def test_inmate_transfer_service_of_released_inmate_raises(prison, officer):
    inmate = factories.make_inmate(
        prison=prison, status=Inmate.Status.RELEASED, release_date=datetime.date(2018, 1, 1)
    )

    with pytest.raises(ValidationError) as excinfo:
        inmate_transfer(inmate=inmate, user=officer, transferred_to="Rutan Salemba")

    assert excinfo.value.messages == [
        "Hanya peserta berstatus aktif yang dapat ditandai bebas atau dipindahkan."
    ]
    inmate.refresh_from_db()
    assert (inmate.status, inmate.transferred_to) == (Inmate.Status.RELEASED, "")


def test_inmate_release_service_records_user_in_history(inmate, officer):
    registered_in_2017(inmate)
    inmate_release(inmate=inmate, user=officer, release_date=datetime.date(2018, 8, 17))

    latest = inmate.history.latest()
    assert (latest.status, latest.release_date, latest.history_user) == (
        Inmate.Status.RELEASED,
        datetime.date(2018, 8, 17),
        officer,
    )


def test_withdrawing_consent_says_which_products_stay_in_the_catalogue(officer_client, prison):
    """Found by a probe: the officer was not told the maker's approved product stays public."""
    from django.urls import reverse

    inmate = factories.make_inmate(prison=prison, display_name="Pak Darto")
    factories.make_consent(inmate=inmate, given_on=timezone.now() - datetime.timedelta(days=3))
    shown = factories.make_product(prison=prison, name="Topeng Kayu Ukir Betawi")
    shown.makers.add(inmate)
    draft = factories.make_product(prison=prison, name="Topeng Draf", status="draft")
    draft.makers.add(inmate)

    page = officer_client.get(reverse("portal:inmate-consent-withdraw", args=[inmate.pk])).content.decode()
    assert "tetap tampil di katalog sebagai karya lapas" in page
    assert f'href="{reverse("portal:product-update", args=[shown.pk])}">Topeng Kayu Ukir Betawi</a>' in page
    assert "Topeng Draf" not in page


def test_inmate_detail_lists_the_trainings_and_certificates(officer_client, prison, inmate):
    """Found by a new user's probe: an officer could not see on a person's page which trainings
    they took and which certificate they hold."""
    import datetime as dt

    from programs.services import certificate_issue, certificate_revoke

    done = factories.make_training(prison=prison, title="Bimtek Batik Tulis", starts_on=dt.date(2018, 2, 19),
                                   ends_on=dt.date(2018, 2, 23), status="finished")
    again = factories.make_training(prison=prison, title="Bimtek Menjahit", starts_on=dt.date(2018, 5, 7),
                                    ends_on=dt.date(2018, 5, 11), status="finished")
    later = factories.make_training(prison=prison, title="Bimtek Anyaman", starts_on=dt.date(2030, 1, 7),
                                    ends_on=dt.date(2030, 1, 9))
    valid = certificate_issue(participant=factories.make_participant(training=done, inmate=inmate, status="confirmed",
                                                                      passed=True, score=85), user=None)
    revoked = certificate_issue(participant=factories.make_participant(training=again, inmate=inmate,
                                                                       status="confirmed", passed=True, score=80),
                                user=None)
    certificate_revoke(certificate=revoked, user=None, reason="Salah cetak.")
    factories.make_participant(training=later, inmate=inmate, status="proposed")
    url = reverse("portal:inmate-detail", kwargs={"pk": inmate.pk})

    with CaptureQueriesContext(connection) as queries:
        page = officer_client.get(url).content.decode()

    section = page[page.index("Pelatihan dan sertifikat"):]
    assert section.index("Bimtek Anyaman") < section.index("Bimtek Menjahit") < section.index("Bimtek Batik Tulis")
    assert valid.number in section and reverse("portal:certificate-pdf", args=[valid.pk]) in section
    assert revoked.number in section and reverse("portal:certificate-pdf", args=[revoked.pk]) not in section
    assert "Dicabut" in section and "lulus" in section and "Diusulkan" in section
    for _ in range(3):
        factories.make_participant(training=factories.make_training(prison=prison), inmate=inmate, status="proposed")
    with CaptureQueriesContext(connection) as more:
        officer_client.get(url)
    assert len(more) == len(queries)


def test_a_release_recorded_by_mistake_is_undone(officer_client, inmate):
    """Found by a new officer's probe: a mis-tap on "Tandai bebas" could not be undone."""
    registered_in_2017(inmate)
    inmate_release(inmate=inmate, user=None, release_date=datetime.date(2018, 4, 5))
    detail = reverse("portal:inmate-detail", kwargs={"pk": inmate.pk})
    url = reverse("portal:inmate-status-undo", kwargs={"pk": inmate.pk})

    assert url in officer_client.get(detail).content.decode()
    assert "5 April 2018" in officer_client.get(url).content.decode()
    response = officer_client.post(url, follow=True)

    inmate.refresh_from_db()
    assert (inmate.status, inmate.release_date) == (Inmate.Status.ACTIVE, None)
    assert "kembali berstatus aktif" in response.content.decode()


def test_a_release_with_follow_ups_is_not_undone_and_another_prison_gets_404(officer_client, inmate, other_prison):
    registered_in_2017(inmate)
    from programs.models import FollowUp

    inmate_release(inmate=inmate, user=None, release_date=datetime.date(2018, 4, 5))
    FollowUp.objects.create(inmate=inmate, months_after_release=3, recorded_on=datetime.date(2018, 7, 6),
                            has_business=True)
    theirs = factories.make_inmate(prison=other_prison)
    inmate_transfer(inmate=theirs, user=None, transferred_to="Lapas Kelas I Cipinang")

    officer_client.post(reverse("portal:inmate-status-undo", kwargs={"pk": inmate.pk}))
    other = officer_client.post(reverse("portal:inmate-status-undo", kwargs={"pk": theirs.pk}))

    inmate.refresh_from_db()
    theirs.refresh_from_db()
    assert inmate.status == Inmate.Status.RELEASED
    assert other.status_code == 404 and theirs.status == Inmate.Status.TRANSFERRED


def test_a_release_before_the_participant_was_registered_is_refused(officer_client, inmate):
    """A probe released someone registered in 2017 "on 1 January 1999": saved, and every follow-up
    was late at once."""
    registered_in_2017(inmate)

    response = officer_client.post(
        reverse("portal:inmate-release", kwargs={"pk": inmate.pk}), {"release_date": "1999-01-01"}
    )

    assert response.status_code == 200
    assert response.context["form"].errors["release_date"] == [
        "Tanggal bebas tidak boleh sebelum ia terdaftar sebagai peserta (3 November 2017). Periksa tahunnya."
    ]
    inmate.refresh_from_db()
    assert (inmate.status, inmate.release_date) == (Inmate.Status.ACTIVE, None)


def test_a_man_is_not_transferred_to_a_womens_prison(officer_client, prison):
    """A probe moved a male participant to "Lapas Perempuan Kelas IIA Tangerang" unremarked."""
    women = factories.make_prison(name="Lapas Perempuan Kelas IIA Tangerang", kind=Prison.Kind.LAPAS_PEREMPUAN)
    man = factories.make_inmate(prison=prison, gender=Inmate.Gender.MALE)
    woman = factories.make_inmate(prison=prison, gender=Inmate.Gender.FEMALE)
    url = lambda inmate: reverse("portal:inmate-transfer", kwargs={"pk": inmate.pk})  # noqa: E731

    refused = officer_client.post(url(man), {"transferred_to": "lapas perempuan kelas IIA tangerang", "transferred_on": _today()})
    moved = officer_client.post(url(woman), {"transferred_to": women.name, "transferred_on": _today()})

    assert refused.status_code == 200
    assert refused.context["form"].errors["transferred_to"] == [
        "Lapas Perempuan Kelas IIA Tangerang adalah lapas perempuan, sedangkan peserta ini laki-laki. "
        "Periksa lapas/rutan tujuannya."
    ]
    assert moved.status_code == 302
    man.refresh_from_db()
    woman.refresh_from_db()
    assert (man.status, woman.status) == (Inmate.Status.ACTIVE, Inmate.Status.TRANSFERRED)


def test_a_man_is_not_registered_at_a_womens_prison():
    """The portal form refuses what the transfer refuses (a man into a women's prison); a woman
    is registered."""
    women = factories.make_prison(name="Lapas Perempuan Kelas IIA Tangerang", kind=Prison.Kind.LAPAS_PEREMPUAN)
    client = _client_for(factories.make_officer(prison=women))

    refused = client.post(reverse("portal:inmate-create"), _register_data(gender="L"))
    registered = client.post(
        reverse("portal:inmate-create"),
        _register_data(gender="P", legal_name="Siti Aminah", display_name="Bu Siti", registration_number="B.I-1/2018"),
    )

    assert refused.status_code == 200
    assert refused.context["form"].errors["gender"] == [
        "Lapas Perempuan Kelas IIA Tangerang adalah lapas perempuan; peserta laki-laki tidak terdaftar di sana. "
        "Periksa jenis kelaminnya."
    ]
    assert registered.status_code == 302
    assert list(Inmate.objects.filter(prison=women).values_list("legal_name", flat=True)) == ["Siti Aminah"]


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("OWN", "Peserta ini sudah berada di {prison}. Isi lapas/rutan tujuan pemindahannya."),
        ("3", "Isian ini harus memuat huruf, tidak hanya angka atau tanda baca."),
        ("-", "Isian ini harus memuat huruf, tidak hanya angka atau tanda baca."),
    ],
)
def test_a_transfer_needs_a_destination_that_is_not_the_own_prison(officer_client, prison, typed, message):
    """Found by an attacker probe: "Dipindahkan ke Lapas … Tangerang" (the participant's own
    prison), "3" and "-" were all taken as destinations."""
    inmate = factories.make_inmate(prison=prison)
    typed = prison.name.upper() if typed == "OWN" else typed

    refused = officer_client.post(reverse("portal:inmate-transfer", kwargs={"pk": inmate.pk}), {"transferred_to": typed, "transferred_on": _today()})

    assert refused.status_code == 200
    assert refused.context["form"].errors["transferred_to"] == [message.format(prison=prison.name)]
    inmate.refresh_from_db()
    assert inmate.status == Inmate.Status.ACTIVE


@pytest.mark.parametrize("action", ["release", "transfer"])
def test_a_released_or_transferred_participant_leaves_upcoming_trainings(officer_client, officer, prison, action):
    """Found by an attacker probe: a transferred participant kept a confirmed seat in next week's
    training (and on its attendance sheet); the seat now goes to the first who waits."""
    from programs.models import Training, TrainingParticipant

    Status = TrainingParticipant.Status
    today = timezone.localdate()
    inmate = factories.make_inmate(prison=prison)
    registered_in_2017(inmate)
    upcoming = factories.make_training(
        prison=prison, capacity=1, starts_on=today + datetime.timedelta(days=7), ends_on=today + datetime.timedelta(days=9)
    )
    seat = factories.make_participant(training=upcoming, inmate=inmate, status=Status.CONFIRMED)
    waiting = factories.make_participant(training=upcoming, status=Status.WAITLISTED, waitlist_position=1)
    past = factories.make_training(prison=prison, status=Training.Status.FINISHED)
    attended = factories.make_participant(training=past, inmate=inmate, status=Status.CONFIRMED)

    if action == "release":
        response = officer_client.post(
            reverse("portal:inmate-release", kwargs={"pk": inmate.pk}), {"release_date": today.isoformat()}, follow=True
        )
    else:
        response = officer_client.post(
            reverse("portal:inmate-transfer", kwargs={"pk": inmate.pk}), {"transferred_to": "Lapas Kelas IIA Lain", "transferred_on": _today()},
            follow=True,
        )

    seat.refresh_from_db()
    waiting.refresh_from_db()
    attended.refresh_from_db()
    assert seat.status == Status.WITHDRAWN
    assert waiting.status == Status.CONFIRMED
    assert attended.status == Status.CONFIRMED  # what was done stays done
    assert f"juga dikeluarkan dari pelatihan yang akan datang: {upcoming.title}" in response.content.decode()


def test_undoing_a_release_says_the_training_seats_left_are_not_given_back(officer_client, officer, prison):
    """Found by a review: undoing a mis-tapped release made the person active again while the
    seats their release freed stayed with others, without a word."""
    from programs.models import TrainingParticipant

    today = timezone.localdate()
    inmate = factories.make_inmate(prison=prison)
    registered_in_2017(inmate)
    upcoming = factories.make_training(
        prison=prison, starts_on=today + datetime.timedelta(days=7), ends_on=today + datetime.timedelta(days=9)
    )
    factories.make_participant(training=upcoming, inmate=inmate, status=TrainingParticipant.Status.CONFIRMED)
    inmate_release(inmate=inmate, user=officer, release_date=today)

    response = officer_client.post(reverse("portal:inmate-status-undo", kwargs={"pk": inmate.pk}), follow=True)

    assert f"Pelatihan yang ditinggalkannya tidak kembali otomatis: {upcoming.title}." in response.content.decode()


def test_the_own_prison_by_its_short_name_is_no_destination(officer_client, prison):
    """Found by a browser check: "Lapas Perempuan Tangerang" passed for the own "Lapas Perempuan
    Kelas IIA Tangerang"."""
    from inmates.models import Prison as PrisonModel

    PrisonModel.objects.filter(pk=prison.pk).update(name="Lapas Perempuan Kelas IIA Tangerang")
    inmate = factories.make_inmate(prison=prison)

    refused = officer_client.post(
        reverse("portal:inmate-transfer", kwargs={"pk": inmate.pk}), {"transferred_to": "lapas perempuan  tangerang", "transferred_on": _today()}
    )
    moved = officer_client.post(
        reverse("portal:inmate-transfer", kwargs={"pk": inmate.pk}), {"transferred_to": "Lapas Perempuan Kelas IIA Jakarta", "transferred_on": _today()}
    )

    assert refused.context["form"].errors["transferred_to"] == [
        "Peserta ini sudah berada di Lapas Perempuan Kelas IIA Tangerang. Isi lapas/rutan tujuan pemindahannya."
    ]
    assert moved.status_code == 302


@pytest.mark.parametrize("typed", ["Lapas Kelas  I Uji.", "Lapas Kelas I\u00a0Uji", "Lapas Kelas I Uji\u200b", "\u202eLapas Kelas I Uji"])
def test_the_own_prison_written_otherwise_or_with_invisible_signs_is_no_destination(officer_client, prison, typed):
    """Found by an attacker probe: a double space, a final dot, a no-break space, a zero-width
    space or a right-to-left mark let the own prison through (the last stored reversed)."""
    from inmates.models import Prison as PrisonModel

    PrisonModel.objects.filter(pk=prison.pk).update(name="Lapas Kelas I Uji")
    inmate = factories.make_inmate(prison=prison)

    refused = officer_client.post(reverse("portal:inmate-transfer", kwargs={"pk": inmate.pk}), {"transferred_to": typed, "transferred_on": _today()})

    assert refused.status_code == 200
    assert "transferred_to" in refused.context["form"].errors
    inmate.refresh_from_db()
    assert inmate.status == Inmate.Status.ACTIVE


def test_the_portal_runs_on_the_prisons_clock(monkeypatch):
    """An officer probe in Jayapura (WIT): the consent history read Jakarta's time, and between
    midnight and two in the morning there "today" was refused as a date in the future. The portal
    reads and shows times on the prison's clock, from its province."""
    papua = factories.make_region(name="Kanwil Papua", province="Papua", slug="papua")
    abepura = factories.make_prison(name="Lapas Kelas IIA Abepura", region=papua)
    jakarta = factories.make_prison(name="Lapas Kelas I Cipinang Uji")
    moment = datetime.datetime(2026, 12, 6, 15, 30, tzinfo=datetime.UTC)  # 00.30 WIT on the 7th, 22.30 WIB on the 6th
    people = {}
    for prison in (abepura, jakarta):
        person = factories.make_inmate(prison=prison)
        Inmate.objects.filter(pk=person.pk).update(created_at=moment - datetime.timedelta(days=30))
        factories.make_consent(inmate=person, given_on=moment - datetime.timedelta(hours=1))
        people[prison] = (person, _client_for(factories.make_officer(prison=prison)))
    monkeypatch.setattr(timezone, "now", lambda: moment)

    person, client = people[abepura]
    form = client.get(reverse("portal:inmate-release", kwargs={"pk": person.pk})).content.decode()
    detail = client.get(reverse("portal:inmate-detail", kwargs={"pk": person.pk})).content.decode()
    released = client.post(reverse("portal:inmate-release", kwargs={"pk": person.pk}), {"release_date": "2026-12-07"})
    other, other_client = people[jakarta]
    refused = other_client.post(reverse("portal:inmate-release", kwargs={"pk": other.pk}), {"release_date": "2026-12-07"})

    assert 'value="2026-12-07"' in form
    assert "23.30 WIT" in detail and "WIB" not in detail
    assert released.status_code == 302
    assert refused.status_code == 200 and refused.context["form"].errors["release_date"] == [
        "Tanggal bebas tidak boleh di masa depan."
    ]
    assert timezone.get_current_timezone_name() == settings.TIME_ZONE  # nothing left behind


def test_a_photographed_consent_form_is_stored_without_camera_or_place(officer_client, inmate):
    """An officer probe photographed the signed form with a phone: the stored scan kept the
    phone's make and the GPS position (not public, but uploaded photos lose both: as product
    photos do). A PDF is stored as sent."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    from products.images import metadata_found

    url = reverse("portal:inmate-consent", kwargs={"pk": inmate.pk})
    scan = SimpleUploadedFile("formulir.jpg", factories.photo_with_gps(), content_type="image/jpeg")
    assert metadata_found(scan.file) == ("EXIF", "GPS")
    scan.file.seek(0)

    response = officer_client.post(url, {"display_name_public": "on", "document": scan})

    assert response.status_code == 302
    stored = Consent.objects.active().get(inmate=inmate).document
    with stored.open("rb") as handle:
        assert metadata_found(handle) == ()
    assert stored.name.endswith(".jpg")
