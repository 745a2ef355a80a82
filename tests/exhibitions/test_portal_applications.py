"""Exhibition applications in the portal: a prison applies with its approved products, sees the
status, changes or withdraws it before the deadline; nothing after it; never another prison's."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from exhibitions.models import Booth, Delegation, Exhibition, TimeZone
from exhibitions.services import application_submit, application_withdraw
from products.models import Product
from tests import factories

pytestmark = pytest.mark.django_db

LIST_URL = "/portal/pameran/"


def open_exhibition(**kwargs) -> Exhibition:
    now = timezone.now()
    kwargs.setdefault("registration_opens", now - datetime.timedelta(days=3))
    kwargs.setdefault("registration_closes", now + datetime.timedelta(days=10))
    kwargs.setdefault("start_date", timezone.localdate() + datetime.timedelta(days=30))
    kwargs.setdefault("end_date", kwargs["start_date"] + datetime.timedelta(days=3))
    return factories.make_exhibition(**kwargs)


def closed_exhibition(**kwargs) -> Exhibition:
    now = timezone.now()
    kwargs.setdefault("registration_opens", now - datetime.timedelta(days=20))
    kwargs.setdefault("registration_closes", now - datetime.timedelta(minutes=1))
    return open_exhibition(**kwargs)


def create_url(exhibition) -> str:
    return reverse("portal:application-create", args=[exhibition.slug])


def detail_url(delegation) -> str:
    return reverse("portal:application-detail", args=[delegation.pk])


def update_url(delegation) -> str:
    return reverse("portal:application-update", args=[delegation.pk])


def withdraw_url(delegation) -> str:
    return reverse("portal:application-withdraw", args=[delegation.pk])


@pytest.fixture
def approved(prison):
    return [
        factories.make_product(prison=prison, name="Kain Batik Tulis Cipinang"),
        factories.make_product(prison=prison, name="Kursi Jati Mini"),
    ]


@pytest.fixture
def other_officer_client(other_prison):
    client = Client()
    client.force_login(factories.make_officer(prison=other_prison, username="petugas.lain"))
    return client


def application_data(*, products, officer, phone="0812 3456 7890") -> dict:
    return {"products": [p.pk for p in products], "contact_officer": officer.pk, "contact_phone": phone}


def apply(client, exhibition, *, products, officer):
    return client.post(create_url(exhibition), application_data(products=products, officer=officer))


# --- Access --------------------------------------------------------------------------------------


def test_application_urls_anonymous_redirect_to_login(client, prison):
    exhibition = open_exhibition()
    delegation = factories.make_delegation(exhibition=exhibition, prison=prison)
    for url in (
        LIST_URL,
        create_url(exhibition),
        detail_url(delegation),
        update_url(delegation),
        withdraw_url(delegation),
    ):
        for method in (client.get, client.post):
            response = method(url)
            assert response.status_code == 302, url
            assert response["Location"].startswith("/masuk/?next="), url
    assert Delegation.objects.get().status == Delegation.Status.APPLIED


def test_application_urls_signed_in_non_officer_forbidden(prison, staff_client):
    exhibition = open_exhibition()
    delegation = factories.make_delegation(exhibition=exhibition, prison=prison)
    visitor = Client()
    visitor.force_login(factories.make_user(username="pengunjung"))
    for client in (visitor, staff_client):
        for url in (
            LIST_URL,
            create_url(exhibition),
            detail_url(delegation),
            update_url(delegation),
            withdraw_url(delegation),
        ):
            assert client.get(url).status_code == 403, url
            assert client.post(url).status_code == 403, url
    assert Delegation.objects.get().status == Delegation.Status.APPLIED


def test_application_of_other_prison_not_found(other_officer_client, prison, approved, officer):
    exhibition = open_exhibition()
    delegation = factories.make_delegation(exhibition=exhibition, prison=prison, contact_phone="021-1")
    delegation.products.set(approved)
    for url in (detail_url(delegation), update_url(delegation), withdraw_url(delegation)):
        assert other_officer_client.get(url).status_code == 404, url
        assert (
            other_officer_client.post(url, application_data(products=approved, officer=officer)).status_code
            == 404
        ), url
    delegation.refresh_from_db()
    assert delegation.status == Delegation.Status.APPLIED
    assert delegation.contact_phone == "021-1"
    assert set(delegation.products.all()) == set(approved)


# --- List ----------------------------------------------------------------------------------------


def test_application_list_shows_open_exhibitions_and_own_applications(officer_client, prison, other_prison):
    closes = datetime.datetime(2099, 1, 10, 14, 0, tzinfo=datetime.UTC)  # 23.00 in Jayapura
    papua = open_exhibition(title="Pameran Papua", timezone=TimeZone.WIT, registration_closes=closes)
    past = factories.make_exhibition(title="Pameran Produk Unggulan 2018")
    own = factories.make_delegation(exhibition=past, prison=prison, status=Delegation.Status.ACCEPTED)
    Booth.objects.create(exhibition=past, code="A-11", delegation=own)
    factories.make_delegation(exhibition=papua, prison=other_prison, name="Delegasi Lapas Lain")
    closed_exhibition(title="Pameran Tutup")

    response = officer_client.get(LIST_URL)

    assert response.status_code == 200
    assert [e.title for e in response.context["open_exhibitions"]] == ["Pameran Papua"]
    assert response.context["open_exhibitions"][0].has_applied is False
    assert response.context["applications"] == [own]
    content = response.content.decode()
    assert "10 Januari 2099, 23.00 WIT" in content
    assert create_url(papua) in content
    assert detail_url(own) in content
    assert "Diterima" in content
    assert "A-11" in content
    assert "Delegasi Lapas Lain" not in content
    assert "Pameran Tutup" not in content


def _list_queries(client) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(LIST_URL).status_code == 200
    return len(queries)


def test_application_list_query_count_constant(officer_client, prison):
    def add_one():
        exhibition = open_exhibition()
        delegation = factories.make_delegation(exhibition=exhibition, prison=prison)
        delegation.products.set([factories.make_product(prison=prison) for _ in range(2)])
        open_exhibition()

    add_one()
    one = _list_queries(officer_client)
    for _ in range(3):
        add_one()
    assert _list_queries(officer_client) == one


# --- Apply ---------------------------------------------------------------------------------------


def test_application_form_choices_limited_to_own_prison(
    officer_client, officer, prison, other_prison, approved
):
    exhibition = open_exhibition()
    factories.make_product(prison=prison, name="Draf Sendiri", status=Product.Status.DRAFT)
    factories.make_product(
        prison=prison, name="Revisi Sendiri", status=Product.Status.SUBMITTED, revision_of=approved[0]
    )
    factories.make_product(prison=other_prison, name="Produk Lapas Lain")
    colleague = factories.make_officer(prison=prison, username="rekan", first_name="Rekan")
    other_officer = factories.make_officer(prison=other_prison, username="petugas.lain")
    factories.make_user(username="bukan.petugas")

    response = officer_client.get(create_url(exhibition))

    assert response.status_code == 200
    form = response.context["form"]
    assert list(form.fields["products"].queryset) == sorted(approved, key=lambda p: p.name)
    assert set(form.fields["contact_officer"].queryset) == {officer, colleague}
    assert other_officer not in form.fields["contact_officer"].queryset
    content = response.content.decode()
    assert "Produk Lapas Lain" not in content
    assert "Draf Sendiri" not in content
    assert "Revisi Sendiri" not in content


def test_application_submit_creates_delegation_of_own_prison(officer_client, officer, prison, approved):
    exhibition = open_exhibition()

    response = officer_client.post(
        create_url(exhibition), application_data(products=approved, officer=officer)
    )

    delegation = Delegation.objects.get()
    assert response.status_code == 302
    assert response["Location"] == detail_url(delegation)
    assert delegation.exhibition == exhibition
    assert delegation.prison == prison
    assert delegation.region == prison.region
    assert delegation.name == prison.name
    assert delegation.status == Delegation.Status.APPLIED
    assert delegation.contact_officer == officer
    assert delegation.contact_phone == "0812 3456 7890"
    assert set(delegation.products.all()) == set(approved)
    assert officer.username in delegation.notes
    assert delegation.notes.rstrip().endswith("WIB.")  # the moment with its zone, not a bare 2026-12-05 10:00


def test_application_takes_a_contact_phone_with_its_area_code_in_brackets(officer_client, officer, approved):
    exhibition = open_exhibition()

    response = officer_client.post(
        create_url(exhibition), application_data(products=approved, officer=officer, phone="(021) 4801602")
    )

    assert response.status_code == 302
    assert Delegation.objects.get().contact_phone == "(021) 4801602"


def test_application_submit_other_prison_product_refused(officer_client, officer, other_prison, approved):
    exhibition = open_exhibition()
    foreign = factories.make_product(prison=other_prison)

    response = officer_client.post(
        create_url(exhibition), application_data(products=[approved[0], foreign], officer=officer)
    )

    assert response.status_code == 200
    assert response.context["form"].errors["products"] == [
        "Pilih hanya produk lapas Anda yang sudah disetujui kurator."
    ]
    assert not Delegation.objects.exists()


def test_application_submit_other_prison_officer_refused(officer_client, other_prison, approved):
    exhibition = open_exhibition()
    stranger = factories.make_officer(prison=other_prison)

    response = apply(officer_client, exhibition, products=approved, officer=stranger)

    assert response.context["form"].errors["contact_officer"] == ["Pilih petugas dari lapas Anda."]
    assert not Delegation.objects.exists()


def test_application_submit_requires_products_and_valid_phone(officer_client, officer):
    exhibition = open_exhibition()

    response = officer_client.post(
        create_url(exhibition), {"contact_officer": officer.pk, "contact_phone": "telepon saya"}
    )

    errors = response.context["form"].errors
    assert errors["products"] == ["Pilih setidaknya satu produk yang sudah disetujui."]
    assert errors["contact_phone"] == [
        "Tulis nomor telepon dengan angka, mis. 0812 3456 7890 atau +62 21 123 4567."
    ]
    assert not Delegation.objects.exists()


def test_application_submit_twice_gives_clear_error(officer_client, officer, prison, approved):
    exhibition = open_exhibition()
    existing = factories.make_delegation(exhibition=exhibition, prison=prison)

    response = apply(officer_client, exhibition, products=approved, officer=officer)

    assert response.status_code == 200
    assert response.context["form"].non_field_errors() == [
        "Lapas Anda sudah mendaftar ke pameran ini (status: Mendaftar)."
    ]
    assert list(Delegation.objects.all()) == [existing]
    assert not existing.products.exists()


def test_application_create_page_when_already_applied_links_to_application(officer_client, prison):
    exhibition = open_exhibition()
    existing = factories.make_delegation(
        exhibition=exhibition, prison=prison, status=Delegation.Status.ACCEPTED
    )

    response = officer_client.get(create_url(exhibition))

    content = response.content.decode()
    assert "Lapas Anda sudah mendaftar ke pameran ini (status: Diterima)." in content
    assert detail_url(existing) in content
    assert '<form method="post" class="portal-form"' not in content


def test_application_other_prison_applied_does_not_block(officer_client, officer, other_prison, approved):
    exhibition = open_exhibition()
    factories.make_delegation(exhibition=exhibition, prison=other_prison)

    response = apply(officer_client, exhibition, products=approved, officer=officer)

    assert response.status_code == 302
    assert Delegation.objects.filter(exhibition=exhibition).count() == 2


def test_application_after_deadline_get_shows_message_not_form(officer_client, approved):
    exhibition = closed_exhibition(title="Pameran Lewat")

    response = officer_client.get(create_url(exhibition))

    assert response.status_code == 200
    assert response.context["form"] is None
    content = response.content.decode()
    assert (
        "Pendaftaran pameran “Pameran Lewat” sudah ditutup. Formulir tidak dapat dikirim lagi." in content
    )
    assert 'name="products"' not in content


def test_application_after_deadline_post_saves_nothing(officer_client, officer, approved):
    exhibition = closed_exhibition(title="Pameran Lewat")

    response = apply(officer_client, exhibition, products=approved, officer=officer)

    assert response.status_code == 200
    assert "Pendaftaran pameran “Pameran Lewat” sudah ditutup." in response.content.decode()
    assert not Delegation.objects.exists()


def test_application_before_registration_opens_saves_nothing(officer_client, officer, approved):
    exhibition = open_exhibition(
        title="Pameran Nanti",
        timezone=TimeZone.WITA,
        registration_opens=datetime.datetime(2099, 3, 1, 1, 0, tzinfo=datetime.UTC),  # 09.00 WITA
        registration_closes=datetime.datetime(2099, 4, 1, 1, 0, tzinfo=datetime.UTC),
    )

    get = officer_client.get(create_url(exhibition))
    post = apply(officer_client, exhibition, products=approved, officer=officer)

    message = "Pendaftaran pameran “Pameran Nanti” belum dibuka. Pendaftaran dibuka 1 Maret 2099, 09.00 WITA."
    assert get.context["form"] is None
    assert message in get.content.decode()
    assert message in post.content.decode()
    assert not Delegation.objects.exists()


def test_application_unpublished_or_unknown_exhibition_not_found(officer_client):
    hidden = open_exhibition(is_published=False)
    assert officer_client.get(create_url(hidden)).status_code == 404
    assert officer_client.get(reverse("portal:application-create", args=["tidak-ada"])).status_code == 404


def test_application_again_after_withdrawal_reopens_same_delegation(
    officer_client, officer, prison, approved
):
    exhibition = open_exhibition()
    withdrawn = factories.make_delegation(
        exhibition=exhibition, prison=prison, status=Delegation.Status.WITHDRAWN
    )

    response = apply(officer_client, exhibition, products=approved[:1], officer=officer)

    assert response.status_code == 302
    assert list(Delegation.objects.all()) == [withdrawn]
    withdrawn.refresh_from_db()
    assert withdrawn.status == Delegation.Status.APPLIED
    assert list(withdrawn.products.all()) == approved[:1]


# --- Detail, change, withdraw -------------------------------------------------------------------


def test_application_detail_shows_status_and_products(officer_client, prison, approved, officer):
    exhibition = open_exhibition(title="Pameran Makassar")
    delegation = factories.make_delegation(
        exhibition=exhibition,
        prison=prison,
        status=Delegation.Status.ACCEPTED,
        contact_officer=officer,
        contact_phone="0812 1111 2222",
    )
    Booth.objects.create(exhibition=exhibition, code="B-07", delegation=delegation)
    delegation.products.set(approved)

    response = officer_client.get(detail_url(delegation))

    content = response.content.decode()
    assert "Pameran Makassar" in content
    assert "Diterima" in content
    assert "Kode stan: B-07." in content
    assert "Kain Batik Tulis Cipinang" in content
    assert "Rp 150.000" in content
    assert "0812 1111 2222" in content
    assert update_url(delegation) in content
    assert withdraw_url(delegation) in content


def test_application_update_changes_products_while_open(officer_client, officer, prison, approved):
    exhibition = open_exhibition()
    delegation = factories.make_delegation(exhibition=exhibition, prison=prison, contact_officer=officer)
    delegation.products.set(approved)

    form = officer_client.get(update_url(delegation)).context["form"]
    assert set(form.initial["products"]) == {p.pk for p in approved}
    response = officer_client.post(
        update_url(delegation), application_data(products=approved[1:], officer=officer, phone="021 555 0101")
    )

    assert response.status_code == 302
    delegation.refresh_from_db()
    assert list(delegation.products.all()) == approved[1:]
    assert delegation.contact_phone == "021 555 0101"


def test_application_update_after_deadline_changes_nothing(officer_client, officer, prison, approved):
    exhibition = closed_exhibition(title="Pameran Lewat")
    delegation = factories.make_delegation(exhibition=exhibition, prison=prison, contact_phone="021-1")
    delegation.products.set(approved)

    get = officer_client.get(update_url(delegation))
    post = officer_client.post(
        update_url(delegation),
        application_data(products=approved[:1], officer=officer, phone="0812 0000 0000"),
    )

    assert get.context["form"] is None
    assert "Pendaftaran pameran “Pameran Lewat” sudah ditutup." in get.content.decode()
    assert post.status_code == 200
    delegation.refresh_from_db()
    assert set(delegation.products.all()) == set(approved)
    assert delegation.contact_phone == "021-1"


def test_application_withdraw_before_deadline(officer_client, prison):
    exhibition = open_exhibition(title="Pameran Makassar")
    delegation = factories.make_delegation(exhibition=exhibition, prison=prison)

    confirm = officer_client.get(withdraw_url(delegation))
    response = officer_client.post(withdraw_url(delegation))

    assert "Ya, batalkan pendaftaran" in confirm.content.decode()
    assert response.status_code == 302
    assert response["Location"] == LIST_URL
    delegation.refresh_from_db()
    assert delegation.status == Delegation.Status.WITHDRAWN
    assert "Dibatalkan melalui portal oleh petugas" in delegation.notes
    assert delegation.notes.rstrip().endswith("WIB.")


def test_application_withdraw_after_deadline_refused(officer_client, prison):
    exhibition = closed_exhibition(title="Pameran Lewat")
    delegation = factories.make_delegation(
        exhibition=exhibition, prison=prison, status=Delegation.Status.ACCEPTED
    )

    confirm = officer_client.get(withdraw_url(delegation))
    response = officer_client.post(withdraw_url(delegation), follow=True)

    assert "Ya, batalkan pendaftaran" not in confirm.content.decode()
    assert (
        "Batas pendaftaran pameran “Pameran Lewat” sudah lewat; pendaftaran tidak dapat dibatalkan lagi."
        in response.content.decode()
    )
    delegation.refresh_from_db()
    assert delegation.status == Delegation.Status.ACCEPTED


def test_application_withdraw_rejected_refused(officer_client, prison):
    delegation = factories.make_delegation(
        exhibition=open_exhibition(), prison=prison, status=Delegation.Status.REJECTED
    )

    officer_client.post(withdraw_url(delegation))

    delegation.refresh_from_db()
    assert delegation.status == Delegation.Status.REJECTED


# --- Services, called directly -------------------------------------------------------------------


def test_application_submit_service_refuses_other_prison_product(officer, prison, other_prison):
    with pytest.raises(ValidationError) as raised:
        application_submit(
            exhibition=open_exhibition(),
            prison=prison,
            user=officer,
            products=[factories.make_product(prison=other_prison)],
            contact_officer=officer,
            contact_phone="0812 3456 7890",
        )
    assert raised.value.message_dict == {
        "products": ["Pilih hanya produk lapas Anda yang sudah disetujui kurator."]
    }
    assert not Delegation.objects.exists()


def test_application_submit_service_after_deadline_raises(officer, prison, approved):
    with pytest.raises(ValidationError) as raised:
        application_submit(
            exhibition=closed_exhibition(),
            prison=prison,
            user=officer,
            products=approved,
            contact_officer=officer,
            contact_phone="0812 3456 7890",
        )
    assert raised.value.code == "registration_closed"
    assert not Delegation.objects.exists()


def test_application_withdraw_service_other_prison_officer_denied(prison, other_prison):
    delegation = factories.make_delegation(exhibition=open_exhibition(), prison=prison)
    with pytest.raises(PermissionDenied):
        application_withdraw(delegation=delegation, user=factories.make_officer(prison=other_prison))
    delegation.refresh_from_db()
    assert delegation.status == Delegation.Status.APPLIED


def test_an_accepted_delegation_stands_once_the_fair_has_begun(officer_client, prison):
    """Found by an attacker probe: with registration closing after the start, an officer could
    withdraw an accepted delegation in the middle of the fair, whose stock then could not be
    settled. An exhibition saved before the rule may still say so: the start decides."""
    today = timezone.localdate()
    exhibition = open_exhibition(title="Pameran Berjalan", start_date=today, end_date=today + datetime.timedelta(days=2))
    assert exhibition.registration_closes > timezone.now()
    delegation = factories.make_delegation(exhibition=exhibition, prison=prison, status=Delegation.Status.ACCEPTED)

    response = officer_client.post(withdraw_url(delegation), follow=True)

    assert "tidak dapat dibatalkan lagi" in response.content.decode()
    delegation.refresh_from_db()
    assert delegation.status == Delegation.Status.ACCEPTED


@pytest.mark.parametrize(("closes_at", "refused"), [("2026-04-03 09:01", True), ("2026-04-03 09:00", False)])
def test_registration_closes_before_the_doors_open(closes_at, refused):
    """Found by two probes: registration could close after the exhibition began, or ended."""
    import zoneinfo

    exhibition = factories.make_exhibition(
        start_date=datetime.date(2026, 4, 3), end_date=datetime.date(2026, 4, 6), timezone=TimeZone.WITA,
        opening_time=datetime.time(9, 0),
    )
    exhibition.registration_opens = datetime.datetime(2026, 3, 1, tzinfo=zoneinfo.ZoneInfo("Asia/Makassar"))
    exhibition.registration_closes = datetime.datetime.fromisoformat(closes_at).replace(tzinfo=zoneinfo.ZoneInfo("Asia/Makassar"))
    if refused:
        with pytest.raises(ValidationError) as caught:
            exhibition.full_clean()
        assert caught.value.message_dict["registration_closes"] == [
            "Pendaftaran harus ditutup sebelum pameran dibuka (3 April 2026 09.00 WITA)."
        ]
    else:
        exhibition.full_clean()


def test_the_registration_deadline_error_writes_the_opening_as_the_language_does():
    """Found by a tester: in English the error said "(10 March 2027 09.00 WITA)", where the English
    pages write 09:00."""
    import zoneinfo

    from django.utils import translation

    wita = zoneinfo.ZoneInfo("Asia/Makassar")
    exhibition = factories.make_exhibition(
        start_date=datetime.date(2027, 3, 10), end_date=datetime.date(2027, 3, 12), timezone=TimeZone.WITA,
        opening_time=datetime.time(9, 0),
    )
    exhibition.registration_opens = datetime.datetime(2027, 2, 1, tzinfo=wita)
    exhibition.registration_closes = datetime.datetime(2027, 3, 11, tzinfo=wita)

    with translation.override("en"), pytest.raises(ValidationError) as caught:
        exhibition.full_clean()

    assert caught.value.message_dict["registration_closes"] == [
        "Registration must close before the exhibition opens (10 March 2027 09:00 WITA)."
    ]


def test_application_detail_title_names_the_exhibition(officer_client, prison, approved):
    """A tester's probe: every application's browser tab read "Exhibition applications"."""
    exhibition = open_exhibition()
    delegation = factories.make_delegation(exhibition=exhibition, prison=prison)
    delegation.products.set(approved)

    content = officer_client.get(detail_url(delegation)).content.decode()

    assert f"<title>{exhibition.title} · Pendaftaran pameran · Etalase</title>" in content


def test_the_officer_reads_why_the_application_was_rejected(officer_client, prison, staff_user):
    from exhibitions.services import delegation_reject

    delegation = factories.make_delegation(exhibition=open_exhibition(), prison=prison)
    delegation_reject(delegation=delegation, user=staff_user, reason="Kuota stan zona A sudah penuh.")

    html = officer_client.get(detail_url(delegation)).content.decode()

    assert "Panitia belum dapat menerima pendaftaran ini." in html
    assert "<strong>Alasan:</strong> Kuota stan zona A sudah penuh." in html
