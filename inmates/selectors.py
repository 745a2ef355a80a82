"""Reads for inmates. Portal and admin reads go through ``visible_to(user)``; nothing here is public."""

from django.db.models import QuerySet

from inmates.models import Consent, Inmate


def inmate_consent_history(*, inmate: Inmate) -> QuerySet[Consent]:
    """Every consent of ``inmate``, withdrawn ones included, newest first (ties: newest row first),
    with the users who recorded the giving and the withdrawal, without a query per row."""
    return (
        Consent.objects.filter(inmate=inmate)
        .select_related("recorded_by", "withdrawn_recorded_by")
        .order_by("-given_on", "-pk")
    )


def inmate_list(*, user) -> QuerySet[Inmate]:
    """The inmates ``user`` may see (all prisons for staff, their own prison for an officer, none
    for anybody else), with prison, region and workshop joined and the consents prefetched, so a
    list showing ``current_consent`` makes a fixed number of queries whatever its length."""
    return (
        Inmate.objects.visible_to(user)
        .select_related("prison", "prison__region", "workshop")
        .prefetch_related("consents")
    )
