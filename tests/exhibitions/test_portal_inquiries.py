"""Buyer inquiries in the portal: those about the officer's prison or its products, filtered by
status, with the buyer's contact; status changes recorded; never another prison's."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from exhibitions.models import Inquiry
from exhibitions.services import inquiry_set_status
from tests import factories

pytestmark = pytest.mark.django_db

LIST_URL = "/portal/permintaan/"


def detail_url(inquiry) -> str:
    return reverse("portal:inquiry-detail", args=[inquiry.pk])


@pytest.fixture
def other_officer_client(other_prison):
    client = Client()
    client.force_login(factories.make_officer(prison=other_prison, username="petugas.lain"))
    return client


def test_inquiry_urls_anonymous_redirect_to_login(client, prison):
    inquiry = factories.make_inquiry(prison=prison)
    for url in (LIST_URL, detail_url(inquiry)):
        for method in (client.get, client.post):
            response = method(url, {"status": "closed"})
            assert response.status_code == 302
            assert response["Location"].startswith("/masuk/?next=")
    inquiry.refresh_from_db()
    assert inquiry.status == Inquiry.Status.NEW


def test_inquiry_urls_signed_in_non_officer_forbidden(prison, staff_client):
    inquiry = factories.make_inquiry(prison=prison)
    visitor = Client()
    visitor.force_login(factories.make_user(username="pengunjung"))
    for client in (visitor, staff_client):
        for url in (LIST_URL, detail_url(inquiry)):
            assert client.get(url).status_code == 403
            assert client.post(url, {"status": "closed"}).status_code == 403
    inquiry.refresh_from_db()
    assert inquiry.status == Inquiry.Status.NEW


def test_inquiry_list_shows_own_prison_and_product_inquiries_only(officer_client, prison, other_prison):
    product = factories.make_product(prison=prison, name="Tatakan Gelas Batik")
    other_product = factories.make_product(prison=other_prison, name="Produk Lapas Lain")
    to_prison = factories.make_inquiry(prison=prison, buyer_name="Ibu Ratna", organisation="Hotel Santika")
    about_product = factories.make_inquiry(product=product, buyer_name="Bapak Hendra", quantity=50)
    factories.make_inquiry(prison=other_prison, buyer_name="Pembeli Lapas Lain")
    factories.make_inquiry(product=other_product, buyer_name="Pembeli Produk Lain")
    factories.make_inquiry(buyer_name="Pembeli Umum")  # about nothing in particular

    response = officer_client.get(LIST_URL)

    assert response.status_code == 200
    assert set(response.context["inquiries"]) == {to_prison, about_product}
    content = response.content.decode()
    assert "Ibu Ratna" in content
    assert "Hotel Santika" in content
    assert "Tatakan Gelas Batik" in content
    assert "50 buah" in content
    assert detail_url(to_prison) in content
    assert "Lapas Lain" not in content
    assert "Produk Lain" not in content
    assert "Pembeli Umum" not in content


def test_inquiry_list_filter_by_status(officer_client, prison):
    new = factories.make_inquiry(prison=prison, buyer_name="Pembeli Baru")
    answered = factories.make_inquiry(
        prison=prison, buyer_name="Pembeli Dijawab", status=Inquiry.Status.ANSWERED
    )
    closed = factories.make_inquiry(prison=prison, buyer_name="Pembeli Selesai", status=Inquiry.Status.CLOSED)

    assert list(officer_client.get(LIST_URL, {"status": "new"}).context["inquiries"]) == [new]
    assert list(officer_client.get(LIST_URL, {"status": "answered"}).context["inquiries"]) == [answered]
    assert list(officer_client.get(LIST_URL, {"status": "closed"}).context["inquiries"]) == [closed]
    # An unknown status shows everything rather than failing.
    assert set(officer_client.get(LIST_URL, {"status": "rahasia"}).context["inquiries"]) == {
        new,
        answered,
        closed,
    }
    tabs = officer_client.get(LIST_URL, {"status": "new"}).context["status_tabs"]
    assert [(t["value"], t["count"], t["active"]) for t in tabs] == [
        ("", 3, False),
        ("new", 1, True),
        ("answered", 1, False),
        ("closed", 1, False),
    ]


def test_inquiry_counts_ignore_other_prison(officer_client, prison, other_prison):
    factories.make_inquiry(prison=prison)
    factories.make_inquiry(prison=other_prison)
    factories.make_inquiry(prison=other_prison, status=Inquiry.Status.ANSWERED)

    tabs = officer_client.get(LIST_URL).context["status_tabs"]

    assert [(t["value"], t["count"]) for t in tabs] == [("", 1), ("new", 1), ("answered", 0), ("closed", 0)]


def _list_queries(client) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(LIST_URL).status_code == 200
    return len(queries)


def test_inquiry_list_query_count_constant(officer_client, prison):
    def add_one():
        exhibition = factories.make_exhibition()
        product = factories.make_product(prison=prison)
        factories.make_inquiry(prison=prison, product=product, exhibition=exhibition)
        factories.make_inquiry(product=factories.make_product(prison=prison))

    add_one()
    one = _list_queries(officer_client)
    for _ in range(3):
        add_one()
    assert _list_queries(officer_client) == one


def test_inquiry_detail_shows_contact_and_message(officer_client, prison):
    product = factories.make_product(prison=prison, name="Kursi Jati Mini")
    inquiry = factories.make_inquiry(
        product=product,
        buyer_name="Ibu Sari",
        organisation="Toko Oleh-oleh Bandung",
        email="sari@example.test",
        phone="0812 9876 5432",
        quantity=12,
        message="Apakah bisa dikirim ke Bandung?\nKami butuh 12 buah.",
    )

    response = officer_client.get(detail_url(inquiry))

    content = response.content.decode()
    assert response.status_code == 200
    assert "Ibu Sari" in content
    assert "Toko Oleh-oleh Bandung" in content
    assert 'href="mailto:sari@example.test"' in content
    assert 'href="tel:081298765432"' in content
    assert "Apakah bisa dikirim ke Bandung?<br>Kami butuh 12 buah." in content
    assert "Kursi Jati Mini" in content
    # When it came in, with the zone (not "Baru dikirim ...", which read as if it had been sent).
    received = timezone.localtime(inquiry.created_at)
    assert f"masuk {received:%-d} " in content and f"{received:%H}.{received:%M} WIB" in content


def test_inquiry_detail_of_other_prison_not_found(other_officer_client, prison):
    product = factories.make_product(prison=prison)
    for inquiry in (factories.make_inquiry(prison=prison), factories.make_inquiry(product=product)):
        assert other_officer_client.get(detail_url(inquiry)).status_code == 404
        assert other_officer_client.post(detail_url(inquiry), {"status": "closed"}).status_code == 404
        inquiry.refresh_from_db()
        assert inquiry.status == Inquiry.Status.NEW
        assert inquiry.answered_at is None


def test_inquiry_mark_answered_sets_answered_at(officer_client, prison):
    inquiry = factories.make_inquiry(prison=prison)
    before = timezone.now()

    response = officer_client.post(detail_url(inquiry), {"status": "answered"})

    assert response.status_code == 302
    assert response["Location"] == detail_url(inquiry)
    inquiry.refresh_from_db()
    assert inquiry.status == Inquiry.Status.ANSWERED
    assert before <= inquiry.answered_at <= timezone.now()


def test_inquiry_close_after_answer_keeps_answered_at(officer_client, prison):
    inquiry = factories.make_inquiry(prison=prison)
    officer_client.post(detail_url(inquiry), {"status": "answered"})
    inquiry.refresh_from_db()
    answered_at = inquiry.answered_at

    officer_client.post(detail_url(inquiry), {"status": "closed"})

    inquiry.refresh_from_db()
    assert inquiry.status == Inquiry.Status.CLOSED
    assert inquiry.answered_at == answered_at


def test_inquiry_back_to_new_clears_answered_at(officer_client, prison):
    inquiry = factories.make_inquiry(
        prison=prison, status=Inquiry.Status.ANSWERED, answered_at=timezone.now()
    )

    officer_client.post(detail_url(inquiry), {"status": "new"})

    inquiry.refresh_from_db()
    assert inquiry.status == Inquiry.Status.NEW
    assert inquiry.answered_at is None


def test_inquiry_invalid_status_shows_error_and_changes_nothing(officer_client, prison):
    inquiry = factories.make_inquiry(prison=prison)

    response = officer_client.post(detail_url(inquiry), {"status": "dihapus"})

    assert response.status_code == 200
    assert response.context["form"].errors["status"] == ["Pilih status yang tersedia."]
    inquiry.refresh_from_db()
    assert inquiry.status == Inquiry.Status.NEW


def test_inquiry_set_status_service_other_prison_officer_denied(prison, other_prison):
    inquiry = factories.make_inquiry(prison=prison)

    with pytest.raises(PermissionDenied):
        inquiry_set_status(
            inquiry=inquiry, user=factories.make_officer(prison=other_prison), status=Inquiry.Status.CLOSED
        )

    inquiry.refresh_from_db()
    assert inquiry.status == Inquiry.Status.NEW


def test_inquiry_set_status_service_unknown_status_raises(officer, prison):
    inquiry = factories.make_inquiry(prison=prison)

    with pytest.raises(ValidationError):
        inquiry_set_status(inquiry=inquiry, user=officer, status="hilang")

    inquiry.refresh_from_db()
    assert inquiry.status == Inquiry.Status.NEW


def test_inquiry_set_status_service_product_inquiry_allowed(officer, prison):
    inquiry = factories.make_inquiry(product=factories.make_product(prison=prison))

    inquiry_set_status(inquiry=inquiry, user=officer, status=Inquiry.Status.CLOSED)

    inquiry.refresh_from_db()
    assert inquiry.status == Inquiry.Status.CLOSED


def test_inquiry_detail_title_names_the_inquiry_and_its_product(officer_client, prison):
    """A tester's probe: every inquiry's browser tab and history entry read "Buyer enquiries"."""
    product = factories.make_product(prison=prison, name="Kursi Jati Mini")
    inquiry = factories.make_inquiry(product=product, prison=prison, reference="K7QX-4M2P")

    content = officer_client.get(detail_url(inquiry)).content.decode()

    assert "<title>K7QX-4M2P · Kursi Jati Mini · Permintaan pembeli · Etalase</title>" in content
