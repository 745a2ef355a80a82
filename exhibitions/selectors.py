"""Reads for exhibitions. Public selectors return only published exhibitions."""

import datetime

from django.db.models import Count, Q
from django.utils import timezone

from exhibitions.models import Delegation, Exhibition


def exhibition_current_or_next(*, now: datetime.datetime | None = None) -> Exhibition | None:
    """The published exhibition running at ``now`` (in its own zone), else the next one to start."""
    now = now or timezone.now()
    # A day's margin either side: the venue's date may differ from Jakarta's near midnight.
    today = timezone.localdate(now)
    return (
        Exhibition.objects.published()
        .filter(end_date__gte=today - datetime.timedelta(days=1))
        .order_by("start_date")
        .first()
    )


def public_exhibition_stats() -> dict:
    return Exhibition.objects.published().aggregate(
        exhibitions=Count("id", distinct=True),
        delegations=Count(
            "delegations", filter=Q(delegations__status=Delegation.Status.ACCEPTED), distinct=True
        ),
    )
