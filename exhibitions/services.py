"""Writes for exhibitions. Each service runs in a transaction and takes the acting user."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext

from exhibitions.models import Delegation

# A rejected delegation may still be accepted (a place freed up); a withdrawn one is final.
ACCEPTABLE_STATUSES = frozenset({Delegation.Status.APPLIED, Delegation.Status.REJECTED})
REJECTABLE_STATUSES = frozenset({Delegation.Status.APPLIED})


def _current_status(delegation: Delegation) -> str:
    # The stored status, locked: the caller's instance may be stale, and of two organisers
    # deciding at once only one decision may count.
    return (
        Delegation.objects.select_for_update()
        .values_list("status", flat=True)
        .get(pk=delegation.pk)
    )


def _invalid_status(delegation: Delegation, status: str) -> ValidationError:
    return ValidationError(
        gettext("Delegasi “%(name)s” berstatus %(status)s; tindakan ini tidak berlaku untuknya.")
        % {"name": delegation.name, "status": Delegation.Status(status).label},
        code="invalid_status",
    )


def _decide(delegation: Delegation, *, status: str, user, notes: str | None = None) -> Delegation:
    delegation.status = status
    delegation.decided_by = user
    delegation.decided_at = timezone.now()
    fields = ["status", "decided_by", "decided_at"]
    if notes is not None:
        delegation.notes = notes
        fields.append("notes")
    delegation.save(update_fields=fields)
    return delegation


@transaction.atomic
def delegation_accept(*, delegation: Delegation, user) -> Delegation:
    """Accept ``delegation`` to its exhibition, recording ``user`` and the time of the decision.

    Allowed from 'applied' and 'rejected'; otherwise raises ValidationError (code
    ``invalid_status``) and nothing changes.
    """
    status = _current_status(delegation)
    if status not in ACCEPTABLE_STATUSES:
        raise _invalid_status(delegation, status)
    return _decide(delegation, status=Delegation.Status.ACCEPTED, user=user)


@transaction.atomic
def delegation_reject(*, delegation: Delegation, user, reason: str = "") -> Delegation:
    """Reject an applied ``delegation``, recording ``user`` and the time; a given ``reason`` is
    added to the delegation's notes (earlier notes are kept).

    From any status other than 'applied' raises ValidationError (code ``invalid_status``) and
    nothing changes.
    """
    status = _current_status(delegation)
    if status not in REJECTABLE_STATUSES:
        raise _invalid_status(delegation, status)
    reason = (reason or "").strip()
    notes = None
    if reason:
        line = gettext("Alasan penolakan: %(reason)s") % {"reason": reason}
        notes = f"{delegation.notes.rstrip()}\n\n{line}" if delegation.notes.strip() else line
    return _decide(delegation, status=Delegation.Status.REJECTED, user=user, notes=notes)
