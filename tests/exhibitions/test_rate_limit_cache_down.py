"""The public forms keep working when the cache that counts their rate limit is down (a Redis that
went away): the inquiry or rating is saved and the outage is logged, never a server error."""

import datetime
import logging

import pytest
from django.urls import reverse
from django.utils import timezone

from exhibitions import services
from exhibitions.models import Booth, Delegation, Inquiry, VisitorFeedback
from tests import factories

pytestmark = pytest.mark.django_db

INQUIRY = {
    "buyer_name": "Ibu Ratna",
    "organisation": "Hotel Melati Jakarta",
    "email": "ratna@hotelmelati.example",
    "phone": "",
    "quantity": "40",
    "message": "Kami ingin memesan 40 taplak.",
}


class CacheDown:
    """A cache whose server does not answer."""

    def _fail(self, *args, **kwargs):
        raise ConnectionError("Error 111 connecting to 127.0.0.1:6379. Connection refused.")

    add = incr = set = get = _fail


@pytest.fixture
def cache_down(monkeypatch):
    monkeypatch.setattr(services, "cache", CacheDown())


def test_an_inquiry_is_saved_when_the_rate_limit_cache_is_down(client, cache_down, caplog):
    product = factories.make_product(slug="taplak-batik")

    with caplog.at_level(logging.WARNING, logger="etalase.exhibitions"):
        for number in range(services.INQUIRY_RATE_LIMIT + 1):
            # Each its own question: the same one sent again is the first (no new row).
            data = {**INQUIRY, "message": f"{INQUIRY['message']} ({number})"}
            response = client.post(reverse("public:product-detail", args=[product.slug]), data)
            assert response.status_code == 302

    assert Inquiry.objects.count() == services.INQUIRY_RATE_LIMIT + 1
    assert "rate limit not counted" in caplog.text


def test_feedback_is_saved_when_the_rate_limit_cache_is_down(client, cache_down):
    today = timezone.localdate()
    exhibition = factories.make_exhibition(
        slug="pameran-2018", start_date=today - datetime.timedelta(days=1), end_date=today + datetime.timedelta(days=1)
    )
    prison = factories.make_prison()
    delegation = factories.make_delegation(exhibition=exhibition, prison=prison, status=Delegation.Status.ACCEPTED)
    Booth.objects.create(exhibition=exhibition, code="A-07", zone="Zona A", delegation=delegation)

    response = client.post(reverse("public:feedback", args=[exhibition.slug]), {"rating": "5"})

    assert response.status_code == 302
    assert VisitorFeedback.objects.count() == 1
