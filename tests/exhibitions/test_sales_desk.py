"""The sales desk of a booth (portal): who may open it, the plain form (no JavaScript), the JSON
endpoint the offline queue sends to, corrections, the booth list, and constant query counts."""

import datetime
import json
import uuid

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from exhibitions.models import Delegation, Sale
from exhibitions.services import sale_reverse
from inmates import roles
from tests import factories
from tests.exhibitions.sales_helpers import make_booth, make_running_exhibition, record

pytestmark = pytest.mark.django_db


@pytest.fixture
def exhibition():
    return make_running_exhibition(title="Pameran Produk Unggulan Narapidana 2026")


@pytest.fixture
def booth(exhibition, prison):
    delegation = factories.make_delegation(
        exhibition=exhibition, prison=prison, name="Lapas Kelas I Cipinang", status=Delegation.Status.ACCEPTED
    )
    return make_booth(delegation=delegation, code="A-07", zone="Hall A")


@pytest.fixture
def batik(booth, prison):
    product = factories.make_product(prison=prison, name="Kain Batik Tulis Parang", price=350_000)
    booth.delegation.products.add(product)
    return product


@pytest.fixture
def other_booth(exhibition, other_prison):
    return make_booth(exhibition=exhibition, prison=other_prison, code="B-02")


def desk_url(booth):
    return reverse("portal:sales-desk", args=[booth.pk])


def record_url(booth):
    return reverse("portal:sales-desk-record", args=[booth.pk])


def post_json(client, url, payload):
    return client.post(url, data=json.dumps(payload), content_type="application/json")


def entry(product, **changes):
    return {
        "product": product.pk,
        "quantity": 2,
        "unit_price": 325_000,
        "payment_method": "qris",
        "idempotency_key": str(uuid.uuid4()),
        "sold_at": timezone.now().isoformat(),
        **changes,
    }


# --- Who may open the desk -------------------------------------------------------------------


def test_sales_desk_opens_for_the_booths_officer_with_products_and_totals(officer_client, booth, batik, officer):
    record(booth=booth, user=officer, product=batik, quantity=2)

    response = officer_client.get(desk_url(booth))

    assert response.status_code == 200
    html = response.content.decode()
    assert "Stan A-07" in html
    assert "Kain Batik Tulis Parang" in html
    assert "Rp 350.000" in html
    assert "Rp 700.000" in html  # today's revenue, and the sale's row
    assert "Catat penjualan" in html
    assert 'src="/static/js/sales_desk.js"' in html
    assert "<script>" not in html  # no inline script: a strict CSP can be switched on
    assert [s.pk for s in response.context["sales"]] == list(Sale.objects.values_list("pk", flat=True))
    assert response.context["totals"]["revenue"] == 700_000


def test_sales_desk_opens_for_ministry_staff(staff_client, booth, batik):
    response = staff_client.get(desk_url(booth))

    assert response.status_code == 200
    assert "dibuka sebagai staf kementerian" in response.content.decode()


def test_sales_desk_of_another_prisons_booth_is_not_found(officer_client, other_booth):
    assert officer_client.get(desk_url(other_booth)).status_code == 404
    assert officer_client.post(desk_url(other_booth), {}).status_code == 404


@pytest.mark.parametrize("role", [roles.JURY, roles.CORRECTIONS_STAFF])
def test_sales_desk_is_forbidden_for_jurors_and_corrections_staff(booth, role):
    client = Client()
    client.force_login(factories.make_user(role=role))

    assert client.get(desk_url(booth)).status_code == 403
    assert post_json(client, record_url(booth), {}).status_code == 403


def test_sales_desk_anonymous_is_sent_to_login(booth):
    response = Client().get(desk_url(booth))

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_sales_desk_lists_only_products_sold_at_the_booth(officer_client, booth, batik, prison, other_prison):
    factories.make_product(prison=other_prison, name="Produk Lapas Lain")
    factories.make_product(prison=prison, name="Produk Draf", status="draft")
    factories.make_product(prison=prison, name="Produk Lain Lapas Ini")

    response = officer_client.get(desk_url(booth))

    names = [p.name for p in response.context["products"]]
    assert names == ["Kain Batik Tulis Parang", "Produk Lain Lapas Ini"]


def test_sales_desk_outside_the_exhibition_dates_shows_no_form(officer_client, prison):
    past = factories.make_exhibition()  # April 2018
    booth = make_booth(exhibition=past, prison=prison)

    response = officer_client.get(desk_url(booth))

    html = response.content.decode()
    assert response.status_code == 200
    assert 'id="sales-form"' not in html
    assert "Penjualan hanya dapat dicatat pada tanggal tersebut." in html


def test_sales_desk_queries_do_not_grow_with_sales(officer_client, booth, batik, officer):
    record(booth=booth, user=officer, product=batik)
    with CaptureQueriesContext(connection) as one:
        officer_client.get(desk_url(booth))
    for _ in range(6):
        record(booth=booth, user=officer, product=batik)
    sale_reverse(sale=Sale.objects.first(), user=officer, idempotency_key=uuid.uuid4())
    for _ in range(3):
        booth.delegation.products.add(factories.make_product(prison=booth.delegation.prison))

    with CaptureQueriesContext(connection) as many:
        response = officer_client.get(desk_url(booth))

    assert len(response.context["sales"]) == 8
    assert len(many) == len(one)


# --- The plain form (without JavaScript) -----------------------------------------------------


def test_sales_desk_form_records_a_sale_and_redirects(officer_client, booth, batik, officer):
    key = uuid.uuid4()
    data = {"product": batik.pk, "quantity": "3", "unit_price": "Rp 300.000", "payment_method": "transfer",
            "idempotency_key": str(key)}

    response = officer_client.post(desk_url(booth), data)

    assert response.status_code == 302
    assert response["Location"] == desk_url(booth)
    sale = Sale.objects.get()
    assert (sale.product, sale.quantity, sale.unit_price, sale.payment_method) == (batik, 3, 300_000, "transfer")
    assert (sale.booth, sale.recorded_by, sale.idempotency_key) == (booth, officer, key)
    page = officer_client.get(desk_url(booth)).content.decode()
    assert "Tercatat: 3 × Kain Batik Tulis Parang · Rp 900.000." in page


def test_sales_desk_form_sent_twice_stores_one_sale(officer_client, booth, batik):
    data = {"product": batik.pk, "quantity": "1", "unit_price": "", "payment_method": "cash",
            "idempotency_key": str(uuid.uuid4())}

    officer_client.post(desk_url(booth), data)
    officer_client.post(desk_url(booth), data)

    sale = Sale.objects.get()
    assert sale.unit_price == 350_000  # empty price: the catalogue price


@pytest.mark.parametrize("price", ["0", "1.500.000", "100.000"])
def test_sales_desk_form_asks_before_recording_a_price_far_from_the_catalogue(officer_client, booth, batik, price):
    # Found by two probes: Rp 0, and Rp 1.500.000 for a Rp 350.000 batik (an extra zero), went
    # straight into the day's totals.
    data = {"product": batik.pk, "quantity": "1", "unit_price": price, "payment_method": "cash",
            "idempotency_key": str(uuid.uuid4())}

    asked = officer_client.post(desk_url(booth), data)
    confirmed = officer_client.post(desk_url(booth), {**data, "price_confirmed": "1"})

    assert asked.status_code == 400
    html = asked.content.decode()
    assert "jauh dari harga katalog Rp 350.000" in html
    assert 'name="price_confirmed"' in html
    assert confirmed.status_code == 302
    assert Sale.objects.get().unit_price == int(price.replace(".", ""))


def test_sales_desk_a_price_near_the_catalogue_is_not_asked_about(officer_client, booth, batik):
    data = {"product": batik.pk, "quantity": "1", "unit_price": "300.000", "payment_method": "cash",
            "idempotency_key": str(uuid.uuid4())}

    assert officer_client.post(desk_url(booth), data).status_code == 302


def test_sales_desk_queue_entry_confirmed_on_the_phone_is_recorded(officer_client, booth, batik):
    unconfirmed = post_json(officer_client, record_url(booth), entry(batik, unit_price=0))
    confirmed = post_json(officer_client, record_url(booth), entry(batik, unit_price=0, price_confirmed="1"))

    assert unconfirmed.status_code == 400
    assert confirmed.status_code == 201
    assert Sale.objects.get().unit_price == 0
    for no in ("0", 0, "false", ""):  # found by an attacker probe: "0" and 0 read as yes
        refused = post_json(officer_client, record_url(booth), entry(batik, unit_price=5_000_000, price_confirmed=no))
        assert refused.status_code == 400, no
    assert Sale.objects.count() == 1


def test_sales_desk_form_without_a_product_shows_the_error_next_to_the_tiles(officer_client, booth, batik):
    response = officer_client.post(
        desk_url(booth), {"quantity": "1", "payment_method": "cash", "idempotency_key": str(uuid.uuid4())}
    )

    assert response.status_code == 400
    assert "Pilih produk yang terjual." in response.content.decode()
    assert Sale.objects.count() == 0


def test_sales_desk_form_price_with_cents_is_refused(officer_client, booth, batik):
    response = officer_client.post(
        desk_url(booth),
        {"product": batik.pk, "quantity": "1", "unit_price": "150.000,50", "payment_method": "cash",
         "idempotency_key": str(uuid.uuid4())},
    )

    assert response.status_code == 400
    assert "Tulis harga dalam rupiah utuh, tanpa sen." in response.content.decode()
    assert Sale.objects.count() == 0


def test_selling_more_than_was_brought_is_recorded_with_a_warning(officer_client, booth, batik):
    """Found by a new user's probe: 99 sold of 2 brought went by unremarked. The sale is kept (the
    stock line may be the slip), and both the form and the queue's endpoint say so."""
    from exhibitions.models import StockLine

    StockLine.objects.create(delegation=booth.delegation, product=batik, brought_in=2)
    within = {"product": batik.pk, "quantity": "2", "unit_price": "", "payment_method": "cash",
              "idempotency_key": str(uuid.uuid4())}
    officer_client.post(desk_url(booth), within)
    quiet = officer_client.get(desk_url(booth)).content.decode()

    over = post_json(officer_client, record_url(booth), {**entry(batik), "quantity": 97})

    assert "Periksa:" not in quiet
    assert over.status_code == 201
    assert over.json()["warning"].startswith("Periksa: Kain Batik Tulis Parang sudah terjual 99, padahal yang dibawa 2.")
    assert Sale.objects.count() == 2
    once_more = {**within, "quantity": "1", "idempotency_key": str(uuid.uuid4())}
    page = officer_client.post(desk_url(booth), once_more, follow=True).content.decode()
    assert "sudah terjual 100, padahal yang dibawa 2" in page


def test_each_tile_says_how_many_are_left(officer_client, booth, batik, prison, officer):
    """Found by a new user's probe: the cashier could not see what was left of what was brought."""
    from exhibitions.models import StockLine

    sandal = factories.make_product(prison=prison, name="Sandal Hotel", price=45_000)
    booth.delegation.products.add(sandal)
    StockLine.objects.create(delegation=booth.delegation, product=batik, brought_in=5)
    record(booth=booth, user=officer, product=batik, quantity=2, unit_price=350_000)

    html = officer_client.get(desk_url(booth)).content.decode()
    assert f'data-stock-for="{batik.pk}" data-left="3">sisa 3</span>' in html
    assert f'data-stock-for="{sandal.pk}"' not in html  # no stock line: nothing said

    body = post_json(officer_client, record_url(booth), {**entry(batik), "quantity": 3}).json()
    assert body["stock_left"] == 0
    assert f'data-stock-for="{batik.pk}" data-left="0">sisa 0</span>' in officer_client.get(desk_url(booth)).content.decode()
    # Sold past the count ("sisa -2" read as nonsense; a staff probe): how far past.
    post_json(officer_client, record_url(booth), {**entry(batik), "quantity": 2, "unit_price": 350_000})
    assert 'data-left="-2">lebih 2 dari stok</span>' in officer_client.get(desk_url(booth)).content.decode()


# --- The JSON endpoint of the offline queue --------------------------------------------------


def test_sales_desk_record_stores_the_entry_and_answers_201(officer_client, booth, batik):
    payload = entry(batik)

    response = post_json(officer_client, record_url(booth), payload)

    assert response.status_code == 201
    body = response.json()
    sale = Sale.objects.get()
    assert body["sale"] == {
        "id": sale.pk,
        "idempotency_key": payload["idempotency_key"],
        "product": "Kain Batik Tulis Parang",
        "product_id": batik.pk,
        "quantity": 2,
        "unit_price": 325_000,
        "total": 650_000,
        "payment_method": "qris",
        "sold_at": sale.sold_at.astimezone(booth.exhibition.tzinfo).isoformat(),
    }
    assert body["stock_left"] is None  # no stock line recorded
    assert body["created"] is True
    assert body["is_today"] is True
    assert f'id="sale-{sale.pk}"' in body["row_html"]
    assert "Rp 650.000" in body["totals_html"]
    assert abs(sale.sold_at - datetime.datetime.fromisoformat(payload["sold_at"])) < datetime.timedelta(seconds=1)


def test_sales_desk_record_same_key_again_answers_200_with_the_same_sale(officer_client, booth, batik):
    payload = entry(batik)
    first = post_json(officer_client, record_url(booth), payload)

    again = post_json(officer_client, record_url(booth), payload)

    assert (first.status_code, again.status_code) == (201, 200)
    assert again.json()["sale"]["id"] == first.json()["sale"]["id"]
    assert again.json()["created"] is False
    assert Sale.objects.count() == 1


def test_sales_desk_record_answers_the_time_in_the_venues_zone_also_when_repeated(officer_client, prison):
    # Found by a probe: the repeat of an entry (read back from the database) gave the time in UTC,
    # the first answer in the zone the client wrote it in.
    exhibition = make_running_exhibition(title="Pameran Makassar", timezone="Asia/Makassar")
    delegation = factories.make_delegation(exhibition=exhibition, prison=prison, status=Delegation.Status.ACCEPTED)
    booth = make_booth(delegation=delegation, code="C-01")
    product = factories.make_product(prison=prison)
    delegation.products.add(product)
    moment = timezone.now().replace(microsecond=0)
    payload = entry(product, sold_at=moment.astimezone(datetime.UTC).isoformat())

    first = post_json(officer_client, record_url(booth), payload)
    again = post_json(officer_client, record_url(booth), payload)

    expected = moment.astimezone(exhibition.tzinfo).isoformat()
    assert (first.status_code, again.status_code) == (201, 200)
    assert expected.endswith("+08:00")
    assert (first.json()["sale"]["sold_at"], again.json()["sale"]["sold_at"]) == (expected, expected)


def test_a_time_without_a_zone_is_read_on_the_hall_s_clock(officer_client, prison):
    """Found by a ministry probe: a naive time for a Makassar booth was read as WIB."""
    exhibition = make_running_exhibition(title="Pameran Makassar", timezone="Asia/Makassar")
    delegation = factories.make_delegation(exhibition=exhibition, prison=prison, status=Delegation.Status.ACCEPTED)
    booth = make_booth(delegation=delegation, code="C-02")
    product = factories.make_product(prison=prison)
    delegation.products.add(product)
    local = timezone.now().astimezone(exhibition.tzinfo).replace(microsecond=0, tzinfo=None) - datetime.timedelta(minutes=5)

    response = post_json(officer_client, record_url(booth), entry(product, sold_at=local.isoformat()))

    assert response.status_code == 201, response.json()
    assert Sale.objects.get().sold_at.astimezone(exhibition.tzinfo).replace(tzinfo=None) == local


def test_sales_desk_record_invalid_entry_answers_400_with_a_message(officer_client, booth, batik, other_prison):
    elsewhere = factories.make_product(prison=other_prison)

    response = post_json(officer_client, record_url(booth), entry(elsewhere))

    assert response.status_code == 400
    assert response.json()["error"] == "Pilih produk yang dijual di stan ini."
    assert Sale.objects.count() == 0


def test_sales_desk_record_outside_the_dates_answers_400_with_the_dates(officer_client, booth, batik, exhibition):
    before_opening = datetime.datetime.combine(
        exhibition.start_date - datetime.timedelta(days=1), datetime.time(10), tzinfo=exhibition.tzinfo
    )

    response = post_json(officer_client, record_url(booth), entry(batik, sold_at=before_opening.isoformat()))

    assert response.status_code == 400
    assert "di luar tanggal pameran" in response.json()["error"]
    assert list(response.json()["errors"]) == ["sold_at"]
    assert Sale.objects.count() == 0


@pytest.mark.parametrize(
    "body",
    [b"not json", b"[1, 2]", b"", b"[" * 100_000, b'{"a":' * 100_000],
    ids=["not-json", "a-list", "empty", "nested-lists", "nested-objects"],
)
def test_sales_desk_record_unreadable_body_answers_400(officer_client, booth, body):
    response = officer_client.post(record_url(booth), data=body, content_type="application/json")

    assert response.status_code == 400
    assert response.json()["error"]


def test_sales_desk_record_missing_key_answers_400(officer_client, booth, batik):
    payload = entry(batik)
    del payload["idempotency_key"]

    response = post_json(officer_client, record_url(booth), payload)

    assert response.status_code == 400
    assert response.json()["error"] == "Kunci entri hilang; muat ulang halaman kasir."


def test_sales_desk_record_at_another_prisons_booth_is_not_found(officer_client, other_booth, batik):
    response = post_json(officer_client, record_url(other_booth), entry(batik))

    assert response.status_code == 404
    assert Sale.objects.count() == 0


def test_sales_desk_record_get_is_not_allowed(officer_client, booth):
    assert officer_client.get(record_url(booth)).status_code == 405


def test_sales_desk_record_needs_the_csrf_token(officer, booth, batik):
    client = Client(enforce_csrf_checks=True)
    client.force_login(officer)

    response = post_json(client, record_url(booth), entry(batik))

    assert response.status_code == 403
    assert Sale.objects.count() == 0


def test_sales_desk_record_by_staff_is_stored(staff_client, staff_user, booth, batik):
    response = post_json(staff_client, record_url(booth), entry(batik))

    assert response.status_code == 201
    assert Sale.objects.get().recorded_by == staff_user


# --- Corrections -----------------------------------------------------------------------------


def test_sales_desk_correction_asks_then_reverses_and_keeps_the_original(officer_client, booth, batik, officer):
    sale = record(booth=booth, user=officer, product=batik, quantity=2)
    url = reverse("portal:sales-desk-reverse", args=[booth.pk, sale.pk])

    confirm = officer_client.get(url)
    response = officer_client.post(url, {"idempotency_key": str(uuid.uuid4())})

    assert "Koreksi penjualan ini?" in confirm.content.decode()
    assert response.status_code == 302
    reversal = Sale.objects.get(reverses=sale)
    assert Sale.objects.filter(pk=sale.pk, quantity=2).exists()
    page = officer_client.get(desk_url(booth))
    assert page.context["totals"]["revenue"] == 0
    html = page.content.decode()
    assert "Sudah dikoreksi" in html
    assert f'id="sale-{reversal.pk}"' in html
    assert "-Rp 700.000" in html


def _correct_and_record(client, booth, sale, key=None, **values):
    url = reverse("portal:sales-desk-reverse", args=[booth.pk, sale.pk])
    data = {"idempotency_key": key or str(uuid.uuid4()), "and_record": "1", "quantity": "1",
            "unit_price": "300.000", "payment_method": "transfer", **values}
    return client.post(url, data)


def test_sales_desk_correction_can_record_the_right_sale_at_the_same_moment(officer_client, booth, batik, officer):
    sale = record(booth=booth, user=officer, product=batik, quantity=2)
    url = reverse("portal:sales-desk-reverse", args=[booth.pk, sale.pk])
    confirm = officer_client.get(url).content.decode()
    assert 'value="2"' in confirm and 'value="350.000"' in confirm  # the sale's, to change

    response = _correct_and_record(officer_client, booth, sale)

    assert response.status_code == 302
    replacement = Sale.objects.exclude(pk=sale.pk).get(reverses__isnull=True)
    assert (replacement.quantity, replacement.unit_price, replacement.payment_method) == (1, 300_000, "transfer")
    assert (replacement.sold_at, replacement.booth, replacement.product) == (sale.sold_at, booth, batik)
    assert Sale.objects.filter(reverses=sale).exists()
    assert officer_client.get(desk_url(booth)).context["totals"]["revenue"] == 300_000


def test_sales_desk_correction_after_the_fair_can_still_put_the_sale_right(officer_client, prison, officer):
    # Found by two probes: after the fair's days the correction went through, the right sale
    # could no longer be recorded ("hanya dapat dicatat pada tanggal tersebut"), and the booth's
    # revenue stayed short.
    from django.utils import timezone as tz

    today = tz.localdate()
    exhibition = factories.make_exhibition(
        start_date=today - datetime.timedelta(days=10), end_date=today - datetime.timedelta(days=7)
    )
    delegation = factories.make_delegation(exhibition=exhibition, prison=prison, status=Delegation.Status.ACCEPTED)
    booth = make_booth(delegation=delegation, code="A-01")
    product = factories.make_product(prison=prison, price=350_000)
    delegation.products.add(product)
    moment = datetime.datetime.combine(
        today - datetime.timedelta(days=8), datetime.time(11, 0), tzinfo=exhibition.tzinfo
    )
    sale = factories.make_sale(delegation=delegation, booth=booth, product=product, quantity=2, sold_at=moment,
                               idempotency_key=uuid.uuid4(), recorded_by=officer)
    key = str(uuid.uuid4())

    first = _correct_and_record(officer_client, booth, sale, key=key)
    again = _correct_and_record(officer_client, booth, sale, key=key)  # sent twice: stored once

    assert (first.status_code, again.status_code) == (302, 302)
    assert Sale.objects.filter(reverses=sale).count() == 1
    replacement = Sale.objects.get(reverses__isnull=True, quantity=1)
    assert (replacement.sold_at, replacement.unit_price) == (moment, 300_000)
    assert Sale.objects.count() == 3


def test_sales_desk_correction_with_a_refused_right_sale_changes_nothing(officer_client, booth, batik, officer):
    sale = record(booth=booth, user=officer, product=batik, quantity=2)

    response = _correct_and_record(officer_client, booth, sale, quantity="0", unit_price="-5")

    assert response.status_code == 400
    form = response.context["form"]
    assert set(form.errors) == {"quantity", "unit_price"}
    assert "is-invalid" in response.content.decode()
    assert Sale.objects.count() == 1  # not even the reversal


def test_sales_desk_correction_only_ignores_the_boxes(officer_client, booth, batik, officer):
    sale = record(booth=booth, user=officer, product=batik, quantity=2)
    url = reverse("portal:sales-desk-reverse", args=[booth.pk, sale.pk])

    response = officer_client.post(url, {"idempotency_key": str(uuid.uuid4()), "quantity": "abc", "unit_price": ""})

    assert response.status_code == 302
    assert list(Sale.objects.filter(reverses__isnull=True)) == [sale]
    assert Sale.objects.filter(reverses=sale).exists()


def test_a_booth_given_to_another_delegation_shows_its_officers_none_of_the_old_sales(
    officer_client, booth, batik, officer, exhibition, staff_user
):
    # Found by an attacker probe: the new holder's officers saw and could correct the sales of
    # the delegation that held the booth before, and a correction with the right sale booked it
    # to the new holder.
    sale = record(booth=booth, user=officer, product=batik, quantity=2)
    tangerang = factories.make_prison(name="Lapas Perempuan Tangerang")
    newcomer = factories.make_delegation(exhibition=exhibition, prison=tangerang, status=Delegation.Status.ACCEPTED)
    newcomer.products.add(batik)
    booth.delegation = newcomer
    booth.save()
    their_officer = Client()
    their_officer.force_login(factories.make_officer(prison=tangerang))

    desk = their_officer.get(desk_url(booth))
    correction = their_officer.get(reverse("portal:sales-desk-reverse", args=[booth.pk, sale.pk]))

    assert desk.status_code == 200 and "Kain Batik Tulis Parang" not in "".join(
        entry.product.name for entry in desk.context["sales"]
    )
    assert correction.status_code == 404

    from exhibitions.services import sale_correct

    _reversal, replacement = sale_correct(
        sale=sale, user=staff_user, idempotency_key=uuid.uuid4(), quantity=1, unit_price=300_000, payment_method="cash"
    )
    assert replacement.delegation == sale.delegation  # the sale's own, not the booth's new holder


def test_sales_desk_correction_asks_before_a_price_far_from_the_catalogue(officer_client, booth, batik, officer):
    sale = record(booth=booth, user=officer, product=batik, quantity=1)

    asked = _correct_and_record(officer_client, booth, sale, unit_price="Rp 3.500.000,-")

    assert asked.status_code == 400
    assert "jauh dari harga katalog Rp 350.000" in asked.content.decode()
    assert 'name="price_confirmed"' in asked.content.decode()
    assert Sale.objects.count() == 1
    confirmed = _correct_and_record(officer_client, booth, sale, unit_price="Rp 3.500.000,-", price_confirmed="1")
    assert confirmed.status_code == 302
    assert Sale.objects.filter(unit_price=3_500_000, reverses__isnull=True).count() == 1


def test_sales_desk_correction_sent_again_with_other_values_says_it_was_recorded_before(
    officer_client, booth, batik, officer
):
    sale = record(booth=booth, user=officer, product=batik, quantity=2)
    key = str(uuid.uuid4())
    _correct_and_record(officer_client, booth, sale, key=key, quantity="1")

    again = _correct_and_record(officer_client, booth, sale, key=key, quantity="3")
    page = officer_client.get(desk_url(booth)).content.decode()

    assert again.status_code == 302
    assert "Koreksi ini sudah tercatat sebelumnya: 1 × Kain Batik Tulis Parang" in page
    assert Sale.objects.count() == 3


def test_a_closed_exhibition_s_correction_page_offers_no_form(officer_client, booth, batik, officer, exhibition):
    sale = record(booth=booth, user=officer, product=batik, quantity=2)
    type(exhibition).objects.filter(pk=exhibition.pk).update(closed_at=timezone.now())

    page = officer_client.get(reverse("portal:sales-desk-reverse", args=[booth.pk, sale.pk])).content.decode()

    assert "sudah ditutup; penjualan tidak dapat dicatat atau dikoreksi lagi" in page
    assert 'name="and_record"' not in page


def test_a_closed_exhibition_s_sales_list_offers_no_correction(officer_client, booth, batik, officer, exhibition):
    """Found by a ministry probe: every sale kept its "Koreksi" button after the close, and each
    one led to a refusal."""
    sale = record(booth=booth, user=officer, product=batik, quantity=2)
    reverse_url = reverse("portal:sales-desk-reverse", args=[booth.pk, sale.pk])
    desk = reverse("portal:sales-desk", args=[booth.pk]) + "?hari=semua"
    before = officer_client.get(desk).content.decode()
    type(exhibition).objects.filter(pk=exhibition.pk).update(closed_at=timezone.now())

    after = officer_client.get(desk).content.decode()

    assert f'href="{reverse_url}"' in before
    assert f'href="{reverse_url}"' not in after and "Kain Batik" in after


def test_sales_desk_correction_of_another_booths_sale_is_not_found(officer_client, booth, other_booth, staff_user):
    foreign = record(booth=other_booth, user=staff_user)

    url = reverse("portal:sales-desk-reverse", args=[booth.pk, foreign.pk])

    assert officer_client.get(url).status_code == 404
    assert officer_client.post(url, {"idempotency_key": str(uuid.uuid4())}).status_code == 404
    assert Sale.objects.count() == 1


def test_sales_desk_correction_twice_shows_the_reason(officer_client, booth, batik, officer):
    sale = record(booth=booth, user=officer, product=batik)
    url = reverse("portal:sales-desk-reverse", args=[booth.pk, sale.pk])
    officer_client.post(url, {"idempotency_key": str(uuid.uuid4())})

    response = officer_client.post(url, {"idempotency_key": str(uuid.uuid4())}, follow=True)

    assert "Penjualan ini sudah dikoreksi." in response.content.decode()
    assert Sale.objects.count() == 2


# --- The list of booths ----------------------------------------------------------------------


def test_sales_desk_list_shows_the_officers_own_booths_only(officer_client, booth, other_booth):
    response = officer_client.get(reverse("portal:sales-desk-list"))

    assert [b.pk for b in response.context["booths"]] == [booth.pk]
    html = response.content.decode()
    assert desk_url(booth) in html
    assert desk_url(other_booth) not in html


def test_an_officers_till_list_puts_today_first_then_coming_then_past(officer_client, booth, prison):
    """Newest first put next year's exhibition above the one running today."""
    def at(start: datetime.date, code: str):
        shown = factories.make_exhibition(start_date=start, end_date=start + datetime.timedelta(days=3))
        return make_booth(exhibition=shown, prison=prison, code=code)

    today = timezone.localdate()
    far, soon = at(today + datetime.timedelta(days=400), "F-01"), at(today + datetime.timedelta(days=30), "S-01")
    last_year, long_ago = at(today - datetime.timedelta(days=300), "L-01"), at(today - datetime.timedelta(days=900), "O-01")

    response = officer_client.get(reverse("portal:sales-desk-list"))

    assert [b.pk for b in response.context["booths"]] == [booth.pk, soon.pk, far.pk, last_year.pk, long_ago.pk]
    html = response.content.decode()
    assert html.index(desk_url(booth)) < html.index(desk_url(soon)) < html.index(desk_url(last_year))


def test_sales_desk_list_shows_staff_the_booths_of_the_chosen_exhibition(staff_client, booth, other_booth, prison):
    elsewhere = make_booth(exhibition=factories.make_exhibition(), prison=prison, code="Z-01")

    default = staff_client.get(reverse("portal:sales-desk-list"))
    chosen = staff_client.get(reverse("portal:sales-desk-list"), {"pameran": elsewhere.exhibition_id})

    assert sorted(b.pk for b in default.context["booths"]) == sorted([booth.pk, other_booth.pk])
    assert [b.pk for b in chosen.context["booths"]] == [elsewhere.pk]


def test_staff_till_list_opens_on_the_exhibition_running_today(staff_client, booth, prison, exhibition):
    """Found by a probe: it opened on an exhibition starting next year, not the one running."""
    later = factories.make_exhibition(start_date=datetime.date(2099, 2, 1), end_date=datetime.date(2099, 2, 4))
    make_booth(exhibition=later, prison=prison, code="L-01")
    exhibition.is_published = False  # a till is not a public page: published or not
    exhibition.save(update_fields=["is_published"])

    response = staff_client.get(reverse("portal:sales-desk-list"))
    assert response.context["exhibition"] == exhibition
    assert [b.pk for b in response.context["booths"]] == [booth.pk]


def test_a_desk_outside_the_sales_days_reads_no_product(officer_client, booth, batik, exhibition):
    """Before the first day and after closing the desk shows its status, not the product tiles;
    it does not read the prison's products either (a big prison has thousands)."""
    exhibition.closed_at = timezone.now()
    exhibition.save(update_fields=["closed_at"])

    with CaptureQueriesContext(connection) as queries:
        response = officer_client.get(desk_url(booth))

    assert response.status_code == 200
    assert response.context["products"] == []
    assert batik.name not in response.content.decode()
    assert not [q["sql"] for q in queries.captured_queries if "products_productimage" in q["sql"]]


# --- Looking back: other days and the whole exhibition ---------------------------------------


def _sales_over_two_days(booth, batik, officer):
    yesterday = timezone.now() - datetime.timedelta(days=1)
    record(booth=booth, user=officer, product=batik, quantity=1, unit_price=300_000, sold_at=yesterday)
    record(booth=booth, user=officer, product=batik, quantity=2, unit_price=350_000)
    record(booth=booth, user=officer, product=batik, quantity=1, unit_price=350_000)
    return yesterday.astimezone(booth.exhibition.tzinfo).date()


def test_sales_desk_lists_another_day_without_the_form(officer_client, booth, batik, officer):
    yesterday = _sales_over_two_days(booth, batik, officer)

    today_page = officer_client.get(desk_url(booth))
    assert len(today_page.context["sales"]) == 2
    assert today_page.context["totals"]["revenue"] == 1_050_000
    # Today's desk links to the recap rather than drawing it: the desk's own script updates
    # today's totals after each sale, a recap beside them would go stale (found by a probe).
    assert 'href="?hari=semua"' in today_page.content.decode()
    assert "sales-days-table" not in today_page.content.decode()
    recap = officer_client.get(desk_url(booth), {"hari": "semua"})
    days = {row["day"]: row for row in recap.context["days"]}
    assert days[yesterday]["revenue"] == 300_000 and days[yesterday]["sale_count"] == 1
    assert f'href="?hari={yesterday:%Y-%m-%d}"' in recap.content.decode()

    response = officer_client.get(desk_url(booth), {"hari": yesterday.isoformat()})
    html = response.content.decode()
    assert [sale.unit_price for sale in response.context["sales"]] == [300_000]
    assert response.context["totals"]["revenue"] == 300_000
    assert 'id="sales-form"' not in html
    assert "Kembali ke kasir hari ini" in html
    assert "Pendapatan " in html and "Pendapatan hari ini" not in html
    # The header's date is today's, said so while another day is shown.
    assert 'class="sales-meta">Hari ini: ' in html
    assert 'class="sales-meta">Hari ini: ' not in today_page.content.decode()


def test_sales_desk_shows_the_whole_exhibition(officer_client, booth, batik, officer):
    _sales_over_two_days(booth, batik, officer)

    response = officer_client.get(desk_url(booth), {"hari": "semua"})
    assert len(response.context["sales"]) == 3
    assert response.context["totals"]["revenue"] == 1_350_000
    assert response.context["days_total"]["revenue"] == 1_350_000
    assert "Pendapatan selama pameran" in response.content.decode()
    # Each sale names its day (found by a ministry probe: times alone, of several days).
    from django.utils.formats import date_format

    html = response.content.decode()
    for sale in response.context["sales"]:
        local = sale.sold_at.astimezone(booth.exhibition.tzinfo)
        assert f'<span class="sales-entry-time">{date_format(local, "D j M")}<br>' in html
    assert "<br>" not in officer_client.get(desk_url(booth)).content.decode().split('id="sales-list"')[1].split("</ul>")[0]


def test_a_closed_exhibitions_desk_opens_on_the_whole_exhibition(officer_client, booth, batik, officer, exhibition):
    _sales_over_two_days(booth, batik, officer)
    exhibition.closed_at = timezone.now()
    exhibition.save(update_fields=["closed_at"])

    response = officer_client.get(desk_url(booth))
    html = response.content.decode()
    assert len(response.context["sales"]) == 3
    assert "Rp 1.350.000" in html
    assert "Penjualan selama pameran" in html
    assert 'id="sales-form"' not in html


@pytest.mark.parametrize("asked", ["kemarin", "2000-01-01", "2018-02-30", "9" * 40])
def test_sales_desk_ignores_a_day_it_cannot_use(officer_client, booth, batik, officer, asked):
    _sales_over_two_days(booth, batik, officer)

    response = officer_client.get(desk_url(booth), {"hari": asked})
    assert response.status_code == 200
    assert len(response.context["sales"]) == 2  # today's, as without the parameter
    assert 'id="sales-form"' in response.content.decode()


def test_sales_desk_of_another_day_keeps_its_query_count(officer_client, booth, batik, officer):
    yesterday = _sales_over_two_days(booth, batik, officer)
    with CaptureQueriesContext(connection) as few:
        officer_client.get(desk_url(booth), {"hari": yesterday.isoformat()})
    for _ in range(5):
        record(booth=booth, user=officer, product=batik, sold_at=timezone.now() - datetime.timedelta(days=1))
    with CaptureQueriesContext(connection) as many:
        response = officer_client.get(desk_url(booth), {"hari": yesterday.isoformat()})
    assert len(response.context["sales"]) == 6
    assert len(many) == len(few)


def test_looking_back_at_another_prisons_booth_is_not_found(officer_client, other_booth):
    for asked in ("semua", other_booth.exhibition.start_date.isoformat()):
        assert officer_client.get(desk_url(other_booth), {"hari": asked}).status_code == 404


@pytest.mark.parametrize("extra", ["ministry_staff", "superuser"])
def test_an_officer_holding_a_staff_role_records_sales_only_at_their_own_prison(exhibition, other_prison, extra):
    """Found by a review: an account with the officer role and the ministry staff role (or a
    superuser's flag) opened, and recorded sales at, every prison's booth."""
    from django.contrib.auth.models import Group
    from django.test import Client

    officer = factories.make_officer(is_staff=True, is_superuser=extra == "superuser")
    if extra == "ministry_staff":
        officer.groups.add(Group.objects.get(name=roles.MINISTRY_STAFF))
    theirs = make_booth(exhibition=exhibition, prison=other_prison, code="B-09")
    product = factories.make_product(prison=other_prison)
    client = Client()
    client.force_login(officer)

    assert client.get(desk_url(theirs)).status_code == 404
    assert post_json(client, record_url(theirs), entry(product)).status_code == 404
    assert not Sale.objects.exists()
    assert client.get("/admin/").status_code == 302  # the back office is not an officer's
