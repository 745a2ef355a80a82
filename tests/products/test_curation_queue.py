"""The ministry's curation queue (a page of the product admin) and the officers' e-mails."""

import pytest
from django.contrib.admin.models import LogEntry
from django.contrib.messages import get_messages
from django.core import mail
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from products.models import Product
from products.services import (
    ImageChange,
    NewImage,
    product_approve,
    product_reject,
    product_submit,
    product_update,
)
from tests import factories
from tests.admin_helpers import action_data
from tests.products.test_portal_products import jpeg, with_stored_image

pytestmark = pytest.mark.django_db

QUEUE_URL = "/admin/products/product/kurasi/"


def messages_of(response) -> list[tuple[str, str]]:
    return [(m.level_tag, str(m)) for m in get_messages(response.wsgi_request)]


def decide(client, product, decision, reason=None, version=None):
    product = Product.objects.get(pk=product.pk)
    data = {
        "product": str(product.pk),
        "decision": decision,
        "version": version or product.updated_at.isoformat(),
    }
    if reason is not None:
        data["reason"] = reason
    return client.post(QUEUE_URL, data)


@pytest.fixture
def submitted(prison):
    product = factories.make_product(
        prison=prison, name="Batik Kawung Biru", price=450000, status=Product.Status.SUBMITTED
    )
    with_stored_image(product, alt="Batik kawung biru, terbentang")
    return product


@pytest.fixture
def revision(prison, officer):
    original = factories.make_product(
        prison=prison, name="Kursi Jati", slug="kursi-jati", price=1500000, status=Product.Status.APPROVED
    )
    removed = with_stored_image(original, alt="Kursi jati tampak depan")
    revision = product_update(
        product=original,
        user=officer,
        data={"name": "Kursi Jati Ukir", "price": 1750000},
        image_changes=[ImageChange(image_id=removed.pk, delete=True)],
        new_images=[NewImage(file=jpeg(color=(90, 60, 30)), alt_text="Kursi jati ukir tampak samping")],
        submit=True,
    )
    revision.removed_alt = removed.alt_text
    return revision


@pytest.fixture
def officers(prison, other_prison, officer):
    """The exact recipients: active officers of the prison with an address, nobody else."""
    second = factories.make_officer(prison=prison, username="petugas2", email="kedua@lapas.example.test")
    factories.make_officer(prison=prison, username="tanpa-email", email="")
    factories.make_officer(prison=prison, username="nonaktif", email="nonaktif@lapas.example.test", is_active=False)
    factories.make_officer(prison=other_prison, username="lain", email="lain@lapas.example.test")
    factories.make_user(username="pengunjung", email="pengunjung@example.test")
    return sorted([officer.email, second.email])


# --- The queue ----------------------------------------------------------------------------------------


def test_queue_lists_submitted_products_and_revisions_only(staff_client, prison, submitted, revision):
    factories.make_product(prison=prison, name="Masih Draf", status=Product.Status.DRAFT)
    factories.make_product(prison=prison, name="Sudah Tampil", status=Product.Status.APPROVED)
    factories.make_product(prison=prison, name="Ditolak Dulu", status=Product.Status.REJECTED, status_reason="x")

    response = staff_client.get(QUEUE_URL)

    assert response.status_code == 200
    assert sorted(item["product"].pk for item in response.context["items"]) == sorted([submitted.pk, revision.pk])
    html = response.content.decode()
    for name in ("Masih Draf", "Sudah Tampil", "Ditolak Dulu"):
        assert name not in html


def test_queue_shows_a_new_product_as_never_approved_with_its_thumbnails(staff_client, submitted):
    html = staff_client.get(QUEUE_URL).content.decode()

    assert "Belum pernah disetujui." in html
    assert "Rp 450.000" in html
    assert submitted.images.get().thumb_medium.url in html
    # ... each opening its large picture (found by a new user's probe: faces judged on 240 px).
    image = submitted.images.get()
    assert image.thumb_large and f'<a href="{image.thumb_large.url}" target="_blank"' in html
    assert staff_client.get(image.thumb_large.url).status_code == 200


def test_queue_says_when_a_maker_s_consent_keeps_the_photos_off_the_catalogue(staff_client, prison, submitted):
    """Found by a new user's probe: after a withdrawal the queue still showed the photos under
    "everything below will appear", with no word that the public will not see them."""
    from inmates.services import consent_withdraw

    warning = "Foto produk ini tidak akan tampil di katalog"
    maker = factories.make_inmate(prison=prison)
    factories.make_consent(inmate=maker, work_photos_public=True)
    submitted.makers.add(maker)
    assert warning not in staff_client.get(QUEUE_URL).content.decode()

    consent_withdraw(inmate=maker, user=factories.make_officer(prison=prison))

    assert warning in staff_client.get(QUEUE_URL).content.decode()


def test_queue_tells_of_another_product_of_the_prison_with_the_same_name(staff_client, prison, other_prison, submitted, revision):
    """One product entered twice would reach the catalogue twice: the curator is told, with a link
    to the prison's other one (approved first). Other prisons' and archived products do not count."""
    factories.make_product(prison=prison, name="batik kawung biru", status=Product.Status.ARCHIVED)
    factories.make_product(prison=other_prison, name="Batik Kawung Biru", status=Product.Status.APPROVED)

    assert "bernama sama" not in staff_client.get(QUEUE_URL).content.decode()

    draft = factories.make_product(prison=prison, name="BATIK KAWUNG BIRU", status=Product.Status.DRAFT)
    live = factories.make_product(prison=prison, name="Batik Kawung Biru", status=Product.Status.APPROVED)
    html = staff_client.get(QUEUE_URL).content.decode()

    assert html.count("bernama sama") == 1
    assert f"/admin/products/product/{live.pk}/change/" in html
    assert f"/admin/products/product/{draft.pk}/change/" not in html


def test_queue_same_name_hint_reads_underscore_and_percent_as_letters(staff_client, prison):
    """Found by a review: SQLite's LIKE read them as wildcards ("Tas_Pandan" was "TasXPandan")."""
    factories.make_product(prison=prison, name="TasXPandan", status=Product.Status.APPROVED)
    factories.make_product(prison=prison, name="Kain Batik", status=Product.Status.APPROVED)
    for name in ("Tas_Pandan", "Kain%"):
        factories.make_product(prison=prison, name=name, status=Product.Status.SUBMITTED)

    assert "bernama sama" not in staff_client.get(QUEUE_URL).content.decode()


def test_queue_shows_what_a_revision_changes(staff_client, revision):
    response = staff_client.get(QUEUE_URL)

    diff = response.context["items"][0]["diff"]
    assert diff.first_review is False
    assert [(c.label, c.old, c.new) for c in diff.fields] == [
        ("Nama produk", "Kursi Jati", "Kursi Jati Ukir"),
        ("Harga (Rp)", "Rp 1.500.000", "Rp 1.750.000"),
    ]
    assert [i.alt_text for i in diff.images_added] == ["Kursi jati ukir tampak samping"]
    assert [i.alt_text for i in diff.images_removed] == [revision.removed_alt]
    html = response.content.decode()
    assert "<del>Rp 1.500.000</del>" in html and "<ins>Rp 1.750.000</ins>" in html
    assert "Perubahan produk yang sudah tampil" in html
    assert "Setujui perubahan" in html


def test_queue_shows_the_earlier_rejection_reason_of_a_resubmitted_product(staff_client, prison):
    product = factories.make_product(
        prison=prison, status=Product.Status.SUBMITTED, status_reason="Foto buram."
    )
    with_stored_image(product)

    html = staff_client.get(QUEUE_URL).content.decode()

    assert "Diajukan ulang setelah ditolak" in html
    assert "Alasan penolakan sebelumnya: Foto buram." in html


def _queue_queries(client) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(QUEUE_URL)
    assert response.status_code == 200
    return len(queries)


def test_queue_queries_do_not_grow_with_products(staff_client, prison, officer, submitted, revision):
    one_each = _queue_queries(staff_client)
    for i in range(3):
        product = factories.make_product(prison=prison, name=f"Baru {i}", status=Product.Status.SUBMITTED)
        with_stored_image(product)
        product.makers.add(factories.make_inmate(prison=prison))
        original = factories.make_product(prison=prison, name=f"Lama {i}", status=Product.Status.APPROVED)
        with_stored_image(original)
        rev = product_update(product=original, user=officer, data={"name": f"Lama {i} baru"})
        product_submit(product=rev, user=officer)

    assert _queue_queries(staff_client) == one_each


def test_queue_is_linked_from_the_dashboard_and_the_product_list(staff_client):
    assert QUEUE_URL in staff_client.get("/admin/").content.decode()
    assert QUEUE_URL in staff_client.get("/admin/products/product/").content.decode()


def test_corrections_staff_see_the_queue_but_cannot_decide(corrections_client, submitted):
    page = corrections_client.get(QUEUE_URL)
    assert page.status_code == 200
    assert "Setujui" not in page.content.decode()

    response = decide(corrections_client, submitted, "approve")

    assert response.status_code == 403
    assert Product.objects.get(pk=submitted.pk).status == "submitted"


def test_queue_is_not_for_officers_or_anonymous(client, officer_client, submitted):
    for c in (client, officer_client):
        response = c.get(QUEUE_URL)
        assert response.status_code == 302
        assert response["Location"].startswith("/admin/login/")
    assert decide(officer_client, submitted, "approve").status_code == 302
    assert Product.objects.get(pk=submitted.pk).status == "submitted"


def test_queue_of_a_prison_scoped_staff_user_leaves_out_other_prisons(other_prison, submitted):
    # A staff account that is also an officer is refused the back office (an officer's work is in
    # the portal, within their prison).
    user = factories.make_officer(prison=other_prison, username="staf-lapas", is_staff=True)
    from django.contrib.auth.models import Permission

    user.user_permissions.add(Permission.objects.get(codename="view_product"))
    client = Client()
    client.force_login(user)

    response = client.get(QUEUE_URL)

    assert response.status_code == 302 and response["Location"].startswith("/admin/login/")


# --- Decisions ---------------------------------------------------------------------------------------


def test_approve_from_the_queue_approves_logs_and_mails_the_officers(
    staff_client, staff_user, submitted, officers, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = decide(staff_client, submitted, "approve")

    assert response.status_code == 302
    assert response["Location"] == QUEUE_URL
    stored = Product.objects.get(pk=submitted.pk)
    assert (stored.status, stored.curated_by, stored.status_reason) == ("approved", staff_user, "")
    assert stored.curated_at is not None
    assert LogEntry.objects.get(object_id=str(submitted.pk)).change_message == "Disetujui."
    assert messages_of(response) == [
        ("success", "“Batik Kawung Biru” disetujui dan kini tampil di etalase publik; petugas lapas diberi tahu.")
    ]
    assert sorted(address for m in mail.outbox for address in m.to) == officers
    assert all(len(m.to) == 1 for m in mail.outbox)
    message = mail.outbox[0]
    assert message.subject == "Produk disetujui: Batik Kawung Biru"
    assert "telah disetujui kurator Kemenperin" in message.body
    assert f"http://testserver/portal/produk/{submitted.pk}/ubah/" in message.body


def test_reject_from_the_queue_needs_a_reason(staff_client, submitted, officers, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        response = decide(staff_client, submitted, "reject", reason="   ")

    assert response.status_code == 200
    form = response.context["items"][0]["reject_form"]
    assert form.errors == {
        "reason": ["Tulis alasan penolakan: petugas lapas perlu tahu apa yang harus diperbaiki."]
    }
    assert "Tulis alasan penolakan" in response.content.decode()
    assert Product.objects.get(pk=submitted.pk).status == "submitted"
    assert mail.outbox == []


def test_reject_without_a_reason_says_so_at_the_top_and_jumps_to_the_card(staff_client, submitted):
    response = decide(staff_client, submitted, "reject", reason="   ")

    html = response.content.decode()
    assert messages_of(response) == [
        ("error", f"“{submitted.name}” belum ditolak: tulis alasan penolakan di kartunya.")
    ]
    assert f'action="{QUEUE_URL}#produk-{submitted.pk}" class="etalase-reject-form"' in html
    assert f'id="produk-{submitted.pk}"' in html
    assert 'required autofocus aria-invalid="true"' in html
    assert html.index("belum ditolak") < html.index(f'id="produk-{submitted.pk}"')


def test_reject_from_the_queue_stores_the_reason_and_mails_it(
    staff_client, staff_user, submitted, officers, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = decide(staff_client, submitted, "reject", reason="Foto terlalu gelap; ulangi di tempat terang.")

    assert response.status_code == 302
    stored = Product.objects.get(pk=submitted.pk)
    assert (stored.status, stored.status_reason, stored.curated_by) == (
        "rejected", "Foto terlalu gelap; ulangi di tempat terang.", staff_user
    )
    assert stored.curated_at is not None
    assert sorted(address for m in mail.outbox for address in m.to) == officers
    message = mail.outbox[0]
    assert message.subject == "Produk ditolak: Batik Kawung Biru"
    assert "Alasan: Foto terlalu gelap; ulangi di tempat terang." in message.body
    assert f"/portal/produk/{submitted.pk}/ubah/" in message.body


def test_approve_a_revision_from_the_queue(
    staff_client, revision, officers, django_capture_on_commit_callbacks
):
    original_pk = revision.revision_of_id

    with django_capture_on_commit_callbacks(execute=True):
        decide(staff_client, revision, "approve")

    stored = Product.objects.get(pk=original_pk)
    assert (stored.name, stored.price, stored.status) == ("Kursi Jati Ukir", 1750000, "approved")
    assert Product.objects.filter(pk=revision.pk).exists() is False
    assert [i.alt_text for i in stored.images.all()] == ["Kursi jati ukir tampak samping"]
    assert LogEntry.objects.get(object_id=str(original_pk)).change_message == "Perubahan disetujui."
    assert {m.subject for m in mail.outbox} == {"Perubahan produk disetujui: Kursi Jati Ukir"}
    assert f"/portal/produk/{original_pk}/ubah/" in mail.outbox[0].body


def test_reject_a_revision_from_the_queue(staff_client, revision, officers, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        decide(staff_client, revision, "reject", reason="Harga naik terlalu banyak.")

    revision.refresh_from_db()
    assert (revision.status, revision.status_reason) == ("rejected", "Harga naik terlalu banyak.")
    original = Product.objects.get(pk=revision.revision_of_id)
    assert (original.name, original.status) == ("Kursi Jati", "approved")
    assert sorted(address for m in mail.outbox for address in m.to) == officers
    assert mail.outbox[0].subject == "Perubahan produk ditolak: Kursi Jati Ukir"
    assert "Versi yang sudah disetujui tetap tampil" in mail.outbox[0].body


def test_a_decision_on_a_page_older_than_the_officers_last_edit_is_refused(
    staff_client, officer, submitted
):
    stale_version = submitted.updated_at.isoformat()
    product_update(product=submitted, user=officer, data={"name": "Batik Kawung Biru Tua"}, submit=True)

    response = decide(staff_client, submitted, "approve", version=stale_version)

    assert Product.objects.get(pk=submitted.pk).status == "submitted"
    assert messages_of(response) == [
        ("warning", "“Batik Kawung Biru Tua” diubah petugas setelah halaman ini dibuka. Periksa lagi sebelum memutuskan.")
    ]


def test_a_decision_on_a_product_no_longer_waiting_is_refused(staff_client, prison):
    draft = factories.make_product(prison=prison, status=Product.Status.DRAFT)

    response = decide(staff_client, draft, "approve")

    assert Product.objects.get(pk=draft.pk).status == "draft"
    assert messages_of(response) == [("warning", "Produk itu tidak lagi menunggu kurasi.")]


def test_no_mail_when_nobody_at_the_prison_has_an_address(prison, django_capture_on_commit_callbacks):
    factories.make_officer(prison=prison, username="tanpa-email", email="")
    product = factories.make_product(prison=prison, status=Product.Status.SUBMITTED)
    factories.make_photo(product)

    with django_capture_on_commit_callbacks(execute=True):
        product_approve(product=product, user=factories.make_user())

    assert mail.outbox == []


def test_mail_is_sent_only_after_the_commit(prison, officers, django_capture_on_commit_callbacks):
    product = factories.make_product(prison=prison, status=Product.Status.SUBMITTED)

    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        product_reject(product=product, user=factories.make_user(), reason="Belum lengkap.")

    assert mail.outbox == []
    assert len(callbacks) == 1


def test_bulk_approve_action_mails_the_officers_too(
    staff_client, submitted, officers, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        staff_client.post("/admin/products/product/", action_data("approve_products", [submitted]))

    assert Product.objects.get(pk=submitted.pk).status == "approved"
    assert sorted(address for m in mail.outbox for address in m.to) == officers


def test_queue_offers_no_approve_button_for_a_product_without_a_photo(staff_client, prison, submitted):
    photoless = factories.make_product(prison=prison, name="Tas Tanpa Foto", status=Product.Status.SUBMITTED)

    content = staff_client.get(QUEUE_URL).content.decode()

    cards = content.split('<section class="etalase-curation-item"')[1:]
    photoless_card = next(card for card in cards if f'id="produk-{photoless.pk}"' in card)
    photo_card = next(card for card in cards if f'id="produk-{submitted.pk}"' in card)
    assert 'value="approve"' not in photoless_card
    assert "Belum dapat disetujui: produk tanpa foto" in photoless_card
    assert 'value="reject"' in photoless_card  # asking for a photo is still one click away
    assert 'value="approve"' in photo_card
    # The rule itself stays in the service: a forged approval is refused.
    response = decide(staff_client, photoless, "approve")
    assert response.status_code in (200, 302)
    assert Product.objects.get(pk=photoless.pk).status == Product.Status.SUBMITTED


def test_queue_gives_the_submission_time_with_its_zone(staff_client, submitted):
    import datetime

    Product.objects.filter(pk=submitted.pk).update(submitted_at=datetime.datetime(2018, 2, 5, 3, 0, tzinfo=datetime.UTC))
    html = staff_client.get(QUEUE_URL).content.decode()
    assert "diajukan 5 Feb 2018, 10.00 WIB" in html


def test_the_queue_says_the_makers_legal_names_stay_with_staff(staff_client):
    """The card said every field below would go public, then listed "Arbain Noor (B.I-7498/2015)"
    (a staff probe: a curator could think approving publishes the legal name)."""
    from tests import factories

    prison = factories.make_prison()
    maker = factories.make_inmate(prison=prison, legal_name="Arbain Noor", registration_number="B.I-7498/2015")
    product = factories.make_product(prison=prison, status="submitted")
    product.makers.add(maker)

    html = staff_client.get("/admin/products/product/kurasi/").content.decode()

    assert "Arbain Noor (B.I-7498/2015)" in html
    assert "kecuali nama asli dan nomor registrasi pembuat" in html
    assert "Hanya untuk staf: publik melihat nama tampilan pembuat" in html
