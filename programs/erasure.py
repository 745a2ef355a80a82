"""Erasing a participant's personal data on request (UU 27/2022, the right to erasure).

The person disappears; their work stays. Products stay public, credited to the prison ("Karya
warga binaan <prison>"); training results and certificates stay as anonymous records so the
programme's numbers remain true; everything that identifies the person is removed, including the
change history (django-simple-history keeps copies of every past version) and uploaded consent
forms. An erased row is marked so that it is never mistaken for a live participant.
"""

import json

from django.db import transaction
from django.db.models import Q
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
    _admin_log_scrub(inmate)
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


def _admin_log_scrub(inmate: Inmate) -> None:
    """The admin's action log ("Tindakan terakhir", each object's history page) keeps the text of
    every object changed, "Name (number)", and of every row added or removed on its page (a
    training's participant rows): those texts lose the name and number; who did what, when,
    stays. Found by an attacker's probe: the dashboard still showed an erased person's name.
    Matched by "Name (number)" and by the number, never by the name alone, which others share."""
    from django.contrib.admin.models import LogEntry

    erased = f"{ERASED_NAME} (DIHAPUS-{inmate.pk})"
    versions = {(inmate.legal_name, inmate.registration_number)} | set(
        Inmate.history.filter(id=inmate.pk).values_list("legal_name", "registration_number")
    )
    replacements = {f"{name} ({number})": erased for name, number in versions}
    for _name, number in versions:
        if len(number.strip()) >= 5:
            replacements[number] = f"DIHAPUS-{inmate.pk}"

    def scrub(value):
        if isinstance(value, str):
            for old, new in replacements.items():
                value = value.replace(old, new)
            return value
        if isinstance(value, list):
            return [scrub(item) for item in value]
        if isinstance(value, dict):
            return {key: scrub(item) for key, item in value.items()}
        return value

    found = Q()
    for old in replacements:
        for text in (old, json.dumps(old)[1:-1]):  # change messages are JSON, non-ASCII escaped
            found |= Q(object_repr__contains=text) | Q(change_message__contains=text)
    for entry in LogEntry.objects.filter(found):
        try:
            message = json.dumps(scrub(json.loads(entry.change_message)))
        except ValueError:
            message = scrub(entry.change_message)
        LogEntry.objects.filter(pk=entry.pk).update(object_repr=scrub(entry.object_repr), change_message=message)


def erase_confirmation_message(inmate: Inmate) -> str:
    return _("Data pribadi peserta #%(id)s telah dihapus; karyanya tetap tercatat atas nama lapas.") % {
        "id": inmate.pk
    }
