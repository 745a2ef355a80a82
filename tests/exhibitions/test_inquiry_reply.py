"""Answering a buyer from the portal: the answer is e-mailed by Etalase, kept on the inquiry and
marks it answered; only the inquiry's own prison (or ministry staff) may answer; a maker's legal
name, registration number or offence never goes out; a mail-server failure loses nothing."""

from unittest import mock

import pytest
from django.contrib.messages import get_messages
from django.core import mail
from django.core.exceptions import PermissionDenied
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from exhibitions.models import Inquiry, InquiryReply
from exhibitions.services import inquiry_reply
from inmates import roles
from tests import factories
from tests.admin_helpers import admin_url

pytestmark = pytest.mark.django_db


def detail_url(inquiry) -> str:
    return reverse("portal:inquiry-detail", args=[inquiry.pk])


def reply(client, inquiry, body, **extra):
    return client.post(detail_url(inquiry), {"action": "reply", "body": body, **extra})


@pytest.fixture
def product(prison):
    product = factories.make_product(prison=prison, name="Tas Anyaman Pandan")
    maker = factories.make_inmate(prison=prison, legal_name="Sutarno Wibisono", registration_number="B.I-0777/2018")
    product.makers.add(maker)
    factories.make_inmate(prison=prison, legal_name="Sudarto Wibisono")  # of the prison, not a maker
    factories.make_inmate(prison=prison, legal_name="Paiman")  # a one-word name
    return product


@pytest.fixture
def inquiry(product, prison):
    return factories.make_inquiry(
        product=product,
        prison=prison,
        buyer_name="Ibu Sari",
        email="sari@hotel.example",
        message="Bisa pesan 40 buah?\nUntuk suvenir tamu.",
    )


def test_officer_answers_by_mail_and_the_answer_is_kept(officer_client, officer, inquiry, django_capture_on_commit_callbacks):
    officer.email = "petugas@lapas.example"
    officer.save()

    with django_capture_on_commit_callbacks(execute=True):
        response = reply(officer_client, inquiry, "Bisa, Bu. Harga Rp 150.000 per buah,\r\nsiap dalam 3 minggu.")

    assert response.status_code == 302 and response["Location"] == detail_url(inquiry) + "#balas"
    stored = InquiryReply.objects.get()
    assert (stored.inquiry_id, stored.sent_by, stored.email_failed) == (inquiry.pk, officer, False)
    assert stored.body == "Bisa, Bu. Harga Rp 150.000 per buah,\nsiap dalam 3 minggu."
    inquiry.refresh_from_db()
    assert inquiry.status == Inquiry.Status.ANSWERED and inquiry.answered_at == stored.sent_at
    (sent,) = mail.outbox
    assert sent.to == ["sari@hotel.example"]
    assert sent.reply_to == ["petugas@lapas.example"]
    assert sent.subject == "Balasan permintaan Anda: Tas Anyaman Pandan"
    assert sent.body.startswith("Yth. Bapak/Ibu,\n")
    assert "siap dalam 3 minggu." in sent.body
    # Found by the sixth attacker probe: the form takes any address, so nothing the buyer typed
    # (the name, the message) goes out again under the prison's name; the number says what it answers.
    assert "Sari" not in sent.body and "40 buah" not in sent.body
    assert f"Jawaban atas permintaan Anda nomor {inquiry.pk} tentang “Tas Anyaman Pandan”" in sent.body
    assert "Sutarno" not in sent.body

    page = officer_client.get(detail_url(inquiry)).content.decode()
    assert "siap dalam 3 minggu." in page
    assert [str(m) for m in get_messages(response.wsgi_request)] == ["Balasan terkirim ke sari@hotel.example."]


@pytest.mark.parametrize(
    ("body", "error"),
    [
        ("", "Tulis balasannya dulu."),
        ("   \r\n  ", "Tulis balasannya dulu."),
        ("x" * 5001, "Balasan paling panjang 5.000 karakter."),
        ("Pembuatnya Sutarno Wibisono, sangat rajin.", "nama lengkap atau nomor registrasi warga binaan"),
        ("Dibuat oleh pengrajin B.I-0777/2018.", "nama lengkap atau nomor registrasi warga binaan"),
        ("Pembuatnya dihukum 7 tahun penjara karena narkotika.", "tindak pidana, putusan atau masa hukuman"),
        # Found by a probe: another inmate of the prison (not a maker), a number without its
        # letters, a name joined by an invisible space, an offence word with "-nya".
        ("Dibuat oleh Sudarto Wibisono bersama tim.", "nama lengkap atau nomor registrasi warga binaan"),
        ("Nomor pengrajinnya 0777/2018.", "nama lengkap atau nomor registrasi warga binaan"),
        ("Buatan Sutarno\u200bWibisono.", "karakter tak terlihat"),
        ("masa pidananya tinggal 2 thn lagi", "tindak pidana, putusan atau masa hukuman"),
        # Found by the third probe: a name spelt to slip past a plain search.
        ("Dibuat oleh Sudarto_Wibisono.", "nama lengkap atau nomor registrasi warga binaan"),
        ("Dibuat oleh SudartoWibisono.", "nama lengkap atau nomor registrasi warga binaan"),
        ("Dibuat oleh S u d a r t o  W i b i s o n o.", "nama lengkap atau nomor registrasi warga binaan"),
        ("Dibuat oleh S.u.d.a.r.t.o W.i.b.i.s.o.n.o.", "nama lengkap atau nomor registrasi warga binaan"),
        ("Dibuat oleh Sud\u0430rto Wibisono.", "nama lengkap atau nomor registrasi warga binaan"),  # Cyrillic а
        ("Dibuat oleh Sudártó Wíbisono.", "nama lengkap atau nomor registrasi warga binaan"),
        ("Dibuat oleh Sud4rto W1bis0no.", "nama lengkap atau nomor registrasi warga binaan"),
        ("Dibuat oleh Ｓｕｄａｒｔｏ Ｗｉｂｉｓｏｎｏ.", "nama lengkap atau nomor registrasi warga binaan"),
        ("Dibuat oleh Wibisono, Sudarto.", "nama lengkap atau nomor registrasi warga binaan"),
        # Found by the fourth probe: signs for letters, more look-alikes, a blank letter, a
        # number in pieces, a one-word name written as a name, more offence words.
        ("Dibuat oleh Sud@rto Wib!sono.", "nama lengkap atau nomor registrasi warga binaan"),
        ("Dibuat oleh Sudarto Wıbisono.", "nama lengkap atau nomor registrasi warga binaan"),
        ("Dibuat oleh Sudartø Wibisono.", "nama lengkap atau nomor registrasi warga binaan"),
        ("Dibuat oleh Sudarto W\u0456bisono.", "nama lengkap atau nomor registrasi warga binaan"),
        ("Dibuat oleh ꜱᴜᴅᴀʀᴛᴏ ᴡɪʙɪꜱᴏɴᴏ.", "nama lengkap atau nomor registrasi warga binaan"),
        ("Dibuat oleh Sudarto\u3164Wibisono.", "karakter tak terlihat"),
        ("Pengrajin B.I-0777/2O18.", "nama lengkap atau nomor registrasi warga binaan"),
        ("Pengrajin B.I 0777 tahun 2018.", "nama lengkap atau nomor registrasi warga binaan"),
        ("Pengrajin B.I-0777.", "nama lengkap atau nomor registrasi warga binaan"),
        ("Pengrajin nomor 0777 / 18.", "nama lengkap atau nomor registrasi warga binaan"),
        # Found by a security probe: a number of another prison (never looked up) by its shape.
        ("Rekan kerjanya B.IIa-5551/2021 juga ikut.", "nama lengkap atau nomor registrasi warga binaan"),
        ("Salam dari Paiman, kepala bengkel.", "nama lengkap atau nomor registrasi warga binaan"),
        ("Dulu ia koruptor.", "tindak pidana, putusan atau masa hukuman"),
        ("kasus shabu", "tindak pidana, putusan atau masa hukuman"),
        ("n a r k o b a", "tindak pidana, putusan atau masa hukuman"),
        ("narkob4", "tindak pidana, putusan atau masa hukuman"),
        ("dipenjara 5 tahun", "tindak pidana, putusan atau masa hukuman"),
        ("pasal 340 KUHP", "tindak pidana, putusan atau masa hukuman"),
    ],
)
def test_a_refused_answer_is_a_form_error_and_nothing_goes_out(officer_client, inquiry, body, error, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        response = reply(officer_client, inquiry, body)

    assert response.status_code == 200
    assert error in " ".join(response.context["reply_form"].errors["body"])
    assert not InquiryReply.objects.exists() and mail.outbox == []
    inquiry.refresh_from_db()
    assert inquiry.status == Inquiry.Status.NEW
    if body.strip() and len(body) < 5000:
        assert body.strip() in response.content.decode()  # what was typed is not lost


def test_a_one_word_name_is_an_ordinary_word_when_not_written_as_a_name(officer_client, inquiry, prison, django_capture_on_commit_callbacks):
    """Through a whole prison, one-word names are also words ("Sabar": patient)."""
    factories.make_inmate(prison=prison, legal_name="Sabar")
    with django_capture_on_commit_callbacks(execute=True):
        response = reply(officer_client, inquiry, "Mohon sabar, Bu; pesanan sedang kami siapkan.")
    assert response.status_code == 302 and len(mail.outbox) == 1


@pytest.mark.django_db(transaction=True)
def test_a_resend_is_checked_again(officer_client, inquiry, prison):
    """Found by the fourth probe: an answer kept after a mail failure was resent as it was,
    though it now named an inmate registered since."""
    with mock.patch("django.core.mail.EmailMessage.send", side_effect=ConnectionRefusedError):
        reply(officer_client, inquiry, "Salam dari Darmaji Sutowo, kepala bengkel.")
    stored = InquiryReply.objects.get()
    assert stored.email_failed
    factories.make_inmate(prison=prison, legal_name="Darmaji Sutowo")

    response = officer_client.post(detail_url(inquiry), {"action": "resend", "reply": stored.pk})

    stored.refresh_from_db()
    assert stored.email_failed and mail.outbox == []
    message = [str(m) for m in get_messages(response.wsgi_request)][-1]
    assert message.startswith("Balasan ini tidak dikirim ulang; tulis balasan baru.")
    assert "nama lengkap atau nomor registrasi warga binaan" in message


def test_a_buyer_without_e_mail_is_told_to_be_called(officer_client, prison, product):
    phone_only = factories.make_inquiry(product=product, prison=prison, email="", phone="0812 3456 7890")

    page = officer_client.get(detail_url(phone_only)).content.decode()
    response = reply(officer_client, phone_only, "Bisa, Bu.")

    assert 'name="action" value="reply"' not in page
    assert "tidak meninggalkan alamat surel" in page
    assert "tidak meninggalkan alamat surel" in " ".join(response.context["reply_form"].errors["body"])
    assert not InquiryReply.objects.exists()


def test_another_prison_cannot_answer(other_prison, inquiry, django_capture_on_commit_callbacks):
    stranger = factories.make_officer(prison=other_prison, username="petugas.lain")
    client = Client()
    client.force_login(stranger)

    with django_capture_on_commit_callbacks(execute=True):
        response = reply(client, inquiry, "Saya jawab dari lapas lain.")
    with pytest.raises(PermissionDenied):
        inquiry_reply(inquiry=inquiry, user=stranger, body="Lewat layanan langsung.")

    assert response.status_code == 404
    assert not InquiryReply.objects.exists() and mail.outbox == []


@pytest.mark.django_db(transaction=True)
def test_a_mail_server_failure_keeps_the_answer_and_the_inquiry_waiting(officer_client, inquiry):
    # A real commit: the mail goes out when the answer's transaction ends, before the page is made.
    with mock.patch("django.core.mail.EmailMessage.send", side_effect=ConnectionRefusedError):
        response = reply(officer_client, inquiry, "Bisa, Bu.")

    stored = InquiryReply.objects.get()
    assert stored.email_failed is True
    assert "surelnya belum terkirim" in str(list(get_messages(response.wsgi_request))[0])
    inquiry.refresh_from_db()
    assert (inquiry.status, inquiry.answered_at) == (Inquiry.Status.NEW, None)  # still needs answering
    page = officer_client.get(detail_url(inquiry)).content.decode()
    assert "surel gagal terkirim" in page and 'name="action" value="resend"' in page

    # Sent again once the server is back: delivered, and the inquiry answered.
    response = officer_client.post(detail_url(inquiry), {"action": "resend", "reply": stored.pk})
    stored.refresh_from_db()
    inquiry.refresh_from_db()
    assert stored.email_failed is False and len(mail.outbox) == 1
    assert inquiry.status == Inquiry.Status.ANSWERED and inquiry.answered_at == stored.sent_at
    assert 'name="action" value="resend"' not in officer_client.get(detail_url(inquiry)).content.decode()
    # A delivered answer is not sent again.
    officer_client.post(detail_url(inquiry), {"action": "resend", "reply": stored.pk})
    assert len(mail.outbox) == 1


@pytest.mark.django_db(transaction=True)
def test_a_mail_server_that_never_answers_does_not_hold_the_officer(officer_client, inquiry, settings):
    """A server that accepts the connection and says nothing: after EMAIL_TIMEOUT the answer is
    kept as not sent, instead of the page spinning for ever (found by a probe)."""
    import socket
    import threading
    import time

    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen()
    held = []
    threading.Thread(target=lambda: held.append(listener.accept()), daemon=True).start()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", listener.getsockname()[1]
    settings.EMAIL_TIMEOUT = 1
    try:
        started = time.monotonic()
        reply(officer_client, inquiry, "Bisa, Bu.")
        took = time.monotonic() - started
    finally:
        listener.close()

    assert took < 5
    assert InquiryReply.objects.get().email_failed is True


def test_the_settings_bound_the_wait_for_the_mail_server():
    from django.conf import settings as project

    assert 0 < project.EMAIL_TIMEOUT <= 30


def test_the_same_answer_sent_twice_goes_out_once(officer_client, inquiry, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        reply(officer_client, inquiry, "Bisa, Bu.")
        second = reply(officer_client, inquiry, "Bisa, Bu.\r\n")  # the same once line ends are read

    assert InquiryReply.objects.count() == 1 and len(mail.outbox) == 1
    assert "tidak dikirim dua kali" in str(list(get_messages(second.wsgi_request))[-1])


def test_answering_a_closed_inquiry_keeps_it_closed(officer_client, inquiry, django_capture_on_commit_callbacks):
    Inquiry.objects.filter(pk=inquiry.pk).update(status=Inquiry.Status.CLOSED)

    with django_capture_on_commit_callbacks(execute=True):
        reply(officer_client, inquiry, "Terima kasih, Bu.")

    inquiry.refresh_from_db()
    assert inquiry.status == Inquiry.Status.CLOSED and len(mail.outbox) == 1


def test_an_officer_without_e_mail_sends_the_buyer_s_reply_to_the_programme_s_mailbox(
    settings, officer_client, officer, prison, inquiry, django_capture_on_commit_callbacks
):
    """Not to those told of inquiries (every active ministry staff member and the prison's
    officers): their personal addresses are not for whoever filled in the public form."""
    settings.PROGRAMME_EMAIL = "Etalase Kemenperin <etalase@kemenperin.example>"
    officer.email = ""
    officer.save()
    colleague = factories.make_officer(prison=prison, username="petugas.dua", email="kasi.giatja@lapas.example")
    factories.make_user(role=roles.MINISTRY_STAFF, username="staf.ikm", email="rina.wulandari@kemenperin.example")

    page = officer_client.get(detail_url(inquiry)).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        reply(officer_client, inquiry, "Bisa, Bu.")

    (sent,) = mail.outbox
    assert sent.reply_to == ["Etalase Kemenperin <etalase@kemenperin.example>"]
    assert "kasi.giatja" not in str(sent.message()) and "rina.wulandari" not in str(sent.message())
    assert "Jawaban pembeli masuk ke" in page and "etalase@kemenperin.example" in page
    assert colleague.email not in page


def test_staff_without_e_mail_answer_with_the_programme_s_mailbox_too(
    settings, staff_client, staff_user, inquiry, django_capture_on_commit_callbacks
):
    settings.PROGRAMME_EMAIL = "etalase@kemenperin.example"
    staff_user.email = ""
    staff_user.save()
    factories.make_user(role=roles.MINISTRY_STAFF, username="staf.ikm", email="rina.wulandari@kemenperin.example")

    with django_capture_on_commit_callbacks(execute=True):
        response = staff_client.post(
            reverse("admin:exhibitions_inquiry_answer", args=[inquiry.pk]), {"action": "reply", "body": "Bisa, Bu."}
        )

    assert response.status_code == 302
    assert mail.outbox[0].reply_to == ["etalase@kemenperin.example"]


def test_a_line_break_counts_as_one_character_as_in_the_browser(officer_client, inquiry):
    body = ("x" * 99 + "\r\n") * 50  # 5,000 characters in the browser's count, 5,050 sent
    response = reply(officer_client, inquiry, body)

    assert response.status_code == 302
    assert len(InquiryReply.objects.get().body) == 4999  # the last line end is trimmed


def test_staff_see_the_answers_read_only_in_the_back_office(staff_client, officer, inquiry):
    inquiry_reply(inquiry=inquiry, user=officer, body="Bisa, Bu. Siap dalam 3 minggu.")

    page = staff_client.get(admin_url(Inquiry, "change", inquiry.pk)).content.decode()

    assert "Siap dalam 3 minggu." in page
    assert 'name="replies-0-body"' not in page  # shown, not editable
    assert 'alt="True"' in page.split("Siap dalam 3 minggu.")[1]  # delivered: a green tick


def test_names_of_inquiries_and_answers_read_in_local_time(officer, inquiry):
    import datetime

    Inquiry.objects.filter(pk=inquiry.pk).update(created_at=datetime.datetime(2026, 12, 4, 21, 55, tzinfo=datetime.UTC))
    inquiry.refresh_from_db()
    answer = inquiry_reply(inquiry=inquiry, user=officer, body="Bisa, Bu.")
    InquiryReply.objects.filter(pk=answer.pk).update(sent_at=datetime.datetime(2026, 12, 4, 21, 58, tzinfo=datetime.UTC))
    answer.refresh_from_db()

    assert str(inquiry) == "Ibu Sari (5 Des 2026)"  # 04.55 WIB on the 5th, not the 4th (UTC)
    assert str(answer) == "Ibu Sari (5 Des 2026) – 5 Des 2026, 04.58 WIB"
    with translation.override("en"):
        assert str(answer) == "Ibu Sari (5 Dec 2026) – 5 Dec 2026, 04:58 WIB"


def test_detail_queries_do_not_grow_with_answers(officer_client, officer, inquiry):
    def count() -> int:
        with CaptureQueriesContext(connection) as queries:
            assert officer_client.get(detail_url(inquiry)).status_code == 200
        return len(queries)

    inquiry_reply(inquiry=inquiry, user=officer, body="Pertama.")
    one = count()
    for i in range(5):
        inquiry_reply(inquiry=inquiry, user=factories.make_officer(prison=inquiry.prison, username=f"p{i}"), body=f"Ke-{i}.")
    assert count() == one


# --- From the back office: an inquiry about an exhibition, which no prison answers ---------------


def test_staff_answer_an_exhibition_inquiry_from_the_back_office(staff_client, staff_user, django_capture_on_commit_callbacks):
    exhibition = factories.make_exhibition(title="Pameran Produk Unggulan Narapidana")
    inquiry = factories.make_inquiry(exhibition=exhibition, buyer_name="Pak Hendra", email="hendra@toko.example")
    change = staff_client.get(admin_url(Inquiry, "change", inquiry.pk)).content.decode()
    url = reverse("admin:exhibitions_inquiry_answer", args=[inquiry.pk])
    assert url in change  # "Jawab pembeli" beside the history link

    with django_capture_on_commit_callbacks(execute=True):
        response = staff_client.post(url, {"action": "reply", "body": "Pameran dibuka pukul 09.00 WIB, Pak."})

    assert response.status_code == 302 and response["Location"] == url
    (sent,) = mail.outbox
    assert sent.to == ["hendra@toko.example"] and sent.subject == "Balasan permintaan Anda: Pameran Produk Unggulan Narapidana"
    inquiry.refresh_from_db()
    assert inquiry.status == Inquiry.Status.ANSWERED
    assert "Pameran dibuka pukul 09.00 WIB, Pak." in staff_client.get(url).content.decode()


@pytest.mark.parametrize("kanwil_delegation", [False, True])
def test_an_answer_about_an_exhibition_names_no_inmate_of_its_exhibitors(
    staff_client, kanwil_delegation, django_capture_on_commit_callbacks
):
    """An inquiry about an exhibition has no prison: the answer is checked against every prison
    exhibiting there (a prison's delegation, or the products of a Kanwil's)."""
    exhibition = factories.make_exhibition(title="Pameran Produk Unggulan Narapidana")
    exhibiting = factories.make_prison()
    factories.make_inmate(prison=exhibiting, legal_name="Rahmat Hidayat Lubis", registration_number="B.II-4411/2019")
    factories.make_inmate(legal_name="Yusuf Prasetyo")  # of a prison not exhibiting there
    if kanwil_delegation:
        delegation = factories.make_delegation(exhibition=exhibition, prison=None, region=exhibiting.region)
        delegation.products.add(factories.make_product(prison=exhibiting))
    else:
        factories.make_delegation(exhibition=exhibition, prison=exhibiting)
    inquiry = factories.make_inquiry(exhibition=exhibition, email="hendra@toko.example")
    url = reverse("admin:exhibitions_inquiry_answer", args=[inquiry.pk])

    with django_capture_on_commit_callbacks(execute=True):
        for body in ("Ada demo dari Rahmat Hidayat, Pak.", "Pengrajin 4411/2019 hadir."):
            response = staff_client.post(url, {"action": "reply", "body": body})
            assert "nama lengkap atau nomor registrasi warga binaan" in response.content.decode(), body
        assert not InquiryReply.objects.exists() and mail.outbox == []
        response = staff_client.post(url, {"action": "reply", "body": "Yusuf Prasetyo dari panitia akan menghubungi."})

    assert response.status_code == 302 and len(mail.outbox) == 1  # no inmate of an exhibitor: sent


def test_back_office_answers_follow_the_same_rules(staff_client, inquiry, django_capture_on_commit_callbacks):
    url = reverse("admin:exhibitions_inquiry_answer", args=[inquiry.pk])

    with django_capture_on_commit_callbacks(execute=True):
        response = staff_client.post(url, {"action": "reply", "body": "Pembuatnya Sutarno Wibisono."})

    assert response.status_code == 200
    assert "nama lengkap atau nomor registrasi warga binaan" in response.content.decode()
    assert not InquiryReply.objects.exists() and mail.outbox == []
    assert staff_client.post(url, {"action": "resend", "reply": "abc"}).status_code == 404
    assert staff_client.post(url, {"action": "resend", "reply": "999999"}).status_code == 404


def test_corrections_staff_neither_read_the_answers_nor_write_them(corrections_client, inquiry):
    """Ditjen PAS never answers buyers, so it does not read them either (inmates.roles.ROLE_WITHHELD)."""
    url = reverse("admin:exhibitions_inquiry_answer", args=[inquiry.pk])

    page = corrections_client.get(url)
    response = corrections_client.post(url, {"action": "reply", "body": "Bisa."})

    assert page.status_code == 403 and inquiry.buyer_name not in page.content.decode()
    assert response.status_code == 403 and not InquiryReply.objects.exists()


@pytest.mark.django_db(transaction=True)
def test_a_resend_in_progress_is_not_sent_again_by_a_second_click(officer_client, inquiry):
    """While one "Kirim ulang" is sending, the reply already counts as sent: a second request
    arriving then is told so (the probe's ten simultaneous resends mailed twice)."""
    from exhibitions import services

    with mock.patch("django.core.mail.EmailMessage.send", side_effect=ConnectionRefusedError):
        reply(officer_client, inquiry, "Bisa, Bu.")
    stored = InquiryReply.objects.get()
    seen_while_sending = []
    real_send = services._inquiry_reply_send

    def send_and_look(answer):
        seen_while_sending.append(InquiryReply.objects.get(pk=answer.pk).email_failed)
        with pytest.raises(Exception, match="sudah terkirim"):
            services.inquiry_reply_resend(reply=answer, user=answer.sent_by)
        return real_send(answer)

    with mock.patch.object(services, "_inquiry_reply_send", side_effect=send_and_look):
        officer_client.post(detail_url(inquiry), {"action": "resend", "reply": stored.pk})

    assert seen_while_sending == [False]
    assert len(mail.outbox) == 1


def test_what_the_buyer_wrote_is_read_only_in_the_back_office(staff_client, inquiry):
    """Found by a probe: staff could rewrite the buyer's name and message in the change form."""
    url = admin_url(Inquiry, "change", inquiry.pk)
    page = staff_client.get(url).content.decode()
    assert 'name="message"' not in page and 'name="buyer_name"' not in page
    assert "Bisa pesan 40 buah?" in page  # shown (line breaks as <br>)
    assert 'name="status"' in page  # staff still route and close it

    staff_client.post(url, {"status": "closed", "buyer_name": "Nama Lain", "message": "Diubah", "replies-TOTAL_FORMS": "0",
                            "replies-INITIAL_FORMS": "0"})
    inquiry.refresh_from_db()
    assert inquiry.buyer_name == "Ibu Sari" and inquiry.message != "Diubah"


# --- Phone notes: what was agreed on a call (found by a new-user probe) ------------------------


@pytest.fixture
def phone_inquiry(product, prison):
    return factories.make_inquiry(product=product, prison=prison, buyer_name="Pak Budi", email="", phone="0812 3456 7890")


def test_officer_writes_down_a_call_and_nothing_is_mailed(officer_client, phone_inquiry, django_capture_on_commit_callbacks):
    from django.core import mail

    page = officer_client.get(detail_url(phone_inquiry)).content.decode()
    assert 'value="call_note"' in page
    with django_capture_on_commit_callbacks(execute=True):
        response = officer_client.post(
            detail_url(phone_inquiry), {"action": "call_note", "body": "Sepakat 40 buah, Rp 75.000, kirim 20 April."}
        )
    assert response.status_code == 302
    note = InquiryReply.objects.get(inquiry=phone_inquiry)
    assert (note.channel, note.email_failed) == (InquiryReply.Channel.PHONE, False)
    phone_inquiry.refresh_from_db()
    assert phone_inquiry.status == Inquiry.Status.ANSWERED and phone_inquiry.answered_at is not None
    assert mail.outbox == []
    page = officer_client.get(detail_url(phone_inquiry)).content.decode()
    assert "Sepakat 40 buah, Rp 75.000, kirim 20 April." in page and "Catatan telepon</span>" in page


def test_an_empty_call_note_is_a_form_error(officer_client, phone_inquiry):
    response = officer_client.post(detail_url(phone_inquiry), {"action": "call_note", "body": "   "})
    assert response.status_code == 200
    assert "Tulis catatannya dulu." in response.content.decode()
    assert not InquiryReply.objects.exists()


def test_another_prisons_officer_cannot_write_a_call_note(phone_inquiry, other_prison):
    from django.test import Client

    stranger = factories.make_officer(prison=other_prison, username="petugas.lain")
    client = Client()
    client.force_login(stranger)
    response = client.post(detail_url(phone_inquiry), {"action": "call_note", "body": "Coba."})
    assert response.status_code == 404
    assert not InquiryReply.objects.exists()


def test_staff_write_down_a_call_in_the_back_office(staff_client, phone_inquiry, django_capture_on_commit_callbacks):
    """The ministry takes buyers' calls too: the back office's answer page keeps a phone note as
    the portal does (never mailed; a new inquiry becomes answered)."""
    url = reverse("admin:exhibitions_inquiry_answer", args=[phone_inquiry.pk])
    page = staff_client.get(url).content.decode()
    assert 'value="call_note"' in page and "0812 3456 7890" in page
    assert 'value="reply"' not in page  # no e-mail address: nothing to send to

    empty = staff_client.post(url, {"action": "call_note", "body": "  "})
    assert empty.status_code == 200 and "Tulis catatannya dulu." in empty.content.decode()
    assert not InquiryReply.objects.exists()

    with django_capture_on_commit_callbacks(execute=True):
        response = staff_client.post(url, {"action": "call_note", "body": "Pak Budi ambil 40 buah di pameran."})
    assert response.status_code == 302 and response["Location"] == url
    note = InquiryReply.objects.get(inquiry=phone_inquiry)
    assert note.channel == InquiryReply.Channel.PHONE and mail.outbox == []
    phone_inquiry.refresh_from_db()
    assert phone_inquiry.status == Inquiry.Status.ANSWERED
    page = staff_client.get(url).content.decode()
    assert "<strong>Catatan telepon</strong>" in page and "Pak Budi ambil 40 buah di pameran." in page


def test_corrections_staff_do_not_write_call_notes(corrections_client, phone_inquiry):
    url = reverse("admin:exhibitions_inquiry_answer", args=[phone_inquiry.pk])
    assert 'value="call_note"' not in corrections_client.get(url).content.decode()
    assert corrections_client.post(url, {"action": "call_note", "body": "Coba."}).status_code == 403
    assert not InquiryReply.objects.exists()


def test_the_inquiry_list_links_each_inquiry_to_its_answer_page(staff_client, inquiry, phone_inquiry):
    from exhibitions.models import Inquiry as InquiryModel

    InquiryModel.objects.filter(pk=phone_inquiry.pk).update(status=InquiryModel.Status.ANSWERED)
    html = staff_client.get(admin_url(InquiryModel, "changelist")).content.decode()
    for shown, label in ((inquiry, "Jawab"), (phone_inquiry, "Lihat balasan")):
        answer = reverse("admin:exhibitions_inquiry_answer", args=[shown.pk])
        assert f'<a href="{answer}">{label}</a>' in html


def test_no_call_note_on_an_inquiry_without_a_phone_number(staff_client, inquiry):
    """Found by a review: the form was hidden, but a hand-made POST saved a note and marked the
    inquiry answered without a word to the buyer."""
    url = reverse("admin:exhibitions_inquiry_answer", args=[inquiry.pk])
    response = staff_client.post(url, {"action": "call_note", "body": "Sudah ditelepon."})
    assert response.status_code == 200 and "tidak meninggalkan nomor telepon" in response.content.decode()
    inquiry.refresh_from_db()
    assert not InquiryReply.objects.exists() and inquiry.status == Inquiry.Status.NEW


def test_no_call_note_in_the_portal_on_an_inquiry_without_a_phone_number(officer_client, inquiry):
    response = officer_client.post(detail_url(inquiry), {"action": "call_note", "body": "Sudah ditelepon."})
    assert response.status_code == 200 and "tidak meninggalkan nomor telepon" in response.content.decode()
    assert not InquiryReply.objects.exists()


def test_an_english_buyer_s_answer_is_wrapped_in_english(officer_client, officer, product, prison, django_capture_on_commit_callbacks):
    """Found by a new user's probe: a buyer who wrote from the English site got the greeting, the
    signature and the quoted message's line in Indonesian."""
    english = factories.make_inquiry(
        product=product, prison=prison, buyer_name="Jane Miller", email="jane@mulia.example",
        message="Do you ship to Bali?", language="en",
    )
    page = officer_client.get(detail_url(english)).content.decode()
    assert "English" in page and "tulislah jawaban Anda dalam bahasa yang sama" in page

    with django_capture_on_commit_callbacks(execute=True):
        reply(officer_client, english, "Yes, we do.")

    (sent,) = mail.outbox
    assert sent.subject == "Answer to your enquiry: Tas Anyaman Pandan"
    assert sent.body.startswith("Dear Sir or Madam,")
    assert "Yth." not in sent.body and "Jawaban atas" not in sent.body and "melalui Etalase" not in sent.body
    assert "Jane" not in sent.body and "Bali" not in sent.body
    assert "Answer to your enquiry number" in sent.body


@pytest.mark.parametrize(
    ("names", "body"),
    [
        # Found by a review of the spelling key: ordinary words read as names (Juni as Yuni).
        (["Yuni"], "Terima kasih. Pesanan 50 buah bisa kami kirim bulan Juni."),
        (["Yadi"], "Jadi, pesanan bisa diambil minggu depan."),
        (["Yadi Santoso"], "Pesanan sedang dikerjakan Pak Yadi. Jadi, barang siap minggu depan."),
    ],
)
def test_an_answer_with_ordinary_words_is_not_taken_for_a_name(names, body):
    from exhibitions.services import inquiry_reply

    prison = factories.make_prison()
    for name in names:
        factories.make_inmate(prison=prison, legal_name=name)
    officer = factories.make_officer(prison=prison)
    inquiry = factories.make_inquiry(product=factories.make_product(prison=prison), prison=prison)

    assert inquiry_reply(inquiry=inquiry, user=officer, body=body).body == body


def test_the_product_s_own_name_in_an_answer_is_not_taken_for_a_name():
    """Found by a verification probe: with an inmate named "Jati" in the prison, an answer about
    "Meja Tamu Kayu Jati Belanda" was refused for the product's own name."""
    from django.core.exceptions import ValidationError

    from exhibitions.services import inquiry_reply

    prison = factories.make_prison()
    factories.make_inmate(prison=prison, legal_name="Jati")
    officer = factories.make_officer(prison=prison)
    product = factories.make_product(prison=prison, name="Meja Tamu Kayu Jati Belanda")
    inquiry = factories.make_inquiry(product=product, prison=prison)

    body = "Meja Tamu Kayu Jati Belanda masih ada dua buah, Bu."
    assert inquiry_reply(inquiry=inquiry, user=officer, body=body).body == body
    with pytest.raises(ValidationError):  # the name elsewhere in the answer still counts
        inquiry_reply(inquiry=inquiry, user=officer, body="Meja ini dibuat oleh Jati sendiri.")


# --- Times in the inquiry's zone -----------------------------------------------------------------
# Found by a tester: an inquiry about the exhibition in Jayapura (WIT) was "07.32 WIB" in the back
# office's list and answer page and in the buyer's answer, while the exhibition's report said
# "09.32 WIT". An inquiry about a product alone has no venue: WIB.


@pytest.fixture
def jayapura_inquiry(officer, prison):
    import datetime

    exhibition = factories.make_exhibition(title="Pameran Jayapura", city="Jayapura", timezone="Asia/Jayapura")
    inquiry = factories.make_inquiry(
        exhibition=exhibition, prison=prison, buyer_name="Pak Yohanes", email="yohanes@toko.example"
    )
    received = datetime.datetime(2026, 12, 6, 0, 32, tzinfo=datetime.UTC)  # 09.32 WIT, 07.32 WIB
    Inquiry.objects.filter(pk=inquiry.pk).update(created_at=received)
    InquiryReply.objects.create(
        inquiry=inquiry, sent_by=officer, body="Ada, Pak.", sent_at=received + datetime.timedelta(minutes=10)
    )
    inquiry.refresh_from_db()
    return inquiry


def test_an_exhibition_inquiry_reads_in_the_venue_s_zone_in_the_back_office(staff_client, jayapura_inquiry):
    listing = staff_client.get(admin_url(Inquiry, "changelist")).content.decode()
    answer_page = staff_client.get(reverse("admin:exhibitions_inquiry_answer", args=[jayapura_inquiry.pk]))
    change_page = staff_client.get(admin_url(Inquiry, "change", jayapura_inquiry.pk)).content.decode()
    replies = staff_client.get(admin_url(InquiryReply, "changelist")).content.decode()
    export = staff_client.post(
        admin_url(Inquiry, "changelist"),
        {"action": "export_as_csv", "_selected_action": [jayapura_inquiry.pk], "index": "0"},
    ).content.decode("utf-8-sig")

    assert "6 Des 2026, 09.32 WIT" in listing and "WIB" not in listing.split("<tbody>")[1]
    answer = answer_page.content.decode()
    assert "6 Desember 2026, 09.32 WIT" in answer and "6 Desember 2026, 09.42 WIT" in answer
    assert "07.32 WIB" not in answer
    assert "Tanggal dan jam di halaman ini dalam WIT, zona waktu tempat pameran." in change_page
    assert "6 Des 2026, 09.42 WIT" in replies
    assert "2026-12-06T09:32:00+09:00" in export
    assert str(jayapura_inquiry) == "Pak Yohanes (6 Des 2026)"


def test_an_exhibition_inquiry_reads_in_the_venue_s_zone_in_the_portal(officer_client, jayapura_inquiry):
    listing = officer_client.get(reverse("portal:inquiry-list")).content.decode()
    detail = officer_client.get(detail_url(jayapura_inquiry)).content.decode()

    assert "6 Desember 2026, 09.32 WIT" in listing
    assert "masuk 6 Desember 2026, 09.32 WIT" in detail
    assert "6 Desember 2026, 09.42 WIT oleh" in detail
    assert "WIB" not in listing.split("<main")[1] and "WIB" not in detail.split("<main")[1]


def test_the_answer_to_an_exhibition_inquiry_names_the_venue_s_time(
    staff_client, jayapura_inquiry, django_capture_on_commit_callbacks
):
    url = reverse("admin:exhibitions_inquiry_answer", args=[jayapura_inquiry.pk])

    with django_capture_on_commit_callbacks(execute=True):
        staff_client.post(url, {"action": "reply", "body": "Stan kami di A-01, Pak."})

    (sent,) = mail.outbox
    assert sent.body.endswith(
        f"Jawaban atas permintaan Anda nomor {jayapura_inquiry.reference or jayapura_inquiry.pk} tentang "
        "“Pameran Jayapura”, 6 Desember 2026, 09.32 WIT."
    )


def test_a_product_inquiry_has_no_venue_and_reads_in_wib(inquiry):
    import datetime

    Inquiry.objects.filter(pk=inquiry.pk).update(created_at=datetime.datetime(2026, 12, 6, 0, 32, tzinfo=datetime.UTC))
    inquiry.refresh_from_db()

    assert inquiry.tzinfo.key == "Asia/Jakarta"
    assert str(inquiry) == "Ibu Sari (6 Des 2026)"
