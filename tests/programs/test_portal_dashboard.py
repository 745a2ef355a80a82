"""The officer's dashboard at /portal/: exact numbers of their own prison only, open
registrations with the deadline in the venue's zone, the curators' feedback, constant queries."""

import datetime
import re

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from exhibitions.models import Delegation, Exhibition, Inquiry, TimeZone
from inmates.models import Inmate
from products.models import Product
from programs.models import Training
from tests import factories

pytestmark = pytest.mark.django_db

URL = "/portal/"


def open_exhibition(**kwargs) -> Exhibition:
    now = timezone.now()
    kwargs.setdefault("registration_opens", now - datetime.timedelta(days=3))
    kwargs.setdefault("registration_closes", now + datetime.timedelta(days=10))
    kwargs.setdefault("start_date", timezone.localdate() + datetime.timedelta(days=30))
    kwargs.setdefault("end_date", kwargs["start_date"] + datetime.timedelta(days=3))
    return factories.make_exhibition(**kwargs)


def fill_prison(prison, *, label: str = "") -> dict:
    """Rows of every kind for ``prison``; returns what its dashboard must count."""
    today = timezone.localdate()
    for _ in range(2):
        factories.make_inmate(prison=prison)
    factories.make_inmate(prison=prison, status=Inmate.Status.RELEASED, release_date=today)
    factories.make_inmate(prison=prison, status=Inmate.Status.TRANSFERRED, transferred_to="Lapas lain")

    factories.make_product(prison=prison, status=Product.Status.DRAFT)
    for _ in range(2):
        factories.make_product(prison=prison, status=Product.Status.SUBMITTED)
    approved = [factories.make_product(prison=prison, status=Product.Status.APPROVED) for _ in range(3)]
    factories.make_product(prison=prison, status=Product.Status.REJECTED, status_reason="Foto buram.")
    factories.make_product(prison=prison, status=Product.Status.ARCHIVED)
    # A pending revision of an approved product is not a product of its own.
    factories.make_product(prison=prison, status=Product.Status.SUBMITTED, revision_of=approved[0])

    future = today + datetime.timedelta(days=20)
    factories.make_training(prison=prison, starts_on=future, ends_on=future, status=Training.Status.PLANNED)
    factories.make_training(
        prison=prison,
        starts_on=today - datetime.timedelta(days=1),
        ends_on=today + datetime.timedelta(days=2),
        status=Training.Status.RUNNING,
    )
    factories.make_training(prison=prison, status=Training.Status.FINISHED)
    factories.make_training(prison=prison, starts_on=future, ends_on=future, status=Training.Status.CANCELLED)

    product = approved[1]
    factories.make_inquiry(prison=prison, buyer_name=f"Pembeli lapas {label}")
    factories.make_inquiry(product=product, buyer_name=f"Pembeli produk {label}")
    factories.make_inquiry(prison=prison, status=Inquiry.Status.ANSWERED)
    return {
        "participants": {"active": 2, "released": 1, "transferred": 1},
        "products": {"draft": 1, "submitted": 2, "approved": 3, "rejected": 1, "archived": 1},
        "trainings": {"upcoming": 2, "finished": 1},
        "inquiries_new": 2,
    }


def test_dashboard_anonymous_redirects_to_login(client):
    response = client.get(URL)
    assert response.status_code == 302
    assert response["Location"] == "/masuk/?next=/portal/"


def test_dashboard_signed_in_non_officer_forbidden(db):
    client = Client()
    client.force_login(factories.make_user(username="pengunjung"))
    assert client.get(URL).status_code == 403


def test_dashboard_ministry_staff_forbidden(staff_client):
    assert staff_client.get(URL).status_code == 403


def test_dashboard_url_name_resolves():
    assert reverse("portal:dashboard") == URL


def test_dashboard_numbers_exact_and_other_prison_not_counted(officer_client, prison, other_prison):
    expected = fill_prison(prison, label="sendiri")
    fill_prison(other_prison, label="lain")
    # More of the other prison's rows, so a leak would change every number.
    factories.make_inmate(prison=other_prison)
    factories.make_product(prison=other_prison, status=Product.Status.DRAFT)
    factories.make_training(prison=other_prison, status=Training.Status.FINISHED)
    factories.make_inquiry(prison=other_prison)

    response = officer_client.get(URL)

    assert response.status_code == 200
    assert response.context["participants"] == expected["participants"]
    assert response.context["products"] == expected["products"]
    assert response.context["trainings"] == expected["trainings"]
    assert response.context["inquiries_new"] == expected["inquiries_new"]
    content = response.content.decode()
    assert prison.name in content
    assert other_prison.name not in content


def test_dashboard_inquiry_count_covers_prison_and_product_inquiries(officer_client, prison, other_prison):
    own_product = factories.make_product(prison=prison)
    other_product = factories.make_product(prison=other_prison)
    factories.make_inquiry(prison=prison)
    factories.make_inquiry(product=own_product)
    factories.make_inquiry(prison=prison, product=own_product)
    factories.make_inquiry(product=other_product)
    factories.make_inquiry(prison=other_prison)
    factories.make_inquiry(prison=prison, status=Inquiry.Status.CLOSED)

    response = officer_client.get(URL)

    assert response.context["inquiries_new"] == 3


def test_dashboard_empty_prison_shows_zeros(officer_client, other_prison):
    fill_prison(other_prison)

    response = officer_client.get(URL)

    assert response.context["participants"] == {"active": 0, "released": 0, "transferred": 0}
    assert response.context["products"] == {
        "draft": 0,
        "submitted": 0,
        "approved": 0,
        "rejected": 0,
        "archived": 0,
    }
    assert response.context["trainings"] == {"upcoming": 0, "finished": 0}
    assert response.context["inquiries_new"] == 0
    assert response.context["exhibitions"] == []
    assert response.context["feedback"] == {"rejected": [], "approved": []}


def test_dashboard_lists_open_exhibitions_with_deadline_in_venue_zone(officer_client, prison, other_prison):
    closes = datetime.datetime(2099, 5, 20, 15, 59, tzinfo=datetime.UTC)  # 23.59 in Makassar
    wita = open_exhibition(
        title="Pameran Kawasan Timur", timezone=TimeZone.WITA, registration_closes=closes
    )
    applied = open_exhibition(title="Pameran Sudah Didaftar")
    factories.make_delegation(exhibition=applied, prison=prison, status=Delegation.Status.APPLIED)
    # Another prison's application to the first exhibition does not count as ours.
    factories.make_delegation(exhibition=wita, prison=other_prison)
    open_exhibition(title="Pameran Belum Terbit", is_published=False)
    open_exhibition(
        title="Pameran Sudah Tutup",
        registration_opens=timezone.now() - datetime.timedelta(days=10),
        registration_closes=timezone.now() - datetime.timedelta(minutes=1),
    )
    open_exhibition(
        title="Pameran Belum Dibuka",
        registration_opens=timezone.now() + datetime.timedelta(days=1),
        registration_closes=timezone.now() + datetime.timedelta(days=5),
    )
    factories.make_exhibition(title="Pameran Tanpa Pendaftaran")

    response = officer_client.get(URL)

    listed = {e.title: e for e in response.context["exhibitions"]}
    assert set(listed) == {"Pameran Kawasan Timur", "Pameran Sudah Didaftar"}
    assert listed["Pameran Kawasan Timur"].has_applied is False
    assert listed["Pameran Sudah Didaftar"].has_applied is True
    content = response.content.decode()
    assert "20 Mei 2099, 23.59 WITA" in content
    assert "Sudah mendaftar, menunggu keputusan" in content
    assert reverse("portal:application-create", args=[wita.slug]) in content
    assert reverse("portal:application-create", args=[applied.slug]) not in content
    assert "Pameran Sudah Tutup" not in content
    assert "Pameran Belum Terbit" not in content
    # "Needs attention" counts only the exhibition still waiting for an application.
    assert response.context["exhibitions_to_apply"] == 1
    assert re.search(
        r'dash-attention-count">1</span>\s*<span class="dash-attention-label">pameran terbuka yang belum',
        content,
    )


def test_dashboard_withdrawn_application_may_apply_again(officer_client, prison):
    exhibition = open_exhibition()
    factories.make_delegation(exhibition=exhibition, prison=prison, status=Delegation.Status.WITHDRAWN)

    response = officer_client.get(URL)

    assert response.context["exhibitions"][0].has_applied is False
    assert response.context["exhibitions_to_apply"] == 1
    assert reverse("portal:application-create", args=[exhibition.slug]) in response.content.decode()


def test_dashboard_curator_feedback(officer_client, prison, other_prison):
    now = timezone.now()
    rejected = factories.make_product(
        prison=prison,
        name="Tas Anyaman Pandan",
        status=Product.Status.REJECTED,
        status_reason="Foto produk kurang terang.",
        curated_at=now - datetime.timedelta(days=2),
    )
    original = factories.make_product(
        prison=prison, name="Kain Batik Tulis", curated_at=now - datetime.timedelta(days=90)
    )
    factories.make_product(
        prison=prison,
        name="Kain Batik Tulis (revisi)",
        revision_of=original,
        status=Product.Status.REJECTED,
        status_reason="Harga tidak wajar.",
        curated_at=now - datetime.timedelta(days=1),
    )
    recent = factories.make_product(
        prison=prison, name="Kursi Jati Mini", curated_at=now - datetime.timedelta(days=10)
    )
    factories.make_product(
        prison=prison, name="Dompet Kulit Lama", curated_at=now - datetime.timedelta(days=31)
    )
    factories.make_product(
        prison=other_prison,
        name="Produk Lapas Lain Ditolak",
        status=Product.Status.REJECTED,
        status_reason="Rahasia lapas lain.",
        curated_at=now,
    )
    factories.make_product(prison=other_prison, name="Produk Lapas Lain Disetujui", curated_at=now)

    response = officer_client.get(URL)

    feedback = response.context["feedback"]
    assert [p.name for p in feedback["rejected"]] == ["Kain Batik Tulis (revisi)", "Tas Anyaman Pandan"]
    assert [p.name for p in feedback["approved"]] == ["Kursi Jati Mini"]
    content = response.content.decode()
    assert "Foto produk kurang terang." in content
    assert "Harga tidak wajar." in content
    assert reverse("portal:product-update", args=[rejected.pk]) in content
    # A rejected revision links to the product it revises.
    assert reverse("portal:product-update", args=[original.pk]) in content
    assert reverse("portal:product-update", args=[recent.pk]) in content
    assert "Dompet Kulit Lama" not in content
    assert "Lapas Lain" not in content
    assert "Rahasia lapas lain." not in content


def _query_count(client) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(URL)
    assert response.status_code == 200
    return len(queries)


def test_dashboard_query_count_constant_as_data_grows(officer_client, prison):
    fill_prison(prison)
    exhibition = open_exhibition()
    factories.make_delegation(exhibition=exhibition, prison=prison)
    baseline = _query_count(officer_client)

    for _ in range(3):
        fill_prison(prison)
        open_exhibition()
        factories.make_product(
            prison=prison,
            status=Product.Status.REJECTED,
            status_reason="Kurang rapi.",
            curated_at=timezone.now(),
        )
        factories.make_product(prison=prison, curated_at=timezone.now())

    assert _query_count(officer_client) == baseline


def test_dashboard_leads_to_the_sales_desk_and_stock_of_today_s_booth(officer_client, prison, other_prison):
    """Found by a new user's probe: during a fair the officer at the booth found the sales desk
    through the menu each morning. The dashboard shows the prison's booths of today only."""
    from tests.exhibitions.sales_helpers import make_booth, make_running_exhibition

    running = make_running_exhibition(title="Pameran Berlangsung 2026")
    past = factories.make_exhibition(
        title="Pameran Lalu", start_date=datetime.date(2018, 4, 3), end_date=datetime.date(2018, 4, 6)
    )
    ours = make_booth(exhibition=running, prison=prison, code="A-07", name="Delegasi Kami")
    make_booth(exhibition=past, prison=prison, code="A-01")
    make_booth(exhibition=running, prison=other_prison, code="B-02")

    page = officer_client.get(URL).content.decode()

    assert "Pameran hari ini" in page and "Pameran Berlangsung 2026" in page and "Stan A-07" in page
    assert reverse("portal:sales-desk", args=[ours.pk]) in page
    assert reverse("portal:stock-update", args=[ours.delegation_id]) in page
    assert "Pameran Lalu" not in page and "Stan A-01" not in page and "Stan B-02" not in page


def test_dashboard_without_a_fair_today_shows_no_booth_panel(officer_client):
    assert "Pameran hari ini" not in officer_client.get(URL).content.decode()
