"""Erasing a participant's personal data on request (UU 27/2022, the right to erasure).

The person disappears; their work stays. Products stay public, credited to the prison ("Karya
warga binaan <prison>"); training results and certificates stay as anonymous records so the
programme's numbers remain true; everything that identifies the person is removed, including the
change history (django-simple-history keeps copies of every past version) and uploaded consent
forms. An erased row is marked so that it is never mistaken for a live participant.
"""

from django.db import transaction
from django.utils.translation import gettext as _

from inmates.models import Consent, Inmate
from programs.models import FollowUp

ERASED_NAME = "—"


@transaction.atomic
def inmate_erase(*, inmate: Inmate, user) -> Inmate:
    """Remove every personal detail of ``inmate``; keep anonymous programme records.

    After this: no legal name, registration number, birth year, skills, display name or story;
    no consent records, consent documents or follow-ups; no history rows of the inmate or its
    consents; not a maker of any product (products remain, credited to the prison).
    """
    inmate = Inmate.objects.select_for_update().get(pk=inmate.pk)
    for consent in Consent.objects.filter(inmate=inmate):
        if consent.document:
            consent.document.delete(save=False)
    consent_ids = list(Consent.objects.filter(inmate=inmate).values_list("pk", flat=True))
    Consent.objects.filter(inmate=inmate).delete()
    Consent.history.filter(id__in=consent_ids).delete()
    FollowUp.objects.filter(inmate=inmate).delete()
    inmate.products.clear()

    inmate.legal_name = ERASED_NAME
    inmate.registration_number = f"DIHAPUS-{inmate.pk}"
    inmate.birth_year = None
    inmate.skills = ""
    inmate.display_name = ""
    inmate.public_story = ""
    inmate.transferred_to = ""
    inmate.workshop = None
    inmate.save()
    # The history held every earlier version of the person's data: keep none of it.
    Inmate.history.filter(id=inmate.pk).delete()
    return inmate


def erase_confirmation_message(inmate: Inmate) -> str:
    return _("Data pribadi peserta #%(id)s telah dihapus; karyanya tetap tercatat atas nama lapas.") % {
        "id": inmate.pk
    }
