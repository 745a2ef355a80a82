"""Writes for inmates. Each service runs in a transaction and takes the acting user."""

from django.db import transaction
from django.utils import timezone

from inmates.models import Consent, Inmate


def _lock_inmate(inmate: Inmate) -> Inmate:
    # Serialises consent changes of one inmate: a second caller waits here until the first commits,
    # so two concurrent gives cannot both see "no active consent" and race on the unique constraint.
    return Inmate.objects.select_for_update().get(pk=inmate.pk)


def _withdraw_active(*, inmate: Inmate, user, now) -> Consent | None:
    consent = Consent.objects.active().filter(inmate=inmate).first()
    if consent is None:
        return None
    # A consent dated in the future (entered by hand) is withdrawn at its own start, never before it.
    consent.withdrawn_on = max(now, consent.given_on)
    consent.withdrawn_recorded_by = user
    consent._history_user = user  # django-simple-history: who made this history row
    consent.save(update_fields=["withdrawn_on", "withdrawn_recorded_by"])
    return consent


@transaction.atomic
def consent_give(
    *,
    inmate: Inmate,
    user,
    display_name_public: bool,
    story_public: bool,
    work_photos_public: bool,
    face_public: bool = False,
    notes: str = "",
) -> Consent:
    """Record a new consent of ``inmate``, recorded by ``user``, in force from now.

    A consent already in force is withdrawn first (at the same moment, by the same user), never
    edited or deleted: the history of what the inmate agreed to is kept, and afterwards exactly
    one consent of the inmate is in force. Concurrent calls for one inmate are serialised.
    """
    locked = _lock_inmate(inmate)
    now = timezone.now()
    _withdraw_active(inmate=locked, user=user, now=now)
    consent = Consent(
        inmate=locked,
        display_name_public=display_name_public,
        story_public=story_public,
        work_photos_public=work_photos_public,
        face_public=face_public,
        notes=notes,
        given_on=now,
        recorded_by=user,
    )
    consent._history_user = user
    consent.save()
    return consent


@transaction.atomic
def consent_withdraw(*, inmate: Inmate, user) -> Consent | None:
    """Withdraw the consent of ``inmate`` in force, as of now, recorded by ``user``.

    Returns the withdrawn consent, or None when none was in force (then nothing changes). The
    record stays, dated; from now on nothing of the inmate may be public.
    """
    locked = _lock_inmate(inmate)
    return _withdraw_active(inmate=locked, user=user, now=timezone.now())
