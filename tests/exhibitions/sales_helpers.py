"""Builders for the market-trial sales tests (booths, a running exhibition, sales through the
service). The shared factories stay untouched; these only add what the sales tests need."""

import datetime
import uuid
import zoneinfo

from django.utils import timezone

from exhibitions.models import Booth, Delegation, Exhibition
from exhibitions.services import sale_record
from tests import factories


def venue_today(exhibition: Exhibition | None = None, zone: str = "Asia/Jakarta") -> datetime.date:
    tz = exhibition.tzinfo if exhibition else zoneinfo.ZoneInfo(zone)
    return timezone.now().astimezone(tz).date()


def make_running_exhibition(**kwargs) -> Exhibition:
    """An exhibition running today at the venue (yesterday to the day after tomorrow)."""
    zone = kwargs.get("timezone", "Asia/Jakarta")
    today = venue_today(zone=zone)
    kwargs.setdefault("start_date", today - datetime.timedelta(days=1))
    kwargs.setdefault("end_date", today + datetime.timedelta(days=2))
    return factories.make_exhibition(**kwargs)


def make_booth(*, delegation: Delegation | None = None, code: str | None = None, **kwargs) -> Booth:
    """A booth of an accepted delegation (made when not given)."""
    if delegation is None:
        delegation_kwargs = {"status": Delegation.Status.ACCEPTED}
        for name in ("exhibition", "prison", "region", "name"):
            if name in kwargs:
                delegation_kwargs[name] = kwargs.pop(name)
        delegation = factories.make_delegation(**delegation_kwargs)
    return Booth.objects.create(
        exhibition=delegation.exhibition,
        delegation=delegation,
        code=code or f"A-{factories.n():02d}",
        **kwargs,
    )


def record(*, booth: Booth, user, product=None, quantity: int = 1, unit_price: int | None = None,
           payment_method: str = "cash", sold_at=None, key=None):
    """A sale through the service (a new idempotency key unless given)."""
    if product is None:
        product = factories.make_product(prison=booth.delegation.prison)
        booth.delegation.products.add(product)
    return sale_record(
        booth=booth,
        product=product,
        quantity=quantity,
        unit_price=product.price if unit_price is None else unit_price,
        payment_method=payment_method,
        user=user,
        idempotency_key=key or uuid.uuid4(),
        sold_at=sold_at,
    )
