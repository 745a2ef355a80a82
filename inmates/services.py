"""Writes for inmates. Each service runs in a transaction and takes the acting user."""

import datetime

from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _
from simple_history.utils import bulk_create_with_history

from config.validators import validate_has_letter, validate_one_line, validate_visible_text
from inmates import roles
from inmates.models import (
    Consent,
    Inmate,
    OfficerProfile,
    Prison,
    Workshop,
    prison_people,
    registration_key,
    registration_number_clean,
    row_public_text_errors,
)
from inmates.selectors import inmate_registration_taken


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
    signed_anew: bool = False,
    document=None,
) -> Consent:
    """Record a new consent of ``inmate``, recorded by ``user``, in force from now.

    A consent already in force is withdrawn first (at the same moment, by the same user), never
    edited or deleted: the history of what the inmate agreed to is kept, and afterwards exactly
    one consent of the inmate is in force. Concurrent calls for one inmate are serialised.

    The very consent already in force (the same choices and notes) is returned as it is: the
    form sent twice (a double click, the page sent again) recorded a withdrawal nobody made and
    a second, identical consent (found by an attacker probe). ``signed_anew``: record it all the
    same (a newly signed form is attached). ``document``: the scanned signed form (an uploaded
    file, checked by the caller's form), stored with the new consent; it counts as signed anew.
    """
    signed_anew = signed_anew or bool(document)
    locked = _lock_inmate(inmate)
    current = Consent.objects.active().filter(inmate=locked).first()
    choices = {
        "display_name_public": display_name_public,
        "story_public": story_public,
        "work_photos_public": work_photos_public,
        "face_public": face_public,
        "notes": notes,
    }
    if current is not None and not signed_anew and all(getattr(current, n) == v for n, v in choices.items()):
        return current
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
    if document:
        consent.document = document
    consent._history_user = user
    consent.save()
    if not display_name_public:
        _hide_products_naming(inmate=locked, user=user)
    return consent


def _hide_products_naming(*, inmate: Inmate, user) -> None:
    # Late import: products depends on inmates, not the other way round.
    from products.services import products_naming_maker_hide

    products_naming_maker_hide(inmate=inmate, user=user)


@transaction.atomic
def consent_withdraw(*, inmate: Inmate, user) -> Consent | None:
    """Withdraw the consent of ``inmate`` in force, as of now, recorded by ``user``.

    Returns the withdrawn consent, or None when none was in force (then nothing changes). The
    record stays, dated; from now on nothing of the inmate may be public: an approved product
    whose own text still names them goes back to the officers (``products_naming_maker_hide``).
    """
    locked = _lock_inmate(inmate)
    withdrawn = _withdraw_active(inmate=locked, user=user, now=timezone.now())
    if withdrawn is not None:
        _hide_products_naming(inmate=locked, user=user)
    return withdrawn


# --- Participants: register, update, release, transfer, import --------------------------------
# The prison always comes from the officer's profile (request.prison), never from the browser.


def _registration_taken_error() -> ValidationError:
    return ValidationError(
        {"registration_number": _("Nomor registrasi ini sudah terdaftar di lapas Anda.")},
        code="duplicate",
    )


def _check_workshop(*, prison, workshop: Workshop | None) -> None:
    if workshop is not None and workshop.prison_id != prison.pk:
        raise ValidationError(
            {"workshop": _("Pilih bengkel kerja di lapas Anda.")}, code="other_prison"
        )


def _save_checked(inmate: Inmate, *, user) -> None:
    """Save, turning the database's uniqueness guard (two officers registering the same number
    at once) into the same form error the pre-check gives."""
    inmate._history_user = user
    try:
        with transaction.atomic():
            inmate.save()
    except IntegrityError as exc:
        raise _registration_taken_error() from exc


@transaction.atomic
def inmate_register(
    *,
    prison: Prison,
    user,
    legal_name: str,
    registration_number: str,
    gender: str,
    birth_year: int | None = None,
    workshop: Workshop | None = None,
    skills: str = "",
    display_name: str = "",
    public_story: str = "",
    consent: dict | None = None,
) -> Inmate:
    """Register a participant of ``prison`` (the officer's own), recorded as done by ``user``.

    Raises ValidationError (keyed by field) when the registration number is already used in the
    prison or the workshop belongs to another prison; then nothing is saved. ``consent``, when
    given, is a dict of consent_give's flags (display_name_public, story_public,
    work_photos_public, face_public, notes) recorded in the same transaction.
    """
    registration_number = registration_number_clean(registration_number)
    _check_workshop(prison=prison, workshop=workshop)
    if inmate_registration_taken(prison=prison, registration_number=registration_number):
        raise _registration_taken_error()
    inmate = Inmate(
        prison=prison,
        workshop=workshop,
        legal_name=legal_name.strip(),
        registration_number=registration_number,
        gender=gender,
        birth_year=birth_year,
        skills=skills,
        display_name=display_name.strip(),
        public_story=public_story,
    )
    _save_checked(inmate, user=user)
    if consent is not None:
        consent_give(inmate=inmate, user=user, **consent)
    return inmate


INMATE_EDITABLE_FIELDS = (
    "legal_name",
    "registration_number",
    "gender",
    "birth_year",
    "workshop",
    "skills",
    "display_name",
    "public_story",
)


PUBLIC_TEXTS_AGREED_ERROR = _(
    "Teks ini tampil publik dengan persetujuan warga binaan. Bacakan teks yang baru kepadanya, "
    "lalu centang bahwa ia menyetujuinya; bila tidak, biarkan teks yang lama."
)


def public_texts_needing_agreement(*, inmate: Inmate, fields: dict) -> list[str]:
    """Those of the display name and the story that ``fields`` change while the inmate's consent
    in force shows them: the inmate agreed to the old words, not to these."""
    consent = Consent.objects.active().filter(inmate=inmate).first()
    if consent is None:
        return []
    shown = {"display_name": consent.display_name_public, "public_story": consent.story_public}
    return [
        name
        for name, is_shown in shown.items()
        if is_shown and name in fields and _as_shown(fields[name]) != _as_shown(getattr(inmate, name))
    ]


def _as_shown(text) -> str:
    # The words as a page shows them: line ends as the browser sends them (\r\n) or an import
    # stored them (\n) and trailing spaces are the same text (found by a review: an officer
    # editing only the skills was asked for the inmate's agreement to an unchanged story).
    return "\n".join(line.rstrip() for line in (text or "").replace("\r\n", "\n").replace("\r", "\n").split("\n")).strip()


@transaction.atomic
def inmate_update(*, inmate: Inmate, user, public_texts_agreed: bool = False, **fields) -> Inmate:
    """Change a participant's data (the fields in INMATE_EDITABLE_FIELDS), recorded as done by
    ``user``. The prison and the status never change here (see inmate_release/inmate_transfer).

    Raises ValidationError (keyed by field) on a registration number already used by another
    participant of the prison, a workshop of another prison, or a new display name or story that
    the consent in force shows publicly unless ``public_texts_agreed`` (the officer confirms the
    inmate agreed to the new words; found by a security probe: a consented text could be replaced
    by anything).
    """
    unknown = set(fields) - set(INMATE_EDITABLE_FIELDS)
    if unknown:
        raise TypeError(f"inmate_update() cannot change {sorted(unknown)}")
    locked = _lock_inmate(inmate)
    if not public_texts_agreed and (changed := public_texts_needing_agreement(inmate=locked, fields=fields)):
        raise ValidationError({name: PUBLIC_TEXTS_AGREED_ERROR for name in changed}, code="needs_agreement")
    if "workshop" in fields:
        _check_workshop(prison=locked.prison, workshop=fields["workshop"])
    if "registration_number" in fields:
        fields["registration_number"] = registration_number_clean(fields["registration_number"])
        if inmate_registration_taken(
            prison=locked.prison,
            registration_number=fields["registration_number"],
            exclude_pk=locked.pk,
        ):
            raise _registration_taken_error()
    for name, value in fields.items():
        setattr(locked, name, value)
    _save_checked(locked, user=user)
    return locked


def _check_active(inmate: Inmate) -> None:
    if inmate.status != Inmate.Status.ACTIVE:
        raise ValidationError(
            _("Hanya peserta berstatus aktif yang dapat ditandai bebas atau dipindahkan."),
            code="not_active",
        )


def _departure_date_messages() -> dict:
    return {
        "release_date": (
            _("Tanggal bebas tidak boleh di masa depan."),
            _("Tanggal bebas tidak boleh sebelum ia terdaftar sebagai peserta (%(day)s). Periksa tahunnya."),
        ),
        "transferred_on": (
            _("Tanggal pemindahan tidak boleh di masa depan."),
            _("Tanggal pemindahan tidak boleh sebelum ia terdaftar sebagai peserta (%(day)s). Periksa tahunnya."),
        ),
    }


def _check_departure_date(inmate: Inmate, day: datetime.date, *, field: str) -> None:
    """A release or transfer date is not in the future, nor before the participant was registered
    while in prison (a typo, 1999 for 2019, found by a probe: a release then made every follow-up
    "late" at once)."""
    future, before_registration = _departure_date_messages()[field]
    if day > timezone.localdate():
        raise ValidationError({field: future}, code="future")
    registered = timezone.localdate(inmate.created_at) if inmate.created_at else None
    if registered and day < registered:
        raise ValidationError(
            {field: before_registration % {"day": date_format(registered, "j F Y")}}, code="before_registration"
        )


@transaction.atomic
def inmate_release(*, inmate: Inmate, user, release_date: datetime.date) -> Inmate:
    """Mark an active participant as released on ``release_date`` (not in the future).

    Raises ValidationError when the participant is not active or the date lies ahead. Consent is
    left as it is: a released maker may still want their work credited.
    """
    locked = _lock_inmate(inmate)
    _check_active(locked)
    _check_departure_date(locked, release_date, field="release_date")
    locked.status = Inmate.Status.RELEASED
    locked.release_date = release_date
    locked._history_user = user
    locked.save(update_fields=["status", "release_date", "updated_at"])
    locked.left_trainings = _leave_upcoming_trainings(inmate=locked, user=user)
    return locked


@transaction.atomic
def inmate_transfer(
    *, inmate: Inmate, user, transferred_to: str, transferred_on: datetime.date | None = None
) -> Inmate:
    """Mark an active participant as transferred to ``transferred_to`` (a prison's name) on
    ``transferred_on`` (today by default; not in the future nor before registration).

    The row stays with the sending prison (its history and products stay there); raises
    ValidationError when the participant is not active, the destination is empty or the date is
    out of bounds.
    """
    locked = _lock_inmate(inmate)
    _check_active(locked)
    transferred_to = transferred_to.strip()
    if not transferred_to:
        raise ValidationError({"transferred_to": _("Isi lapas/rutan tujuan.")}, code="required")
    for validate in (validate_visible_text, validate_one_line, validate_has_letter):
        try:
            validate(transferred_to)
        except ValidationError as refused:
            raise ValidationError({"transferred_to": refused.messages}, code=refused.code) from None
    transferred_on = transferred_on or timezone.localdate()
    _check_departure_date(locked, transferred_on, field="transferred_on")
    # Another prison, and a man not to a women's prison: the model's rule, as the admin applies
    # it to a status set by hand (Inmate._check_departure).
    locked.status = Inmate.Status.TRANSFERRED
    locked.transferred_to = transferred_to
    locked.transferred_on = transferred_on
    locked._check_departure()
    locked._history_user = user
    locked.save(update_fields=["status", "transferred_to", "transferred_on", "updated_at"])
    locked.left_trainings = _leave_upcoming_trainings(inmate=locked, user=user)
    return locked


def _leave_upcoming_trainings(*, inmate: Inmate, user) -> list:
    # Late import: programs depends on inmates, not the other way round.
    from programs.services import trainings_leave_on_departure

    return trainings_leave_on_departure(inmate=inmate, user=user)


@transaction.atomic
def inmate_status_undo(*, inmate: Inmate, user) -> Inmate:
    """Make a participant marked released or transferred by mistake active again, forgetting the
    release date or the transfer's date and destination (the history keeps them). Found by a new officer's probe: a
    mis-tap on "Tandai bebas" could not be undone in the portal. Refused when follow-ups after
    the release are recorded (they belong to the release) and for an active participant."""
    locked = _lock_inmate(inmate)
    if locked.status == Inmate.Status.ACTIVE:
        raise ValidationError(_("Peserta ini sudah berstatus aktif."), code="active")
    if locked.status == Inmate.Status.RELEASED and locked.follow_ups.exists():
        raise ValidationError(
            _("Pemantauan pascabebas peserta ini sudah dicatat; minta staf Kemenperin memeriksanya."),
            code="followed_up",
        )
    locked.status = Inmate.Status.ACTIVE
    locked.release_date = None
    locked.transferred_to = ""
    locked.transferred_on = None
    locked._history_user = user
    locked.save(update_fields=["status", "release_date", "transferred_to", "transferred_on", "updated_at"])
    return locked


@transaction.atomic
def inmates_import(*, prison: Prison, user, rows: list[dict]) -> list[Inmate]:
    """Register every row of a validated import (see inmates.imports) in ``prison``, all or none.

    Each row is a dict of row (its line in the file), legal_name, registration_number, gender,
    birth_year, workshop_id, skills, display_name, public_story. The checks are made again here,
    inside the transaction, because time passes between preview and confirm: when a registration
    number is now taken (in the file or in the prison) or a workshop is not of this prison,
    ValidationError lists every such row and nothing is saved. History rows name ``user``.
    """
    workshops = {w.pk: w for w in Workshop.objects.filter(prison=prison)}
    taken = {
        registration_key(number)
        for number in Inmate.objects.filter(prison=prison).values_list("registration_number", flat=True)
    }
    # Display names and stories must not name another inmate of the prison or of the file (one
    # query for the whole file). Only this prison's: looking further would tell an officer who is
    # held elsewhere.
    people = prison_people(
        prison_id=prison.pk,
        more=((("row", i), row["legal_name"], row["registration_number"]) for i, row in enumerate(rows)),
    )
    errors = []
    inmates = []
    for index, row in enumerate(rows):
        number = registration_number_clean(row["registration_number"])
        if registration_key(number) in taken:
            errors.append(
                ValidationError(
                    _("Baris %(row)s: nomor registrasi %(number)s sudah terdaftar di lapas Anda."),
                    code="duplicate",
                    params={"row": row.get("row", "?"), "number": number},
                )
            )
            continue
        taken.add(registration_key(number))
        public_errors = row_public_text_errors(
            people=people,
            own=("row", index),
            legal_name=row["legal_name"],
            registration_number=number,
            display_name=row.get("display_name", ""),
            public_story=row.get("public_story", ""),
            birth_year=row.get("birth_year"),
        )
        if public_errors:
            errors.extend(
                ValidationError(
                    _("Baris %(row)s: %(message)s"), code="public_text", params={"row": row.get("row", "?"), "message": message}
                )
                for message in public_errors.values()
            )
            continue
        workshop_id = row.get("workshop_id")
        if workshop_id is not None and workshop_id not in workshops:
            errors.append(
                ValidationError(
                    _("Baris %(row)s: bengkel kerja tidak ditemukan di lapas Anda."),
                    code="workshop",
                    params={"row": row.get("row", "?")},
                )
            )
            continue
        inmates.append(
            Inmate(
                prison=prison,
                workshop=workshops.get(workshop_id),
                legal_name=row["legal_name"].strip(),
                registration_number=number,
                gender=row["gender"],
                birth_year=row.get("birth_year"),
                skills=row.get("skills", ""),
                display_name=row.get("display_name", "").strip(),
                public_story=row.get("public_story", ""),
            )
        )
    if errors:
        raise ValidationError(errors)
    try:
        return bulk_create_with_history(inmates, Inmate, batch_size=500, default_user=user)
    except IntegrityError as exc:
        # Another officer registered one of these numbers between our check and the insert.
        raise ValidationError(
            _("Sebagian nomor registrasi baru saja didaftarkan orang lain. Unggah ulang berkasnya."),
            code="duplicate",
        ) from exc


# --- Officer accounts ---------------------------------------------------------------------------


def officer_role_give(*, user) -> bool:
    """Give the prison-officer role to an account that has an officer profile (a prison) but not the
    role yet, which a staff member creating an officer would otherwise have to remember apart.
    Returns whether the role was given; never to an account with a back-office role
    (``roles.combined_roles_error``)."""
    if not OfficerProfile.objects.filter(user=user).exists():
        return False
    if user.groups.filter(name__in=roles.STAFF_ROLES).exists():
        return False
    group = Group.objects.get(name=roles.PRISON_OFFICER)
    if user.groups.filter(pk=group.pk).exists():
        return False
    user.groups.add(group)
    user.__dict__.pop("_etalase_group_names", None)
    return True


def password_set_by_other_notify(*, user, by) -> bool:
    """Tell ``user`` by e-mail that ``by`` set a new password for their account (an administrator's
    "change password" page). Found by an attacker probe: corrections staff could set an officer's
    password and sign in as them, and nobody was told; the account's owner now hears of it at once.
    Nothing is sent when they set their own, or the account has no address. Returns whether a mail
    went out; a mail server that fails is logged, never an error for the administrator."""
    import logging

    from django.conf import settings
    from django.core.mail import EmailMessage
    from django.utils import translation
    from django.utils.formats import date_format
    from django.utils.translation import gettext

    logger = logging.getLogger("etalase.inmates")
    logger.warning("Password of user=%s set by user=%s", user.pk, by.pk)
    if user.pk == by.pk or not user.email:
        return False
    with translation.override(settings.LANGUAGE_CODE):
        when = date_format(timezone.localtime(), "DATETIME_FORMAT")
        body = "\n".join(
            [
                gettext("Yth. %(name)s,") % {"name": user.get_full_name() or user.get_username()},
                "",
                gettext("Kata sandi akun Etalase Anda (%(username)s) diganti oleh %(by)s pada %(when)s.")
                % {"username": user.get_username(), "by": by.get_full_name() or by.get_username(), "when": when},
                gettext(
                    "Bila Anda tidak memintanya, segera hubungi staf Kementerian Perindustrian atau Ditjen "
                    "Pemasyarakatan yang mengelola akun Etalase."
                ),
                "",
                gettext("Tim Etalase, Kementerian Perindustrian"),
            ]
        )
        message = EmailMessage(subject=gettext("[Etalase] Kata sandi akun Anda diganti"), body=body, to=[user.email])
    try:
        message.send()
    except Exception:  # the password is set; the notice is a courtesy the log keeps
        logger.exception("Password notice to user=%s could not be sent", user.pk)
        return False
    return True
