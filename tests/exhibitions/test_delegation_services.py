import pytest
from django.core.exceptions import ValidationError

from exhibitions.models import Delegation
from exhibitions.services import delegation_accept, delegation_reject
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("status", [Delegation.Status.APPLIED, Delegation.Status.REJECTED])
def test_delegation_accept_from_applied_or_rejected(status):
    user = factories.make_user()
    delegation = factories.make_delegation(status=status)

    delegation_accept(delegation=delegation, user=user)

    stored = Delegation.objects.get(pk=delegation.pk)
    assert (stored.status, stored.decided_by) == ("accepted", user)
    assert stored.decided_at is not None


@pytest.mark.parametrize("status", [Delegation.Status.ACCEPTED, Delegation.Status.WITHDRAWN])
def test_delegation_accept_refused_from_other_statuses(status):
    delegation = factories.make_delegation(status=status)

    with pytest.raises(ValidationError) as raised:
        delegation_accept(delegation=delegation, user=factories.make_user())

    assert raised.value.code == "invalid_status"
    stored = Delegation.objects.get(pk=delegation.pk)
    assert (stored.status, stored.decided_by, stored.decided_at) == (status, None, None)


def test_delegation_reject_adds_the_reason_to_the_notes():
    user = factories.make_user()
    delegation = factories.make_delegation(notes="Stan di hall B.")

    delegation_reject(delegation=delegation, user=user, reason=" Kuota kanwil sudah penuh. ")

    stored = Delegation.objects.get(pk=delegation.pk)
    assert (stored.status, stored.decided_by) == ("rejected", user)
    assert stored.notes == "Stan di hall B.\n\nAlasan penolakan: Kuota kanwil sudah penuh."


def test_delegation_reject_without_reason_keeps_the_notes():
    delegation = factories.make_delegation(notes="Stan di hall B.")

    delegation_reject(delegation=delegation, user=factories.make_user())

    assert Delegation.objects.get(pk=delegation.pk).notes == "Stan di hall B."


def test_delegation_reject_refused_when_not_applied():
    delegation = factories.make_delegation(status=Delegation.Status.ACCEPTED)

    with pytest.raises(ValidationError) as raised:
        delegation_reject(delegation=delegation, user=factories.make_user(), reason="Penuh")

    assert raised.value.code == "invalid_status"
    assert Delegation.objects.get(pk=delegation.pk).status == "accepted"
