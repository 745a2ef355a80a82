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

from config.validators import ERASED_NAME
from inmates.models import Consent, Inmate
from programs.models import FollowUp


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
    inmate.transferred_on = None
    inmate.workshop = None
    inmate.save()
    # The history held every earlier version of the person's data: keep none of it.
    Inmate.history.filter(id=inmate.pk).delete()
    return inmate


def _admin_log_scrub(inmate: Inmate) -> None:
    """The admin's action log ("Tindakan terakhir", each object's history page) keeps the text of
    every object changed, "Name (number)", and of every row added or removed on a page (a
    training's participant rows, "Name (number) · Training"): those lose the name and number;
    who did what, when, stays. Found by an attacker's probe: the dashboard still showed an
    erased person's name.

    Only the person's own texts are touched (a review found the first version rewriting another
    prison's inmate with the same number): the log entries of their own rows (the inmate, their
    consents, training places and attendance, certificates, follow-ups) lose the name and number wherever
    written; elsewhere only a text that is exactly "Name (number)", or starts with it and " · ",
    is replaced. Every earlier name and number (the history) counts."""
    from django.contrib.admin.models import LogEntry
    from django.contrib.contenttypes.models import ContentType

    from programs.models import Certificate, TrainingAttendance, TrainingParticipant

    erased = f"{ERASED_NAME} (DIHAPUS-{inmate.pk})"
    versions = {(inmate.legal_name, inmate.registration_number)} | set(
        Inmate.history.filter(id=inmate.pk).values_list("legal_name", "registration_number")
    )
    people = sorted({f"{name} ({number})" for name, number in versions}, key=len, reverse=True)
    numbers = sorted({number for _name, number in versions if len(number.strip()) >= 5}, key=len, reverse=True)

    def exact(value: str) -> str:
        """Another object's entry: only a text that is the person's (or a row of theirs)."""
        for person in people:
            if value == person:
                return erased
            if value.startswith(person + " · "):
                return erased + value[len(person):]
        return value

    def anywhere(value: str) -> str:
        """One of the person's own entries: the name and number wherever they are written."""
        for person in people:
            value = value.replace(person, erased)
        for number in numbers:
            value = value.replace(number, f"DIHAPUS-{inmate.pk}")
        return value

    participants = list(TrainingParticipant.objects.filter(inmate=inmate).values_list("pk", flat=True))
    own_rows = {
        Inmate: [inmate.pk],
        Consent: list(Consent.objects.filter(inmate=inmate).values_list("pk", flat=True)),
        TrainingParticipant: participants,
        Certificate: list(Certificate.objects.filter(participant_id__in=participants).values_list("pk", flat=True)),
        # "Name (number), 19 Feb 2018: hadir" (found by a corrections-staff probe: an attendance
        # row saved in the admin kept the erased person's name in "Tindakan terakhir").
        TrainingAttendance: list(
            TrainingAttendance.objects.filter(participant_id__in=participants).values_list("pk", flat=True)
        ),
        FollowUp: list(FollowUp.objects.filter(inmate=inmate).values_list("pk", flat=True)),
    }
    own_keys = {
        (ContentType.objects.get_for_model(model).pk, str(pk)) for model, pks in own_rows.items() for pk in pks
    }
    own = Q()
    for model, pks in own_rows.items():
        if pks:
            own |= Q(content_type=ContentType.objects.get_for_model(model), object_id__in=[str(pk) for pk in pks])
    mentioned = Q()
    for person in people:
        for text in (person, json.dumps(person)[1:-1]):  # change messages are JSON, non-ASCII escaped
            mentioned |= Q(change_message__contains=text) | Q(object_repr__contains=text)
    # Rows that belong to a person: another person's (a namesake with the same number in another
    # prison) are never touched, even by an exact match (found by a review).
    # A row deleted since (a training place removed in the admin) belongs to nobody any more; its
    # entry still reads "Name (number) · Training" and is scrubbed as another object's (found by a
    # review: it stayed on the admin's "Recent actions" after the erasure).
    models_of = {ContentType.objects.get_for_model(model).pk: model for model in own_rows}
    entries = list(LogEntry.objects.filter(own | mentioned))
    still_there = set()
    for type_id, model in models_of.items():
        ids = {entry.object_id for entry in entries if entry.content_type_id == type_id}
        ids = [int(pk) for pk in ids if pk and pk.isdigit()]
        if ids:
            still_there |= {(type_id, str(pk)) for pk in model._default_manager.filter(pk__in=ids).values_list("pk", flat=True)}
    for entry in entries:
        is_own = (entry.content_type_id, entry.object_id) in own_keys
        if not is_own and (entry.content_type_id, entry.object_id) in still_there:
            continue
        try:
            message = json.loads(entry.change_message) if entry.change_message else None
        except ValueError:
            message = None
        scrub = anywhere if is_own else exact
        repr_ = scrub(entry.object_repr)
        change = json.dumps(_map_strings(message, scrub)) if message is not None else scrub(entry.change_message)
        if (repr_, change) != (entry.object_repr, entry.change_message):
            LogEntry.objects.filter(pk=entry.pk).update(object_repr=repr_, change_message=change)


def _map_strings(value, function):
    if isinstance(value, str):
        return function(value)
    if isinstance(value, list):
        return [_map_strings(item, function) for item in value]
    if isinstance(value, dict):
        return {key: _map_strings(item, function) for key, item in value.items()}
    return value


def erase_confirmation_message(inmate: Inmate) -> str:
    return _("Data pribadi peserta #%(id)s telah dihapus; karyanya tetap tercatat atas nama lapas.") % {
        "id": inmate.pk
    }
