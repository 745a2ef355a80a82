"""Market-trial sales: who may record them, the exhibition's dates in the venue's zone, the
idempotency key (a retried entry is stored once, also when two arrive at once), corrections as
reversing entries, and the exact revenue split."""

import datetime
import re
import threading
import uuid
import zoneinfo

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection, connections
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from hypothesis import given, settings
from hypothesis import strategies as st

from exhibitions.models import Delegation, Sale
from exhibitions.money import sale_shares, split_amount
from exhibitions.selectors import sale_totals
from exhibitions.services import sale_record, sale_reverse
from inmates import roles
from tests import factories
from tests.exhibitions.sales_helpers import make_booth, make_running_exhibition, record

WIB = zoneinfo.ZoneInfo("Asia/Jakarta")
WIT = zoneinfo.ZoneInfo("Asia/Jayapura")


def _at(year, month, day, hour, minute=0, zone=WIB):
    return datetime.datetime(year, month, day, hour, minute, tzinfo=zone)


@pytest.fixture
def booth(prison):
    # The 2018 exhibition (3-6 April, WIB), a booth of the prison's accepted delegation.
    exhibition = factories.make_exhibition(share_inmate_pct=50, share_pnbp_pct=30, share_programme_pct=20)
    delegation = factories.make_delegation(exhibition=exhibition, prison=prison, status=Delegation.Status.ACCEPTED)
    return make_booth(delegation=delegation, code="A-01")


@pytest.fixture
def batik(booth, prison):
    product = factories.make_product(prison=prison, name="Batik Tulis Parang", price=350_000)
    booth.delegation.products.add(product)
    return product


DURING = _at(2018, 4, 4, 10, 30)


# --- Who may record --------------------------------------------------------------------------


def test_sale_record_by_staff_stores_the_sale_with_its_split(booth, batik, staff_user):
    key = uuid.uuid4()

    sale = sale_record(
        booth=booth, product=batik, quantity=3, unit_price=333_333, payment_method="qris",
        user=staff_user, idempotency_key=key, sold_at=DURING,
    )

    stored = Sale.objects.get()
    assert stored.pk == sale.pk
    assert sale.created_now is True
    assert (stored.exhibition_id, stored.delegation_id, stored.booth_id, stored.product_id) == (
        booth.exhibition_id, booth.delegation_id, booth.pk, batik.pk
    )
    assert (stored.quantity, stored.unit_price, stored.payment_method) == (3, 333_333, "qris")
    assert stored.recorded_by == staff_user
    assert stored.idempotency_key == key
    assert stored.sold_at == DURING
    # 999,999 split 50/30/20: 499,999.5 / 299,999.7 / 199,999.8 -> the two rupiah left over go to
    # the largest remainders (programme .8, PNBP .7).
    assert (stored.share_inmate, stored.share_pnbp, stored.share_programme) == (499_999, 300_000, 200_000)
    assert stored.share_inmate + stored.share_pnbp + stored.share_programme == 999_999


def test_sale_record_by_the_booths_own_officer_is_allowed(booth, batik, officer):
    sale = record(booth=booth, user=officer, product=batik, sold_at=DURING)

    assert Sale.objects.get().recorded_by == officer
    assert sale.booth_id == booth.pk


def test_sale_record_by_another_prisons_officer_is_denied(booth, batik, other_prison):
    stranger = factories.make_officer(prison=other_prison)

    with pytest.raises(PermissionDenied):
        record(booth=booth, user=stranger, product=batik, sold_at=DURING)

    assert Sale.objects.count() == 0


@pytest.mark.parametrize("role", [roles.JURY, roles.CORRECTIONS_STAFF, None])
def test_sale_record_by_juror_corrections_staff_or_visitor_is_denied(booth, batik, role):
    user = factories.make_user(role=role)

    with pytest.raises(PermissionDenied):
        record(booth=booth, user=user, product=batik, sold_at=DURING)

    assert Sale.objects.count() == 0


def test_sale_record_at_a_kanwil_booth_is_for_staff_only(officer, staff_user):
    exhibition = factories.make_exhibition()
    kanwil = factories.make_delegation(
        exhibition=exhibition, prison=None, region=officer.officer_profile.prison.region,
        status=Delegation.Status.ACCEPTED,
    )
    booth = make_booth(delegation=kanwil)
    product = factories.make_product(prison=officer.officer_profile.prison)
    kanwil.products.add(product)

    with pytest.raises(PermissionDenied):
        record(booth=booth, user=officer, product=product, sold_at=DURING)
    record(booth=booth, user=staff_user, product=product, sold_at=DURING)

    assert Sale.objects.count() == 1


# --- What may be recorded --------------------------------------------------------------------


@pytest.mark.parametrize(
    "sold_at", [_at(2018, 4, 2, 16), _at(2018, 4, 7, 9), _at(2018, 4, 6, 23, 59) + datetime.timedelta(minutes=1)]
)
def test_sale_record_outside_the_exhibition_dates_is_rejected_with_a_clear_message(booth, batik, staff_user, sold_at):
    with pytest.raises(ValidationError) as error:
        record(booth=booth, user=staff_user, product=batik, sold_at=sold_at)

    message = error.value.message_dict["sold_at"][0]
    assert "hanya dapat dicatat selama pameran berlangsung, 3 April 2018 sampai 6 April 2018" in message
    assert "di luar tanggal pameran" in message
    assert Sale.objects.count() == 0


def test_sale_record_dates_are_judged_in_the_venues_zone(prison, staff_user):
    # Jayapura (WIT) is two hours ahead of Jakarta.
    exhibition = factories.make_exhibition(timezone="Asia/Jayapura")
    booth = make_booth(exhibition=exhibition, prison=prison)
    product = factories.make_product(prison=prison)

    # 2 April 23:30 in Jakarta is already 3 April, 01:30 in Jayapura: the first day.
    record(booth=booth, user=staff_user, product=product, sold_at=_at(2018, 4, 2, 23, 30))
    # 6 April 23:30 in Jakarta is 7 April in Jayapura: after the exhibition.
    with pytest.raises(ValidationError) as error:
        record(booth=booth, user=staff_user, product=product, sold_at=_at(2018, 4, 6, 23, 30))

    assert Sale.objects.count() == 1
    assert "7 April 2018, 01.30 WIT" in error.value.message_dict["sold_at"][0]


def test_sale_record_in_the_future_is_rejected(prison, staff_user):
    booth = make_booth(exhibition=make_running_exhibition(), prison=prison)

    with pytest.raises(ValidationError) as error:
        record(booth=booth, user=staff_user, sold_at=timezone.now() + datetime.timedelta(hours=1))

    assert "belum terjadi" in error.value.message_dict["sold_at"][0]
    assert Sale.objects.count() == 0


def test_sale_record_now_during_a_running_exhibition_is_stored(prison, officer):
    booth = make_booth(exhibition=make_running_exhibition(), prison=prison)

    sale = record(booth=booth, user=officer)

    assert abs(Sale.objects.get(pk=sale.pk).sold_at - timezone.now()) < datetime.timedelta(minutes=1)


def test_sale_record_of_a_product_not_sold_at_the_booth_is_rejected(booth, staff_user, other_prison):
    elsewhere = factories.make_product(prison=other_prison)

    with pytest.raises(ValidationError) as error:
        record(booth=booth, user=staff_user, product=elsewhere, sold_at=DURING)

    assert error.value.message_dict["product"] == ["Pilih produk yang dijual di stan ini."]
    assert Sale.objects.count() == 0


def test_sale_record_of_another_prisons_product_shown_by_the_delegation_is_allowed(booth, staff_user, other_prison):
    shown = factories.make_product(prison=other_prison)
    booth.delegation.products.add(shown)

    record(booth=booth, user=staff_user, product=shown, sold_at=DURING)

    assert Sale.objects.get().product == shown


def test_sale_record_of_an_own_prisons_product_not_listed_is_allowed(booth, staff_user, prison):
    brought_along = factories.make_product(prison=prison)

    record(booth=booth, user=staff_user, product=brought_along, sold_at=DURING)

    assert Sale.objects.get().product == brought_along


@pytest.mark.parametrize(
    "changes, field",
    [
        ({"quantity": 0}, "quantity"),
        ({"quantity": 10_000}, "quantity"),
        ({"unit_price": -1}, "unit_price"),
        ({"unit_price": 10**12 + 1}, "unit_price"),
        ({"payment_method": "barter"}, "payment_method"),
    ],
)
def test_sale_record_invalid_figures_are_rejected(booth, batik, staff_user, changes, field):
    values = {"quantity": 1, "unit_price": 1000, "payment_method": "cash", **changes}

    with pytest.raises(ValidationError) as error:
        sale_record(booth=booth, product=batik, user=staff_user, idempotency_key=uuid.uuid4(), sold_at=DURING, **values)

    assert list(error.value.message_dict) == [field]
    assert Sale.objects.count() == 0


def test_sale_record_at_a_booth_of_a_delegation_not_accepted_is_rejected(booth, batik, staff_user):
    Delegation.objects.filter(pk=booth.delegation_id).update(status=Delegation.Status.WITHDRAWN)
    booth.delegation.refresh_from_db()

    with pytest.raises(ValidationError) as error:
        record(booth=booth, user=staff_user, product=batik, sold_at=DURING)

    assert error.value.code == "no_delegation"


def test_sale_record_after_the_exhibition_is_closed_is_rejected(booth, batik, staff_user):
    booth.exhibition.closed_at = timezone.now()
    booth.exhibition.save(update_fields=["closed_at"])

    with pytest.raises(ValidationError) as error:
        record(booth=booth, user=staff_user, product=batik, sold_at=DURING)

    assert "sudah ditutup" in error.value.messages[0]
    assert Sale.objects.count() == 0


# --- Idempotency -----------------------------------------------------------------------------


def test_sale_record_same_key_twice_stores_one_sale(booth, batik, officer):
    key = uuid.uuid4()

    first = record(booth=booth, user=officer, product=batik, quantity=2, sold_at=DURING, key=key)
    again = record(booth=booth, user=officer, product=batik, quantity=2, sold_at=DURING, key=str(key))

    assert Sale.objects.count() == 1
    assert again.pk == first.pk
    assert (first.created_now, again.created_now) == (True, False)
    assert sale_totals(Sale.objects.all())["revenue"] == 700_000


def test_sale_record_same_key_returns_the_stored_sale_even_after_the_exhibition(booth, batik, officer):
    key = uuid.uuid4()
    first = record(booth=booth, user=officer, product=batik, sold_at=DURING, key=key)

    # The retry arrives days later: the entry was stored already, so it is not an error.
    again = record(booth=booth, user=officer, product=batik, sold_at=_at(2018, 4, 9, 10), key=key)

    assert again.pk == first.pk
    assert Sale.objects.count() == 1


def test_sale_record_key_of_another_booths_sale_is_rejected(booth, batik, staff_user, prison):
    key = uuid.uuid4()
    record(booth=booth, user=staff_user, product=batik, sold_at=DURING, key=key)
    other_booth = make_booth(exhibition=booth.exhibition, prison=factories.make_prison())

    with pytest.raises(ValidationError) as error:
        record(booth=other_booth, user=staff_user, sold_at=DURING, key=key)

    assert error.value.message_dict == {"idempotency_key": ["Kunci entri ini sudah dipakai untuk catatan lain."]}
    assert Sale.objects.count() == 1


def test_sale_record_invalid_key_is_rejected(booth, batik, staff_user):
    with pytest.raises(ValidationError) as error:
        record(booth=booth, user=staff_user, product=batik, sold_at=DURING, key="not-a-uuid")

    assert "idempotency_key" in error.value.message_dict


@pytest.mark.django_db(transaction=True)
def test_sale_record_concurrent_retries_with_one_key_store_one_sale(prison):
    if connection.vendor != "postgresql":
        pytest.skip("SQLite serialises every write: concurrent inserts need PostgreSQL (CI runs it)")
    staff = factories.make_user(role=roles.MINISTRY_STAFF)
    exhibition = factories.make_exhibition()
    booth = make_booth(exhibition=exhibition, prison=prison)
    product = factories.make_product(prison=prison)
    key = uuid.uuid4()
    workers = 6
    barrier = threading.Barrier(workers)
    results, errors = [], []

    def send():
        try:
            barrier.wait(timeout=10)
            sale = sale_record(
                booth=booth, product=product, quantity=1, unit_price=50_000, payment_method="cash",
                user=staff, idempotency_key=key, sold_at=DURING,
            )
            results.append(sale.pk)
        except Exception as exc:  # noqa: BLE001 - reported below
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=send) for _ in range(workers)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)

    assert errors == []
    assert Sale.objects.filter(idempotency_key=key).count() == 1
    assert len(results) == workers and len(set(results)) == 1


# --- Corrections -----------------------------------------------------------------------------


def test_sale_reverse_keeps_the_original_and_totals_net_out(booth, batik, officer):
    kept = record(booth=booth, user=officer, product=batik, quantity=1, sold_at=DURING)
    wrong = record(booth=booth, user=officer, product=batik, quantity=4, unit_price=123_457, sold_at=DURING)
    before = Sale.objects.values().get(pk=wrong.pk)

    reversal = sale_reverse(sale=wrong, user=officer, idempotency_key=uuid.uuid4())

    assert Sale.objects.count() == 3
    assert Sale.objects.values().get(pk=wrong.pk) == before
    assert reversal.reverses_id == wrong.pk
    assert (reversal.product_id, reversal.quantity, reversal.unit_price, reversal.booth_id, reversal.payment_method) == (
        wrong.product_id, wrong.quantity, wrong.unit_price, wrong.booth_id, wrong.payment_method
    )
    assert (reversal.share_inmate, reversal.share_pnbp, reversal.share_programme) == (
        wrong.share_inmate, wrong.share_pnbp, wrong.share_programme
    )
    assert reversal.sold_at == wrong.sold_at
    assert reversal.recorded_by == officer
    totals = sale_totals(Sale.objects.all())
    assert totals == {
        "revenue": 350_000,
        "items": 1,
        "share_inmate": kept.share_inmate,
        "share_pnbp": kept.share_pnbp,
        "share_programme": kept.share_programme,
        "sale_count": 1,
        "entry_count": 3,
    }


def test_sale_reverse_twice_is_rejected_and_the_same_key_returns_the_reversal(booth, batik, staff_user):
    sale = record(booth=booth, user=staff_user, product=batik, sold_at=DURING)
    key = uuid.uuid4()
    reversal = sale_reverse(sale=sale, user=staff_user, idempotency_key=key)

    again = sale_reverse(sale=sale, user=staff_user, idempotency_key=key)
    with pytest.raises(ValidationError) as error:
        sale_reverse(sale=sale, user=staff_user, idempotency_key=uuid.uuid4())

    assert again.pk == reversal.pk and again.created_now is False
    assert error.value.messages == ["Penjualan ini sudah dikoreksi."]
    assert Sale.objects.count() == 2


def test_sale_reverse_of_a_reversal_is_rejected(booth, batik, staff_user):
    sale = record(booth=booth, user=staff_user, product=batik, sold_at=DURING)
    reversal = sale_reverse(sale=sale, user=staff_user, idempotency_key=uuid.uuid4())

    with pytest.raises(ValidationError) as error:
        sale_reverse(sale=reversal, user=staff_user, idempotency_key=uuid.uuid4())

    assert error.value.messages == ["Koreksi tidak dapat dikoreksi lagi."]
    assert Sale.objects.count() == 2


def test_sale_reverse_by_another_prisons_officer_is_denied(booth, batik, officer, other_prison):
    sale = record(booth=booth, user=officer, product=batik, sold_at=DURING)

    with pytest.raises(PermissionDenied):
        sale_reverse(sale=sale, user=factories.make_officer(prison=other_prison), idempotency_key=uuid.uuid4())

    assert Sale.objects.count() == 1


def test_sale_totals_take_one_query_whatever_the_number_of_sales(booth, batik, staff_user):
    for _ in range(5):
        record(booth=booth, user=staff_user, product=batik, sold_at=DURING)

    with CaptureQueriesContext(connection) as queries:
        totals = sale_totals(Sale.objects.filter(booth=booth))

    assert len(queries) == 1
    assert totals["revenue"] == 5 * 350_000


# --- The split adds up exactly ---------------------------------------------------------------

percent_triples = st.integers(0, 100).flatmap(
    lambda a: st.integers(0, 100 - a).map(lambda b: (a, b, 100 - a - b))
)


@settings(max_examples=500, deadline=None)
@given(amount=st.integers(0, 10**12), percentages=percent_triples)
def test_split_amount_parts_add_up_exactly(amount, percentages):
    parts = split_amount(amount, percentages)

    assert sum(parts) == amount
    for part, pct in zip(parts, percentages, strict=True):
        exact = amount * pct / 100
        assert part >= 0
        assert amount * pct // 100 <= part <= amount * pct // 100 + 1
        assert abs(part - exact) < 1


def test_split_amount_adds_up_for_every_percentage_triple():
    amounts = [0, 1, 2, 99, 100, 101, 12_345, 999_999, 10**12 - 1, 10**12]
    triples = [(a, b, 100 - a - b) for a in range(101) for b in range(101 - a)]

    assert len(triples) == 5151
    failures = [(amount, t) for t in triples for amount in amounts if sum(split_amount(amount, t)) != amount]
    assert failures == []


@settings(max_examples=50, deadline=None)
@given(quantity=st.integers(1, 9_999), unit_price=st.integers(0, 10**8), percentages=percent_triples)
def test_sale_shares_satisfy_the_database_rule(quantity, unit_price, percentages):
    class Policy:
        share_inmate_pct, share_pnbp_pct, share_programme_pct = percentages

    shares = sale_shares(exhibition=Policy, quantity=quantity, unit_price=unit_price)

    assert shares["share_inmate"] == quantity * unit_price - shares["share_pnbp"] - shares["share_programme"]


# --- The back-office list ------------------------------------------------------------------


def test_admin_sales_list_reads_in_the_venue_zone_and_links_reversals(staff_client, prison, staff_user):
    from exhibitions.models import TimeZone
    from tests.admin_helpers import admin_url

    exhibition = factories.make_exhibition(timezone=TimeZone.WITA)
    delegation = factories.make_delegation(exhibition=exhibition, prison=prison, status=Delegation.Status.ACCEPTED)
    booth = make_booth(delegation=delegation, code="B-02")
    product = factories.make_product(prison=prison, name="Tas Anyaman", price=150_000)
    delegation.products.add(product)
    sold_at = datetime.datetime(2018, 4, 4, 2, 15, tzinfo=datetime.UTC)  # 10.15 in Makassar
    sale = record(booth=booth, user=staff_user, product=product, quantity=2, sold_at=sold_at)
    reversal = sale_reverse(sale=sale, user=staff_user, idempotency_key=uuid.uuid4())
    record(booth=booth, user=staff_user, product=product, sold_at=sold_at)  # neither

    response = staff_client.get(admin_url(Sale, "changelist"))

    content = response.content.decode()
    assert content.count("4 Apr 2018, 10.15 WITA") == 3
    assert ">total<" in content.lower() and "jumlah (rp)" not in content.lower()
    assert "Rp 300.000" in content and "-Rp 300.000" in content
    assert f'<a href="{admin_url(Sale, "change", sale.pk)}">membatalkan penjualan #{sale.pk}</a>' in content
    assert f'<a href="{admin_url(Sale, "change", reversal.pk)}">dibatalkan oleh #{reversal.pk}</a>' in content
    # The old column repeated the product and price of the row in its own words.
    cells = re.findall(r'<td class="field-reversal">(.*?)</td>', content)
    assert len(cells) == 3 and not any("Rp" in cell for cell in cells)
    # The sale's own page tells the same time as the list (it showed 09.15 WIB).
    page = staff_client.get(admin_url(Sale, "change", sale.pk)).content.decode()
    assert "4 Apr 2018, 10.15 WITA" in page and "09.15 WIB" not in page
