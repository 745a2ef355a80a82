"""Reads for programmes (agreements, obligations, trainings, aid), and the back-office dashboard."""

import datetime

from django.db.models import QuerySet
from django.utils import timezone

from exhibitions.models import Delegation
from products.models import Product
from programs.models import Obligation


def obligations_overdue(*, today: datetime.date | None = None) -> QuerySet[Obligation]:
    """Obligations whose due date has passed (before ``today``, Jakarta's date by default)."""
    today = today or timezone.localdate()
    return Obligation.objects.filter(due_date__lt=today)


def backoffice_attention_counts(*, user, today: datetime.date | None = None) -> dict[str, int]:
    """What ministry staff should act on, as numbers, in three COUNT queries: products submitted
    for curation (within the prisons ``user`` may see), delegations waiting for a decision, and
    overdue obligations of the cooperation agreements."""
    return {
        "products_submitted": Product.objects.visible_to(user)
        .filter(status=Product.Status.SUBMITTED)
        .count(),
        "delegations_applied": Delegation.objects.filter(status=Delegation.Status.APPLIED).count(),
        "obligations_overdue": obligations_overdue(today=today).count(),
    }
