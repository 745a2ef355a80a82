"""The sales desk while the server cannot save (issue 8): the database is down, so the server
answers 503 ("not saved", config/outage.py), or a proxy in front answers 502 with its own HTML
page. Either way the phone keeps the sale in its queue and sends it once the server is back;
each sale is stored exactly once."""

import datetime
import json
import threading

import pytest
from django.db import OperationalError
from django.db.backends.utils import CursorWrapper
from django.utils import timezone
from playwright.sync_api import expect

from exhibitions.models import Booth, Delegation, Sale
from inmates import roles
from tests import factories

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "Rahasia-Etalase-2018"


@pytest.fixture
def booth():
    today = timezone.localdate()
    exhibition = factories.make_exhibition(
        start_date=today - datetime.timedelta(days=1), end_date=today + datetime.timedelta(days=2)
    )
    prison = factories.make_prison(name="Lapas Kelas I Cipinang", slug="lapas-cipinang")
    delegation = factories.make_delegation(
        exhibition=exhibition, prison=prison, name="Lapas Kelas I Cipinang", status=Delegation.Status.ACCEPTED
    )
    delegation.products.add(
        factories.make_product(prison=prison, name="Kain Batik Tulis Parang", price=350_000),
        factories.make_product(prison=prison, name="Kopi Bubuk Robusta", price=60_000),
    )
    return Booth.objects.create(exhibition=exhibition, delegation=delegation, code="A-07", zone="Hall A")


@pytest.fixture
def server_database_down(monkeypatch):
    """Queries made by the live server's threads fail as while PostgreSQL is down; the test's own
    (in the main thread) still work, to look at what was stored."""
    original = CursorWrapper.execute
    main = threading.main_thread()

    def execute(cursor, sql, params=None):
        if threading.current_thread() is not main:
            raise OperationalError("connection to server failed: Connection refused")
        return original(cursor, sql, params)

    def start():
        monkeypatch.setattr(CursorWrapper, "execute", execute)

    def stop():
        monkeypatch.setattr(CursorWrapper, "execute", original)

    return start, stop


def sell(page, product: str):
    page.locator(".sales-tile", has_text=product).click()
    page.get_by_role("button", name="Catat penjualan").click()


def test_sales_stay_queued_through_a_503_and_a_proxys_502_and_are_stored_once(
    live_server, page, booth, server_database_down
):
    start_outage, end_outage = server_database_down
    staff = factories.make_user(role=roles.MINISTRY_STAFF, username="staf", password=PASSWORD)
    desk = f"{live_server.url}/portal/stan/{booth.pk}/kasir/"
    page.goto(desk)
    page.get_by_label("Nama pengguna").fill("staf")
    page.get_by_label("Kata sandi").fill(PASSWORD)
    page.get_by_role("button", name="Masuk").click()
    expect(page).to_have_url(desk)
    page.wait_for_load_state("load")  # the desk's script runs after the URL changes

    # The database goes down: the server answers the sale with 503 JSON; the phone keeps it.
    statuses = []
    page.on("response", lambda response: "/kasir/catat/" in response.url and statuses.append(response.status))
    start_outage()
    sell(page, "Kain Batik Tulis Parang")
    expect(page.locator("#sales-feedback")).to_contain_text(
        "Server belum dapat dihubungi; dicoba lagi otomatis."
    )
    expect(page.locator("#sales-queue-count")).to_have_text("1 penjualan menunggu dikirim")
    assert 503 in statuses

    # A proxy in front answers with its own HTML error page: the sale is kept as well.
    page.route(
        "**/kasir/catat/",
        lambda route: route.fulfill(status=502, content_type="text/html", body="<h1>502 Bad Gateway</h1>"),
    )
    sell(page, "Kopi Bubuk Robusta")
    expect(page.locator("#sales-queue-count")).to_have_text("2 penjualan menunggu dikirim")
    assert Sale.objects.count() == 0
    queued = json.loads(page.evaluate(f"localStorage.getItem('etalase:sales-queue:{booth.pk}:u{staff.pk}')"))
    keys = sorted(entry["idempotency_key"] for entry in queued)
    assert len(set(keys)) == 2

    # Everything is back, without reloading the page: the queue empties, each sale stored once.
    page.unroute("**/kasir/catat/")
    end_outage()
    page.evaluate("window.dispatchEvent(new Event('online'))")
    # Sent at once, or by the next automatic retry (every 5 s) when a retry still in flight from
    # the outage made this one wait (seen once in CI under load).
    expect(page.locator("#sales-queue")).to_be_hidden(timeout=15_000)
    expect(page.locator(".sales-total-main")).to_contain_text("Rp 410.000")
    stored = Sale.objects.values_list("idempotency_key", flat=True)
    assert sorted(str(key) for key in stored) == keys
