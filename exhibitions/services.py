"""Writes for exhibitions. Each service runs in a transaction and takes the acting user."""

import datetime
import hashlib
import json
import logging
import re
import secrets
import smtplib
import time
import uuid

from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.mail import EmailMessage, get_connection
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.formats import date_format, number_format, time_format
from django.utils.translation import gettext

from config.validators import phone_digits
from exhibitions.models import (
    Booth,
    Competition,
    CompetitionEntry,
    Delegation,
    Exhibition,
    Inquiry,
    InquiryReply,
    JudgeScore,
    ProgrammeItem,
    Sale,
    StockLine,
    VisitorCount,
    VisitorFeedback,
    exhibiting_prison_ids,
    lost_more_than_left,
    programme_time_range,
    returned_more_than_brought,
)
from exhibitions.money import sale_shares
from inmates.models import Prison
from inmates.roles import sees_all_prisons
from inmates.scoping import officer_prison_id
from inmates.templatetags.etalase import format_moment
from products.models import Product

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


def _decide(delegation: Delegation, *, status: str, user, notes: str | None = None, reason: str = "") -> Delegation:
    delegation.status = status
    delegation.decided_by = user
    delegation.decided_at = timezone.now()
    delegation.decision_reason = reason
    fields = ["status", "decided_by", "decided_at", "decision_reason"]
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
    kept as ``decision_reason`` (the prison's officers read it in the portal) and added to the
    delegation's notes (earlier notes are kept).

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
    return _decide(delegation, status=Delegation.Status.REJECTED, user=user, notes=notes, reason=reason)


# --- Portal: a prison's application to an exhibition, and its buyer inquiries ----------------
# The prison always comes from the officer's profile (request.prison), never from the browser.

logger = logging.getLogger("etalase.exhibitions")

# What an officer may still change or withdraw (before the registration deadline).
OPEN_APPLICATION_STATUSES = frozenset({Delegation.Status.APPLIED, Delegation.Status.ACCEPTED})


def _registration_closed_error(exhibition: Exhibition) -> ValidationError:
    return ValidationError(
        gettext("Pendaftaran pameran “%(title)s” sudah ditutup; tidak ada yang disimpan.")
        % {"title": exhibition.title},
        code="registration_closed",
    )


def product_quota_message(*, count: int, quota: int) -> str:
    return gettext(
        "Kuota produk delegasi ini %(quota)d; Anda memilih %(count)d. Kurangi pilihan produk."
    ) % {"quota": quota, "count": count}


def default_product_quota() -> int:
    """The product quota of a delegation that does not exist yet (the field's default)."""
    return Delegation._meta.get_field("product_quota").default


def _check_application_choices(
    *, prison: Prison, products, contact_officer, product_quota: int | None = None
) -> list[Product]:
    """The chosen products and contact officer must belong to ``prison``, and there may be no
    more products than ``product_quota``: the form limits its choices already, this guards every
    other caller."""
    products = list(products)
    errors = {}
    if not products:
        errors["products"] = gettext("Pilih setidaknya satu produk yang sudah disetujui.")
    elif product_quota is not None and len(products) > product_quota:
        errors["products"] = product_quota_message(count=len(products), quota=product_quota)
    elif any(
        p.prison_id != prison.pk or p.status != Product.Status.APPROVED or p.revision_of_id
        for p in products
    ):
        errors["products"] = gettext("Pilih hanya produk lapas Anda yang sudah disetujui kurator.")
    if contact_officer is not None and officer_prison_id(contact_officer) != prison.pk:
        errors["contact_officer"] = gettext("Pilih petugas dari lapas Anda.")
    if errors:
        raise ValidationError(errors, code="invalid_choice")
    return products


def _append_note(delegation: Delegation, line: str) -> None:
    delegation.notes = f"{delegation.notes.rstrip()}\n{line}" if delegation.notes.strip() else line


@transaction.atomic
def application_submit(
    *,
    exhibition: Exhibition,
    prison: Prison,
    user,
    products,
    contact_officer,
    contact_phone: str,
) -> Delegation:
    """Apply ``prison`` to ``exhibition`` with approved ``products``, on behalf of ``user``.

    The delegation is named after the prison and belongs to its region (Kanwil). Raises
    ValidationError, and nothing is saved, when registration is not open (code
    ``registration_closed``), when the prison has applied already (``already_applied``), when a
    product or the contact officer is not the prison's, or when there are more products than the
    delegation's ``product_quota`` (the field's default for a new one). A prison that withdrew its application
    may apply again while registration is open: the same delegation is reopened, so there is never
    more than one per prison and exhibition.
    """
    # Serialise the applications of one prison: two officers applying at once make one delegation.
    Prison.objects.select_for_update().filter(pk=prison.pk).first()
    now = timezone.now()
    if not exhibition.registration_is_open(now):
        raise _registration_closed_error(exhibition)
    delegation = (
        Delegation.objects.select_for_update().filter(exhibition=exhibition, prison=prison).first()
    )
    if delegation is not None and delegation.status != Delegation.Status.WITHDRAWN:
        raise ValidationError(
            gettext("Lapas Anda sudah mendaftar ke pameran ini (status: %(status)s).")
            % {"status": delegation.get_status_display()},
            code="already_applied",
        )
    products = _check_application_choices(
        prison=prison,
        products=products,
        contact_officer=contact_officer,
        product_quota=delegation.product_quota if delegation is not None else default_product_quota(),
    )
    line = gettext("Didaftarkan melalui portal oleh %(user)s pada %(time)s.") % {
        "user": user.get_username(),
        "time": date_format(timezone.localtime(now), "DATETIME_FORMAT"),
    }
    if delegation is None:
        delegation = Delegation(exhibition=exhibition, prison=prison)
    delegation.region_id = prison.region_id
    delegation.name = prison.name
    delegation.status = Delegation.Status.APPLIED
    delegation.applied_at = now
    delegation.decided_at = None
    delegation.decided_by = None
    delegation.contact_officer = contact_officer
    delegation.contact_phone = contact_phone.strip()
    _append_note(delegation, line)
    delegation.save()
    delegation.products.set(products)
    logger.info(
        "Application: user=%s prison=%s exhibition=%s delegation=%s",
        user.pk,
        prison.pk,
        exhibition.pk,
        delegation.pk,
    )
    return delegation


def _lock_open_application(*, delegation: Delegation, user, closed_message: str) -> Delegation:
    locked = (
        Delegation.objects.select_for_update()
        .select_related("exhibition")
        .get(pk=delegation.pk)
    )
    if locked.prison_id is None or officer_prison_id(user) != locked.prison_id:
        raise PermissionDenied
    exhibition = locked.exhibition
    now = timezone.now()
    # Once the fair has begun its delegations stand, whatever the registration dates say (an
    # exhibition saved before registration had to close before the start may still say later).
    begun = now.astimezone(exhibition.tzinfo).date() >= exhibition.start_date
    if exhibition.registration_closes is None or now >= exhibition.registration_closes or begun:
        raise ValidationError(closed_message % {"title": exhibition.title}, code="registration_closed")
    if locked.status not in OPEN_APPLICATION_STATUSES:
        raise _invalid_status(locked, locked.status)
    return locked


@transaction.atomic
def application_update(
    *, delegation: Delegation, user, products, contact_officer, contact_phone: str
) -> Delegation:
    """Change the products and contact of an application of ``user``'s own prison while its
    exhibition's registration is open and it is applied or accepted; otherwise raises
    ValidationError (``registration_closed``, ``invalid_status``) and nothing changes."""
    locked = _lock_open_application(
        delegation=delegation,
        user=user,
        closed_message=gettext(
            "Batas pendaftaran pameran “%(title)s” sudah lewat; pendaftaran tidak dapat diubah lagi."
        ),
    )
    products = _check_application_choices(
        prison=locked.prison,
        products=products,
        contact_officer=contact_officer,
        product_quota=locked.product_quota,
    )
    locked.contact_officer = contact_officer
    locked.contact_phone = contact_phone.strip()
    locked.save(update_fields=["contact_officer", "contact_phone"])
    locked.products.set(products)
    logger.info("Application updated: user=%s delegation=%s", user.pk, locked.pk)
    return locked


@transaction.atomic
def application_withdraw(*, delegation: Delegation, user) -> Delegation:
    """Withdraw an application of ``user``'s own prison before the registration deadline.

    Only an applied or accepted application can be withdrawn, and only before
    ``registration_closes``; otherwise raises ValidationError (``registration_closed``,
    ``invalid_status``) and nothing changes. Who withdrew it, and when, is added to the notes.
    """
    locked = _lock_open_application(
        delegation=delegation,
        user=user,
        closed_message=gettext(
            "Batas pendaftaran pameran “%(title)s” sudah lewat; pendaftaran tidak dapat dibatalkan lagi."
        ),
    )
    locked.status = Delegation.Status.WITHDRAWN
    _append_note(
        locked,
        gettext("Dibatalkan melalui portal oleh %(user)s pada %(time)s.")
        % {
            "user": user.get_username(),
            "time": date_format(timezone.localtime(), "DATETIME_FORMAT"),
        },
    )
    locked.save(update_fields=["status", "notes"])
    logger.info("Application withdrawn: user=%s delegation=%s", user.pk, locked.pk)
    return locked


def _inquiry_locked_for(*, inquiry: Inquiry, user) -> Inquiry:
    """``inquiry`` locked for update, if ``user`` may act on it: ministry staff, or an officer
    of the prison it is addressed to or whose product it asks about (PermissionDenied otherwise)."""
    locked = Inquiry.objects.select_for_update().get(pk=inquiry.pk)
    prison_id = officer_prison_id(user)
    product_prison_id = (
        Product.objects.filter(pk=locked.product_id).values_list("prison_id", flat=True).first()
        if locked.product_id
        else None
    )
    in_scope = prison_id is not None and prison_id in (locked.prison_id, product_prison_id)
    if not (in_scope or sees_all_prisons(user)):
        raise PermissionDenied
    return locked


@transaction.atomic
def inquiry_set_status(*, inquiry: Inquiry, user, status: str) -> Inquiry:
    """Set a buyer inquiry's ``status`` (new, answered, closed) on behalf of ``user``, who must
    see the inquiry's prison (addressed to it, or about its product).

    Marking it answered records ``answered_at`` (the first time; answering again keeps it);
    setting it back to new clears it. An unknown status raises ValidationError.
    """
    if status not in Inquiry.Status.values:
        raise ValidationError(
            {"status": gettext("Pilih status yang tersedia.")}, code="invalid_status"
        )
    locked = _inquiry_locked_for(inquiry=inquiry, user=user)
    locked.status = status
    if status == Inquiry.Status.ANSWERED and locked.answered_at is None:
        locked.answered_at = timezone.now()
    elif status == Inquiry.Status.NEW:
        locked.answered_at = None
    locked.save(update_fields=["status", "answered_at"])
    logger.info("Inquiry status: user=%s inquiry=%s status=%s", user.pk, locked.pk, status)
    inquiry.status, inquiry.answered_at = locked.status, locked.answered_at
    return locked


INQUIRY_REPLY_MAX = 5000  # as InquiryReply.body's max_length (5.000 in the message)
# The same answer sent again this soon (a double click, the browser's "send again") is the first one.
INQUIRY_REPLY_REPEAT_WINDOW = datetime.timedelta(minutes=10)


def _inquiry_reply_errors(*, inquiry: Inquiry, user, body: str) -> list[str]:
    """What in ``body`` must not reach a buyer: the legal name or registration number of any
    inmate of the prisons concerned (the inquiry's, the product's and its makers', else the
    officer's own; for an inquiry about an exhibition, every prison exhibiting there), an offence
    or a sentence (the public-text rules), or invisible characters (which slip a name past the
    check). Names are compared however they are spelt (``inmates.naming``)."""
    from config.validators import validate_visible_text
    from inmates.models import Inmate, mentions_birth_date, mentions_offence, people_of_prisons
    from inmates.naming import PeopleIndex, looks_like_registration_number

    try:
        validate_visible_text(body)
    except ValidationError as invisible:
        return list(invisible.messages)
    errors = []
    prisons = {inquiry.prison_id or officer_prison_id(user)} - {None}
    if inquiry.product_id:
        prisons |= set(Product.objects.filter(pk=inquiry.product_id).values_list("prison_id", flat=True))
    if inquiry.exhibition_id and not inquiry.product_id and not inquiry.prison_id:
        prisons |= exhibiting_prison_ids(inquiry.exhibition_id)
    fields = ("pk", "legal_name", "registration_number")
    index = people_of_prisons(prisons)
    # A one-word legal name ("Paiman") counts where it is written as a name, with a capital; the
    # product's makers' (wherever they are now) in any case: the answer is about them.
    makers = PeopleIndex(Inmate.objects.filter(products=inquiry.product_id).values_list(*fields) if inquiry.product_id else ())
    # The product's own name, public and checked when it was approved, is not read for names: with
    # a "Jati" in the prison, "Meja Tamu Kayu Jati" in an answer about it was refused (found by a
    # verification probe).
    written = body
    if inquiry.product_id and (product_name := Product.objects.filter(pk=inquiry.product_id).values_list("name", flat=True).first()):
        written = re.sub(re.escape(product_name.strip()), " ", body, flags=re.IGNORECASE) if product_name.strip() else body
    if (
        index.named(written, capitalised_mononyms=True)
        or index.cited(body)
        or makers.named(written, mononyms=True)
        or makers.cited(body)
        or looks_like_registration_number(body)
    ):
        errors.append(
            gettext(
                "Balasan tidak boleh memuat nama lengkap atau nomor registrasi warga binaan; "
                "sebut nama tampilannya atau “pengrajin kami”."
            )
        )
    if mentions_offence(body):
        errors.append(gettext("Balasan tidak boleh menyebut tindak pidana, putusan atau masa hukuman."))
    if mentions_birth_date(body):
        errors.append(gettext("Balasan tidak boleh menyebut tanggal atau tahun lahir warga binaan."))
    return errors


def _inquiry_reply_body(body: str) -> str:
    # Line ends as the browser counts them (one character), trailing spaces dropped.
    return "\n".join(line.rstrip() for line in (body or "").replace("\r\n", "\n").split("\n")).strip()


@transaction.atomic
def inquiry_call_note(*, inquiry: Inquiry, user, body: str) -> InquiryReply:
    """Write down what was said on a call with the buyer (price, delivery, who follows up): kept
    with the answers as a phone note, never e-mailed. A new inquiry becomes answered; others keep
    their status. ``user`` must see the inquiry (PermissionDenied otherwise); an inquiry without a
    phone number, an empty or a too long note raises ValidationError (field ``body``) and saves
    nothing."""
    body = _inquiry_reply_body(body)
    locked = _inquiry_locked_for(inquiry=inquiry, user=user)
    if not locked.phone:  # nobody to have called: the form is offered only with a number
        raise ValidationError({"body": gettext("Pembeli ini tidak meninggalkan nomor telepon.")}, code="no_phone")
    if not body:
        raise ValidationError({"body": gettext("Tulis catatannya dulu.")}, code="required")
    if len(body) > INQUIRY_REPLY_MAX:
        raise ValidationError(
            {"body": gettext("Catatan paling panjang %(max)s karakter.") % {"max": "5.000"}}, code="max_length"
        )
    now = timezone.now()
    note = InquiryReply.objects.create(
        inquiry=locked, body=body, sent_by=user, sent_at=now, channel=InquiryReply.Channel.PHONE
    )
    if locked.status == Inquiry.Status.NEW:
        locked.status, locked.answered_at = Inquiry.Status.ANSWERED, now
        locked.save(update_fields=["status", "answered_at"])
    logger.info("Inquiry call note: user=%s inquiry=%s note=%s", user.pk, locked.pk, note.pk)
    return note


@transaction.atomic
def inquiry_reply(*, inquiry: Inquiry, user, body: str) -> InquiryReply:
    """Answer a buyer: ``body`` is kept as an InquiryReply and e-mailed to the buyer after the
    commit (reply-to the writer's own address, or else to those told of the inquiry). A new
    inquiry becomes answered once the mail is sent; a closed one stays closed. When the mail
    server refuses or does not answer within EMAIL_TIMEOUT, the reply is kept with
    ``email_failed`` and the inquiry keeps its status (``inquiry_reply_resend`` tries again).

    The same text sent again within INQUIRY_REPLY_REPEAT_WINDOW returns the first reply (with
    ``created_now`` False): no second row, no second mail.

    ``user`` must see the inquiry (``_inquiry_locked_for``: PermissionDenied otherwise). Raises
    ValidationError (field ``body``), and saves and sends nothing, when the buyer left no e-mail
    address, the text is empty or longer than INQUIRY_REPLY_MAX, or it would tell the buyer an
    inmate's legal name, registration number, offence or sentence.
    """
    body = _inquiry_reply_body(body)
    locked = _inquiry_locked_for(inquiry=inquiry, user=user)
    if not locked.email:
        raise ValidationError(
            {"body": gettext("Pembeli ini tidak meninggalkan alamat surel; hubungi lewat telepon.")},
            code="no_email",
        )
    if not body:
        raise ValidationError({"body": gettext("Tulis balasannya dulu.")}, code="required")
    if len(body) > INQUIRY_REPLY_MAX:
        raise ValidationError(
            {"body": gettext("Balasan paling panjang %(max)s karakter.") % {"max": "5.000"}},
            code="max_length",
        )
    errors = _inquiry_reply_errors(inquiry=locked, user=user, body=body)
    if errors:
        raise ValidationError({"body": errors}, code="not_for_buyer")
    now = timezone.now()
    repeated = (
        InquiryReply.objects.filter(inquiry=locked, body=body, sent_at__gte=now - INQUIRY_REPLY_REPEAT_WINDOW)
        .order_by("-sent_at")
        .first()
    )
    if repeated is not None:
        repeated.created_now = False
        return repeated
    reply = InquiryReply.objects.create(inquiry=locked, body=body, sent_by=user, sent_at=now)
    reply.created_now = True
    logger.info("Inquiry reply: user=%s inquiry=%s reply=%s", user.pk, locked.pk, reply.pk)
    transaction.on_commit(lambda: _inquiry_reply_deliver(reply, inquiry=inquiry))
    return reply


def inquiry_reply_resend(*, reply: InquiryReply, user) -> InquiryReply:
    """Send again a reply whose mail failed (``email_failed``), on behalf of ``user``, who must see
    its inquiry (PermissionDenied otherwise). ValidationError when it was already delivered, or
    when its text breaks the answer rules as they stand now (checked again, as for a new one)."""
    with transaction.atomic():
        _inquiry_locked_for(inquiry=reply.inquiry, user=user)
        # Only the reply's row is locked (its sender may be gone: an outer join PostgreSQL cannot lock).
        reply = InquiryReply.objects.select_for_update(of=("self",)).select_related("inquiry", "sent_by").get(pk=reply.pk)
        if not reply.email_failed:
            raise ValidationError(gettext("Balasan ini sudah terkirim."), code="already_sent")
        # The rules as they stand now (an inmate registered since may be named in it).
        errors = _inquiry_reply_errors(inquiry=reply.inquiry, user=user, body=reply.body)
        if errors:
            raise ValidationError(
                " ".join([gettext("Balasan ini tidak dikirim ulang; tulis balasan baru."), *errors]), code="refused"
            )
        # Claimed before the lock goes: a second "Kirim ulang" arriving while this one sends
        # finds it sent, instead of mailing the buyer twice. A failure marks it failed again.
        InquiryReply.objects.filter(pk=reply.pk).update(email_failed=False)
    _inquiry_reply_deliver(reply, inquiry=reply.inquiry)
    return reply


def _inquiry_reply_deliver(reply: InquiryReply, *, inquiry: Inquiry) -> None:
    """Send ``reply``; on success mark it delivered and a new inquiry answered, on failure mark
    it failed (the inquiry keeps its status). Updates ``inquiry`` in memory too."""
    sent = _inquiry_reply_send(reply)
    reply.email_failed = not sent
    InquiryReply.objects.filter(pk=reply.pk).update(email_failed=reply.email_failed)
    if sent:
        Inquiry.objects.filter(pk=reply.inquiry_id, status=Inquiry.Status.NEW).update(
            status=Inquiry.Status.ANSWERED, answered_at=reply.sent_at
        )
        Inquiry.objects.filter(pk=reply.inquiry_id, answered_at__isnull=True).update(answered_at=reply.sent_at)
    fresh = Inquiry.objects.filter(pk=reply.inquiry_id).values("status", "answered_at").first()
    if fresh:
        inquiry.status, inquiry.answered_at = fresh["status"], fresh["answered_at"]


def inquiry_reply_reply_to(*, inquiry: Inquiry, user) -> list[str]:
    """Where the buyer's answer to a reply goes: the writer's own address, or else the
    programme's mailbox (``settings.PROGRAMME_EMAIL``). Never those told of the inquiry: the
    buyer is anybody who filled in the public form, and the personal addresses of every active
    ministry staff member and the prison's officers are not theirs to collect."""
    if user is not None and user.email:
        return [user.email]
    return [settings.PROGRAMME_EMAIL] if settings.PROGRAMME_EMAIL else []


def _inquiry_reply_send(reply: InquiryReply) -> bool:
    inquiry = reply.inquiry
    subject_of = inquiry.product.name if inquiry.product_id else inquiry.exhibition.title
    prison = inquiry.prison
    # The words around the answer (greeting, signature, the quoted message) in the buyer's language.
    with translation.override(inquiry.language or settings.LANGUAGE_CODE):
        signature = (
            gettext("Petugas %(prison)s, melalui Etalase") % {"prison": prison.name}
            if prison is not None
            else gettext("Tim Etalase, Kementerian Perindustrian")
        )
        # Nothing the buyer typed goes out again (their name, their message): the public form takes
        # any address, and an officer's answer must not carry a stranger's text to it under the
        # prison's name (found by the sixth attacker probe). The number and the date say which
        # inquiry it answers.
        lines = [
            gettext("Yth. Bapak/Ibu,"),
            "",
            reply.body,
            "",
            signature,
            "",
            "-- ",
            gettext("Jawaban atas permintaan Anda nomor %(number)s tentang “%(subject)s”, %(date)s.")
            % {
                "number": inquiry.reference or inquiry.pk,
                "subject": subject_of,
                "date": format_moment(inquiry.created_at.astimezone(inquiry.tzinfo), zone=True, localise=False),
            },
        ]
        message = EmailMessage(
            subject=gettext("Balasan permintaan Anda: %(name)s") % {"name": subject_of},
            body="\n".join(str(line) for line in lines),
            to=[inquiry.email],
            reply_to=inquiry_reply_reply_to(inquiry=inquiry, user=reply.sent_by) or None,
        )
    try:
        message.send()
    except Exception:  # refused, or no answer within EMAIL_TIMEOUT: kept, marked, sent again later
        logger.exception("Inquiry reply %s: the e-mail could not be sent", reply.pk)
        return False
    return True


# --- Public: buyer inquiries (the product page and an exhibition's inquiry page) --------------

# Inquiries a network address may send within the window: a fair hall's Wi-Fi or a phone
# operator's address is shared by many buyers (found by a new user's probe: five an hour could
# shut a whole hall out), so it is generous; one buyer (one e-mail address or telephone number)
# is held to INQUIRY_CONTACT_RATE_LIMIT.
INQUIRY_RATE_LIMIT = 20
INQUIRY_CONTACT_RATE_LIMIT = 5
INQUIRY_RATE_WINDOW = 60 * 60  # seconds
INQUIRY_FIELDS = ("buyer_name", "organisation", "email", "phone", "quantity", "message")
INQUIRY_REPEAT_WINDOW = 30 * 60  # seconds: the same inquiry sent again within it is the first one


class InquiryRateLimited(Exception):
    """Too many inquiries within INQUIRY_RATE_WINDOW from one network address (``shared``) or
    from one buyer's e-mail address or telephone number; nothing was saved."""

    def __init__(self, *, shared: bool):
        super().__init__("network address" if shared else "contact")
        self.shared = shared


def _inquiry_rate_take(*, ip: str, email: str, phone: str) -> None:
    # Fixed windows in the cache, counted before anything is written. With the per-process
    # local-memory cache the limits hold per worker; a shared cache makes them global.
    # The buyer first: one who is refused does not use up the hall's share (a verification probe).
    contacts = [f"mail:{_mailbox(email)}"] if email else []
    if phone_number := phone_digits(phone):
        contacts.append(f"tel:{phone_number}")
    for contact in contacts:
        contact_key = hashlib.sha256(contact.encode()).hexdigest()[:32]
        if not _rate_take(key=f"etalase:inquiry-contact:{contact_key}", limit=INQUIRY_CONTACT_RATE_LIMIT,
                          window=INQUIRY_RATE_WINDOW):
            raise InquiryRateLimited(shared=False)
    if not _rate_take(key=f"etalase:inquiry-rate:{ip or 'unknown'}", limit=INQUIRY_RATE_LIMIT,
                      window=INQUIRY_RATE_WINDOW):
        raise InquiryRateLimited(shared=True)


@transaction.atomic
def inquiry_submit(
    *,
    product: Product | None = None,
    exhibition: Exhibition | None = None,
    data,
    ip: str,
    base_url: str = "",
    language: str = "id",
    sender: str = "",
) -> Inquiry:
    """Record a buyer's inquiry about an approved ``product`` or a published ``exhibition``, and
    tell those who answer it; the buyer, given an e-mail address, gets an acknowledgement with the
    inquiry's number in ``language`` (the site's language they wrote in, kept for the answer).

    ``data`` holds buyer_name, organisation, email, phone, quantity and message (a form's cleaned
    data). The inquiry's prison is the product's. Raises ValidationError, and saves nothing, when
    neither e-mail nor phone is given or the product/exhibition is not public;
    InquiryRateLimited, and saves nothing, from the (INQUIRY_RATE_LIMIT + 1)th inquiry from ``ip``
    or the (INQUIRY_CONTACT_RATE_LIMIT + 1)th with the same e-mail address or telephone number
    within INQUIRY_RATE_WINDOW. Once committed, one e-mail goes to active ministry staff and the
    prison's officers (``inquiry_notification_recipients``) with the buyer's message and the
    product and, given ``base_url`` (scheme and host), a link to the inquiry in the portal;
    never anything about the product's makers. The same inquiry sent again by the same
    ``sender`` (the browser's CSRF cookie) within INQUIRY_REPEAT_WINDOW returns the first one
    (``created_now`` False), saving and sending nothing.
    """
    values = {name: data.get(name) for name in INQUIRY_FIELDS}
    for name in ("buyer_name", "organisation", "email", "phone", "message"):
        values[name] = (values[name] or "").strip()
    if product is None and exhibition is None:
        raise ValidationError(gettext("Pilih produk atau pameran yang ditanyakan."), code="no_subject")
    if product is not None and (product.status != Product.Status.APPROVED or product.revision_of_id):
        raise ValidationError(gettext("Produk ini tidak tersedia."), code="not_public")
    if exhibition is not None and not exhibition.is_published:
        raise ValidationError(gettext("Pameran ini tidak tersedia."), code="not_public")
    if not values["email"] and not values["phone"]:
        raise ValidationError(
            {"email": gettext("Isi surel atau nomor telepon agar kami dapat membalas Anda.")},
            code="no_contact",
        )
    # The same inquiry sent again from the same browser (a double tap on "Kirim", the form sent
    # again after a slow answer) is the one already received: its number again, no second row,
    # no second round of mails (found by a bad-input probe: two numbers for one question). Only
    # the same browser's (``sender``, its CSRF cookie): matched on the content alone, anybody who
    # guessed a buyer's words learnt whether they had asked and their number, and could get a
    # misleading copy in first (an attacker probe).
    repeat_key = _inquiry_repeat_key(sender=sender, product=product, exhibition=exhibition, values=values)
    if repeat_key and (earlier := _inquiry_repeat(repeat_key)) is not None:
        return earlier
    _inquiry_rate_take(ip=ip, email=values["email"], phone=values["phone"])
    languages = {code for code, _name in settings.LANGUAGES}
    inquiry = Inquiry(
        product=product,
        exhibition=exhibition,
        prison=product.prison if product is not None else None,
        language=language if language in languages else settings.LANGUAGE_CODE,
        reference=inquiry_reference_new(),
        **values,
    )
    inquiry.full_clean()
    inquiry.save()
    logger.info(
        "Inquiry: id=%s product=%s exhibition=%s prison=%s",
        inquiry.pk,
        product.pk if product else None,
        exhibition.pk if exhibition else None,
        inquiry.prison_id,
    )
    # Whether the buyer gets a receipt is decided now, so the thank-you page can say so (it
    # promised one past the day's limit: a buyer probe).
    inquiry.acknowledged = bool(inquiry.email) and _inquiry_acknowledgement_allowed(inquiry)
    transaction.on_commit(lambda: _inquiry_mail(inquiry, base_url=base_url))
    if repeat_key:
        remembered = (inquiry.pk, inquiry.acknowledged)
        transaction.on_commit(lambda: _cache_set_quietly(repeat_key, remembered, INQUIRY_REPEAT_WINDOW))
    inquiry.created_now = True
    return inquiry


def _inquiry_repeat_key(*, sender: str, product, exhibition, values: dict) -> str:
    """The cache key of one browser's inquiry with these words, or "" without a browser."""
    if not sender:
        return ""
    subject = f"p{product.pk}" if product is not None else f"e{exhibition.pk}"
    words = json.dumps([subject, *(str(values.get(name) or "") for name in INQUIRY_FIELDS)], ensure_ascii=False)
    digest = hashlib.sha256(f"{sender}\n{words.casefold()}".encode()).hexdigest()[:40]
    return f"etalase:inquiry-sent:{digest}"


def _inquiry_repeat(key: str) -> Inquiry | None:
    """The inquiry remembered under ``key`` (``created_now`` False, ``acknowledged`` as it was)."""
    try:
        remembered = cache.get(key)
    except Exception:  # noqa: BLE001 - any cache backend's connection error: no repeat known
        return None
    if not remembered:
        return None
    pk, acknowledged = remembered
    earlier = Inquiry.objects.filter(pk=pk).first()
    if earlier is not None:
        earlier.created_now, earlier.acknowledged = False, acknowledged
    return earlier


def _cache_set_quietly(key: str, value, timeout: int) -> None:
    try:
        cache.set(key, value, timeout=timeout)
    except Exception:  # noqa: BLE001 - a cache that is down only loses the repeat's recognition
        logger.warning("inquiry repeat not remembered: the cache is unavailable", exc_info=True)


# Letters a reference is written in: no 0/O or 1/I to mistake over the telephone.
INQUIRY_REFERENCE_LETTERS = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"
INQUIRY_REFERENCE_SHAPE = re.compile(r"[A-HJ-NP-Z2-9]{4}-[A-HJ-NP-Z2-9]{4}")


def inquiry_reference_new() -> str:
    """A new random inquiry number, "K7QX-4M2P" (32^8 of them), not yet given."""
    while True:
        code = "".join(secrets.choice(INQUIRY_REFERENCE_LETTERS) for _ in range(8))
        reference = f"{code[:4]}-{code[4:]}"
        if not Inquiry.objects.filter(reference=reference).exists():
            return reference


def _inquiry_mail(inquiry: Inquiry, *, base_url: str = "") -> None:
    """Send a new inquiry's mails (to the officers, to staff, the buyer's acknowledgement) over one
    connection to the mail server: the buyer waits for them, and three connections one after
    another to a server that does not answer took three times EMAIL_TIMEOUT, as long as
    gunicorn's worker timeout (found by a review). A mail the server refuses (a departed officer's
    mailbox) does not keep the others from going; a server that is down or silent stops them all."""
    messages = _inquiry_notifications(inquiry, base_url=base_url)
    acknowledged = getattr(inquiry, "acknowledged", None)
    if acknowledged is None:  # not decided at submission (sent again later)
        acknowledged = bool(inquiry.email) and _inquiry_acknowledgement_allowed(inquiry)
    if acknowledged and (acknowledgement := _inquiry_acknowledgement(inquiry)) is not None:
        messages.append(acknowledgement)
    if not messages:
        return
    connection = get_connection()
    try:
        connection.open()
        for message in messages:
            message.connection = connection
            try:
                message.send()
            except (smtplib.SMTPResponseException, smtplib.SMTPRecipientsRefused):  # the connection stands
                logger.exception("Inquiry %s: a mail to %s was refused", inquiry.pk, ", ".join(message.to))
    except Exception:  # the inquiry is saved and listed; a mail server outage must not lose it
        logger.exception("Inquiry %s: its e-mails could not all be sent", inquiry.pk)
    finally:
        try:
            connection.close()
        except Exception:  # noqa: BLE001 - closing a broken connection
            logger.debug("Inquiry %s: closing the mail connection failed", inquiry.pk, exc_info=True)


# Acknowledgements one e-mail address receives a day, whoever sends the inquiries.
INQUIRY_ACKNOWLEDGEMENTS_PER_ADDRESS = 3


def _mailbox(email: str) -> str:
    """The mailbox an address reaches, for counting: lower case, without a "+tag", the domain in
    its ASCII form, and for Gmail without dots (korban+1@… and k.orban@gmail.com are one mailbox; found by a review)."""
    local, _at, domain = email.strip().lower().rpartition("@")
    local = local.split("+", 1)[0]
    try:  # "contoh.id" written in Unicode or as its "xn--" form is one domain
        domain = domain.encode("idna").decode("ascii")
    except UnicodeError:
        pass
    if domain in ("gmail.com", "googlemail.com"):
        local, domain = local.replace(".", ""), "gmail.com"
    return f"{local}@{domain}"


def _inquiry_acknowledgement_allowed(inquiry: Inquiry) -> bool:
    """Whether the buyer's address may get another receipt today (INQUIRY_ACKNOWLEDGEMENTS_PER_ADDRESS),
    counting this one."""
    address = hashlib.sha256(_mailbox(inquiry.email).encode()).hexdigest()[:32]
    if not _rate_take(key=f"etalase:inquiry-ack:{address}", limit=INQUIRY_ACKNOWLEDGEMENTS_PER_ADDRESS, window=86400):
        logger.info("Inquiry %s: no acknowledgement (the address had enough today)", inquiry.pk)
        return False
    return True


def _inquiry_acknowledgement(inquiry: Inquiry) -> EmailMessage | None:
    """The mail telling the buyer their inquiry arrived, with its number, in their language. Only fixed words
    and the product's or exhibition's name: nothing the buyer typed goes out again, not even the
    name (a probe put a phishing text in it). The form takes any address, so it must not relay a
    stranger's words to it, and an address gets at most INQUIRY_ACKNOWLEDGEMENTS_PER_ADDRESS a day."""
    from exhibitions.selectors import inquiry_for_ministry_q

    subject_of = inquiry.product.name if inquiry.product_id else inquiry.exhibition.title
    ministry_answers = Inquiry.objects.filter(inquiry_for_ministry_q(), pk=inquiry.pk).exists()
    with translation.override(inquiry.language or settings.LANGUAGE_CODE):
        who = (
            gettext("Petugas %(prison)s atau tim Kementerian Perindustrian akan menghubungi Anda.")
            % {"prison": inquiry.prison.name}
            if inquiry.prison_id and not ministry_answers
            else gettext("Tim Kementerian Perindustrian akan menghubungi Anda.")
        )
        lines = [
            gettext("Yth. Bapak/Ibu,"),
            "",
            gettext("Terima kasih. Permintaan Anda tentang “%(subject)s” sudah kami terima dengan nomor %(number)s.")
            % {"subject": subject_of, "number": inquiry.reference or inquiry.pk},
            # The quantity is a number the form checked, so it may go out again (found by a visitor
            # probe: the receipt did not say what was asked for); the buyer's own words never do.
            *(
                [gettext("Jumlah yang diminta: %(quantity)s.") % {"quantity": number_format(inquiry.quantity, force_grouping=True)}]
                if inquiry.quantity
                else []
            ),
            who,
            "",
            gettext("Tim Etalase, Kementerian Perindustrian"),
        ]
        return EmailMessage(
            subject=gettext("Permintaan Anda kami terima (nomor %(number)s): %(subject)s")
            % {"number": inquiry.reference or inquiry.pk, "subject": subject_of},
            body="\n".join(str(line) for line in lines),
            to=[inquiry.email],
        )


def _inquiry_notifications(inquiry: Inquiry, *, base_url: str = "") -> list[EmailMessage]:
    """The mails telling the new inquiry to the prison's officers, with the link to it in their portal, and to
    ministry staff, with the link to its answer page in the back office (found by a new user's
    probe: staff were sent the portal's link, which refuses them). Staff are told whether the
    prison's officers answer it or, without an officer in Etalase, the ministry does."""
    from exhibitions.selectors import inquiry_for_ministry_q, inquiry_notification_recipients
    from inmates.templatetags.etalase import format_rupiah

    ministry_answers = Inquiry.objects.filter(inquiry_for_ministry_q(), pk=inquiry.pk).exists()
    staff = inquiry_notification_recipients(prison=None)
    everyone = inquiry_notification_recipients(prison=inquiry.prison) if inquiry.prison_id else staff
    staff_lowered = {email.lower() for email in staff}
    officers = [email for email in everyone if email.lower() not in staff_lowered]
    if not everyone:
        logger.warning("Inquiry %s: nobody to notify", inquiry.pk)
        return []
    base = base_url.rstrip("/")
    # Staff and officers read Indonesian, whatever language the buyer browsed in.
    with translation.override("id"):
        lines = [gettext("Ada permintaan pembeli baru di Etalase."), ""]
        if inquiry.product is not None:
            lines.append(
                gettext("Produk: %(name)s (%(price)s)")
                % {"name": inquiry.product.name, "price": format_rupiah(inquiry.product.price)}
            )
            subject = gettext("[Etalase] Permintaan pembeli: %(name)s") % {"name": inquiry.product.name}
        else:
            subject = gettext("[Etalase] Permintaan pembeli: %(name)s") % {"name": inquiry.exhibition.title}
        if inquiry.exhibition is not None:
            lines.append(gettext("Pameran: %(title)s") % {"title": inquiry.exhibition.title})
        if inquiry.prison is not None:
            lines.append(gettext("Lapas/Rutan: %(name)s") % {"name": inquiry.prison.name})
        lines += [
            "",
            gettext("Nama: %(value)s") % {"value": inquiry.buyer_name},
            gettext("Instansi/usaha: %(value)s") % {"value": inquiry.organisation or "-"},
            gettext("Surel: %(value)s") % {"value": inquiry.email or "-"},
            gettext("Telepon: %(value)s") % {"value": inquiry.phone or "-"},
            gettext("Jumlah yang diinginkan: %(value)s") % {"value": inquiry.quantity or "-"},
            "",
            gettext("Pesan:"),
            inquiry.message,
            "",
        ]
        answered = gettext(
            "Jawaban dikirim ke pembeli, tercatat, dan permintaan ditandai dijawab. Pembeli tanpa surel "
            "dihubungi lewat telepon."
        )
        messages = []
        if officers:
            closing = [
                gettext("Jawab lewat Etalase (portal petugas, menu Permintaan pembeli, nomor %(number)s).")
                % {"number": inquiry.reference or inquiry.pk},
                answered,
            ]
            if base:
                closing.append(base + reverse("portal:inquiry-detail", args=[inquiry.pk]))
            messages.append((officers, closing))
        if staff:
            if not ministry_answers:
                who = gettext("Petugas lapas/rutan ini menjawabnya di portal; Anda juga dapat menjawab di back office.")
            elif inquiry.prison_id:
                who = gettext(
                    "Lapas/rutan ini belum memiliki petugas di Etalase: kementerian yang menjawab, di back office."
                )
            else:
                who = gettext("Permintaan tentang pameran dijawab kementerian, di back office.")
            closing = [who, gettext("Jawab lewat Etalase (nomor %(number)s).") % {"number": inquiry.reference or inquiry.pk}, answered]
            if base:
                closing.append(base + reverse("admin:exhibitions_inquiry_answer", args=[inquiry.pk]))
            messages.append((staff, closing))
        return [
            EmailMessage(
                subject=subject,
                body="\n".join(str(line) for line in lines + closing),
                to=to,
                reply_to=[inquiry.email] if inquiry.email else None,
            )
            for to, closing in messages
        ]


# --- Market-trial sales at the booths ---------------------------------------------------------
# A sale is never edited nor deleted: a wrong entry is corrected by a reversing entry. Every
# entry carries an idempotency key made by the device when the entry was made, so an entry sent
# twice (a retry after a dropped connection, a double tap) is stored once.

SALE_MAX_QUANTITY = 9_999
SALE_MAX_UNIT_PRICE = 10**12
# A phone's clock may run a little fast; a sale further "in the future" than this is refused.
SALE_CLOCK_SKEW = datetime.timedelta(minutes=10)


def _sale_key(idempotency_key) -> uuid.UUID:
    try:
        return idempotency_key if isinstance(idempotency_key, uuid.UUID) else uuid.UUID(str(idempotency_key))
    except ValueError:
        raise ValidationError(
            {"idempotency_key": gettext("Kunci entri tidak sah; muat ulang halaman kasir.")},
            code="invalid_key",
        ) from None


def _key_reused_error() -> ValidationError:
    return ValidationError(
        {"idempotency_key": gettext("Kunci entri ini sudah dipakai untuk catatan lain.")},
        code="key_reused",
    )


def _stored_sale(key: uuid.UUID) -> Sale | None:
    sale = Sale.objects.filter(idempotency_key=key).select_related("product").first()
    if sale is not None:
        sale.created_now = False
    return sale


def _sale_period_errors(exhibition: Exhibition, sold_at: datetime.datetime, now: datetime.datetime) -> dict:
    from django.utils.formats import date_format

    local = sold_at.astimezone(exhibition.tzinfo)
    if not exhibition.start_date <= local.date() <= exhibition.end_date:
        return {
            "sold_at": gettext(
                "Penjualan hanya dapat dicatat selama pameran berlangsung, %(start)s sampai "
                "%(end)s. Waktu penjualan ini %(when)s %(zone)s, di luar tanggal pameran."
            )
            % {
                "start": date_format(exhibition.start_date, "j F Y"),
                "end": date_format(exhibition.end_date, "j F Y"),
                "when": format_moment(local, localise=False),
                "zone": exhibition.zone_abbreviation,
            }
        }
    if sold_at > now + SALE_CLOCK_SKEW:
        return {
            "sold_at": gettext(
                "Waktu penjualan (%(when)s %(zone)s) belum terjadi. Periksa jam di perangkat Anda."
            )
            % {"when": format_moment(local, localise=False), "zone": exhibition.zone_abbreviation}
        }
    return {}


def _closed_error(exhibition: Exhibition) -> ValidationError:
    return ValidationError(
        gettext("Pameran “%(title)s” sudah ditutup; penjualan tidak dapat dicatat atau dikoreksi lagi.")
        % {"title": exhibition.title},
        code="exhibition_closed",
    )


@transaction.atomic
def sale_record(
    *,
    booth: Booth,
    product: Product,
    quantity: int,
    unit_price: int,
    payment_method: str,
    user,
    idempotency_key,
    sold_at: datetime.datetime | None = None,
    delegation: Delegation | None = None,
) -> Sale:
    """Record a sale of ``quantity`` x ``product`` at ``unit_price`` (whole rupiah) at ``booth``,
    on behalf of ``user``, split by the exhibition's revenue-split policy (``sale_shares``: the
    shares add up exactly to the amount).

    Only ministry staff and the officers of the prison of the booth's delegation may record
    (PermissionDenied otherwise). The first entry with ``idempotency_key`` is stored; any later
    call with the same key returns that stored sale unchanged (also when two arrive at once: the
    unique key decides), so an entry is never counted twice. The returned sale's ``created_now``
    says which happened. Raises ValidationError, and stores nothing, when ``sold_at`` (now by
    default) is not on a day of the exhibition in the venue's zone or lies in the future, the
    exhibition is closed, the booth has no accepted delegation, the product is neither shown by
    the delegation nor one of its prison's, or the quantity, price or payment method is invalid.
    """
    from exhibitions.selectors import can_record_sales, sale_product_allowed

    # ``delegation``: the one a corrected sale was made for (``sale_correct``), should the booth
    # have been given to another since; else the booth's.
    delegation = delegation or booth.delegation
    if not can_record_sales(user=user, delegation=delegation):
        raise PermissionDenied
    key = _sale_key(idempotency_key)
    stored = _stored_sale(key)
    if stored is not None:
        if stored.booth_id != booth.pk or stored.reverses_id is not None:
            raise _key_reused_error()
        return stored

    exhibition = booth.exhibition
    if delegation is None or delegation.status != Delegation.Status.ACCEPTED:
        raise ValidationError(
            gettext("Stan %(code)s tidak ditempati delegasi yang diterima; penjualan tidak dapat dicatat.")
            % {"code": booth.code},
            code="no_delegation",
        )
    if exhibition.closed_at is not None:
        raise _closed_error(exhibition)
    now = timezone.now()
    sold_at = sold_at or now
    errors = _sale_period_errors(exhibition, sold_at, now)
    if not sale_product_allowed(delegation=delegation, product=product):
        errors["product"] = gettext("Pilih produk yang dijual di stan ini.")
    if not isinstance(quantity, int) or not 1 <= quantity <= SALE_MAX_QUANTITY:
        errors["quantity"] = gettext("Jumlah harus antara 1 dan %(max)s.") % {"max": SALE_MAX_QUANTITY}
    if not isinstance(unit_price, int) or not 0 <= unit_price <= SALE_MAX_UNIT_PRICE:
        errors["unit_price"] = gettext("Harga satuan harus rupiah utuh, tidak negatif.")
    if payment_method not in Sale.PaymentMethod.values:
        errors["payment_method"] = gettext("Pilih cara bayar.")
    if errors:
        raise ValidationError(errors, code="invalid")

    sale = Sale(
        exhibition=exhibition,
        delegation=delegation,
        booth=booth,
        product=product,
        quantity=quantity,
        unit_price=unit_price,
        payment_method=payment_method,
        sold_at=sold_at,
        recorded_by=user,
        idempotency_key=key,
        **sale_shares(exhibition=exhibition, quantity=quantity, unit_price=unit_price),
    )
    try:
        # A savepoint: when a concurrent retry stored the same key first, this insert fails
        # alone and the stored sale is returned instead.
        with transaction.atomic():
            sale.save()
    except IntegrityError:
        stored = _stored_sale(key)
        if stored is None:
            raise
        if stored.booth_id != booth.pk or stored.reverses_id is not None:
            raise _key_reused_error() from None
        return stored
    sale.created_now = True
    logger.info(
        "Sale: user=%s booth=%s sale=%s amount=%s", user.pk, booth.pk, sale.pk, quantity * unit_price
    )
    return sale


@transaction.atomic
def sale_reverse(*, sale: Sale, user, idempotency_key) -> Sale:
    """Correct ``sale`` by a reversing entry (``reverses`` = the sale: same booth, product,
    quantity, price, payment method, shares and time, counted negative in every total), on
    behalf of ``user``, who must be allowed to record sales for the sale's delegation
    (PermissionDenied otherwise). The original stays as it was.

    A sale is reversed at most once, and a reversal is never reversed: ValidationError
    (``already_reversed``, ``is_reversal``), as after the exhibition is closed. The same
    ``idempotency_key`` again returns the stored reversal (``created_now`` False).
    """
    from exhibitions.selectors import can_record_sales

    original = (
        Sale.objects.select_for_update()
        .select_related("exhibition", "delegation", "product")
        .get(pk=sale.pk)
    )
    if not can_record_sales(user=user, delegation=original.delegation):
        raise PermissionDenied
    key = _sale_key(idempotency_key)
    stored = _stored_sale(key)
    if stored is not None:
        if stored.reverses_id != original.pk:
            raise _key_reused_error()
        return stored
    if original.reverses_id is not None:
        raise ValidationError(gettext("Koreksi tidak dapat dikoreksi lagi."), code="is_reversal")
    already = ValidationError(gettext("Penjualan ini sudah dikoreksi."), code="already_reversed")
    if Sale.objects.filter(reverses=original).exists():
        raise already
    if original.exhibition.closed_at is not None:
        raise _closed_error(original.exhibition)
    reversal = Sale(
        exhibition=original.exhibition,
        delegation=original.delegation,
        booth_id=original.booth_id,
        product=original.product,
        quantity=original.quantity,
        unit_price=original.unit_price,
        payment_method=original.payment_method,
        share_inmate=original.share_inmate,
        share_pnbp=original.share_pnbp,
        share_programme=original.share_programme,
        # The correction counts on the day of the sale it corrects, so each day's figures net out.
        sold_at=original.sold_at,
        recorded_by=user,
        reverses=original,
        idempotency_key=key,
    )
    try:
        with transaction.atomic():
            reversal.save()
    except IntegrityError:
        stored = _stored_sale(key)
        if stored is not None and stored.reverses_id == original.pk:
            return stored
        raise already from None
    reversal.created_now = True
    logger.info("Sale reversed: user=%s sale=%s reversal=%s", user.pk, original.pk, reversal.pk)
    return reversal


@transaction.atomic
def sale_correct(*, sale: Sale, user, idempotency_key, quantity: int, unit_price: int, payment_method: str) -> tuple[Sale, Sale]:
    """Correct ``sale`` (``sale_reverse``) and record the right sale in its place: the same booth,
    product and moment, with ``quantity``, ``unit_price`` and ``payment_method``. The replacement
    counts on the day of the sale it replaces, so a mistake found after the exhibition's days can
    be put right too (found by two probes: the correction went through, the right sale could no
    longer be recorded, and the revenue stayed short). Both or neither: a refused replacement
    leaves the sale as it was. The same ``idempotency_key`` again returns both stored entries."""
    reversal = sale_reverse(sale=sale, user=user, idempotency_key=idempotency_key)
    original = reversal.reverses
    if original.booth is None:
        raise ValidationError(gettext("Penjualan ini tidak tercatat di sebuah stan; catat yang benar di kasir stannya."))
    replacement = sale_record(
        booth=original.booth,
        product=original.product,
        quantity=quantity,
        unit_price=unit_price,
        payment_method=payment_method,
        user=user,
        idempotency_key=uuid.uuid5(_sale_key(idempotency_key), "replacement"),
        sold_at=original.sold_at,
        # The sale's own delegation, not whoever holds the booth now (found by an attacker
        # probe: the right sale went to the booth's new holder).
        delegation=original.delegation,
    )
    return reversal, replacement


# --- Running an exhibition: booths, stock, programme, competitions, visitors ----------------
# Booths are the source of truth for who stands where; the stock reconciliation, the judging
# and the visitors' feedback all refer to them. Staff act through the admin, officers and jurors
# through the portal, visitors through the QR code on a booth label.


def booth_assignment_error(
    *, booth: Booth, delegation: Delegation, assigned_elsewhere: int | None = None
) -> str | None:
    """Why ``delegation`` may not be given ``booth``, or None when it may: the delegation must be
    accepted, of the booth's exhibition, and stay within its ``booth_quota``.
    ``assigned_elsewhere`` is how many other booths the delegation already holds (counted in the
    database when None; the admin's formset passes its own count of the rows being saved)."""
    if delegation.exhibition_id != booth.exhibition_id:
        return gettext("Delegasi “%(name)s” bukan peserta pameran stan ini.") % {"name": delegation.name}
    if delegation.status != Delegation.Status.ACCEPTED:
        return gettext(
            "Delegasi “%(name)s” berstatus %(status)s; hanya delegasi yang diterima yang mendapat stan."
        ) % {"name": delegation.name, "status": Delegation.Status(delegation.status).label}
    if assigned_elsewhere is None:
        assigned_elsewhere = Booth.objects.filter(delegation=delegation).exclude(pk=booth.pk).count()
    if assigned_elsewhere + 1 > delegation.booth_quota:
        return gettext(
            "Kuota stan delegasi “%(name)s” %(quota)d; delegasi ini sudah mendapat %(count)d stan."
        ) % {"name": delegation.name, "quota": delegation.booth_quota, "count": assigned_elsewhere}
    return None


@transaction.atomic
def booth_assign(*, booth: Booth, delegation: Delegation | None, user) -> Booth:
    """Give ``booth`` to ``delegation`` (None frees the booth), recording ``user`` and the time.

    Raises ValidationError on the ``delegation`` field, and nothing changes, when the delegation
    is not accepted, belongs to another exhibition, or would then hold more booths than its
    ``booth_quota``. The delegation's row is locked, so two assignments at once cannot both take
    its last free place in the quota.
    """
    locked = Booth.objects.select_for_update().get(pk=booth.pk)
    if delegation is not None:
        fresh = Delegation.objects.select_for_update().get(pk=delegation.pk)
        problem = booth_assignment_error(booth=locked, delegation=fresh)
        if problem:
            raise ValidationError({"delegation": problem}, code="booth_assignment")
    new_id = delegation.pk if delegation is not None else None
    if locked.delegation_id != new_id:
        locked.delegation_id = new_id
        locked.assigned_by = user
        locked.assigned_at = timezone.now()
        locked.save(update_fields=["delegation", "assigned_by", "assigned_at"])
        logger.info("Booth assigned: user=%s booth=%s delegation=%s", user.pk, locked.pk, new_id)
    booth.delegation_id, booth.assigned_by, booth.assigned_at = (
        locked.delegation_id,
        locked.assigned_by,
        locked.assigned_at,
    )
    return locked


def _exhibition_closed_error(exhibition: Exhibition) -> ValidationError:
    return ValidationError(
        gettext("Pameran “%(title)s” sudah ditutup; data stok tidak dapat diubah lagi.")
        % {"title": exhibition.title},
        code="exhibition_closed",
    )


def _count(value, *, field: str, allow_none: bool = False) -> int | None:
    if value is None and allow_none:
        return None
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise ValidationError({field: gettext("Tulis jumlah dengan bilangan bulat 0 atau lebih.")})
    return value


def stock_line_error(
    *, delegation: Delegation, product: Product, exhibition: Exhibition | None = None
) -> ValidationError | None:
    """Why stock of ``product`` may not be recorded for ``delegation`` (None when it may): the
    exhibition is closed, the delegation not accepted, or the product not one it may sell. The
    admin's forms show it next to the field; ``stock_record`` raises it."""
    from exhibitions.selectors import sale_product_allowed

    exhibition = exhibition or delegation.exhibition
    if exhibition.closed_at is not None:
        return _exhibition_closed_error(exhibition)
    if delegation.status != Delegation.Status.ACCEPTED:
        message = gettext(
            "Delegasi “%(name)s” berstatus %(status)s: stok baru dapat dicatat setelah delegasinya diterima."
        ) % {"name": delegation.name, "status": Delegation.Status(delegation.status).label}
        return ValidationError({"delegation": message}, code="invalid_status")
    if not sale_product_allowed(delegation=delegation, product=product):
        message = gettext("Produk “%(name)s” tidak dipamerkan delegasi ini.") % {"name": product.name}
        return ValidationError({"product": message}, code="not_shown")
    return None


@transaction.atomic
def stock_record(
    *, delegation: Delegation, product: Product, brought_in: int, returned: int | None, user, lost: int | None = 0
) -> StockLine:
    """Record how many of ``product`` ``delegation`` brought to the fair and, once counted at the
    end, how many went back (None: not counted yet) and how many were lost or damaged (``lost``,
    none by default). Who and when are recorded.

    Only ministry staff and the delegation's own prison officers may (PermissionDenied otherwise).
    Raises ValidationError, and nothing changes, when the delegation is not accepted, the product
    is not one it may sell (shown by it, or its own prison's), a number is negative, or the
    exhibition has been closed. Sold is never stored: it always comes from the sales.
    """
    from exhibitions.selectors import can_record_stock

    if not can_record_stock(user=user, delegation=delegation):
        raise PermissionDenied
    exhibition = Exhibition.objects.select_for_update().get(pk=delegation.exhibition_id)
    problem = stock_line_error(delegation=delegation, product=product, exhibition=exhibition)
    if problem is not None:
        raise problem
    brought_in = _count(brought_in, field="brought_in")
    returned = _count(returned, field="returned", allow_none=True)
    if error := returned_more_than_brought(brought_in=brought_in, returned=returned):
        raise ValidationError({"returned": error}, code="returned_more")
    lost = _count(lost or 0, field="lost")
    if error := lost_more_than_left(brought_in=brought_in, returned=returned, lost=lost):
        raise ValidationError({"lost": error}, code="lost_more")
    line, _ = StockLine.objects.update_or_create(
        delegation=delegation,
        product=product,
        defaults={
            "brought_in": brought_in,
            "returned": returned,
            "lost": lost,
            "recorded_by": user,
            "recorded_at": timezone.now(),
        },
    )
    logger.info(
        "Stock: user=%s delegation=%s product=%s in=%s returned=%s lost=%s",
        user.pk,
        delegation.pk,
        product.pk,
        brought_in,
        returned,
        lost,
    )
    return line


@transaction.atomic
def stock_record_lines(*, delegation: Delegation, lines, user) -> list[StockLine]:
    """``stock_record`` for each (product, brought_in, returned[, lost]) of ``lines``, all or
    nothing."""
    return [
        stock_record(
            delegation=delegation,
            product=product,
            brought_in=brought_in,
            returned=returned,
            lost=lost[0] if lost else 0,
            user=user,
        )
        for product, brought_in, returned, *lost in lines
    ]


def exhibition_closable_from(*, exhibition: Exhibition) -> datetime.datetime:
    """The moment the exhibition may be closed for good: its closing time on its last day, on the
    hall's clock. Closing is final (no sale is taken afterwards, nothing reopens it), so a fair that
    has not yet ended cannot be closed (found by a tester: a fair three weeks away was closed)."""
    return datetime.datetime.combine(exhibition.end_date, exhibition.closing_time, tzinfo=exhibition.tzinfo)


def exhibition_close_opens_later(*, exhibition: Exhibition, now: datetime.datetime | None = None) -> bool:
    """Whether ``now`` (by default the present) is before ``exhibition_closable_from``."""
    return (now or timezone.now()) < exhibition_closable_from(exhibition=exhibition)


def exhibition_close_not_yet_message(*, exhibition: Exhibition) -> str:
    return gettext(
        "Pameran belum dapat ditutup sebelum berakhir: pameran dapat ditutup mulai %(moment)s %(zone)s, "
        "setelah jam tutup hari terakhirnya."
    ) % {
        "moment": format_moment(exhibition_closable_from(exhibition=exhibition), localise=False),
        "zone": exhibition.zone_abbreviation,
    }


@transaction.atomic
def exhibition_close(*, exhibition: Exhibition, user) -> Exhibition:
    """Close ``exhibition`` (its stock and sales are final), recording ``user`` and the time.

    Refused with ValidationError, and nothing changes, when it is closed already
    (``already_closed``), before its last day has ended at the venue (``not_ended``: see
    ``exhibition_closable_from``), or while the stock reconciliation has any line that does not add
    up (brought in = sold + returned + lost or damaged) or whose returned quantity is not yet recorded (code
    ``stock_mismatch``; ``exhibitions.selectors.stock_problems`` lists them). Needs the permission
    to change exhibitions.
    """
    from exhibitions.selectors import stock_problems

    if not user.has_perm("exhibitions.change_exhibition"):
        raise PermissionDenied
    locked = Exhibition.objects.select_for_update().get(pk=exhibition.pk)
    if locked.closed_at is not None:
        raise ValidationError(
            gettext("Pameran “%(title)s” sudah ditutup.") % {"title": locked.title}, code="already_closed"
        )
    if exhibition_close_opens_later(exhibition=locked):
        raise ValidationError(exhibition_close_not_yet_message(exhibition=locked), code="not_ended")
    problems = stock_problems(exhibition=locked)
    if problems:
        raise ValidationError(
            gettext(
                "Pameran belum dapat ditutup: %(count)d baris stok belum cocok atau jumlah yang "
                "dibawa pulang belum dicatat."
            )
            % {"count": len(problems)},
            code="stock_mismatch",
        )
    locked.closed_at = timezone.now()
    locked.closed_by = user
    locked.save(update_fields=["closed_at", "closed_by"])
    exhibition.closed_at, exhibition.closed_by = locked.closed_at, locked.closed_by
    logger.info("Exhibition closed: user=%s exhibition=%s", user.pk, locked.pk)
    return locked


@transaction.atomic
def programme_item_save(*, item: ProgrammeItem, user) -> ProgrammeItem:
    """Save a programme ``item`` after checking it (``ProgrammeItem.clean``: on the exhibition's
    days, no clash with another item at the same place). The exhibition's row is locked first,
    so two clashing items saved at once cannot both pass. Raises ValidationError, nothing saved."""
    Exhibition.objects.select_for_update().filter(pk=item.exhibition_id).first()
    item.full_clean()
    item.save()
    logger.info("Programme item saved: user=%s item=%s", user.pk, item.pk)
    return item


# An item that starts before this on the hall's clock is most likely a slip of the keyboard
# (03.00 for 15.00); an evening gala after closing time is not.
PROGRAMME_SMALL_HOURS_END = datetime.time(6, 0)


def programme_item_hours_warning(*, item: ProgrammeItem) -> str:
    """A warning for staff when ``item`` begins or ends outside the exhibition's opening hours on
    the hall's clock, else "". Not a refusal: an evening gala or a morning briefing before the
    doors open is a real event; an item in the small hours is named as a likely typo. An item
    over several days only needs its start and its end within the hours."""
    exhibition = item.exhibition
    zone = exhibition.tzinfo
    starts, ends = item.starts_at.astimezone(zone).time(), item.ends_at.astimezone(zone).time()
    opening, closing = exhibition.opening_time, exhibition.closing_time
    if opening <= starts < closing and opening < ends <= closing:
        return ""
    values = {
        "title": item.title,
        "when": programme_time_range(item),
        "zone": exhibition.zone_abbreviation,
        "opening": time_format(opening, "TIME_FORMAT"),
        "closing": time_format(closing, "TIME_FORMAT"),
    }
    if starts < PROGRAMME_SMALL_HOURS_END:
        afternoon = datetime.time(starts.hour + 12, starts.minute)
        return gettext(
            "Acara “%(title)s” (%(when)s %(zone)s) dimulai dini hari, jauh di luar jam buka pameran "
            "(%(opening)s–%(closing)s %(zone)s). Acara tetap tersimpan; periksa jamnya: mungkin "
            "maksudnya pukul %(afternoon)s."
        ) % {**values, "afternoon": time_format(afternoon, "TIME_FORMAT")}
    return gettext(
        "Acara “%(title)s” (%(when)s %(zone)s) berlangsung di luar jam buka pameran "
        "(%(opening)s–%(closing)s %(zone)s). Acara tetap tersimpan; periksa jamnya bila itu tidak "
        "disengaja."
    ) % values


# Competitions. Jurors see entries by a blind code only; the ranking is computed, never typed.

_CODE_STOPWORDS = frozenset({"lomba", "untuk", "dan", "di", "ke", "yang", "the", "of", "for", "and"})


def _entry_code_prefix(competition: Competition) -> str:
    if competition.pk:
        existing = competition.entries.exclude(entry_code="").values_list("entry_code", flat=True).first()
        if existing and "-" in existing:
            return existing.split("-", 1)[0]
    words = [w for w in re.findall(r"[A-Za-z]+", competition.title) if w.lower() not in _CODE_STOPWORDS]
    return ("".join(w[0] for w in words)[:3] or "K").upper()


def new_entry_code(*, competition: Competition, taken=()) -> str:
    """A blind entry code not yet used in ``competition`` nor in ``taken``, like "CH-417": a
    prefix from the competition and a random number, so the code tells nothing about the
    delegation or the order in which entries came in."""
    prefix = _entry_code_prefix(competition)
    # Codes are unique whatever their case (entry_unique_code): "ch-417" typed by hand takes "CH-417".
    used = {code.casefold() for code in taken}
    if competition.pk:
        used |= {code.casefold() for code in competition.entries.values_list("entry_code", flat=True)}
    for low, high in ((100, 1000), (1000, 10000)):
        free = [n for n in range(low, high) if f"{prefix}-{n}".casefold() not in used]
        if free:
            return f"{prefix}-{secrets.choice(free)}"
    raise ValidationError(gettext("Kode peserta habis; beri kode secara manual."))


def is_assigned_juror(*, user, entry: CompetitionEntry) -> bool:
    """A juror may score ``entry`` when they sit on its competition's jury and are assigned to it."""
    return (
        user.is_authenticated
        and Competition.jurors.through.objects.filter(
            competition_id=entry.competition_id, user_id=user.pk
        ).exists()
        and CompetitionEntry.assigned_jurors.through.objects.filter(
            competitionentry_id=entry.pk, user_id=user.pk
        ).exists()
    )


@transaction.atomic
def judge_scores_submit(*, entry: CompetitionEntry, user, scores: dict[int, int]) -> list[JudgeScore]:
    """Store ``user``'s scores for ``entry``: criterion id -> 0..100, one for every criterion of
    the competition. Scoring again replaces the juror's own earlier scores.

    Only a juror of the competition who is assigned to the entry (PermissionDenied otherwise).
    Raises ValidationError, and stores nothing, once scoring is closed (``scoring_closed``) or when
    a criterion's score is missing, unknown or outside 0..100 (keyed ``criterion_<id>``). The
    competition's row is locked, so no score slips in after the round is closed.
    """
    competition = Competition.objects.select_for_update().get(pk=entry.competition_id)
    if not is_assigned_juror(user=user, entry=entry):
        raise PermissionDenied
    if competition.scoring_closed:
        raise ValidationError(
            gettext("Penilaian lomba “%(title)s” sudah ditutup; nilai tidak dapat diubah.")
            % {"title": competition.title},
            code="scoring_closed",
        )
    criteria = list(competition.criteria.all())
    known = {criterion.pk for criterion in criteria}
    errors = {}
    for key in scores:
        if key not in known:
            errors[f"criterion_{key}"] = gettext("Kriteria ini bukan kriteria lomba ini.")
    for criterion in criteria:
        value = scores.get(criterion.pk)
        if value is None:
            errors[f"criterion_{criterion.pk}"] = gettext("Beri nilai 0 sampai 100.")
        elif isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= 100:
            errors[f"criterion_{criterion.pk}"] = gettext("Nilai harus bilangan bulat 0 sampai 100.")
    if errors:
        raise ValidationError(errors, code="invalid_score")
    stored = []
    for criterion in criteria:
        score, _ = JudgeScore.objects.update_or_create(
            entry=entry, criterion=criterion, judge=user, defaults={"score": scores[criterion.pk]}
        )
        stored.append(score)
    logger.info("Scores: judge=%s entry=%s", user.pk, entry.pk)
    return stored


@transaction.atomic
def competition_assign_all_jurors(*, competition: Competition, user) -> int:
    """Assign every juror of ``competition`` to every one of its entries (assignments already
    made stay). Returns how many assignments were added."""
    through = CompetitionEntry.assigned_jurors.through
    juror_ids = list(competition.jurors.values_list("pk", flat=True))
    entry_ids = list(competition.entries.values_list("pk", flat=True))
    existing = set(
        through.objects.filter(competitionentry_id__in=entry_ids).values_list(
            "competitionentry_id", "user_id"
        )
    )
    new = [
        through(competitionentry_id=entry_id, user_id=juror_id)
        for entry_id in entry_ids
        for juror_id in juror_ids
        if (entry_id, juror_id) not in existing
    ]
    through.objects.bulk_create(new)
    logger.info("Jurors assigned: user=%s competition=%s added=%s", user.pk, competition.pk, len(new))
    return len(new)


@transaction.atomic
def competition_drop_stale_assignments(*, competition: Competition) -> int:
    """Remove entry assignments of users who no longer sit on ``competition``'s jury (after the
    panel was changed). Returns how many were removed."""
    through = CompetitionEntry.assigned_jurors.through
    deleted, _ = (
        through.objects.filter(competitionentry__competition=competition)
        .exclude(user_id__in=competition.jurors.values("pk"))
        .delete()
    )
    if deleted:
        logger.info("Stale juror assignments removed: competition=%s removed=%s", competition.pk, deleted)
    return deleted


def criteria_weight_error(total: int) -> str | None:
    if total != 100:
        return gettext("Bobot kriteria berjumlah %(total)d%%; jumlahnya harus tepat 100%%.") % {
            "total": total
        }
    return None


@transaction.atomic
def competition_close_scoring(*, competition: Competition, user) -> Competition:
    """Close the round: jurors can no longer change scores, and may now see each other's.

    Raises ValidationError, and nothing changes, when it is closed already, the criteria's
    weights do not add up to 100, or no juror has given a score yet (closing is final: an empty
    round closed by a stray click could never be judged).
    """
    from django.db.models import Sum

    from exhibitions.models import JudgeScore

    locked = Competition.objects.select_for_update().get(pk=competition.pk)
    if locked.scoring_closed:
        raise ValidationError(gettext("Penilaian lomba ini sudah ditutup."), code="already_closed")
    total = locked.criteria.aggregate(total=Sum("weight"))["total"] or 0
    problem = criteria_weight_error(total)
    if problem:
        raise ValidationError(problem, code="weights")
    if not JudgeScore.objects.filter(entry__competition=locked).exists():
        raise ValidationError(
            gettext("Belum ada nilai juri: penilaian baru dapat ditutup setelah juri memberi nilai."),
            code="no_scores",
        )
    locked.scoring_closed = True
    locked.scoring_closed_at = timezone.now()
    locked.scoring_closed_by = user
    locked.save(update_fields=["scoring_closed", "scoring_closed_at", "scoring_closed_by"])
    competition.scoring_closed = True
    logger.info("Scoring closed: user=%s competition=%s", user.pk, locked.pk)
    return locked


@transaction.atomic
def competition_publish(*, competition: Competition, user, winners: int = 3) -> Competition:
    """Publish the winners: the first ``winners`` entries of ``competition_ranking`` get their
    rank (shown as "Juara <rank>" in the reader's language), every other entry none; the exhibition page then shows them.

    Raises ValidationError, and nothing changes, while scoring is still open, when the results
    were published already, before the exhibition's first day at the venue, when no entry has a
    score, or ``winners`` is not 1 to 10.
    """
    from exhibitions.selectors import competition_ranking

    locked = Competition.objects.select_for_update().get(pk=competition.pk)
    if not locked.scoring_closed:
        raise ValidationError(
            gettext("Tutup penilaian lebih dulu; hasil diumumkan setelah semua juri selesai."),
            code="scoring_open",
        )
    if locked.results_published:
        raise ValidationError(gettext("Hasil lomba ini sudah diumumkan."), code="already_published")
    exhibition = locked.exhibition
    if timezone.localdate(timezone=exhibition.tzinfo) < exhibition.start_date:
        # Found by a staff probe: winners announced in December for an exhibition in April, its
        # public page reading "Akan datang" beside "Pemenang: Juara 1".
        raise ValidationError(
            gettext("Hasil diumumkan paling cepat pada hari pertama pameran, %(date)s.")
            % {"date": date_format(exhibition.start_date, "j F Y")},
            code="before_exhibition",
        )
    if isinstance(winners, bool) or not isinstance(winners, int) or not 1 <= winners <= 10:
        raise ValidationError({"winners": gettext("Jumlah pemenang 1 sampai 10.")}, code="winners")
    ranked = [row for row in competition_ranking(competition=locked) if row.rank is not None]
    if not ranked:
        raise ValidationError(
            gettext("Belum ada nilai juri; tidak ada yang dapat diumumkan."), code="no_scores"
        )
    CompetitionEntry.objects.filter(competition=locked).update(rank=None, award="")
    for row in ranked[:winners]:
        CompetitionEntry.objects.filter(pk=row.entry.pk).update(
            rank=row.rank, award=""  # shown as "Juara 1" / "Place 1" in the reader's language (award_label)
        )
    locked.results_published = True
    locked.results_published_at = timezone.now()
    locked.results_published_by = user
    locked.save(update_fields=["results_published", "results_published_at", "results_published_by"])
    competition.results_published = True
    logger.info("Results published: user=%s competition=%s winners=%s", user.pk, locked.pk, winners)
    return locked


# Visitors: daily counts (staff) and feedback from the QR code on a booth label (anyone).


def exhibition_today(*, exhibition: Exhibition, now: datetime.datetime | None = None) -> datetime.date:
    """Today's date at the exhibition's venue (its own zone)."""
    return (now or timezone.now()).astimezone(exhibition.tzinfo).date()


def visitor_count_day_error(
    *, exhibition: Exhibition, day: datetime.date, today: datetime.date | None = None
) -> ValidationError | None:
    """Why visitors may not be counted for ``day`` (``today``: the venue's date by default), or
    None: the day must be one of the exhibition's (code ``outside_exhibition``) and have come at
    the venue (``not_yet``): nobody has counted the visitors of a day that has not happened (found
    by a tester: 1,500 visitors two months ahead were "saved"). The admin's forms show it beside
    the field; ``visitor_count_record`` raises it. Once the exhibition is closed (``closed``) its
    counts are final, as its stock and sales are: its report no longer changes."""
    if exhibition.closed_at is not None:
        return ValidationError(
            gettext("Pameran sudah ditutup: jumlah pengunjungnya final dan tidak dapat diubah lagi."),
            code="closed",
        )
    if not exhibition.start_date <= day <= exhibition.end_date:
        message = gettext("Pilih salah satu hari pameran (%(start)s sampai %(end)s).") % {
            "start": date_format(exhibition.start_date, "j F Y"),
            "end": date_format(exhibition.end_date, "j F Y"),
        }
        return ValidationError(message, code="outside_exhibition")
    if day > (today or exhibition_today(exhibition=exhibition)):
        message = gettext("%(day)s belum tiba: jumlah pengunjung dicatat pada atau setelah harinya.") % {
            "day": date_format(day, "j F Y")
        }
        return ValidationError(message, code="not_yet")
    return None


@transaction.atomic
def visitor_count_record(*, exhibition: Exhibition, day: datetime.date, count: int, user) -> VisitorCount:
    """Record (or correct) the number of visitors of ``exhibition`` on ``day``, with who and when.
    Raises ValidationError, nothing changes, for a day outside the exhibition, a day still to come
    at the venue (``visitor_count_day_error``) or a negative count."""
    problem = visitor_count_day_error(exhibition=exhibition, day=day)
    if problem is not None:
        raise ValidationError({"day": problem})
    count = _count(count, field="count")
    row, _ = VisitorCount.objects.update_or_create(
        exhibition=exhibition,
        day=day,
        defaults={"count": count, "recorded_by": user, "recorded_at": timezone.now()},
    )
    logger.info("Visitors: user=%s exhibition=%s day=%s count=%s", user.pk, exhibition.pk, day, count)
    return row


# A fair's visitors often share one address (the hall's Wi-Fi, a phone operator's NAT), so the
# window is short and the limit generous: it stops a script, not a family.
FEEDBACK_RATE_LIMIT = 10
FEEDBACK_RATE_WINDOW = 10 * 60  # seconds


class FeedbackRateLimited(Exception):
    """Too much feedback from one address within FEEDBACK_RATE_WINDOW; nothing was saved."""


def rate_peek(*, key: str, window: int) -> int:
    """How many uses of ``key`` ``rate_take`` has counted in the current window (0 when the
    cache cannot be reached)."""
    try:
        return int(cache.get(f"{key}:{int(time.time()) // window}") or 0)
    except Exception:  # noqa: BLE001 - any cache backend's connection error
        logger.warning("rate limit not read: the cache is unavailable (%s)", key, exc_info=True)
        return 0


def rate_take(*, key: str, limit: int, window: int) -> bool:
    """The shared name of ``_rate_take`` (certificate lookups count their misses with it)."""
    return _rate_take(key=key, limit=limit, window=window)


def _rate_take(*, key: str, limit: int, window: int) -> bool:
    """Count one use of ``key`` in a fixed window in the cache; False once over ``limit``.

    When the cache cannot be reached (a Redis or cache directory that is down) the use is let
    through and logged: a buyer's inquiry or a visitor's rating matters more than the limit, and
    the honeypot still stands.

    The window is in the key (windows follow each other from the epoch: a day is a UTC day), and
    the entry's expiry is set again after counting: the database and file caches add one by
    writing the entry anew with the default timeout of five minutes, which made "three a day"
    three per five minutes (found by a review)."""
    key = f"{key}:{int(time.time()) // window}"
    try:
        cache.add(key, 0, timeout=window)
        try:
            count = cache.incr(key)
        except ValueError:  # the entry expired between add() and incr()
            cache.set(key, 1, timeout=window)
            count = 1
        cache.touch(key, window)
    except Exception:  # noqa: BLE001 - any cache backend's connection error
        logger.warning("rate limit not counted: the cache is unavailable (%s)", key.rsplit(":", 1)[0], exc_info=True)
        return True
    return count <= limit


def feedback_opens_later(*, exhibition: Exhibition, now: datetime.datetime | None = None) -> bool:
    """Whether the exhibition has not begun yet at its venue: feedback is about what visitors saw,
    so it is taken from the first day on (and afterwards, from those who kept the label)."""
    now = now or timezone.now()
    return now.astimezone(exhibition.tzinfo).date() < exhibition.start_date


# Feedback is taken for this many days after the last day (from visitors who kept a booth's
# label); after that it is closed (found by a new user's probe: the 2018 fair still asked for
# ratings "to pass on to the makers" eight years later).
FEEDBACK_DAYS_AFTER = 30


def feedback_closed(*, exhibition: Exhibition, now: datetime.datetime | None = None) -> bool:
    now = now or timezone.now()
    return now.astimezone(exhibition.tzinfo).date() > exhibition.end_date + datetime.timedelta(days=FEEDBACK_DAYS_AFTER)


def feedback_closed_message(*, exhibition: Exhibition) -> str:
    from django.utils.formats import date_format

    return gettext(
        "Masukan untuk pameran ini sudah ditutup pada %(date)s, %(days)s hari setelah pameran selesai. "
        "Terima kasih atas perhatian Anda."
    ) % {
        "date": date_format(exhibition.end_date + datetime.timedelta(days=FEEDBACK_DAYS_AFTER), "j F Y"),
        "days": FEEDBACK_DAYS_AFTER,
    }


def feedback_not_yet_message(*, exhibition: Exhibition) -> str:
    from django.utils.formats import date_format

    return gettext("Masukan dapat dikirim mulai %(date)s, saat pameran dibuka.") % {
        "date": date_format(exhibition.start_date, "j F Y")
    }


@transaction.atomic
def feedback_submit(
    *,
    exhibition: Exhibition,
    booth: Booth | None,
    product: Product | None,
    rating: int,
    comment: str,
    ip: str,
) -> VisitorFeedback:
    """Store a visitor's ``rating`` (1-5) and ``comment`` about ``exhibition`` (and the booth and
    product of the label they scanned).

    Raises ValidationError, and saves nothing, when the exhibition is not published, the booth is
    another exhibition's, the product is not public, or the rating is not 1 to 5;
    FeedbackRateLimited, and saves nothing, from the (FEEDBACK_RATE_LIMIT + 1)th feedback from
    ``ip`` within FEEDBACK_RATE_WINDOW.
    """
    if not exhibition.is_published:
        raise ValidationError(gettext("Pameran ini tidak tersedia."), code="not_public")
    if feedback_opens_later(exhibition=exhibition):
        raise ValidationError(feedback_not_yet_message(exhibition=exhibition), code="not_yet")
    if feedback_closed(exhibition=exhibition):
        raise ValidationError(feedback_closed_message(exhibition=exhibition), code="closed")
    if booth is not None and booth.exhibition_id != exhibition.pk:
        raise ValidationError(gettext("Stan ini bukan stan pameran ini."), code="wrong_booth")
    if product is not None and (product.status != Product.Status.APPROVED or product.revision_of_id):
        raise ValidationError(gettext("Produk ini tidak tersedia."), code="not_public")
    if isinstance(rating, bool) or not isinstance(rating, int) or not 1 <= rating <= 5:
        raise ValidationError({"rating": gettext("Pilih 1 sampai 5 bintang.")}, code="rating")
    comment = (comment or "").strip()[:1000]
    key = f"etalase:feedback-rate:{ip or 'unknown'}"
    if not _rate_take(key=key, limit=FEEDBACK_RATE_LIMIT, window=FEEDBACK_RATE_WINDOW):
        raise FeedbackRateLimited
    feedback = VisitorFeedback.objects.create(
        exhibition=exhibition, booth=booth, product=product, rating=rating, comment=comment
    )
    logger.info(
        "Feedback: id=%s exhibition=%s booth=%s", feedback.pk, exhibition.pk, booth.pk if booth else None
    )
    return feedback


def exhibition_banners_strip_metadata(*, dry_run: bool = False) -> list:
    """Re-encode every exhibition banner that still carries metadata (EXIF and its GPS position,
    XMP, comments: banners stored before uploads were cleaned, or restored from elsewhere) under
    a new name; the old file is deleted after the commit. With ``dry_run`` nothing changes.
    Returns ``products.services.StoredImageReport`` rows, unreadable files included (left as
    they are)."""
    from products.images import clean_upload
    from products.services import StoredImageReport, stored_file_metadata

    reports = []
    for exhibition in Exhibition.objects.exclude(banner="").order_by("pk"):
        old_name = exhibition.banner.name
        storage = exhibition.banner.storage
        found = stored_file_metadata(storage, old_name)
        if found == ():
            continue
        clean = None
        if found is not None and not dry_run:
            try:
                with storage.open(old_name, "rb") as stored:
                    clean = clean_upload(stored)
            except ValidationError:  # too big or too many pixels for an upload today
                found = None
        reports.append(
            StoredImageReport(
                name=old_name, rows=f"Exhibition {exhibition.pk}", found=found or (), unreadable=found is None
            )
        )
        if clean is None:
            continue
        try:
            with transaction.atomic():
                exhibition.banner.save(clean.content.name, clean.content, save=False)
                exhibition.save(update_fields=["banner"])
        except BaseException:
            exhibition.banner.storage.delete(exhibition.banner.name)
            raise

        def delete_old(name=old_name, storage=storage):
            if not Exhibition.objects.filter(banner=name).exists():
                storage.delete(name)

        transaction.on_commit(delete_old)
    return reports
