"""Writes for development programmes (pembinaan): trainings and their participants, certificates,
aid, the agreement's evidence, and the follow-up of released participants.

Every function takes keyword-only arguments and the acting ``user``, runs in one transaction and
records who did what. Preconditions that the user can fix raise ``ValidationError`` keyed by the
form field concerned, in Indonesian.
"""

import datetime
from collections.abc import Iterable, Mapping

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Count, Exists, Max, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from inmates.models import Inmate
from inmates.roles import sees_all_prisons
from inmates.scoping import officer_prison_id
from programs.models import (
    Aid,
    Certificate,
    CertificateCounter,
    Evidence,
    FollowUp,
    Obligation,
    Training,
    TrainingAttendance,
    TrainingParticipant,
    certificate_date_error,
)
from programs.selectors import followup_earliest_on

# A network address may look up codes that match no certificate this many times an hour; after
# that every lookup from it is refused until the hour is over (found by a privacy probe: 300
# random codes in 15 seconds, never refused). A hotel checking real certificates is never held
# up: only misses count.
CERTIFICATE_MISSES_PER_HOUR = 30
CERTIFICATE_MISS_WINDOW = 60 * 60


def certificate_lookups_allowed(*, ip: str) -> bool:
    """Whether ``ip`` may look up a certificate now (under CERTIFICATE_MISSES_PER_HOUR misses)."""
    from exhibitions.services import rate_peek

    return rate_peek(key=_certificate_miss_key(ip), window=CERTIFICATE_MISS_WINDOW) < CERTIFICATE_MISSES_PER_HOUR


def certificate_lookup_missed(*, ip: str) -> None:
    """Count a lookup from ``ip`` that matched no certificate."""
    from exhibitions.services import rate_take

    rate_take(key=_certificate_miss_key(ip), limit=CERTIFICATE_MISSES_PER_HOUR, window=CERTIFICATE_MISS_WINDOW)


def _certificate_miss_key(ip: str) -> str:
    return f"etalase:certificate-miss:{ip or 'unknown'}"

# --- Certificates ---------------------------------------------------------------------------------

CERTIFICATE_PREFIX = "IKM/BIMTEK"


def certificate_number_format(*, year: int, sequence: int) -> str:
    """``IKM/BIMTEK/2018/0007``: the prefix, the year of issue and a four-digit sequence."""
    return f"{CERTIFICATE_PREFIX}/{year}/{sequence:04d}"


def _certificate_number_take(*, year: int) -> str:
    """The next unused number of ``year``. The year's counter row is locked until the transaction
    ends, so two issuers never draw the same number; a number once drawn is never drawn again,
    whatever happens to its certificate later (revoked, deleted)."""
    counter, _created = CertificateCounter.objects.select_for_update().get_or_create(year=year)
    sequence = counter.last_number
    while True:
        sequence += 1
        number = certificate_number_format(year=year, sequence=sequence)
        # Numbers typed in before the counter existed are skipped, never duplicated.
        if not Certificate.objects.filter(number=number).exists():
            break
    counter.last_number = sequence
    counter.save(update_fields=["last_number"])
    return number


def _certificate_new(*, participant: TrainingParticipant, user, issued_on: datetime.date) -> Certificate:
    error = certificate_date_error(training=participant.training, issued_on=issued_on)
    if error:
        raise ValidationError({"issued_on": error}, code="date")
    certificate = Certificate(
        participant=participant,
        number=_certificate_number_take(year=issued_on.year),
        issued_on=issued_on,
        issued_by=user,
    )
    certificate.save()
    _training_finish(training_id=participant.training_id, user=user)
    return certificate


def _training_finish(*, training_id: int, user) -> None:
    """A training whose certificates are being issued has ended and its results are final: still
    "planned" or "running", it becomes "finished" (its public count, the dashboard's and the
    portal's read-only attendance follow). A probe found trainings left "planned" for ever."""
    training = Training.objects.select_for_update().get(pk=training_id)
    if training.status in Training.OPEN_STATUSES:
        training.status = Training.Status.FINISHED
        training.save(update_fields=["status"])


def certificate_check_eligible(participant: TrainingParticipant) -> None:
    """``ValidationError`` on ``participant`` unless they passed, their place was confirmed and
    their recorded attendance still allows passing (days recorded absent after the result was
    entered; found by a review)."""
    if participant.passed is not True:
        raise ValidationError({"participant": _("Sertifikat hanya untuk peserta yang lulus.")})
    try:
        _check_attendance_for_passing(participant)
    except ValidationError as error:
        raise ValidationError({"participant": error.message_dict["passed"]}, code="attendance") from error
    if participant.status != TrainingParticipant.Status.CONFIRMED:
        raise ValidationError(
            {"participant": _("Sertifikat hanya untuk peserta yang keikutsertaannya dikonfirmasi.")}
        )


@transaction.atomic
def certificate_issue(
    *, participant: TrainingParticipant, user, issued_on: datetime.date | None = None
) -> Certificate:
    """The participant's certificate: the one they already have (revoked or not; no new number is
    drawn), or a new one numbered from the issue year's counter.

    Only confirmed participants who passed get one (else ``ValidationError`` on ``participant``).
    ``issued_on`` defaults to today (Jakarta)."""
    # Lock the participant: two clicks on "issue" give one certificate, not two numbers.
    participant = TrainingParticipant.objects.select_for_update().get(pk=participant.pk)
    existing = participant.certificate
    if existing is not None:
        return existing
    certificate_check_eligible(participant)
    return _certificate_new(participant=participant, user=user, issued_on=issued_on or timezone.localdate())


@transaction.atomic
def certificate_issue_bulk(
    *, training: Training, user, issued_on: datetime.date | None = None
) -> list[Certificate]:
    """New certificates for every confirmed participant of ``training`` who passed and has none
    yet, numbered in the order of their names, dated ``issued_on`` or else the training's last
    day (numbered in that year). Returns only the new ones (empty when there is nobody left to
    certify); participants who already have one keep it."""
    issued_on = issued_on or training.ends_on
    waiting = (
        # "of self": PostgreSQL cannot lock the nullable side of the join to certificates.
        TrainingParticipant.objects.select_for_update(of=("self",))
        .filter(
            training=training,
            status=TrainingParticipant.Status.CONFIRMED,
            passed=True,
            certificates__isnull=True,
        )
        .order_by("inmate__legal_name", "pk")
    )
    issued = []
    for participant in waiting:
        try:
            _check_attendance_for_passing(participant)  # absent days recorded after the result
        except ValidationError:
            continue
        issued.append(_certificate_new(participant=participant, user=user, issued_on=issued_on))
    return issued


@transaction.atomic
def certificate_replace(
    *, certificate: Certificate, user, issued_on: datetime.date | None = None
) -> Certificate:
    """A new certificate, with a new number, in place of the revoked ``certificate`` (revoked for
    a misprint, a wrong date, a lost paper): the old one stays revoked and its verification page
    names the new number. ``ValidationError`` unless ``certificate`` is revoked, not replaced
    yet, and its participant has none in force and still passed; ``issued_on`` defaults to today."""
    participant = TrainingParticipant.objects.select_for_update().get(pk=certificate.participant_id)
    certificate = Certificate.objects.select_for_update().get(pk=certificate.pk)
    if certificate.revoked_at is None:
        raise ValidationError(_("Hanya sertifikat yang sudah dicabut yang dapat diganti."), code="in_force")
    if Certificate.objects.filter(replaces=certificate).exists():
        raise ValidationError(_("Sertifikat ini sudah diganti."), code="replaced")
    if Certificate.objects.filter(participant=participant, revoked_at__isnull=True).exists():
        raise ValidationError(_("Peserta ini sudah memiliki sertifikat yang berlaku."), code="has_one")
    certificate_check_eligible(participant)
    replacement = _certificate_new(participant=participant, user=user, issued_on=issued_on or timezone.localdate())
    replacement.replaces = certificate
    replacement.save(update_fields=["replaces"])
    return replacement


@transaction.atomic
def certificate_revoke(*, certificate: Certificate, user, reason: str) -> Certificate:
    """Revokes ``certificate`` now, with ``reason`` (required; ``ValidationError`` on ``reason``
    when empty, or when it is revoked already). Its number stays taken; the public verification
    page then says it is revoked (never the reason)."""
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("Tuliskan alasan pencabutan.")})
    certificate = Certificate.objects.select_for_update().get(pk=certificate.pk)
    if certificate.revoked_at is not None:
        raise ValidationError(_("Sertifikat ini sudah dicabut."))
    certificate.revoked_at = timezone.now()
    certificate.revoke_reason = reason
    certificate.save(update_fields=["revoked_at", "revoke_reason"])
    return certificate


# --- Follow-up after release ----------------------------------------------------------------------


def followup_check(
    *, inmate: Inmate, months_after_release: int, recorded_on: datetime.date, instance_pk: int | None = None
) -> None:
    """``ValidationError`` (keyed by field) unless a follow-up of ``inmate`` for that milestone
    may be recorded on ``recorded_on``: the inmate is released, the milestone is 3, 6 or 12 and
    not recorded yet (``instance_pk``: the follow-up being edited), and the date is neither in
    the future nor before the milestone's earliest day."""
    if inmate.status != Inmate.Status.RELEASED or inmate.release_date is None:
        raise ValidationError({"inmate": _("Pemantauan hanya untuk warga binaan yang sudah bebas.")})
    if months_after_release not in FollowUp.Month.values:
        raise ValidationError({"months_after_release": _("Pilih 3, 6 atau 12 bulan.")})
    errors = {}
    existing = (
        FollowUp.objects.filter(inmate=inmate, months_after_release=months_after_release)
        .exclude(pk=instance_pk)
        .first()
    )
    if existing is not None:
        errors["months_after_release"] = _("Pemantauan %(months)s bulan sudah dicatat pada %(date)s.") % {
            "months": months_after_release,
            "date": date_format(existing.recorded_on, "j F Y"),
        }
    earliest = followup_earliest_on(release_date=inmate.release_date, months=months_after_release)
    if recorded_on > timezone.localdate():
        errors["recorded_on"] = _("Tanggal pemantauan tidak boleh di masa depan.")
    elif recorded_on < earliest:
        errors["recorded_on"] = _("Pemantauan %(months)s bulan paling cepat dicatat pada %(date)s.") % {
            "months": months_after_release,
            "date": date_format(earliest, "j F Y"),
        }
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def followup_record(
    *,
    inmate: Inmate,
    months_after_release: int,
    recorded_on: datetime.date,
    has_business: bool,
    user,
    sector: str = "",
    business_name: str = "",
    employees: int = 0,
    turnover_band: str = FollowUp.TurnoverBand.NONE,
    in_contact: bool = True,
    notes: str = "",
) -> FollowUp:
    """Records how a released inmate is doing ``months_after_release`` (3, 6 or 12) months after
    release, by ``user``. Refused as ``followup_check`` says. Without a business, the business
    fields are stored empty. Never shown on any public page."""
    # Lock the inmate: two officers saving the same milestone at once make one record.
    inmate = Inmate.objects.select_for_update().get(pk=inmate.pk)
    followup_check(inmate=inmate, months_after_release=months_after_release, recorded_on=recorded_on)
    if not has_business:
        sector, business_name, employees, turnover_band = "", "", 0, FollowUp.TurnoverBand.NONE
    follow_up = FollowUp(
        inmate=inmate,
        months_after_release=months_after_release,
        recorded_on=recorded_on,
        has_business=has_business,
        sector=sector.strip(),
        business_name=business_name.strip(),
        employees=employees or 0,
        turnover_band=turnover_band,
        in_contact=in_contact,
        notes=notes.strip(),
        recorded_by=user,
    )
    follow_up.full_clean()
    follow_up.save()
    return follow_up


# --- Trainings (Bimtek): proposals, confirmation with a waiting list, attendance, results ---------
#
# Seats are counted under a row lock on the training (``select_for_update``): two staff members
# confirming the last seat at the same moment are served one after the other, so the second
# lands on the waiting list instead of overbooking.

OPEN_TRAINING_STATUSES = Training.OPEN_STATUSES
# Those who still take part or wait for a seat; the others left (declined or withdrew).
ACTIVE_PARTICIPANT_STATUSES = (
    TrainingParticipant.Status.PROPOSED,
    TrainingParticipant.Status.CONFIRMED,
    TrainingParticipant.Status.WAITLISTED,
)


def _require_perm(user, perm: str) -> None:
    if not user.is_authenticated or not user.has_perm(perm):
        raise PermissionDenied


def _acts_for_prison(user, prison_id: int) -> bool:
    """An officer of that prison, or staff allowed to change trainings of every prison."""
    if officer_prison_id(user) == prison_id:
        return True
    return sees_all_prisons(user) and user.has_perm("programs.change_trainingparticipant")


def _training_locked(training_id: int) -> Training:
    return Training.objects.select_for_update().get(pk=training_id)


def _participant_locked(participant_id: int) -> TrainingParticipant:
    return TrainingParticipant.objects.select_for_update().select_related("inmate").get(pk=participant_id)


def _refuse_closed_training(training: Training, *, field: str | None = None) -> None:
    if training.status not in OPEN_TRAINING_STATUSES:
        message = _("Pelatihan ini berstatus “%(status)s”: pesertanya tidak dapat diubah lagi.") % {
            "status": training.get_status_display()
        }
        raise ValidationError({field: message} if field else message)


@transaction.atomic
def training_propose(*, training: Training, inmates: Iterable[Inmate], user) -> list[TrainingParticipant]:
    """Proposes ``inmates`` for ``training``, all or none: each must be an active inmate of the
    training's prison and not yet on its list; the training must be planned or running and not
    ended. Only officers of that prison and ministry staff may propose (PermissionDenied).

    Errors are ``ValidationError`` on ``inmates``, naming each refused inmate."""
    if not _acts_for_prison(user, training.prison_id):
        raise PermissionDenied
    training = Training.objects.select_related("prison").get(pk=training.pk)
    _refuse_closed_training(training, field="inmates")
    if training.ends_on < timezone.localdate():
        raise ValidationError({"inmates": _("Pelatihan ini sudah berakhir; usulan tidak dapat dikirim.")})
    inmates = list({inmate.pk: inmate for inmate in inmates}.values())
    if not inmates:
        raise ValidationError({"inmates": _("Pilih paling sedikit satu warga binaan.")})
    listed = set(
        TrainingParticipant.objects.filter(training=training, inmate__in=inmates).values_list(
            "inmate_id", flat=True
        )
    )
    errors = []
    for inmate in inmates:
        if inmate.prison_id != training.prison_id:
            errors.append(
                _("%(name)s bukan warga binaan %(prison)s.")
                % {"name": inmate.legal_name, "prison": training.prison.name}
            )
        elif inmate.status != Inmate.Status.ACTIVE:
            errors.append(
                _("%(name)s tidak berstatus aktif (%(status)s).")
                % {"name": inmate.legal_name, "status": inmate.get_status_display()}
            )
        elif inmate.pk in listed:
            errors.append(_("%(name)s sudah terdaftar di pelatihan ini.") % {"name": inmate.legal_name})
    if errors:
        raise ValidationError({"inmates": errors})
    participants = []
    for inmate in sorted(inmates, key=lambda i: (i.legal_name, i.pk)):
        participant = TrainingParticipant(
            training=training, inmate=inmate, status=TrainingParticipant.Status.PROPOSED, proposed_by=user
        )
        participant.save()
        participants.append(participant)
    return participants


def _waitlist_renumber(training: Training) -> None:
    waiting = training.participants.filter(status=TrainingParticipant.Status.WAITLISTED).order_by(
        "waitlist_position", "pk"
    )
    for position, participant in enumerate(waiting, start=1):
        if participant.waitlist_position != position:
            participant.waitlist_position = position
            participant.save(update_fields=["waitlist_position"])


def _waitlist_promote(training: Training, *, user) -> list[TrainingParticipant]:
    """Seats free under capacity go to the first on the waiting list, in order. The caller holds
    the training's row lock."""
    confirmed = training.participants.filter(status=TrainingParticipant.Status.CONFIRMED).count()
    free = max(training.capacity - confirmed, 0)
    promoted = []
    if free:
        waiting = (
            training.participants.select_for_update()
            .select_related("inmate")
            .filter(status=TrainingParticipant.Status.WAITLISTED)
            .order_by("waitlist_position", "pk")
        )
        now = timezone.now()
        for participant in waiting[:free]:
            participant.status = TrainingParticipant.Status.CONFIRMED
            participant.waitlist_position = None
            participant.status_changed_at = now
            participant.status_changed_by = user
            # Given the seat now: confirmed at this moment, by whoever freed it.
            participant.confirmed_at = now
            participant.confirmed_by = user
            participant.save(
                update_fields=[
                    "status", "waitlist_position", "status_changed_at", "status_changed_by", "confirmed_at", "confirmed_by",
                ]
            )
            promoted.append(participant)
    _waitlist_renumber(training)
    return promoted


@transaction.atomic
def training_confirm(*, participant: TrainingParticipant, user) -> TrainingParticipant:
    """Confirms a proposed participant (ministry staff: PermissionDenied otherwise). While the
    confirmed participants are fewer than the capacity, they get a seat (``confirmed``); after
    that they join the end of the waiting list (``waitlisted`` with the next
    ``waitlist_position``). The training's row is locked first, so concurrent confirmations never
    put more than ``capacity`` participants in seats. Who and when is recorded."""
    _require_perm(user, "programs.change_trainingparticipant")
    training = _training_locked(participant.training_id)
    participant = _participant_locked(participant.pk)
    if participant.status != TrainingParticipant.Status.PROPOSED:
        raise ValidationError(
            _("Hanya usulan yang dapat dikonfirmasi; status %(name)s sekarang “%(status)s”.")
            % {"name": participant.inmate.legal_name, "status": participant.get_status_display()}
        )
    _refuse_closed_training(training)
    if participant.inmate.status != Inmate.Status.ACTIVE:
        raise ValidationError(
            _("%(name)s tidak lagi berstatus aktif.") % {"name": participant.inmate.legal_name}
        )
    confirmed = training.participants.filter(status=TrainingParticipant.Status.CONFIRMED).count()
    if confirmed < training.capacity:
        participant.status = TrainingParticipant.Status.CONFIRMED
        participant.waitlist_position = None
    else:
        last = training.participants.filter(status=TrainingParticipant.Status.WAITLISTED).aggregate(
            last=Max("waitlist_position")
        )["last"]
        participant.status = TrainingParticipant.Status.WAITLISTED
        participant.waitlist_position = (last or 0) + 1
    now = timezone.now()
    # "Dikonfirmasi oleh" only for a seat given: a waitlisted person was shown as confirmed by
    # the staff member who put them on the list (found by a ministry-staff probe).
    confirmed = participant.status == TrainingParticipant.Status.CONFIRMED
    participant.confirmed_by = user if confirmed else None
    participant.confirmed_at = now if confirmed else None
    participant.status_changed_by = user
    participant.status_changed_at = now
    participant.save(
        update_fields=[
            "status",
            "waitlist_position",
            "confirmed_by",
            "confirmed_at",
            "status_changed_by",
            "status_changed_at",
        ]
    )
    return participant


def _participant_leave(*, participant: TrainingParticipant, user, status: str) -> list[TrainingParticipant]:
    training = _training_locked(participant.training_id)
    participant = _participant_locked(participant.pk)
    if participant.status not in ACTIVE_PARTICIPANT_STATUSES:
        raise ValidationError(
            _("%(name)s sudah berstatus “%(status)s”.")
            % {"name": participant.inmate.legal_name, "status": participant.get_status_display()}
        )
    had_seat = participant.status == TrainingParticipant.Status.CONFIRMED
    participant.status = status
    participant.waitlist_position = None
    participant.status_changed_by = user
    participant.status_changed_at = timezone.now()
    participant.save(update_fields=["status", "waitlist_position", "status_changed_by", "status_changed_at"])
    if had_seat and training.status in OPEN_TRAINING_STATUSES:
        return _waitlist_promote(training, user=user)
    _waitlist_renumber(training)
    return []


@transaction.atomic
def training_decline(*, participant: TrainingParticipant, user) -> list[TrainingParticipant]:
    """Ministry staff decline a proposed, waiting or confirmed participant. A seat freed this way
    goes to the first on the waiting list at once (same transaction); the waiting list is
    renumbered 1, 2, 3... Returns the participants promoted (none or one)."""
    _require_perm(user, "programs.change_trainingparticipant")
    return _participant_leave(participant=participant, user=user, status=TrainingParticipant.Status.DECLINED)


@transaction.atomic
def training_withdraw(*, participant: TrainingParticipant, user) -> list[TrainingParticipant]:
    """A participant drops out (recorded by an officer of their prison or by ministry staff).
    Like ``training_decline``, a freed seat goes to the first on the waiting list."""
    if not _acts_for_prison(user, participant.training.prison_id):
        raise PermissionDenied
    return _participant_leave(participant=participant, user=user, status=TrainingParticipant.Status.WITHDRAWN)


def trainings_left_message(*, inmate, left: list[TrainingParticipant]) -> str:
    """What the officer or staff member is told of the trainings ``inmate`` left on departure."""
    return ngettext(
        "%(name)s juga dikeluarkan dari pelatihan yang akan datang: %(trainings)s. Kursinya "
        "diberikan kepada antrean berikutnya, bila ada.",
        "%(name)s juga dikeluarkan dari pelatihan yang akan datang: %(trainings)s. Kursinya "
        "diberikan kepada antrean berikutnya, bila ada.",
        len(left),
    ) % {"name": inmate.legal_name, "trainings": ", ".join(participant.training.title for participant in left)}


def trainings_leave_on_departure(*, inmate, user) -> list[TrainingParticipant]:
    """``inmate`` was released or transferred: they leave every training not yet begun that they
    were proposed for, confirmed in or waiting for, and each freed seat goes to the next on its
    waiting list (found by an attacker probe: a transferred participant kept a confirmed seat in
    next week's training). Called inside the release's or transfer's transaction; returns the
    participations ended."""
    today = timezone.localdate()
    upcoming = TrainingParticipant.objects.filter(
        inmate=inmate,
        status__in=ACTIVE_PARTICIPANT_STATUSES,
        training__status__in=OPEN_TRAINING_STATUSES,
        training__starts_on__gte=today,
    ).select_related("training").order_by("training__starts_on", "pk")
    left = []
    for participant in upcoming:
        _participant_leave(participant=participant, user=user, status=TrainingParticipant.Status.WITHDRAWN)
        left.append(participant)
    return left


@transaction.atomic
def training_fill_seats(*, training: Training, user) -> list[TrainingParticipant]:
    """After the capacity was raised: the free seats go to the waiting list, in order."""
    _require_perm(user, "programs.change_trainingparticipant")
    training = _training_locked(training.pk)
    _refuse_closed_training(training)
    return _waitlist_promote(training, user=user)


def attendance_closed_message() -> str:
    return _(
        "Pelatihan ini sudah selesai: kehadirannya tidak dapat diubah lagi di portal. Bila ada "
        "yang keliru, hubungi staf Kemenperin."
    )


@transaction.atomic
def attendance_record(
    *, training: Training, marks: Mapping[tuple[int, datetime.date], bool], user
) -> int:
    """Records presence for ``marks``: ``{(participant id, day): present}``, all or nothing.

    Only confirmed participants of ``training``, only days from its first to its last day and not
    after today (Jakarta); a cancelled training takes no attendance, and a finished one (its
    results and certificates rest on it) only corrections by ministry staff (``ValidationError``).
    Officers of the training's prison and ministry staff may record (PermissionDenied
    otherwise). A cell recorded again is overwritten; each participant's ``days_attended`` is
    recounted from the stored days. Returns the number of cells written."""
    if not _acts_for_prison(user, training.prison_id):
        raise PermissionDenied
    training = _training_locked(training.pk)
    if training.status == Training.Status.CANCELLED:
        raise ValidationError(_("Pelatihan ini dibatalkan: kehadiran tidak dicatat."))
    if training.status == Training.Status.FINISHED and not sees_all_prisons(user):
        raise ValidationError(attendance_closed_message())
    confirmed = set(
        training.participants.filter(status=TrainingParticipant.Status.CONFIRMED).values_list("pk", flat=True)
    )
    today = timezone.localdate()
    errors = []
    for participant_id, day in marks:
        if participant_id not in confirmed:
            errors.append(_("Kehadiran hanya dicatat untuk peserta yang dikonfirmasi."))
        if not training.starts_on <= day <= training.ends_on:
            errors.append(
                _("%(day)s di luar tanggal pelatihan (%(start)s sampai %(end)s).")
                % {
                    "day": date_format(day, "j F Y"),
                    "start": date_format(training.starts_on, "j F Y"),
                    "end": date_format(training.ends_on, "j F Y"),
                }
            )
        elif day > today:
            errors.append(
                _("%(day)s belum tiba: kehadiran dicatat pada atau setelah harinya.")
                % {"day": date_format(day, "j F Y")}
            )
    if errors:
        raise ValidationError(list(dict.fromkeys(errors)))
    if not marks:
        return 0
    now = timezone.now()
    TrainingAttendance.objects.bulk_create(
        [
            TrainingAttendance(
                participant_id=participant_id, day=day, present=bool(present), recorded_by=user, recorded_at=now
            )
            for (participant_id, day), present in marks.items()
        ],
        update_conflicts=True,
        unique_fields=["participant", "day"],
        update_fields=["present", "recorded_by", "recorded_at"],
    )
    days_present = (
        TrainingAttendance.objects.filter(participant=OuterRef("pk"), present=True)
        .order_by()
        .values("participant")
        .annotate(n=Count("pk"))
        .values("n")
    )
    TrainingParticipant.objects.filter(pk__in={participant_id for participant_id, _day in marks}).update(
        days_attended=Coalesce(Subquery(days_present), 0)
    )
    # Who holds a valid certificate keeps the attendance it rests on: unticking every day of a
    # certified participant was saved (found by a ministry-staff probe). Without a certificate
    # yet, days recorded after the result only stop one being issued (certificate_issue). The
    # rule of training_result_record, checked again; all or nothing (this transaction).
    valid_certificate = Certificate.objects.filter(participant=OuterRef("pk"), revoked_at__isnull=True)
    passed = TrainingParticipant.objects.filter(
        Exists(valid_certificate), pk__in={participant_id for participant_id, _day in marks}, passed=True
    ).select_related("inmate")
    refusals = []
    for participant in passed:
        try:
            _check_attendance_for_passing(participant)
        except ValidationError as refused:
            refusals.append(
                _(
                    "%(reason)s %(name)s sudah menerima sertifikat: cabut dulu sertifikatnya bila kehadirannya "
                    "memang kurang."
                )
                % {"reason": " ".join(refused.messages), "name": participant.inmate.legal_name}
            )
    if refusals:
        raise ValidationError(refusals)
    return len(marks)


def _check_attendance_for_passing(participant: TrainingParticipant) -> None:
    """``ValidationError`` on ``passed`` when the participant was present on fewer than
    TRAINING_PASS_MIN_ATTENDANCE_PERCENT of the days whose attendance was recorded (found by a new
    user's probe: somebody absent every day could pass and get a certificate). Without any day
    recorded (attendance kept on paper) nothing is checked."""
    percent = settings.TRAINING_PASS_MIN_ATTENDANCE_PERCENT
    attendance = TrainingAttendance.objects.filter(participant=participant).aggregate(
        recorded=Count("pk"), present=Count("pk", filter=Q(present=True))
    )
    recorded, present = attendance["recorded"], attendance["present"]
    if percent and recorded and present * 100 < percent * recorded:
        raise ValidationError(
            {
                "passed": _(
                    "%(name)s hadir %(present)d dari %(recorded)d hari yang tercatat; untuk lulus, "
                    "kehadiran paling sedikit %(percent)d%%."
                )
                % {"name": participant.inmate.legal_name, "present": present, "recorded": recorded, "percent": percent}
            },
            code="attendance",
        )


@transaction.atomic
def training_result_record(
    *, participant: TrainingParticipant, passed: bool, score: int, user
) -> TrainingParticipant:
    """Records a confirmed participant's result: passed or failed, with a score from 0 to 100
    (ministry staff only). Refused once the participant holds a valid certificate and the result
    would become "failed" (revoke the certificate first), and before the training has begun."""
    _require_perm(user, "programs.change_trainingparticipant")
    participant = _participant_locked(participant.pk)
    training = participant.training
    if participant.status != TrainingParticipant.Status.CONFIRMED:
        raise ValidationError(_("Nilai hanya dicatat untuk peserta yang dikonfirmasi."))
    if training.starts_on > timezone.localdate():
        raise ValidationError(_("Pelatihan belum dimulai: nilai belum dapat dicatat."))
    if passed not in (True, False):
        raise ValidationError({"passed": _("Pilih lulus atau tidak lulus.")})
    if score is None or isinstance(score, bool) or not 0 <= int(score) <= 100:
        raise ValidationError({"score": _("Nilai harus antara 0 dan 100.")})
    if not passed and Certificate.objects.filter(participant=participant, revoked_at__isnull=True).exists():
        raise ValidationError(
            {"passed": _("Peserta ini sudah memegang sertifikat: cabut sertifikatnya dahulu.")}
        )
    if passed:
        _check_attendance_for_passing(participant)
    participant.passed = passed
    participant.score = int(score)
    participant.result_recorded_by = user
    participant.result_recorded_at = timezone.now()
    participant.save(update_fields=["passed", "score", "result_recorded_by", "result_recorded_at"])
    return participant


# --- The agreement's evidence ---------------------------------------------------------------------


@transaction.atomic
def evidence_record(
    *,
    obligation: Obligation,
    user,
    kind: str,
    quantity: int,
    date: datetime.date,
    description: str = "",
    training: Training | None = None,
    aid: Aid | None = None,
    exhibition=None,
    url: str = "",
    document=None,
) -> Evidence:
    """Records that ``quantity`` units of ``obligation`` were fulfilled on ``date`` by what is
    linked (a training, aid, an exhibition, a link or a document). Ministry staff only
    (PermissionDenied). ``ValidationError`` keyed by field for a quantity below 1, a date in the
    future or an unknown kind. The obligation's status follows from the sum of its evidence."""
    _require_perm(user, "programs.add_evidence")
    if kind not in Evidence.Kind.values:
        raise ValidationError({"kind": _("Pilih jenis bukti.")})
    if quantity is None or quantity < 1:
        raise ValidationError({"quantity": _("Jumlah paling sedikit 1.")})
    evidence = Evidence(
        obligation=obligation,
        kind=kind,
        quantity=quantity,
        date=date,
        description=(description or "").strip()[:255],
        training=training,
        aid=aid,
        exhibition=exhibition,
        url=url or "",
        recorded_by=user,
    )
    if document is not None:
        evidence.document = document
    evidence.full_clean()
    evidence.save()
    return evidence
