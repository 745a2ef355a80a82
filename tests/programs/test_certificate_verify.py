"""Public certificate verification: valid, revoked or not found; the holder's display name only
within their current consent, the legal name never."""

import datetime
import re

import pytest
from django.utils import timezone

from programs.models import Certificate, TrainingParticipant
from programs.selectors import normalise_certificate_code, public_certificate_verification
from tests import factories

pytestmark = pytest.mark.django_db

CODE = "ABCDEFGHJK23"
_INLINE_TAG = re.compile(r"</?(?:a|span|time|strong|em|b|i|code|abbr)\b[^>]*>")


def text_of(response) -> str:
    html = _INLINE_TAG.sub("", response.content.decode())
    return " ".join(re.sub(r"<[^>]+>", " ", html).split())


def make_certificate(*, consent: dict | None = None, **kwargs) -> Certificate:
    prison = factories.make_prison(name="Rutan Kelas IIA Pondok Bambu", slug="rutan-pondok-bambu")
    training = factories.make_training(
        prison=prison, title="Bimtek Menjahit dan Desain Busana Muslim", skill_area="Menjahit busana",
        starts_on=datetime.date(2018, 3, 5), ends_on=datetime.date(2018, 3, 9),
    )
    inmate = factories.make_inmate(
        prison=prison, legal_name="Yuniarti Binti Legalname", registration_number="BIIIA.555/2017",
        display_name="Ibu Yuni", birth_year=1980,
    )
    if consent is not None:
        factories.make_consent(inmate=inmate, **consent)
    participant = factories.make_participant(
        training=training, inmate=inmate, status=TrainingParticipant.Status.CONFIRMED, passed=True
    )
    kwargs.setdefault("number", "IKM/BIMTEK/2018/0006")
    kwargs.setdefault("issued_on", datetime.date(2018, 3, 9))
    kwargs.setdefault("verification_code", CODE)
    return Certificate.objects.create(participant=participant, **kwargs)


PERSONAL = ("Yuniarti Binti Legalname", "BIIIA.555/2017", "1980")


def test_valid_certificate_shows_training_dates_and_consented_display_name(client):
    make_certificate(consent={"display_name_public": True})
    response = client.get(f"/sertifikat/verifikasi/{CODE}/")
    assert response.status_code == 200
    text = text_of(response)
    assert "Sertifikat sah Sertifikat ini diterbitkan dan masih berlaku." in text
    assert "Pemegang Ibu Yuni" in text
    assert "Pelatihan Bimtek Menjahit dan Desain Busana Muslim Menjahit busana" in text
    assert "Tanggal pelatihan 5–9 Maret 2018" in text
    # Not where: the holder shows it to employers after release (found by a ministry probe).
    assert "Pondok Bambu" not in text and "Tempat" not in text
    assert "Nomor sertifikat IKM/BIMTEK/2018/0006" in text
    assert "Diterbitkan 9 Maret 2018" in text
    assert "/lapas/rutan-pondok-bambu/" not in response.content.decode()
    assert "Peserta pelatihan" not in text
    for leak in PERSONAL:
        assert leak not in response.content.decode()


@pytest.mark.parametrize(
    "consent",
    [
        None,  # never consented
        {"display_name_public": False, "story_public": True},
        {"display_name_public": True, "withdrawn_on_days_ago": 1},
    ],
    ids=["no-consent", "name-not-public", "withdrawn"],
)
def test_certificate_without_current_name_consent_shows_generic_holder(client, consent):
    withdrawn_days = consent.pop("withdrawn_on_days_ago", None) if consent else None
    certificate = make_certificate(consent=consent)
    if withdrawn_days:
        inmate = certificate.participant.inmate
        inmate.consents.update(
            given_on=timezone.now() - datetime.timedelta(days=30),
            withdrawn_on=timezone.now() - datetime.timedelta(days=withdrawn_days),
        )
    response = client.get(f"/sertifikat/verifikasi/{CODE}/")
    text = text_of(response)
    assert "Sertifikat sah" in text
    assert "Pemegang Peserta pelatihan" in text
    # Found by a new user's probe: an employer did not know why no name was shown.
    assert "tidak ditampilkan di sini untuk melindungi privasinya" in text
    assert "Ibu Yuni" not in response.content.decode()
    for leak in PERSONAL:
        assert leak not in response.content.decode()


def test_display_name_follows_the_latest_consent(client):
    certificate = make_certificate(consent={"display_name_public": False})
    inmate = certificate.participant.inmate
    inmate.consents.update(
        given_on=timezone.now() - datetime.timedelta(days=10),
        withdrawn_on=timezone.now() - datetime.timedelta(days=5),
    )
    factories.make_consent(inmate=inmate, display_name_public=True)
    assert "Pemegang Ibu Yuni" in text_of(client.get(f"/sertifikat/verifikasi/{CODE}/"))


def test_revoked_certificate_shows_date_but_not_the_reason(client):
    revoked_at = datetime.datetime(2018, 5, 12, 10, 0, tzinfo=datetime.UTC)
    make_certificate(
        consent={"display_name_public": True},
        revoked_at=revoked_at,
        revoke_reason="Yuniarti Binti Legalname tidak hadir pada hari ketiga",
    )
    response = client.get(f"/sertifikat/verifikasi/{CODE}/")
    assert response.status_code == 200
    text = text_of(response)
    assert "Sertifikat dicabut Sertifikat ini dicabut pada 12 Mei 2018 dan tidak berlaku lagi." in text
    assert "Sertifikat sah" not in text
    assert "tidak hadir pada hari ketiga" not in text
    for leak in PERSONAL:
        assert leak not in response.content.decode()


def test_unknown_code_is_a_styled_404_with_the_form(client):
    make_certificate()
    response = client.get("/sertifikat/verifikasi/ZZZZZZZZZZZZ/")
    assert response.status_code == 404
    text = text_of(response)
    assert "Sertifikat tidak ditemukan Tidak ada sertifikat dengan kode ZZZZZZZZZZZZ." in text
    assert 'name="kode"' in response.content.decode()
    assert "Bimtek Menjahit" not in text


def test_unknown_code_is_escaped_on_the_page(client, db):
    response = client.get("/sertifikat/verifikasi/%3Cscript%3Ealert(1)%3C%5Cscript%3E/")
    assert response.status_code == 404
    html = response.content.decode()
    assert "<script>alert(1)" not in html
    assert "&lt;script&gt;alert(1)&lt;\\script&gt;" in html


@pytest.mark.parametrize("typed", ["abcdefghjk23", "  ABCD-EFGH-JK23 ", "abcd efgh jk23"])
def test_code_is_case_insensitive_and_trimmed(client, typed):
    make_certificate()
    response = client.get(f"/sertifikat/verifikasi/{typed}/")
    assert response.status_code == 200
    assert "Sertifikat sah" in text_of(response)


def test_normalise_certificate_code():
    assert normalise_certificate_code("  abcd-efgh jk23\t") == "ABCDEFGHJK23"
    assert normalise_certificate_code("") == ""


def test_verification_record_carries_no_legal_name():
    make_certificate(consent={"display_name_public": True})
    record = public_certificate_verification(code=CODE.lower())
    assert record.holder_display_name == "Ibu Yuni"
    assert "Yuniarti Binti Legalname" not in repr(record)
    assert public_certificate_verification(code="   ") is None


def test_verification_page_runs_two_queries(client, django_assert_num_queries):
    make_certificate(consent={"display_name_public": True})
    with django_assert_num_queries(2):  # the certificate with its joins, the current consent
        response = client.get(f"/sertifikat/verifikasi/{CODE}/")
    assert response.status_code == 200


# --- the form


def test_form_page_shows_the_code_field(client, db):
    response = client.get("/sertifikat/verifikasi/")
    assert response.status_code == 200
    text = text_of(response)
    assert "Verifikasi sertifikat" in text
    assert "Kode verifikasi" in text
    assert 'name="kode"' in response.content.decode()


def test_form_redirects_to_the_normalised_code(client, db):
    response = client.get("/sertifikat/verifikasi/", {"kode": "  abcd-efgh-jk23 "})
    assert response.status_code == 302
    assert response["Location"] == "/sertifikat/verifikasi/ABCDEFGHJK23/"


@pytest.mark.parametrize(
    "typed, error",
    [
        ("   ", "Isi kode verifikasi."),
        ("ABC/DEF?", "Kode verifikasi hanya berisi huruf dan angka."),
        (" ikm/bimtek/2018/0007", "Ini nomor sertifikat, bukan kode verifikasi."),
        # As a brochure writes it (a buyer probe: read as a code and "not found").
        ("IKM-BIMTEK-2018-0001", "Ini nomor sertifikat, bukan kode verifikasi."),
        ("ikm.bimtek.2018.0001", "Ini nomor sertifikat, bukan kode verifikasi."),
    ],
)
def test_form_with_bad_code_shows_error_next_to_field(client, db, typed, error):
    response = client.get("/sertifikat/verifikasi/", {"kode": typed})
    assert response.status_code == 200
    html = response.content.decode()
    assert error in html
    assert 'id="error_1_id_kode"' in html or "invalid-feedback" in html


def test_guessing_codes_is_stopped_after_many_misses(client, settings):
    """A privacy probe looked up 300 random codes in 15 seconds, never refused. Misses from one
    address are counted; past CERTIFICATE_MISSES_PER_HOUR every lookup from it is refused for the
    hour, with a word on why; another address, and real certificates before the limit, go on."""
    from django.core.cache import cache

    from programs.services import CERTIFICATE_MISSES_PER_HOUR

    cache.clear()
    make_certificate(consent={"display_name_public": True})
    assert client.get(f"/sertifikat/verifikasi/{CODE}/", REMOTE_ADDR="203.0.113.5").status_code == 200
    for number in range(CERTIFICATE_MISSES_PER_HOUR):
        missed = client.get(f"/sertifikat/verifikasi/SALAH{number:07d}/", REMOTE_ADDR="203.0.113.5")
        assert missed.status_code == 404

    refused = client.get(f"/sertifikat/verifikasi/{CODE}/", REMOTE_ADDR="203.0.113.5")
    elsewhere = client.get(f"/sertifikat/verifikasi/{CODE}/", REMOTE_ADDR="198.51.100.8")

    assert refused.status_code == 429
    assert "Terlalu banyak kode yang tidak ditemukan" in text_of(refused)
    assert "Ibu Yuni" not in text_of(refused)
    assert elsewhere.status_code == 200
    cache.clear()
