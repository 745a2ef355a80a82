"""The aid a prison received, read-only in its officers' portal (found by a new user's probe:
officers could not see what the ministry had recorded as given to them)."""

import datetime

import pytest
from django.core.files.base import ContentFile
from django.db import connection
from django.test.utils import CaptureQueriesContext

from programs.models import Aid

pytestmark = pytest.mark.django_db

URL = "/portal/bantuan/"


def make_aid(prison, **kwargs) -> Aid:
    kwargs.setdefault("kind", Aid.Kind.EQUIPMENT)
    kwargs.setdefault("items", "Mesin jahit portabel")
    kwargs.setdefault("quantity", 5)
    kwargs.setdefault("value", 12_500_000)
    kwargs.setdefault("given_on", datetime.date(2018, 3, 1))
    return Aid.objects.create(prison=prison, **kwargs)


def test_officers_see_their_prisons_aid_with_its_value_and_handover_record(officer_client, prison, other_prison):
    mine = make_aid(prison)
    mine.handover_document.save("ba.pdf", ContentFile(b"%PDF-1.4 berita acara"))
    make_aid(prison, kind=Aid.Kind.MANAGEMENT, items="Pendampingan pemasaran", quantity=1, value=3_000_000)
    make_aid(other_prison, items="Alat tenun bukan mesin", value=99_000_000)

    page = officer_client.get(URL).content.decode()

    assert "Mesin jahit portabel" in page and "Pendampingan pemasaran" in page
    assert "Alat tenun bukan mesin" not in page and "99.000.000" not in page
    assert "Rp 12.500.000" in page
    assert "2 bantuan, senilai Rp 15.500.000" in page
    assert "1 Maret 2018" in page
    assert mine.handover_document.url in page
    assert officer_client.get(mine.handover_document.url).status_code == 200


def test_another_prisons_handover_record_is_not_found(officer_client, other_prison):
    theirs = make_aid(other_prison)
    theirs.handover_document.save("ba.pdf", ContentFile(b"%PDF-1.4 berita acara"))

    assert officer_client.get(theirs.handover_document.url).status_code == 404


def test_no_aid_yet_says_who_records_it(officer_client):
    assert "dicatat staf Kemenperin saat diserahkan" in officer_client.get(URL).content.decode()


def test_the_aid_page_is_in_the_menu_and_its_queries_do_not_grow(officer_client, prison):
    make_aid(prison)
    officer_client.get(URL)
    with CaptureQueriesContext(connection) as few:
        first = officer_client.get(URL)
    for number in range(20):
        make_aid(prison, items=f"Barang {number}")
    with CaptureQueriesContext(connection) as many:
        officer_client.get(URL)

    assert len(many) == len(few)
    assert URL in [item["url"] for item in first.context["portal_menu"]]


def test_visitors_and_jurors_do_not_see_it(client):
    response = client.get(URL)
    assert response.status_code == 302 and "/masuk/" in response["Location"]
