"""Certificates: numbers from the year's counter (never reused, also after revocation or deletion),
issuing once per participant, bulk issuing for those who passed, revocation with a reason, the
PDF (its text and its QR code, which holds only the verification URL) and who may download it."""

import base64
import datetime
import re
import zlib

import pytest
import segno
from django.contrib.admin.models import LogEntry
from django.core.exceptions import ValidationError
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from programs import certificates as pdf
from programs.models import Certificate, CertificateCounter, Training, TrainingParticipant
from programs.services import (
    certificate_issue,
    certificate_issue_bulk,
    certificate_replace,
    certificate_revoke,
)
from tests import factories
from tests.admin_helpers import action_data, admin_url

pytestmark = pytest.mark.django_db

# --- Reading a PDF without a PDF library: reportlab writes its standard-font text as string
# operands of Tj inside (Flate-compressed, possibly ASCII85-armoured) content streams, and images
# as raw RGB samples in the same kind of stream.

_STREAM = re.compile(rb"\d+ 0 obj\s*<<((?:(?!endobj).)*?)>>\s*stream\r?\n(.*?)endstream", re.S)
_SHOWN_STRING = re.compile(rb"\(((?:\\.|[^\\)])*)\)\s*Tj", re.S)
_ESCAPE = re.compile(rb"\\([0-7]{1,3}|.)", re.S)


def pdf_streams(data: bytes) -> list[tuple[bytes, bytes]]:
    """(dictionary, decoded content) of every stream of the PDF."""
    streams = []
    for match in _STREAM.finditer(data):
        dictionary, body = match.group(1), match.group(2).rstrip(b"\r\n")
        if b"/ASCII85Decode" in dictionary:
            body = base64.a85decode(body.removesuffix(b"~>").strip())
        if b"/FlateDecode" in dictionary:
            body = zlib.decompress(body)
        streams.append((dictionary, body))
    return streams


def _unescape(raw: bytes) -> str:
    def replace(match):
        code = match.group(1)
        if code[:1].isdigit():
            return bytes([int(code, 8)])
        return {b"n": b"\n", b"r": b"\r", b"t": b"\t", b"b": b"\b", b"f": b"\f"}.get(code, code)

    return _ESCAPE.sub(replace, raw).decode("cp1252")


def pdf_text_lines(data: bytes) -> list[str]:
    """Every string the PDF's pages show, in drawing order."""
    return [
        _unescape(m.group(1))
        for dictionary, body in pdf_streams(data)
        if b"/Subtype /Image" not in dictionary
        for m in _SHOWN_STRING.finditer(body)
    ]


def pdf_qr_matrix(data: bytes) -> list[list[bool]]:
    """The QR code image of the PDF read back module by module (True = dark)."""
    images = [(d, body) for d, body in pdf_streams(data) if b"/Subtype /Image" in d]
    assert len(images) == 1
    dictionary, pixels = images[0]
    width = int(re.search(rb"/Width (\d+)", dictionary).group(1))
    height = int(re.search(rb"/Height (\d+)", dictionary).group(1))
    assert b"/DeviceRGB" in dictionary and width == height and len(pixels) == width * height * 3
    scale = pdf.QR_SCALE
    size = width // scale - 2 * pdf.QR_BORDER
    matrix = []
    for row in range(size):
        y = (row + pdf.QR_BORDER) * scale + scale // 2
        line = []
        for column in range(size):
            x = (column + pdf.QR_BORDER) * scale + scale // 2
            offset = (y * width + x) * 3
            line.append(sum(pixels[offset : offset + 3]) < 3 * 128)
        matrix.append(line)
    return matrix


# --- Fixtures


def make_training(prison=None, **kwargs) -> Training:
    kwargs.setdefault("title", "Bimtek Batik Tulis Lasem")
    kwargs.setdefault("skill_area", "Batik tulis")
    kwargs.setdefault("starts_on", datetime.date(2018, 2, 19))
    kwargs.setdefault("ends_on", datetime.date(2018, 2, 23))
    kwargs.setdefault("hours", 40)
    kwargs.setdefault("status", Training.Status.FINISHED)
    return factories.make_training(prison=prison or factories.make_prison(), **kwargs)


def make_passed(training: Training, *, status="confirmed", passed=True, **inmate_kwargs) -> TrainingParticipant:
    inmate = factories.make_inmate(prison=training.prison, **inmate_kwargs)
    return factories.make_participant(
        training=training, inmate=inmate, status=status, passed=passed, score=80 if passed else 40
    )


def counter(year: int) -> int:
    row = CertificateCounter.objects.filter(year=year).first()
    return row.last_number if row else 0


ON_2018 = datetime.date(2018, 2, 23)


# --- Numbers


def test_certificate_issue_numbers_per_year_from_the_counter(staff_user):
    training = make_training()
    first, second, third = (make_passed(training) for _ in range(3))

    a = certificate_issue(participant=first, user=staff_user, issued_on=ON_2018)
    b = certificate_issue(participant=second, user=staff_user, issued_on=ON_2018)
    c = certificate_issue(participant=third, user=staff_user, issued_on=datetime.date(2019, 1, 3))

    assert [a.number, b.number, c.number] == [
        "IKM/BIMTEK/2018/0001",
        "IKM/BIMTEK/2018/0002",
        "IKM/BIMTEK/2019/0001",
    ]
    assert (counter(2018), counter(2019)) == (2, 1)
    assert (a.issued_by, a.issued_on, a.revoked_at) == (staff_user, ON_2018, None)
    assert re.fullmatch(r"[A-Z2-9]{12}", a.verification_code)


def test_certificate_issue_twice_returns_the_existing_certificate_without_a_new_number(staff_user):
    participant = make_passed(make_training())
    first = certificate_issue(participant=participant, user=staff_user, issued_on=ON_2018)

    again = certificate_issue(participant=participant, user=factories.make_user(), issued_on=datetime.date(2018, 5, 1))

    assert again.pk == first.pk
    assert (again.number, again.issued_on, again.issued_by) == ("IKM/BIMTEK/2018/0001", ON_2018, staff_user)
    assert Certificate.objects.count() == 1
    assert counter(2018) == 1


def test_certificate_number_never_reused_after_revocation_or_deletion(staff_user):
    training = make_training()
    first, second, third = (make_passed(training) for _ in range(3))
    revoked = certificate_issue(participant=first, user=staff_user, issued_on=ON_2018)
    certificate_revoke(certificate=revoked, user=staff_user, reason="Data peserta keliru.")

    after_revocation = certificate_issue(participant=second, user=staff_user, issued_on=ON_2018)
    after_revocation.delete()
    after_deletion = certificate_issue(participant=third, user=staff_user, issued_on=ON_2018)

    assert after_revocation.number == "IKM/BIMTEK/2018/0002"
    assert after_deletion.number == "IKM/BIMTEK/2018/0003"
    assert counter(2018) == 3


def test_certificate_issue_skips_a_number_given_before_the_counter_existed(staff_user):
    training = make_training()
    typed = make_passed(training)
    Certificate.objects.create(participant=typed, number="IKM/BIMTEK/2018/0001", issued_on=ON_2018)

    issued = certificate_issue(participant=make_passed(training), user=staff_user, issued_on=ON_2018)

    assert issued.number == "IKM/BIMTEK/2018/0002"
    assert counter(2018) == 2


@pytest.mark.parametrize(
    ("status", "passed", "message"),
    [
        ("confirmed", False, "Sertifikat hanya untuk peserta yang lulus."),
        ("confirmed", None, "Sertifikat hanya untuk peserta yang lulus."),
        ("proposed", True, "Sertifikat hanya untuk peserta yang keikutsertaannya dikonfirmasi."),
        ("waitlisted", True, "Sertifikat hanya untuk peserta yang keikutsertaannya dikonfirmasi."),
    ],
)
def test_certificate_issue_refuses_who_did_not_pass_or_was_not_confirmed(staff_user, status, passed, message):
    training = make_training()
    participant = factories.make_participant(
        training=training,
        status=status,
        passed=passed,
        waitlist_position=1 if status == "waitlisted" else None,
    )

    with pytest.raises(ValidationError) as error:
        certificate_issue(participant=participant, user=staff_user, issued_on=ON_2018)

    assert error.value.message_dict == {"participant": [message]}
    assert Certificate.objects.count() == 0
    assert counter(2018) == 0


def test_certificate_issue_bulk_only_confirmed_participants_who_passed_and_have_none(staff_user):
    training = make_training()
    budi = make_passed(training, legal_name="Budi Hartono")
    ani = make_passed(training, legal_name="Ani Suryani")
    make_passed(training, legal_name="Gagal Santoso", passed=False)
    make_passed(training, legal_name="Belum Dinilai", passed=None)
    make_passed(training, legal_name="Hanya Diusulkan", status="proposed")
    make_passed(training, legal_name="Ditolak Saja", status="declined")
    already = make_passed(training, legal_name="Sudah Punya")
    existing = certificate_issue(participant=already, user=staff_user, issued_on=ON_2018)
    elsewhere = make_passed(make_training(), legal_name="Pelatihan Lain")

    issued = certificate_issue_bulk(training=training, user=staff_user, issued_on=ON_2018)

    # In the order of the holders' names, after the number already taken.
    assert [(c.participant_id, c.number) for c in issued] == [
        (ani.pk, "IKM/BIMTEK/2018/0002"),
        (budi.pk, "IKM/BIMTEK/2018/0003"),
    ]
    assert set(Certificate.objects.values_list("participant_id", flat=True)) == {ani.pk, budi.pk, already.pk}
    assert Certificate.objects.get(pk=existing.pk).number == "IKM/BIMTEK/2018/0001"
    assert not Certificate.objects.filter(participant=elsewhere).exists()
    assert certificate_issue_bulk(training=training, user=staff_user, issued_on=ON_2018) == []
    assert counter(2018) == 3


def test_certificate_revoke_requires_a_reason(staff_user):
    certificate = certificate_issue(participant=make_passed(make_training()), user=staff_user, issued_on=ON_2018)

    with pytest.raises(ValidationError) as error:
        certificate_revoke(certificate=certificate, user=staff_user, reason="   ")

    assert error.value.message_dict == {"reason": ["Tuliskan alasan pencabutan."]}
    certificate.refresh_from_db()
    assert (certificate.revoked_at, certificate.revoke_reason) == (None, "")


def test_certificate_revoke_records_when_and_why_and_refuses_twice(staff_user):
    certificate = certificate_issue(participant=make_passed(make_training()), user=staff_user, issued_on=ON_2018)

    certificate_revoke(certificate=certificate, user=staff_user, reason="  Nilai dikoreksi.  ")

    certificate.refresh_from_db()
    assert certificate.revoked_at is not None
    assert certificate.revoke_reason == "Nilai dikoreksi."
    with pytest.raises(ValidationError) as error:
        certificate_revoke(certificate=certificate, user=staff_user, reason="Lagi.")
    assert error.value.messages == ["Sertifikat ini sudah dicabut."]


# --- The PDF


def make_certificate(*, prison=None, revoked: bool = False, **inmate_kwargs) -> Certificate:
    training = make_training(prison=prison or factories.make_prison(name="Lapas Perempuan Kelas IIA Tangerang"))
    inmate_kwargs.setdefault("legal_name", "Sari Puspitasari")
    participant = make_passed(training, **inmate_kwargs)
    certificate = certificate_issue(participant=participant, user=None, issued_on=ON_2018)
    if revoked:
        certificate = certificate_revoke(certificate=certificate, user=None, reason="Data keliru.")
    return certificate


def test_certificate_qr_payload_is_exactly_the_public_verification_url():
    certificate = make_certificate(registration_number="REG-QR-1", display_name="Ibu Sari")

    payload = pdf.certificate_qr_payload(certificate, "https://etalase.example/")

    assert payload == f"https://etalase.example/sertifikat/verifikasi/{certificate.verification_code}/"


def test_certificate_pdf_text_has_the_number_the_training_title_and_the_verification_url(officer_client, prison):
    certificate = make_certificate(prison=prison, legal_name="Sari Puspitasari Legal", display_name="Ibu Sari")

    response = officer_client.get(reverse("portal:certificate-pdf", args=[certificate.pk]))

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == 'attachment; filename="sertifikat-IKM-BIMTEK-2018-0001.pdf"'
    assert response["Cache-Control"] == "private, no-store"
    lines = pdf_text_lines(response.content)
    url = f"http://testserver/sertifikat/verifikasi/{certificate.verification_code}/"
    assert "Nomor: IKM/BIMTEK/2018/0001" in lines
    assert "Bimtek Batik Tulis Lasem" in lines
    assert url in lines
    # Given to the person: the legal name; the directorate that issues it; when and where.
    assert lines[:4] == [
        "KEMENTERIAN PERINDUSTRIAN REPUBLIK INDONESIA",
        "Direktorat Jenderal Industri Kecil dan Menengah",
        "SERTIFIKAT",
        "Nomor: IKM/BIMTEK/2018/0001",
    ]
    assert "Sari Puspitasari Legal" in lines
    assert "Ibu Sari" not in lines
    assert "Bidang keterampilan: Batik tulis" in lines
    # When, not where: the certificate is shown to employers after release (a ministry probe).
    assert "19\u201323 Februari 2018, 40 jam pelajaran" in lines
    assert not [line for line in lines if "Lapas" in line or "Cipinang" in line]
    assert "Jakarta, 23 Februari 2018" in lines
    assert "Kementerian Perindustrian Republik Indonesia" in lines
    spaced = " ".join(re.findall("....", certificate.verification_code))
    assert spaced in lines
    assert "DICABUT" not in lines


def test_certificate_pdf_qr_code_encodes_exactly_the_verification_url(officer_client, prison):
    certificate = make_certificate(prison=prison)

    response = officer_client.get(reverse("portal:certificate-pdf", args=[certificate.pk]))

    url = f"http://testserver/sertifikat/verifikasi/{certificate.verification_code}/"
    # Module for module the code of the URL alone: it holds nothing else (no name, no number).
    expected = segno.make(url, error="m", micro=False, boost_error=False)
    assert pdf_qr_matrix(response.content) == [[bool(m) for m in row] for row in expected.matrix]


def test_certificate_pdf_is_always_indonesian(prison, officer):
    certificate = make_certificate(prison=prison)
    client = Client()
    client.force_login(officer)
    client.cookies["django_language"] = "en"

    response = client.get(reverse("portal:certificate-pdf", args=[certificate.pk]))

    assert "Jakarta, 23 Februari 2018" in pdf_text_lines(response.content)


def test_certificate_pdf_of_a_long_title_and_a_name_outside_latin1_stays_readable():
    certificate = make_certificate(legal_name="Şükrü Ayşe Wirawan")
    training = certificate.participant.training
    training.title = "Bimtek " + "Menjahit dan Desain Busana Muslim " * 5
    training.save()
    certificate = Certificate.objects.select_related("participant__inmate", "participant__training__prison").get(
        pk=certificate.pk
    )

    lines = pdf_text_lines(pdf.certificate_pdf(certificate, base_url="https://etalase.example"))

    assert "Sükrü Ayse Wirawan" in lines  # Ş is not in the PDF fonts: printed as S, not a box
    start = lines.index("yang telah mengikuti dan dinyatakan lulus bimbingan teknis") + 1
    end = lines.index("Bidang keterampilan: Batik tulis")
    assert 1 < end - start <= 3  # wrapped, never cut
    assert " ".join(lines[start:end]) == training.title.strip()


# --- Who may download


def test_certificate_pdf_of_another_prison_is_not_found(officer_client, other_prison):
    certificate = make_certificate(prison=other_prison)

    assert officer_client.get(reverse("portal:certificate-pdf", args=[certificate.pk])).status_code == 404


def test_certificate_pdf_anonymous_is_sent_to_login(client, prison):
    certificate = make_certificate(prison=prison)
    url = reverse("portal:certificate-pdf", args=[certificate.pk])

    response = client.get(url)

    assert response.status_code == 302
    assert response["Location"] == f"/masuk/?next={url}"


def test_certificate_pdf_signed_in_visitor_is_forbidden(client, prison):
    certificate = make_certificate(prison=prison)
    client.force_login(factories.make_user(username="pengunjung"))

    assert client.get(reverse("portal:certificate-pdf", args=[certificate.pk])).status_code == 403


def test_certificate_pdf_revoked_is_not_offered_to_officers(officer_client, prison):
    certificate = make_certificate(prison=prison, revoked=True)

    assert officer_client.get(reverse("portal:certificate-pdf", args=[certificate.pk])).status_code == 404


def test_certificate_pdf_staff_download_from_the_admin(staff_client):
    certificate = make_certificate()

    response = staff_client.get(reverse("admin:programs_certificate_pdf", args=[certificate.pk]))

    assert response.status_code == 200
    assert "Nomor: IKM/BIMTEK/2018/0001" in pdf_text_lines(response.content)


def test_certificate_pdf_corrections_staff_may_download_too(corrections_client):
    certificate = make_certificate()

    response = corrections_client.get(reverse("admin:programs_certificate_pdf", args=[certificate.pk]))

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"


def test_certificate_pdf_revoked_is_marked_dicabut_for_staff(staff_client):
    certificate = make_certificate(revoked=True)

    response = staff_client.get(reverse("admin:programs_certificate_pdf", args=[certificate.pk]))

    lines = pdf_text_lines(response.content)
    assert "DICABUT" in lines
    assert any(line.startswith("Sertifikat ini dicabut pada ") for line in lines)


def test_certificate_pdf_admin_route_refuses_officers_and_visitors(officer_client, client):
    certificate = make_certificate()
    url = reverse("admin:programs_certificate_pdf", args=[certificate.pk])

    assert officer_client.get(url).status_code == 302  # not staff: the admin's login page
    assert client.get(url).status_code == 302


def test_certificate_public_verification_never_links_the_pdf(client):
    certificate = make_certificate(legal_name="Legal Tidak Publik", display_name="Ibu Publik")
    factories.make_consent(inmate=certificate.participant.inmate)

    body = client.get(f"/sertifikat/verifikasi/{certificate.verification_code}/").content.decode()

    assert "Ibu Publik" in body
    assert "/pdf/" not in body
    assert "Legal Tidak Publik" not in body


# --- The portal list


def test_certificate_list_shows_own_prisons_certificates_only(officer_client, prison, other_prison):
    mine = make_certificate(prison=prison, legal_name="Sari Milik Sendiri")
    revoked = make_certificate(prison=prison, legal_name="Rina Sudah Dicabut", revoked=True)
    make_certificate(prison=other_prison, legal_name="Dewi Lapas Lain")

    response = officer_client.get(reverse("portal:certificate-list"))

    assert response.status_code == 200
    assert [c.pk for c in response.context["certificates"]] == [revoked.pk, mine.pk]
    body = response.content.decode()
    assert "Sari Milik Sendiri" in body and "Rina Sudah Dicabut" in body
    assert "Dewi Lapas Lain" not in body
    assert reverse("portal:certificate-pdf", args=[mine.pk]) in body
    assert reverse("portal:certificate-pdf", args=[revoked.pk]) not in body
    assert "Dicabut" in body


def test_certificate_list_queries_do_not_grow_with_rows(officer_client, prison):
    url = reverse("portal:certificate-list")
    make_certificate(prison=prison)
    officer_client.get(url)
    with CaptureQueriesContext(connection) as one:
        officer_client.get(url)
    for _ in range(3):
        make_certificate(prison=prison)
    with CaptureQueriesContext(connection) as four:
        response = officer_client.get(url)

    assert len(response.context["certificates"]) == 4
    assert len(four) == len(one)


# --- The back-office


def test_admin_revoke_action_asks_for_a_reason_first(staff_client):
    certificate = make_certificate()
    url = admin_url(Certificate, "changelist")

    asked = staff_client.post(url, action_data("revoke_certificates", [certificate]))
    empty = staff_client.post(url, {**action_data("revoke_certificates", [certificate]), "post": "yes", "reason": " "})

    assert asked.status_code == 200
    assert "IKM/BIMTEK/2018/0001" in asked.content.decode()
    assert empty.status_code == 200
    assert "Tuliskan alasan pencabutan." in empty.content.decode()
    certificate.refresh_from_db()
    assert certificate.revoked_at is None


def test_admin_revoke_action_revokes_with_the_reason_and_logs_it(staff_client, staff_user, client):
    certificate = make_certificate()
    url = admin_url(Certificate, "changelist")

    response = staff_client.post(
        url, {**action_data("revoke_certificates", [certificate]), "post": "yes", "reason": "Nilai dikoreksi."}
    )

    assert response.status_code == 302
    certificate.refresh_from_db()
    assert certificate.revoke_reason == "Nilai dikoreksi."
    assert certificate.revoked_at is not None
    log = LogEntry.objects.get(object_id=str(certificate.pk))
    assert (log.user, log.change_message) == (staff_user, "Dicabut: Nilai dikoreksi.")
    verification = client.get(f"/sertifikat/verifikasi/{certificate.verification_code}/").content.decode()
    assert "Sertifikat dicabut" in verification
    assert "Nilai dikoreksi." not in verification


def test_admin_issue_action_on_trainings_issues_for_who_passed(staff_client, staff_user):
    training = make_training()
    passed = make_passed(training)
    make_passed(training, passed=False)

    response = staff_client.post(admin_url(Training, "changelist"), action_data("issue_certificates", [training]))

    assert response.status_code == 302
    certificate = Certificate.objects.get()
    assert (certificate.participant, certificate.issued_by) == (passed, staff_user)
    assert certificate.number.startswith("IKM/BIMTEK/")


def test_admin_issue_action_on_a_training_not_ended_says_so_and_issues_the_others(staff_client):
    from django.utils import timezone

    ended = make_training(title="Bimtek Selesai")
    make_passed(ended)
    running = make_training(
        title="Bimtek Berjalan", starts_on=timezone.localdate(), ends_on=timezone.localdate() + datetime.timedelta(days=2)
    )
    make_passed(running, legal_name="Ani Suryani")

    response = staff_client.post(
        admin_url(Training, "changelist"), action_data("issue_certificates", [ended, running]), follow=True
    )

    assert response.status_code == 200
    shown = [str(m) for m in response.context["messages"]]
    assert any(m.startswith("Bimtek Berjalan: Sertifikat diterbitkan setelah pelatihan selesai") for m in shown)
    assert [c.participant.training for c in Certificate.objects.all()] == [ended]


def test_admin_certificate_fields_are_read_only_once_issued(staff_client):
    certificate = make_certificate()

    response = staff_client.get(admin_url(Certificate, "change", certificate.pk))

    form = response.context["adminform"].form
    assert list(form.fields) == []
    assert reverse("admin:programs_certificate_pdf", args=[certificate.pk]) in response.content.decode()


def test_admin_counter_may_not_go_back(staff_client):
    CertificateCounter.objects.create(year=2018, last_number=12)

    response = staff_client.post(admin_url(CertificateCounter, "change", 2018), {"last_number": "5"})

    assert response.status_code == 200
    assert "Nomor terakhir tidak boleh diturunkan (sekarang 12)." in response.content.decode()
    assert counter(2018) == 12
    assert staff_client.post(admin_url(CertificateCounter, "delete", 2018), {"post": "yes"}).status_code == 403


def test_a_certificate_is_not_dated_before_its_training_ended_nor_ahead_of_today(staff_user, staff_client):
    """Found by a probe: a certificate dated 1 January 2020 for a training of November 2026 was
    issued, numbered 2020 and shown as valid on the public check."""
    from django.utils import timezone

    training = make_training()
    participant = make_passed(training, legal_name="Budi Hartono")

    with pytest.raises(ValidationError) as raised:
        certificate_issue(participant=participant, user=staff_user, issued_on=datetime.date(2018, 2, 1))
    assert "paling awal 23 Februari 2018" in raised.value.message_dict["issued_on"][0]
    with pytest.raises(ValidationError) as raised:
        certificate_issue_bulk(
            training=training, user=staff_user, issued_on=timezone.localdate() + datetime.timedelta(days=1)
        )
    assert raised.value.message_dict["issued_on"] == ["Tanggal terbit tidak boleh di masa depan."]
    assert not Certificate.objects.exists() and counter(2018) == 0

    # A training not ended yet: today is too early, so the bulk issue says so and draws nothing.
    running = make_training(
        starts_on=timezone.localdate(), ends_on=timezone.localdate() + datetime.timedelta(days=3)
    )
    make_passed(running, legal_name="Ani Suryani")
    with pytest.raises(ValidationError):
        certificate_issue_bulk(training=running, user=staff_user)
    assert not Certificate.objects.exists()

    assert certificate_issue(participant=participant, user=staff_user, issued_on=ON_2018).issued_on == ON_2018


def test_a_training_with_participants_cannot_move_to_another_prison(staff_client):
    """Its participants would become inmates of another prison's training (found by a probe:
    a Tangerang inmate ended up in a Cipinang training)."""
    from tests.admin_helpers import changeform_data

    training = make_training()
    make_passed(training, legal_name="Sri Wahyuni Lestari")
    elsewhere = factories.make_prison(name="Lapas Kelas I Cipinang Uji")
    url = admin_url(Training, "change", training.pk)
    data = changeform_data(staff_client.get(url))
    data["prison"] = str(elsewhere.pk)

    response = staff_client.post(url, data)

    assert response.status_code == 200
    assert "lapas tempat pelatihan tidak dapat diganti" in response.context["adminform"].form.errors["prison"][0]
    training.refresh_from_db()
    assert training.prison_id != elsewhere.pk


def test_issuing_certificates_finishes_a_training_left_planned(staff_user):
    """Found by a probe: a training stayed "Direncanakan" after its dates, attendance, scores and
    certificates, and the prison's public page said "0 Pelatihan selesai"."""
    training = make_training(status=Training.Status.PLANNED)
    make_passed(training, legal_name="Budi Hartono")
    cancelled = make_training(status=Training.Status.CANCELLED)

    certificate_issue_bulk(training=training, user=staff_user, issued_on=ON_2018)

    training.refresh_from_db()
    assert training.status == Training.Status.FINISHED
    cancelled.refresh_from_db()
    assert cancelled.status == Training.Status.CANCELLED


def test_the_attendance_page_issues_the_certificates_of_an_ended_training(staff_client, corrections_client):
    """Found by a probe: the only way was an action on the training list."""
    training = make_training(status=Training.Status.RUNNING)
    passed = make_passed(training, legal_name="Budi Hartono")
    page_url = f"/admin/programs/training/{training.pk}/kehadiran/"
    issue_url = f"/admin/programs/training/{training.pk}/sertifikat/"

    page = staff_client.get(page_url).content.decode()
    assert f'action="{issue_url}"' in page
    assert corrections_client.post(issue_url).status_code == 403  # read-only staff
    assert staff_client.get(issue_url).status_code == 405
    response = staff_client.post(issue_url, follow=True)

    assert response.redirect_chain[-1][0] == page_url
    certificate = Certificate.objects.get()
    assert certificate.participant == passed
    assert any(certificate.number in str(m) for m in response.context["messages"])
    after = staff_client.get(page_url).content.decode()
    assert f'action="{issue_url}"' not in after  # nobody left
    assert f'href="/admin/programs/certificate/{certificate.pk}/change/">{certificate.number}</a>' in after


def test_the_participant_search_says_which_prison_each_inmate_is_in(staff_client, django_assert_max_num_queries):
    import json

    from django.urls import reverse

    training = make_training()
    factories.make_inmate(prison=training.prison, legal_name="Sri Wahyuni Lestari")
    elsewhere = factories.make_prison(name="Lapas Perempuan Kelas IIA Tangerang")
    for i in range(5):
        factories.make_inmate(prison=elsewhere, legal_name=f"Sri Wahyuni {i}")
    url = (
        reverse("admin:autocomplete")
        + "?app_label=programs&model_name=trainingparticipant&field_name=inmate&term=Sri"
    )

    # Not one more per inmate; one is the prisons named "Sri" (config.admin_input.search_with_indexes).
    with django_assert_max_num_queries(9):
        results = json.loads(staff_client.get(url).content)["results"]

    texts = [r["text"] for r in results]
    assert f"· {training.prison.name}" in next(t for t in texts if "Lestari" in t)
    assert sum("· Lapas Perempuan Kelas IIA Tangerang" in t for t in texts) == 5


# --- Replacement of a revoked certificate (found by a new user's probe: after a revocation for a
# misprint there was no way to give the participant a certificate again)


def test_a_revoked_certificate_is_replaced_by_a_new_number_and_the_old_one_says_so(staff_user, client):
    participant = make_passed(make_training())
    old = certificate_issue(participant=participant, user=staff_user, issued_on=ON_2018)
    certificate_revoke(certificate=old, user=staff_user, reason="Salah cetak tanggal.")

    new = certificate_replace(certificate=old, user=staff_user, issued_on=datetime.date(2018, 3, 1))

    assert (new.participant, new.replaces, new.revoked_at) == (participant, old, None)
    assert new.number == "IKM/BIMTEK/2018/0002"
    assert participant.certificate == new
    assert certificate_issue(participant=participant, user=staff_user) == new  # no third one
    old_page = client.get(f"/sertifikat/verifikasi/{old.verification_code}/").content.decode()
    assert "Sertifikat dicabut" in old_page and "IKM/BIMTEK/2018/0002" in old_page
    assert "Sertifikat sah" in client.get(f"/sertifikat/verifikasi/{new.verification_code}/").content.decode()


def test_only_a_revoked_certificate_not_yet_replaced_is_replaced(staff_user):
    participant = make_passed(make_training())
    certificate = certificate_issue(participant=participant, user=staff_user, issued_on=ON_2018)

    with pytest.raises(ValidationError, match="sudah dicabut"):
        certificate_replace(certificate=certificate, user=staff_user)
    certificate_revoke(certificate=certificate, user=staff_user, reason="Hilang.")
    certificate_replace(certificate=certificate, user=staff_user)
    with pytest.raises(ValidationError, match="sudah diganti"):
        certificate_replace(certificate=certificate, user=staff_user)
    assert Certificate.objects.filter(participant=participant, revoked_at__isnull=True).count() == 1


def test_the_database_keeps_one_certificate_in_force_per_participant(staff_user):
    from django.db import IntegrityError, transaction

    participant = make_passed(make_training())
    certificate_issue(participant=participant, user=staff_user, issued_on=ON_2018)

    with pytest.raises(IntegrityError), transaction.atomic():
        Certificate.objects.create(participant=participant, number="X/1", issued_on=ON_2018)


def test_admin_replace_action_issues_replacements_and_says_what_it_left(staff_client, staff_user):
    revoked = make_certificate()
    certificate_revoke(certificate=revoked, user=staff_user, reason="Salah cetak.")
    in_force = make_certificate(prison=factories.make_prison(), legal_name="Rina Wulandari")
    url = admin_url(Certificate, "changelist")

    response = staff_client.post(url, action_data("replace_certificates", [revoked, in_force]), follow=True)

    page = response.content.decode()
    replacement = Certificate.objects.get(replaces=revoked)
    assert f"1 sertifikat pengganti diterbitkan: {replacement.number}." in page
    assert f"Tidak diganti: {in_force.number}" in page
    assert f"Dicabut, diganti {replacement.number}" in page  # the list's status column
    in_force.refresh_from_db()
    assert in_force.revoked_at is None and not Certificate.objects.filter(replaces=in_force).exists()


def test_certificates_carry_the_training_s_last_day_or_the_date_staff_choose(staff_client):
    """Found by a ministry probe: a 2019 training's certificates signed later carried that day and
    that year's number (IKM/BIMTEK/2026/0001)."""
    training = make_training(starts_on=datetime.date(2019, 5, 13), ends_on=datetime.date(2019, 5, 16))
    make_passed(training, legal_name="Budi Hartono")
    make_passed(training, legal_name="Ani Suryani")
    page_url = f"/admin/programs/training/{training.pk}/kehadiran/"
    issue_url = f"/admin/programs/training/{training.pk}/sertifikat/"
    assert 'name="issued_on" value="2019-05-16"' in staff_client.get(page_url).content.decode()

    early = staff_client.post(issue_url, {"issued_on": "2019-05-15"}, follow=True)
    assert not Certificate.objects.exists()
    assert any("paling awal 16 Mei 2019" in str(m) for m in early.context["messages"])
    staff_client.post(issue_url, {"issued_on": "2019-06-03"})

    assert sorted(Certificate.objects.values_list("number", "issued_on")) == [
        ("IKM/BIMTEK/2019/0001", datetime.date(2019, 6, 3)),
        ("IKM/BIMTEK/2019/0002", datetime.date(2019, 6, 3)),
    ]


def test_the_list_action_dates_certificates_on_each_training_s_last_day(staff_client):
    training = make_training(starts_on=datetime.date(2019, 12, 16), ends_on=datetime.date(2019, 12, 20))
    make_passed(training)

    staff_client.post(admin_url(Training, "changelist"), action_data("issue_certificates", [training]))

    assert list(Certificate.objects.values_list("number", "issued_on")) == [("IKM/BIMTEK/2019/0001", datetime.date(2019, 12, 20))]


@pytest.mark.parametrize("year", ["12", "3", "1000", "3000"])
def test_a_certificate_counter_needs_a_year_written_in_full(staff_client, year):
    """A counter for year 12 would number certificates "IKM/BIMTEK/12/0013" (a staff probe)."""
    from programs.models import CertificateCounter

    response = staff_client.post(
        "/admin/programs/certificatecounter/add/", {"year": year, "last_number": "0"}
    )

    assert response.status_code == 200
    assert "Tulis tahun lengkap, misalnya 2018." in response.content.decode()
    assert not CertificateCounter.objects.exists()
