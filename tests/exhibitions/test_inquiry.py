"""Buyer inquiries: the form on the product page and an exhibition's inquiry page, the service
inquiry_submit (prison, notification e-mail), the honeypot and the per-address rate limit."""

import re

import pytest
from django.core import mail
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse

from exhibitions.models import Inquiry
from exhibitions.services import (
    INQUIRY_CONTACT_RATE_LIMIT,
    INQUIRY_RATE_LIMIT,
    InquiryRateLimited,
    inquiry_submit,
)
from exhibitions.views.catalogue import thanks_number_query
from inmates import roles
from inmates.models import OfficerProfile
from products.models import Product
from tests.factories import (
    make_consent,
    make_exhibition,
    make_inmate,
    make_officer,
    make_prison,
    make_product,
    make_user,
)

LEGAL_NAME = "Sukarjo Legalnama Wibowo"
REGISTRATION = "AII.771/2018-CPN"

VALID = {
    "buyer_name": "Ibu Ratna",
    "organisation": "Hotel Melati Jakarta",
    "email": "ratna@hotelmelati.example",
    "phone": "0812 3456 7890",
    "quantity": "40",
    "message": "Kami ingin memesan 40 taplak untuk kamar hotel.",
}


@pytest.fixture(autouse=True)
def _fresh_rate_limit():
    # The limit lives in the cache, which outlives a test's database transaction.
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def product(prison):
    return make_product(name="Taplak Batik Cipinang", slug="taplak-batik", prison=prison, price=175_000)


@pytest.fixture
def recipients(prison, other_prison):
    """Who must be told, and who must not."""
    make_user(role=roles.MINISTRY_STAFF, username="staf1", email="staf.satu@kemenperin.example")
    make_user(role=roles.MINISTRY_STAFF, username="staf2", email="Staf.Dua@kemenperin.example")
    make_user(role=roles.MINISTRY_STAFF, username="staf-nonaktif", email="lama@kemenperin.example", is_active=False)
    make_user(role=roles.MINISTRY_STAFF, username="staf-tanpa-surel", email="")
    make_user(role=roles.CORRECTIONS_STAFF, username="pas", email="pas@ditjenpas.example")
    make_officer(prison=prison, username="petugas1", email="petugas@cipinang.example")
    make_officer(prison=prison, username="petugas-nonaktif", email="nonaktif@cipinang.example", is_active=False)
    make_officer(prison=other_prison, username="petugas-lain", email="petugas@kerobokan.example")
    # An officer profile without the role (e.g. moved to another job) is not told.
    former = make_user(username="mantan", email="mantan@cipinang.example")
    OfficerProfile.objects.create(user=former, prison=prison)
    make_user(username="pengunjung", email="pengunjung@example.test")
    return {
        "staff": ["Staf.Dua@kemenperin.example", "staf.satu@kemenperin.example"],
        "officers": ["petugas@cipinang.example"],
    }


def post(client, path, data=None, ip="203.0.113.7", **extra):
    return client.post(path, data or VALID, REMOTE_ADDR=ip, **extra)


def _thanks_link(response) -> tuple[str, str, list]:
    """The thank-you link's subject, number, and what its signature holds (the signature carries
    the moment it was made, so it is read, not compared)."""
    from urllib.parse import parse_qs, urlsplit

    from django.core import signing

    parts = urlsplit(response["Location"])
    assert parts.path == reverse("public:inquiry-thanks")
    query = parse_qs(parts.query)
    subject = "?" + parts.query.split("&nomor=")[0]
    return subject, query["nomor"][0], signing.loads(query["k"][0], salt="etalase.inquiry-thanks")


def product_url(product):
    return reverse("public:product-detail", args=[product.slug])


# --- Submitting from the product page ---------------------------------------------------------


def test_inquiry_is_saved_with_the_products_prison(client, product, prison, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        response = post(client, product_url(product))

    assert response.status_code == 302
    inquiry = Inquiry.objects.get()
    assert _thanks_link(response) == ("?produk=taplak-batik", inquiry.reference, [inquiry.reference, True])
    assert (inquiry.product, inquiry.exhibition, inquiry.prison) == (product, None, prison)
    # The number on the thank-you page, for a buyer who calls later (a new user's probe).
    thanks = client.get(response["Location"]).content.decode()
    assert f"Nomor permintaan Anda: <strong>{inquiry.reference}</strong>" in thanks
    assert (inquiry.buyer_name, inquiry.organisation, inquiry.email, inquiry.phone) == (
        "Ibu Ratna",
        "Hotel Melati Jakarta",
        "ratna@hotelmelati.example",
        "0812 3456 7890",
    )
    assert inquiry.quantity == 40
    assert inquiry.message == "Kami ingin memesan 40 taplak untuk kamar hotel."
    assert inquiry.status == Inquiry.Status.NEW


def test_inquiry_mails_ministry_staff_and_the_prisons_officers_exactly(
    client, product, recipients, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        post(client, product_url(product))

    # Officers get the link to the inquiry in their portal, ministry staff the back office's
    # answer page (found by a new user's probe: staff were sent the portal's link, a 403).
    told = [m for m in mail.outbox if m.to != ["ratna@hotelmelati.example"]]  # not the acknowledgement
    assert len(told) == 2
    officers, staff = told
    assert officers.to == sorted(recipients["officers"], key=str.lower)
    assert staff.to == sorted(recipients["staff"], key=str.lower)
    inquiry = Inquiry.objects.get()
    for message in (officers, staff):
        assert message.cc == [] and message.bcc == []
        assert message.reply_to == ["ratna@hotelmelati.example"]
        assert message.subject == "[Etalase] Permintaan pembeli: Taplak Batik Cipinang"
        assert "Produk: Taplak Batik Cipinang (Rp 175.000)" in message.body
        assert "Lapas/Rutan: Lapas Kelas I Cipinang" in message.body
        assert "Hotel Melati Jakarta" in message.body
        assert "0812 3456 7890" in message.body
        assert "Kami ingin memesan 40 taplak untuk kamar hotel." in message.body
        assert "Jawab lewat Etalase" in message.body
    assert f"http://testserver/portal/permintaan/{inquiry.pk}/" in officers.body
    assert "/admin/" not in officers.body
    assert f"http://testserver/admin/exhibitions/inquiry/{inquiry.pk}/jawab/" in staff.body
    assert "/portal/" not in staff.body
    assert "menjawabnya di portal" in staff.body


def test_an_inquiry_to_a_prison_without_an_officer_is_the_ministry_s_to_answer(
    client, staff_client, recipients, django_capture_on_commit_callbacks
):
    """Found by a new user's probe: a hotel's order at a prison with no officer account in
    Etalase was on nobody's list."""
    from inmates import roles

    lone = make_product(prison=make_prison(name="Rutan Kelas IIB Karangasem"), name="Tatakan Gelas Batok")
    officer = make_officer(prison=lone.prison, email="pensiun@lapas.example")
    officer.is_active = False  # an officer who left: nobody answers in the portal
    officer.save()

    with django_capture_on_commit_callbacks(execute=True):
        post(client, product_url(lone))

    (message,) = [m for m in mail.outbox if m.to != ["ratna@hotelmelati.example"]]
    inquiry = Inquiry.objects.get()
    assert set(recipients["staff"]) <= set(message.to)  # with staff_client's own account
    assert not {"pensiun@lapas.example", "petugas@cipinang.example"} & set(message.to)
    assert "belum memiliki petugas di Etalase: kementerian yang menjawab" in message.body
    assert f"/admin/exhibitions/inquiry/{inquiry.pk}/jawab/" in message.body
    dashboard = staff_client.get("/admin/").context["attention"]
    assert [(str(row["label"]), row["count"]) for row in dashboard if "inquiry" in row["url"]] == [
        ("permintaan pembeli untuk kementerian", 1)
    ]
    officer.is_active = True
    officer.save()
    assert roles.has_role(officer, roles.PRISON_OFFICER)
    assert [row["count"] for row in staff_client.get("/admin/").context["attention"] if "kementerian" in str(row["label"])] == [0]


def test_inquiry_mail_never_includes_the_makers(client, product, recipients, django_capture_on_commit_callbacks):
    inmate = make_inmate(
        prison=product.prison,
        legal_name=LEGAL_NAME,
        registration_number=REGISTRATION,
        birth_year=1931,
        display_name="Pak Darto",
        public_story="Kisah Pak Darto.",
    )
    make_consent(inmate=inmate)
    product.makers.add(inmate)

    with django_capture_on_commit_callbacks(execute=True):
        post(client, product_url(product))

    message = mail.outbox[0]
    text = message.subject + message.body
    for private in (LEGAL_NAME, REGISTRATION, "1931", "Pak Darto", "Kisah Pak Darto"):
        assert private not in text


def test_inquiry_without_email_has_no_reply_to(client, product, recipients, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        post(client, product_url(product), {**VALID, "email": ""})

    assert Inquiry.objects.get().email == ""
    assert mail.outbox[0].reply_to == []


def test_inquiry_mail_is_in_indonesian_whatever_the_buyers_language(
    client, product, recipients, django_capture_on_commit_callbacks
):
    client.cookies["django_language"] = "en"
    with django_capture_on_commit_callbacks(execute=True):
        post(client, product_url(product))

    assert mail.outbox[0].subject.startswith("[Etalase] Permintaan pembeli")


def test_inquiry_mail_failure_keeps_the_inquiry(client, product, recipients, settings, django_capture_on_commit_callbacks):
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", 9  # nothing listens there

    with django_capture_on_commit_callbacks(execute=True):
        response = post(client, product_url(product))

    assert response.status_code == 302
    assert Inquiry.objects.count() == 1


# --- Form errors -----------------------------------------------------------------------------


def test_inquiry_takes_a_phone_number_with_its_area_code_in_brackets(client, product):
    response = post(client, product_url(product), {**VALID, "phone": "(021) 5255509"})

    assert response.status_code == 302
    assert Inquiry.objects.get().phone == "(021) 5255509"


def test_inquiry_without_email_or_phone_shows_an_error_and_saves_nothing(client, product):
    response = post(client, product_url(product), {**VALID, "email": "", "phone": ""})

    assert response.status_code == 200
    html = response.content.decode()
    assert "Isi surel atau nomor telepon agar kami dapat membalas Anda." in html
    assert 'value="Ibu Ratna"' in html  # what was typed is kept
    assert Inquiry.objects.count() == 0
    assert mail.outbox == []


@pytest.mark.parametrize(
    "changes, field, message",
    [
        ({"buyer_name": ""}, "buyer_name", "Tulis nama Anda."),
        ({"message": ""}, "message", "Tulis pesan Anda."),
        ({"email": "bukan-surel"}, "email", "Tulis alamat surel yang benar, mis. nama@contoh.id."),
        ({"phone": "telepon saya"}, "phone", "Tulis nomor telepon dengan angka"),
        ({"quantity": "0"}, "quantity", "Jumlah paling sedikit 1."),
        ({"quantity": "banyak"}, "quantity", "Tulis jumlah dengan angka."),
        ({"quantity": "lima puluh lembar"}, "quantity", "Tulis jumlah dengan angka."),
        # A unit that changes the count is not read as pieces.
        ({"quantity": "50 lusin"}, "quantity", "Tulis jumlah barangnya dengan angka, mis. 600; satuan seperti lusin"),
        ({"quantity": "5 meter"}, "quantity", "Tulis jumlah barangnya dengan angka, mis. 600"),
        # Found by the fourth probe: a forged "Bcc:" line in the officers' notification.
        ({"buyer_name": "Budi\r\nBcc: evil@example.com"}, "buyer_name", "Isian ini harus satu baris"),
        ({"organisation": "Hotel\nBcc: evil@example.com"}, "organisation", "Isian ini harus satu baris"),
    ],
)
def test_inquiry_bad_field_shows_its_error(client, product, changes, field, message):
    response = post(client, product_url(product), {**VALID, **changes})

    assert response.status_code == 200
    assert any(message in error for error in response.context["form"].errors[field])
    assert message in response.content.decode()
    assert Inquiry.objects.count() == 0


@pytest.mark.parametrize(
    "typed, quantity",
    [("50 lembar", 50), ("1.000 pcs", 1000), ("40 buah.", 40), ("12 Pasang", 12), ("25pcs", 25)],
)
def test_inquiry_quantity_may_carry_its_unit(client, product, typed, quantity):
    """Hotel buyers write "50 lembar"; it was refused with "Tulis jumlah dengan angka"."""
    response = post(client, product_url(product), {**VALID, "quantity": typed})

    assert response.status_code == 302
    assert Inquiry.objects.get().quantity == quantity


def test_inquiry_form_posts_back_to_the_form_anchor(client, product):
    html = client.get(product_url(product)).content.decode()

    assert f'action="{product_url(product)}#tanya"' in html
    assert 'id="tanya"' in html
    assert 'class="hp-field"' in html
    assert 'name="situs"' in html
    assert "style=" not in html.split('class="hp-field"')[1][:400]


def test_inquiry_about_an_unapproved_product_is_404(client, db):
    draft = make_product(status=Product.Status.DRAFT)

    response = post(client, product_url(draft))

    assert response.status_code == 404
    assert Inquiry.objects.count() == 0


# --- Honeypot and rate limit -------------------------------------------------------------------


def test_inquiry_honeypot_pretends_success_and_saves_nothing(
    client, product, recipients, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = post(client, product_url(product), {**VALID, "situs": "http://spam.example"})

    assert response.status_code == 302
    # ... with a number like a real one's: the redirect does not give the trap away (a review).
    assert re.fullmatch(re.escape(f"{reverse('public:inquiry-thanks')}?produk=taplak-batik&nomor=") + r"[A-Z2-9]{4}-[A-Z2-9]{4}&k=\S+",
                        response["Location"])
    assert "Nomor permintaan Anda" in client.get(response["Location"]).content.decode()  # looks like a real one
    assert Inquiry.objects.count() == 0
    assert mail.outbox == []


def buyer(number: int) -> dict:
    """Another buyer at the same fair: their own e-mail address and telephone number."""
    return {**VALID, "email": f"pembeli{number}@contoh.example", "phone": f"0812 0000 {number:04d}"}


def test_one_buyer_is_limited_with_the_form_kept(client, product, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        for number in range(INQUIRY_CONTACT_RATE_LIMIT):
            question = {**VALID, "message": f"Pertanyaan ke-{number + 1} tentang taplak."}  # each its own
            assert post(client, product_url(product), question, ip=f"203.0.113.{number + 1}").status_code == 302
        # The same buyer from another address, and with the address in other letters.
        response = post(client, product_url(product), {**VALID, "email": "Ratna@HotelMelati.example",
                                                        "message": "Pesan keenam yang tertahan."}, ip="198.51.100.9")

    assert INQUIRY_CONTACT_RATE_LIMIT == 5
    assert response.status_code == 429
    html = response.content.decode()
    assert "Terlalu banyak permintaan dari surel atau telepon ini." in html
    # When to send again, and how to ask about many products at once (a visitor probe).
    assert "tulis semuanya dalam satu permintaan" in html and "kirim lagi sejam lagi" in html
    assert "Pesan keenam yang tertahan." in html
    assert 'value="Ibu Ratna"' in html
    assert Inquiry.objects.count() == 5
    # The same telephone number with another e-mail address is the same buyer too, however written.
    for phone in ("0812 3456 7890", "+62 812-3456-7890", "62812 3456 7890"):
        again = post(client, product_url(product), {**VALID, "email": "lain@contoh.example", "phone": phone}, ip="198.51.100.10")
        assert again.status_code == 429


def test_the_same_inquiry_sent_again_is_the_first_one(client, product, recipients, django_capture_on_commit_callbacks):
    """A bad-input probe sent one inquiry twice (a double tap, a reload): two numbers, two rows,
    two rounds of mails for one question. Sent again within the window it is the first one: the
    same number, nothing saved or sent, and it does not count against the buyer's limit. Another
    question from the same buyer is a new inquiry."""
    client.get(product_url(product))  # the form's page gives the browser its CSRF cookie
    with django_capture_on_commit_callbacks(execute=True):
        first = post(client, product_url(product))
    sent = len(mail.outbox)
    with django_capture_on_commit_callbacks(execute=True):
        again = post(client, product_url(product), {**VALID, "email": VALID["email"].upper()}, ip="198.51.100.4")
        other = post(client, product_url(product), {**VALID, "message": "Apakah ada warna lain?"})

    assert first.status_code == again.status_code == other.status_code == 302
    assert _thanks_link(first)[1] == _thanks_link(again)[1] != _thanks_link(other)[1]
    assert Inquiry.objects.count() == 2
    assert len(mail.outbox) > sent  # the other question's mails only
    assert len(mail.outbox) - sent == sent

    # Another browser sending the same words is another inquiry: the first one's number is not
    # given away, nor is the real buyer's inquiry taken for a copy of a stranger's (an attacker probe).
    stranger = Client()
    stranger.get(product_url(product))
    guessed = post(stranger, product_url(product), {**VALID, "organisation": "SPAM abaikan"}, ip="203.0.113.99")
    assert guessed.status_code == 302 and _thanks_link(guessed)[1] != _thanks_link(first)[1]
    assert Inquiry.objects.count() == 3


def test_buyers_sharing_a_fair_s_network_are_not_shut_out(client, product):
    """Found by a new user's probe: a hall's Wi-Fi is one address for many buyers, and five an
    hour from it shut the whole hall out."""
    for number in range(INQUIRY_RATE_LIMIT):
        assert post(client, product_url(product), buyer(number), ip="203.0.113.7").status_code == 302

    response = post(client, product_url(product), buyer(99), ip="203.0.113.7")

    assert INQUIRY_RATE_LIMIT == 20
    assert response.status_code == 429
    assert "Terlalu banyak permintaan dari jaringan Anda." in response.content.decode()
    assert post(client, product_url(product), buyer(99), ip="198.51.100.23").status_code == 302
    assert Inquiry.objects.count() == INQUIRY_RATE_LIMIT + 1


def test_inquiry_rate_limit_ignores_a_forged_forwarded_for_header(client, product):
    for number in range(INQUIRY_RATE_LIMIT):
        post(client, product_url(product), buyer(number), HTTP_X_FORWARDED_FOR=f"10.0.0.{number}")

    response = post(client, product_url(product), buyer(99), HTTP_X_FORWARDED_FOR="10.0.0.99")

    assert response.status_code == 429


def test_inquiry_rate_limit_behind_the_proxy_uses_the_address_it_appended(client, product, settings):
    settings.SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    for number in range(INQUIRY_RATE_LIMIT):
        post(client, product_url(product), buyer(number), ip="10.0.0.1", HTTP_X_FORWARDED_FOR="1.1.1.1, 203.0.113.7")

    limited = post(client, product_url(product), buyer(98), ip="10.0.0.1", HTTP_X_FORWARDED_FOR="9.9.9.9, 203.0.113.7")
    other = post(client, product_url(product), buyer(99), ip="10.0.0.1", HTTP_X_FORWARDED_FOR="203.0.113.8")

    assert limited.status_code == 429
    assert other.status_code == 302


def test_invalid_inquiries_do_not_count_towards_the_limit(client, product):
    for _ in range(10):
        post(client, product_url(product), {**VALID, "email": "", "phone": ""})

    assert post(client, product_url(product)).status_code == 302


# --- Exhibition inquiries and the thank-you page ---------------------------------------------


def test_exhibition_inquiry_without_product_mails_staff_only(client, recipients, django_capture_on_commit_callbacks):
    fair = make_exhibition(title="Pameran Produk Unggulan Narapidana", slug="pameran-2018")
    path = reverse("public:exhibition-inquiry", args=["pameran-2018"])

    page = client.get(path)
    with django_capture_on_commit_callbacks(execute=True):
        response = post(client, path)

    assert page.status_code == 200
    assert "Pameran Produk Unggulan Narapidana" in page.content.decode()
    assert response.status_code == 302
    inquiry = Inquiry.objects.get()
    assert _thanks_link(response) == ("?pameran=pameran-2018", inquiry.reference, [inquiry.reference, True])
    assert (inquiry.product, inquiry.exhibition, inquiry.prison) == (None, fair, None)
    assert mail.outbox[0].to == recipients["staff"]
    assert mail.outbox[0].subject == "[Etalase] Permintaan pembeli: Pameran Produk Unggulan Narapidana"


def test_exhibition_inquiry_of_an_unpublished_exhibition_is_404(client, db):
    make_exhibition(slug="pameran-draf", is_published=False)

    path = reverse("public:exhibition-inquiry", args=["pameran-draf"])

    assert client.get(path).status_code == 404
    assert post(client, path).status_code == 404
    assert Inquiry.objects.count() == 0


def test_inquiry_thanks_page_links_back_to_the_product(client, product):
    response = client.get(reverse("public:inquiry-thanks"), {"produk": product.slug})

    html = response.content.decode()
    assert response.status_code == 200
    assert "Terima kasih, permintaan Anda sudah kami terima" in html
    assert f'href="{product_url(product)}"' in html
    assert "Lapas Kelas I Cipinang" in html


def test_inquiry_thanks_page_promises_no_email_reply_a_phone_only_buyer_would_not_get(client, product):
    """Found by a new user's probe: "bila Anda membalas surel kami" to a buyer who gave only a phone."""
    response = client.get(f"{reverse('public:inquiry-thanks')}?produk={product.slug}&{thanks_number_query('ABCD-EFGH', receipt=True)}")

    html = response.content.decode()
    assert "ABCD-EFGH" in html
    assert "membalas surel kami" not in html
    assert "Bila Anda menulis alamat surel, tanda terima dengan nomor ini juga kami kirim ke sana." in html


def test_inquiry_thanks_page_ignores_an_unapproved_product(client, db):
    draft = make_product(name="Produk Draf Rahasia", status=Product.Status.DRAFT)

    response = client.get(reverse("public:inquiry-thanks"), {"produk": draft.slug})

    assert response.status_code == 200
    assert "Produk Draf Rahasia" not in response.content.decode()


# --- The service ------------------------------------------------------------------------------


def test_inquiry_submit_requires_a_contact(product):
    with pytest.raises(ValidationError) as error:
        inquiry_submit(product=product, data={**VALID, "email": "", "phone": " "}, ip="203.0.113.7")

    assert error.value.message_dict == {"email": ["Isi surel atau nomor telepon agar kami dapat membalas Anda."]}
    assert Inquiry.objects.count() == 0


def test_inquiry_submit_refuses_an_unapproved_product(db):
    product = make_product(status=Product.Status.SUBMITTED, prison=make_prison())

    with pytest.raises(ValidationError):
        inquiry_submit(product=product, data=VALID, ip="203.0.113.7")

    assert Inquiry.objects.count() == 0


def test_inquiry_submit_rate_limit_raises_and_saves_nothing(product):
    for number in range(INQUIRY_RATE_LIMIT):
        inquiry_submit(product=product, data=buyer(number), ip="203.0.113.7")

    with pytest.raises(InquiryRateLimited) as limited:
        inquiry_submit(product=product, data=buyer(99), ip="203.0.113.7")

    assert limited.value.shared
    assert Inquiry.objects.count() == INQUIRY_RATE_LIMIT


@pytest.mark.parametrize("query", ["?produk=%00", "?pameran=%00", "?produk=../x", "?produk=" + "a" * 500])
def test_inquiry_thanks_page_with_a_bad_parameter_never_fails(client, db, query):
    response = client.get(reverse("public:inquiry-thanks") + query)

    assert response.status_code == 200
    assert "Terima kasih" in response.content.decode()


def test_the_buyer_gets_an_acknowledgement_with_the_number_in_their_language(
    client, product, recipients, django_capture_on_commit_callbacks
):
    """Found by a new user's probe: a buyer got no word that the inquiry arrived, nor a number."""
    client.cookies["django_language"] = "en"
    with django_capture_on_commit_callbacks(execute=True):
        post(client, product_url(product), {**VALID, "message": "Visit http://spam.example now!"})

    inquiry = Inquiry.objects.get()
    assert inquiry.language == "en"
    (acknowledgement,) = [m for m in mail.outbox if m.to == ["ratna@hotelmelati.example"]]
    assert acknowledgement.subject == f"We have received your enquiry (number {inquiry.reference}): Taplak Batik Cipinang"
    assert f"number {inquiry.reference}" in acknowledgement.body and acknowledgement.body.startswith("Dear Sir or Madam,")
    # Nothing the buyer typed goes back out, not even the name: the form must not relay a
    # stranger's text to an address (a probe put a phishing text in the name).
    assert "spam.example" not in acknowledgement.body and "Ratna" not in acknowledgement.body
    assert acknowledgement.reply_to == []
    assert "Officers of Lapas Kelas I Cipinang" in acknowledgement.body
    # What was asked for, as a number the form checked (a visitor probe: the receipt did not say).
    assert "Quantity asked for: 40." in acknowledgement.body


def test_an_address_gets_at_most_three_acknowledgements_a_day(client, product, recipients, django_capture_on_commit_callbacks):
    # One mailbox under four spellings (a review: "+tags" counted as other addresses).
    spellings = ["korban@example.org", "Korban+1@Example.org", " korban+2@example.org", "korban+x@example.org"]
    for number, victim in enumerate(spellings):
        with django_capture_on_commit_callbacks(execute=True):
            post(client, product_url(product), {**VALID, "email": victim, "buyer_name": "URGENT verify http://evil.example"},
                 ip=f"203.0.113.{number + 1}")

    assert Inquiry.objects.count() == 4  # every inquiry is kept and told to the staff
    acknowledgements = [m for m in mail.outbox if m.subject.startswith("Permintaan Anda kami terima")]
    assert len(acknowledgements) == 3
    assert all("evil.example" not in m.body and "URGENT" not in m.body for m in acknowledgements)


def test_acknowledgements_are_counted_per_mailbox():
    from exhibitions.services import _mailbox

    assert _mailbox(" Korban+promo@Example.ORG ") == "korban@example.org"
    assert _mailbox("korban@bücher.example") == _mailbox("korban@xn--bcher-kva.example")
    assert _mailbox("k.or.ban+1@googlemail.com") == _mailbox("korban@gmail.com") == "korban@gmail.com"
    assert _mailbox("k.orban@example.org") == "k.orban@example.org"  # dots matter elsewhere


def test_the_acknowledgement_of_a_prison_without_an_officer_names_the_ministry(client, recipients, django_capture_on_commit_callbacks):
    lone = make_product(prison=make_prison(name="Rutan Kelas IIB Karangasem"), name="Tatakan Gelas Batok")

    with django_capture_on_commit_callbacks(execute=True):
        post(client, product_url(lone))

    (acknowledgement,) = [m for m in mail.outbox if m.to == ["ratna@hotelmelati.example"]]
    assert "Tim Kementerian Perindustrian akan menghubungi Anda." in acknowledgement.body
    assert "Petugas Rutan" not in acknowledgement.body


def test_no_acknowledgement_without_an_e_mail_address(client, product, recipients, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        post(client, product_url(product), {**VALID, "email": ""})

    assert Inquiry.objects.get().language == "id"
    assert all("kami terima" not in m.subject for m in mail.outbox)


def test_an_officer_holding_the_staff_role_hears_only_of_their_own_prison_s_inquiries(prison, other_prison):
    from django.contrib.auth.models import Group

    from exhibitions.selectors import inquiry_notification_recipients

    both = make_officer(prison=prison, username="dua-peran", email="dua@lapas.example")
    both.groups.add(Group.objects.get(name=roles.MINISTRY_STAFF))

    assert "dua@lapas.example" in inquiry_notification_recipients(prison=prison)
    assert "dua@lapas.example" not in inquiry_notification_recipients(prison=other_prison)
    assert "dua@lapas.example" not in inquiry_notification_recipients(prison=None)


@pytest.mark.parametrize(
    "address", ['"korban"@example.org', '"k\\orban"@example.org', '"k.orban"@gmail.com', "korban@[192.0.2.1]", "korban@[IPv6:2001:db8::1]"]
)
def test_quoted_or_bracketed_addresses_are_refused(client, product, recipients, address):
    """Found by two attacker probes: each such spelling counted as another mailbox for the daily
    acknowledgements, and an address in brackets made the mail server connect where it named."""
    response = post(client, product_url(product), {**VALID, "email": address})

    assert response.status_code == 200
    assert "Tulis alamat surel yang benar" in response.content.decode()
    assert not Inquiry.objects.exists() and not mail.outbox


class CountingBackend:
    """A mail backend that counts its connections and keeps what was sent; a recipient in
    ``refused`` is refused as an SMTP server refuses a mailbox that no longer exists."""

    connections: list = []
    sent: list = []
    refused: set = set()

    def __init__(self, **kwargs):
        CountingBackend.connections.append(self)

    def open(self):
        return True

    def close(self):
        pass

    def send_messages(self, messages):
        import smtplib

        for message in messages:
            if self.refused & set(message.to):
                raise smtplib.SMTPRecipientsRefused({address: (550, b"no such user") for address in message.to})
            CountingBackend.sent.append(message.to)
        return len(messages)


@pytest.fixture
def counting_backend(settings):
    settings.EMAIL_BACKEND = f"{__name__}.CountingBackend"
    CountingBackend.connections, CountingBackend.sent, CountingBackend.refused = [], [], set()
    return CountingBackend


def test_an_inquiry_s_mails_go_over_one_connection(client, product, recipients, counting_backend, django_capture_on_commit_callbacks):
    """Found by a review: three connections one after another to a mail server that does not
    answer kept the buyer waiting three times EMAIL_TIMEOUT, gunicorn's worker timeout."""
    with django_capture_on_commit_callbacks(execute=True):
        post(client, product_url(product))

    assert len(counting_backend.connections) == 1
    assert sorted(address for to in counting_backend.sent for address in to) == sorted(
        recipients["officers"] + recipients["staff"] + [VALID["email"]]
    )


def test_a_refused_mailbox_does_not_stop_the_other_mails(client, product, recipients, counting_backend, django_capture_on_commit_callbacks):
    """Found by a review: one refused address (a departed officer's) stopped staff's notification
    and the buyer's acknowledgement too."""
    counting_backend.refused = set(recipients["officers"])

    with django_capture_on_commit_callbacks(execute=True):
        post(client, product_url(product))

    assert Inquiry.objects.count() == 1
    assert sorted(address for to in counting_backend.sent for address in to) == sorted(recipients["staff"] + [VALID["email"]])


def test_the_daily_acknowledgement_count_outlives_the_cache_s_default_timeout(settings, tmp_path, monkeypatch):
    """Found by a review: the database and file caches add one by writing the entry anew with the
    default timeout (five minutes), so "three a day" became three per five minutes there."""
    import time

    from exhibitions.services import _rate_take

    settings.CACHES = {**settings.CACHES, "default": {"BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
                                                     "LOCATION": str(tmp_path)}}
    start = 1_800_000_000 - 1_800_000_000 % 86400 + 3600  # 01.00 UTC, the day's window well open
    taken = []
    for minutes in (0, 7, 14, 21):
        monkeypatch.setattr(time, "time", lambda minutes=minutes: start + minutes * 60)
        taken.append(_rate_take(key="etalase:test-ack", limit=3, window=86400))

    assert taken == [True, True, True, False]


def test_the_inquiry_number_is_random_not_the_row_s_id(client, product, django_capture_on_commit_callbacks):
    """Found by a review: the id told anyone how many inquiries come in."""
    with django_capture_on_commit_callbacks(execute=True):
        post(client, product_url(product))
        post(client, product_url(product), {**VALID, "email": "lain@contoh.example", "phone": ""}, ip="198.51.100.4")

    first, second = Inquiry.objects.order_by("pk")
    assert re.fullmatch(r"[A-HJ-NP-Z2-9]{4}-[A-HJ-NP-Z2-9]{4}", first.reference) and first.reference != second.reference
    page = client.get(
        f"{reverse('public:inquiry-thanks')}?produk={product.slug}&{thanks_number_query(first.reference, receipt=True)}"
    ).content.decode()
    assert f"<strong>{first.reference}</strong>" in page
    # A number written into the link without its signature is no inquiry (an attacker probe sent
    # "BAYR-LUNS" as proof of an order): the page shows none.
    forged = client.get(reverse("public:inquiry-thanks"), {"produk": product.slug, "nomor": "BAYR-LUNS"}).content.decode()
    assert "<strong>BAYR-LUNS</strong>" not in forged and "Nomor permintaan Anda" not in forged
    token = thanks_number_query(first.reference, receipt=True).split("&k=")[1]
    swapped = client.get(reverse("public:inquiry-thanks"), {"nomor": "BAYR-LUNS", "k": token}).content.decode()
    assert "<strong>BAYR-LUNS</strong>" not in swapped and "Nomor permintaan Anda" not in swapped
    for bad in (str(first.pk), "<b>X</b>", "AAAA-AAA1"):  # only a number of the right shape is shown
        assert "Nomor permintaan Anda" not in client.get(reverse("public:inquiry-thanks"), {"nomor": bad}).content.decode()


def test_a_message_too_long_is_refused_with_every_word_kept(client, product):
    # Found by a visitor probe: the box's maxlength cut a pasted 5,000-character brief at 2,000
    # without a word.
    page = client.get(product_url(product)).content.decode()
    long_message = "Kebutuhan hotel kami. " * 250  # 5,500 characters, 5,499 once the last space is stripped

    response = post(client, product_url(product), {**VALID, "message": long_message})

    assert 'maxlength="2000"' not in page and "Paling banyak 2.000 karakter." in page
    assert response.status_code == 200
    assert response.context["form"].errors["message"] == [
        "Pesan paling banyak 2.000 karakter (sekarang 5.499); persingkat, lalu kirim lagi."  # stripped
    ]
    assert long_message.strip() in response.content.decode()
    assert not Inquiry.objects.exists()


def test_the_thank_you_page_promises_a_receipt_only_when_one_is_sent(client, product, django_capture_on_commit_callbacks):
    """A buyer probe sent four inquiries in a day from one address: the fourth's thank-you page
    still said a receipt was on its way, and none came (three a day per address)."""
    from exhibitions.services import INQUIRY_ACKNOWLEDGEMENTS_PER_ADDRESS

    pages = []
    with django_capture_on_commit_callbacks(execute=True):
        for number in range(INQUIRY_ACKNOWLEDGEMENTS_PER_ADDRESS + 1):
            sent = post(client, product_url(product), {**VALID, "message": f"Pertanyaan ke-{number + 1}."},
                        ip=f"198.51.100.{number + 1}")
            pages.append(client.get(sent["Location"]).content.decode())

    receipts = [m for m in mail.outbox if m.to == [VALID["email"]]]
    assert len(receipts) == INQUIRY_ACKNOWLEDGEMENTS_PER_ADDRESS
    assert all("tanda terima dengan nomor ini juga kami kirim ke sana" in page for page in pages[:-1])
    assert "tanda terima dengan nomor ini juga kami kirim" not in pages[-1]
    assert "kali ini tidak kami kirimi lagi: catat nomor ini" in pages[-1]
