"""Ditjen PAS (corrections staff) never answers buyers, so it never reads who they are: no
inquiry, no answer sent to one, no list of buyers in the exhibition report (data minimisation,
``inmates.roles.ROLE_WITHHELD``). The ministry, who answers them, still reads everything."""

import pytest
from django.contrib.auth.models import Group

from exhibitions.models import Inquiry, InquiryReply
from inmates import roles
from tests import factories
from tests.admin_helpers import admin_url

pytestmark = pytest.mark.django_db

BUYER = {"buyer_name": "Hendra Gunawan", "email": "hendra.gunawan@hotel.example", "phone": "0812 7777 1234"}


@pytest.fixture
def inquiry():
    exhibition = factories.make_exhibition()
    inquiry = factories.make_inquiry(exhibition=exhibition, organisation="Hotel Melati", **BUYER)
    InquiryReply.objects.create(inquiry=inquiry, body="Terima kasih, Pak Hendra Gunawan.")
    return inquiry


def _shows_the_buyer(response) -> bool:
    content = b"".join(response.streaming_content) if response.streaming else response.content
    return any(value.encode() in content for value in BUYER.values())


def test_corrections_staff_have_no_permission_on_inquiries_and_answers():
    granted = set(Group.objects.get(name=roles.CORRECTIONS_STAFF).permissions.values_list("codename", flat=True))

    assert {"view_inquiry", "view_inquiryreply", "change_inquiry"} & granted == set()
    assert {"view_exhibition", "view_sale", "view_visitorfeedback", "change_prison"} <= granted


def test_corrections_staff_cannot_open_an_inquiry_or_its_answers(corrections_client, inquiry):
    reply = inquiry.replies.get()
    pages = [
        admin_url(Inquiry, "changelist"),
        admin_url(Inquiry, "change", inquiry.pk),
        admin_url(Inquiry, "history", inquiry.pk),
        admin_url(Inquiry, "answer", inquiry.pk),
        admin_url(InquiryReply, "changelist"),
        admin_url(InquiryReply, "change", reply.pk),
        admin_url(Inquiry, "changelist") + "?format=csv",
    ]

    answers = [corrections_client.get(url) for url in pages]

    assert [(response.status_code, _shows_the_buyer(response)) for response in answers] == [(403, False)] * len(pages)


def test_the_exhibition_report_lists_no_buyers_for_corrections_staff(corrections_client, inquiry):
    url = admin_url(inquiry.exhibition, "report", inquiry.exhibition.pk)

    page = corrections_client.get(url)
    workbook = corrections_client.get(url + "?table=semua")
    buyers = corrections_client.get(url + "?table=inquiry_list&format=csv")

    assert page.status_code == 200 and not _shows_the_buyer(page)
    assert "inquiry_list" not in [table.name for table in page.context["report"].sections]
    assert page.context["report"].tables["inquiries"].footer == ["Jumlah", 1]  # the count stays
    assert workbook.status_code == 200 and not _shows_the_buyer(workbook)
    assert buyers.status_code == 404


def test_ministry_staff_still_read_the_buyers(staff_client, inquiry):
    report = staff_client.get(admin_url(inquiry.exhibition, "report", inquiry.exhibition.pk))
    change = staff_client.get(admin_url(Inquiry, "change", inquiry.pk))

    assert (report.status_code, change.status_code) == (200, 200)
    assert b"Hendra Gunawan" in report.content
    assert all(value.encode() in change.content for value in BUYER.values())
