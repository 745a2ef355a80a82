"""Writes for exhibitions. Each service runs in a transaction and takes the acting user."""

import logging

from django.core.cache import cache
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.mail import EmailMessage
from django.db import transaction
from django.utils import timezone
from django.utils import translation
from django.utils.translation import gettext

from exhibitions.models import Delegation, Exhibition, Inquiry
from inmates.models import Prison
from inmates.roles import sees_all_prisons
from inmates.scoping import officer_prison_id
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


def _check_application_choices(*, prison: Prison, products, contact_officer) -> list[Product]:
    """The chosen products and contact officer must belong to ``prison``: the form limits its
    choices already, this guards every other caller."""
    products = list(products)
    errors = {}
    if not products:
        errors["products"] = gettext("Pilih setidaknya satu produk yang sudah disetujui.")
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
    ``registration_closed``), when the prison has applied already (``already_applied``), or when a
    product or the contact officer is not the prison's. A prison that withdrew its application
    may apply again while registration is open: the same delegation is reopened, so there is never
    more than one per prison and exhibition.
    """
    # Serialise the applications of one prison: two officers applying at once make one delegation.
    Prison.objects.select_for_update().filter(pk=prison.pk).first()
    now = timezone.now()
    if not exhibition.registration_is_open(now):
        raise _registration_closed_error(exhibition)
    products = _check_application_choices(
        prison=prison, products=products, contact_officer=contact_officer
    )
    delegation = (
        Delegation.objects.select_for_update().filter(exhibition=exhibition, prison=prison).first()
    )
    if delegation is not None and delegation.status != Delegation.Status.WITHDRAWN:
        raise ValidationError(
            gettext("Lapas Anda sudah mendaftar ke pameran ini (status: %(status)s).")
            % {"status": delegation.get_status_display()},
            code="already_applied",
        )
    line = gettext("Didaftarkan melalui portal oleh %(user)s pada %(time)s.") % {
        "user": user.get_username(),
        "time": timezone.localtime(now).strftime("%Y-%m-%d %H:%M"),
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
    if exhibition.registration_closes is None or timezone.now() >= exhibition.registration_closes:
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
        prison=locked.prison, products=products, contact_officer=contact_officer
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
            "time": timezone.localtime().strftime("%Y-%m-%d %H:%M"),
        },
    )
    locked.save(update_fields=["status", "notes"])
    logger.info("Application withdrawn: user=%s delegation=%s", user.pk, locked.pk)
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
    locked.status = status
    if status == Inquiry.Status.ANSWERED and locked.answered_at is None:
        locked.answered_at = timezone.now()
    elif status == Inquiry.Status.NEW:
        locked.answered_at = None
    locked.save(update_fields=["status", "answered_at"])
    logger.info("Inquiry status: user=%s inquiry=%s status=%s", user.pk, locked.pk, status)
    inquiry.status, inquiry.answered_at = locked.status, locked.answered_at
    return locked


# --- Public: buyer inquiries (the product page and an exhibition's inquiry page) --------------

INQUIRY_RATE_LIMIT = 5
INQUIRY_RATE_WINDOW = 60 * 60  # seconds
INQUIRY_FIELDS = ("buyer_name", "organisation", "email", "phone", "quantity", "message")


class InquiryRateLimited(Exception):
    """Too many inquiries from one address within INQUIRY_RATE_WINDOW; nothing was saved."""


def _inquiry_rate_take(ip: str) -> None:
    # A fixed window per address in the cache, counted before anything is written. With the
    # per-process local-memory cache the limit holds per worker; a shared cache makes it global.
    key = f"etalase:inquiry-rate:{ip or 'unknown'}"
    cache.add(key, 0, timeout=INQUIRY_RATE_WINDOW)
    try:
        count = cache.incr(key)
    except ValueError:  # the window ran out between add() and incr()
        cache.set(key, 1, timeout=INQUIRY_RATE_WINDOW)
        count = 1
    if count > INQUIRY_RATE_LIMIT:
        raise InquiryRateLimited


@transaction.atomic
def inquiry_submit(
    *,
    product: Product | None = None,
    exhibition: Exhibition | None = None,
    data,
    ip: str,
) -> Inquiry:
    """Record a buyer's inquiry about an approved ``product`` or a published ``exhibition``, and
    tell those who answer it.

    ``data`` holds buyer_name, organisation, email, phone, quantity and message (a form's cleaned
    data). The inquiry's prison is the product's. Raises ValidationError, and saves nothing, when
    neither e-mail nor phone is given or the product/exhibition is not public;
    InquiryRateLimited, and saves nothing, from the (INQUIRY_RATE_LIMIT + 1)th inquiry from ``ip``
    within INQUIRY_RATE_WINDOW. Once committed, one e-mail goes to active ministry staff and the
    prison's officers (``inquiry_notification_recipients``) with the buyer's message and the
    product; never anything about the product's makers.
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
    _inquiry_rate_take(ip)
    inquiry = Inquiry(
        product=product,
        exhibition=exhibition,
        prison=product.prison if product is not None else None,
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
    transaction.on_commit(lambda: _inquiry_notify(inquiry))
    return inquiry


def _inquiry_notify(inquiry: Inquiry) -> None:
    from exhibitions.selectors import inquiry_notification_recipients
    from inmates.templatetags.etalase import format_rupiah

    recipients = inquiry_notification_recipients(prison=inquiry.prison)
    if not recipients:
        logger.warning("Inquiry %s: nobody to notify", inquiry.pk)
        return
    # Staff read Indonesian, whatever language the buyer browsed in.
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
            gettext(
                "Balas langsung kepada pembeli melalui surel atau telepon di atas. Permintaan ini "
                "tercatat di Etalase dengan nomor %(number)s (back-office dan portal petugas, "
                "menu Permintaan pembeli)."
            )
            % {"number": inquiry.pk},
        ]
        message = EmailMessage(
            subject=subject,
            body="\n".join(str(line) for line in lines),
            to=recipients,
            reply_to=[inquiry.email] if inquiry.email else None,
        )
    try:
        message.send()
    except Exception:  # the inquiry is saved and listed; a mail server outage must not lose it
        logger.exception("Inquiry %s: the notification could not be sent", inquiry.pk)
