"""Writes for products. Each service runs in a transaction and takes the acting user."""

import contextvars
import datetime
import io
import logging
import secrets
from collections.abc import Iterable, Sequence
from contextlib import contextmanager
from dataclasses import dataclass

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.mail import EmailMessage, get_connection
from django.db import transaction
from django.db.models import Q
from django.urls import NoReverseMatch, reverse
from django.utils import timezone, translation
from django.utils.text import slugify
from django.utils.translation import gettext

from inmates import roles
from inmates.models import (
    Inmate,
    Prison,
    makers_named_errors,
    name_words_in,
    people_named_anywhere,
    prison_people,
    public_texts_errors,
)
from inmates.naming import PeopleIndex
from products.images import CleanImage, clean_upload, metadata_found, preview_jpeg, render_thumbnails
from products.models import Product, ProductImage, StagedImage

logger = logging.getLogger("etalase.products")

# --- Files written inside a transaction -----------------------------------------------------------
# A stored file is not part of the database transaction: if the transaction rolls back, the files
# it wrote would stay behind as orphans, and if it deleted files before committing, a rollback
# would leave rows pointing at nothing. So: files written inside ``_atomic_with_file_cleanup`` are
# deleted again when the block fails, and files are only ever deleted after a commit, and only
# when no row refers to them any more (a revision shares its files with the original).

IMAGE_FILE_FIELDS = ("image", "thumb_small", "thumb_medium", "thumb_large")
_written_files: contextvars.ContextVar[list[str] | None] = contextvars.ContextVar(
    "etalase_written_files", default=None
)


def _image_storage():
    return ProductImage._meta.get_field("image").storage


def _remember_written(names: Iterable[str]) -> None:
    written = _written_files.get()
    if written is not None:
        written.extend(name for name in names if name)


def _delete_files_now(names: Iterable[str]) -> None:
    storage = _image_storage()
    for name in set(names):
        if name:
            storage.delete(name)


@contextmanager
def _atomic_with_file_cleanup():
    """``transaction.atomic`` that also deletes the files written inside it when it fails.

    Nested blocks hand their files to the enclosing block on success, so a failure further out
    removes them too. (A rollback of a transaction opened outside every such block cannot be
    seen from here: callers that write files open the outermost block themselves.)
    """
    parent = _written_files.get()
    written: list[str] = []
    token = _written_files.set(written)
    try:
        with transaction.atomic():
            yield
    except BaseException:
        _written_files.reset(token)
        _delete_files_now(written)
        raise
    _written_files.reset(token)
    if parent is not None:
        parent.extend(written)


def _image_file_names(images: Iterable[ProductImage]) -> set[str]:
    return {getattr(image, field).name for image in images for field in IMAGE_FILE_FIELDS} - {"", None}


def _delete_unreferenced_files_on_commit(names: Iterable[str]) -> None:
    """After the commit, delete those of ``names`` that no ProductImage row refers to."""
    names = {name for name in names if name}
    if not names:
        return

    def delete_unreferenced():
        lookup = Q()
        for field in IMAGE_FILE_FIELDS:
            lookup |= Q(**{f"{field}__in": names})
        referenced = _image_file_names(ProductImage.objects.filter(lookup).only(*IMAGE_FILE_FIELDS))
        _delete_files_now(names - referenced)

    transaction.on_commit(delete_unreferenced)


def product_image_add(
    *, product: Product, file, alt_text: str, position: int = 0, shows_face: bool = False, user=None
) -> ProductImage:
    """Store ``file`` as an image of ``product``: validated, re-encoded without EXIF/GPS, under a
    random name, with thumbnails. Raises ValidationError for a bad file; then nothing is stored.

    ``file`` is an upload, or a ``CleanImage`` that ``clean_upload`` already returned (a form that
    validated the upload itself), which is stored as it is.
    """
    clean = file if isinstance(file, CleanImage) else clean_upload(file)
    with _atomic_with_file_cleanup():
        image = ProductImage(product=product, alt_text=alt_text, position=position, shows_face=shows_face)
        image._history_user = user
        try:
            image.image.save(clean.content.name, clean.content, save=False)
            image_thumbnails_render(image=image)
        finally:
            _remember_written(getattr(image, field).name for field in IMAGE_FILE_FIELDS)
        image.save()
    return image


def image_thumbnails_render(*, image: ProductImage) -> None:
    """(Re)make the thumbnails of ``image`` from its stored file; the caller saves the row."""
    image.image.open("rb")
    try:
        renditions = render_thumbnails(image.image.file)
    finally:
        image.image.close()
    for field, content in renditions.items():
        getattr(image, field).save(content.name, content, save=False)


@dataclass(frozen=True)
class StoredImageReport:
    """A stored image file that carried metadata (or could not be read), for
    ``stored_images_strip_metadata``."""

    name: str
    rows: str
    found: tuple[str, ...]
    unreadable: bool = False


def stored_file_metadata(storage, name: str) -> tuple[str, ...] | None:
    """The kinds of metadata the stored file ``name`` carries (empty: none), or None if it is
    missing or not a readable image."""
    try:
        with storage.open(name, "rb") as stored:
            return metadata_found(stored)
    except Exception:  # missing, unreadable or not an image: reported, never fatal
        logger.warning("Stored image %s could not be read", name)
        return None


def stored_images_strip_metadata(*, dry_run: bool = False) -> list[StoredImageReport]:
    """Re-encode every stored product image that still carries metadata (EXIF, GPS, XMP,
    comments: files stored before uploads were cleaned, or restored from elsewhere), with new
    thumbnails, under new names; the old files are deleted after the commit. Rows that share a
    file (a revision and its original) are changed together, each group in its own transaction.
    With ``dry_run`` nothing changes. Returns what was found, unreadable files included (left as
    they are)."""
    reports = []
    by_name: dict[str, list[ProductImage]] = {}
    for image in ProductImage.objects.order_by("pk"):
        by_name.setdefault(image.image.name, []).append(image)
    storage = _image_storage()
    for name, rows in by_name.items():
        if not name:
            continue
        found: set[str] = set()
        unreadable = False
        for field in IMAGE_FILE_FIELDS:
            file_name = getattr(rows[0], field).name
            if not file_name:
                continue
            kinds = stored_file_metadata(storage, file_name)
            if kinds is None:
                unreadable = unreadable or field == "image"
            else:
                found.update(kinds)
        if not found and not unreadable:
            continue
        clean = None
        if not (dry_run or unreadable):
            try:
                with storage.open(name, "rb") as stored:
                    clean = clean_upload(stored)
            except ValidationError:  # too big or too many pixels for an upload today
                unreadable = True
        labels = ", ".join(f"ProductImage {row.pk}" for row in rows)
        reports.append(
            StoredImageReport(name=name, rows=labels, found=tuple(sorted(found)), unreadable=unreadable)
        )
        if clean is None:
            continue
        old_names = _image_file_names(rows)
        with _atomic_with_file_cleanup():
            first = rows[0]
            try:
                first.image.save(clean.content.name, clean.content, save=False)
                image_thumbnails_render(image=first)
            finally:
                _remember_written(getattr(first, field).name for field in IMAGE_FILE_FIELDS)
            for row in rows:
                for field in IMAGE_FILE_FIELDS:
                    setattr(row, field, getattr(first, field).name)
                row.save(update_fields=[*IMAGE_FILE_FIELDS, "width", "height"])
            _delete_unreferenced_files_on_commit(old_names)
    return reports


# Curation: the ministry's decision on a product an officer submitted. A rejected product may be
# reconsidered and approved later without being resubmitted; an approved one is not "re-rejected"
# here (archiving is its own step).
APPROVABLE_STATUSES = frozenset({Product.Status.SUBMITTED, Product.Status.REJECTED})
REJECTABLE_STATUSES = frozenset({Product.Status.SUBMITTED})


def _current_status(product: Product) -> str:
    # Read (and lock) the stored status: the caller's instance may be stale, and two curators
    # acting on the same product at once must not both succeed.
    return Product.objects.select_for_update().values_list("status", flat=True).get(pk=product.pk)


def _invalid_status(product: Product, status: str) -> ValidationError:
    return ValidationError(
        gettext("“%(product)s” berstatus %(status)s; tindakan ini tidak berlaku untuknya.")
        % {"product": product.name, "status": Product.Status(status).label},
        code="invalid_status",
    )


@transaction.atomic
def product_approve(*, product: Product, user, base_url: str = "", names_checked: bool = False) -> Product:
    """Approve ``product`` for the public showcase and record ``user`` as its curator, now.

    Allowed from 'submitted' and 'rejected'; an earlier rejection reason is cleared. From any
    other status raises ValidationError (code ``invalid_status``) and nothing changes.

    For a revision (``revision_of`` set) the original takes over the revision's content fields,
    makers and images (the original's images are replaced; files no row needs any more are
    deleted after the commit), the original records the curator, the revision row is deleted,
    and the original is returned. A public text naming an inmate of another prison is refused
    (code ``named_elsewhere``) unless the curator checked it (``names_checked``). The prison's
    officers are e-mailed after the commit, with a link under ``base_url`` (scheme and host,
    e.g. ``https://etalase.example.go.id``).
    """
    status = _current_status(product)
    if status not in APPROVABLE_STATUSES:
        raise _invalid_status(product, status)
    if not ProductImage.objects.filter(product_id=product.pk).exists():
        # As for submitting: a showcase entry without a photo (its photos removed since, or made
        # in the back office) would stand in the catalogue as a grey placeholder.
        raise ValidationError(
            gettext("Produk tanpa foto tidak dapat disetujui; minta petugas lapas menambahkan foto."),
            code="no_images",
        )
    problems = _public_text_problems(product)
    if problems:
        raise ValidationError(
            gettext(
                "Tidak dapat disetujui: %(fields)s memuat nama atau nomor registrasi warga binaan, "
                "tanggal lahir, atau menyebut tindak pidana. Tolak dengan alasan agar petugas lapas "
                "memperbaikinya."
            )
            % {"fields": ", ".join(problems)},
            code="public_text",
        )
    if not names_checked and (elsewhere := _named_elsewhere(product)):
        raise ValidationError(
            gettext(
                "“%(name)s” memuat nama atau nomor yang sama dengan warga binaan lapas lain: %(people)s. "
                "Bila memang orang itu yang disebut, tolak dengan alasan; bila bukan (misalnya nama "
                "motif), centang “Sudah saya periksa” lalu setujui."
            )
            % {"name": product.name, "people": "; ".join(elsewhere)},
            code="named_elsewhere",
        )
    was_revision = product.revision_of_id is not None
    if was_revision:
        product = _revision_apply(revision=product, user=user)
    else:
        product.status = Product.Status.APPROVED
        product.status_reason = ""
        product.curated_by = user
        product.curated_at = timezone.now()
        product._history_user = user  # the history row names the curator, also outside a request
        product.save(update_fields=["status", "status_reason", "curated_by", "curated_at", "updated_at"])
    _notify_officers_on_commit(
        product=product, approved=True, revision=was_revision, reason="", base_url=base_url
    )
    return product


@transaction.atomic
def product_reject(*, product: Product, user, reason: str, base_url: str = "") -> Product:
    """Reject a submitted ``product`` with ``reason`` (shown to the prison's officers), recording
    ``user`` as its curator, now; the officers are e-mailed after the commit.

    Raises ValidationError with code ``reason_required`` for an empty reason, ``invalid_status``
    when the product is not 'submitted'; then nothing changes. Rejecting a revision marks only the
    revision: the original stays approved and public as it was.
    """
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError(gettext("Alasan penolakan wajib diisi."), code="reason_required")
    status = _current_status(product)
    if status not in REJECTABLE_STATUSES:
        raise _invalid_status(product, status)
    product.status = Product.Status.REJECTED
    product.status_reason = reason
    product.curated_by = user
    product.curated_at = timezone.now()
    product._history_user = user
    product.save(update_fields=["status", "status_reason", "curated_by", "curated_at", "updated_at"])
    _notify_officers_on_commit(
        product=product, approved=False, revision=product.revision_of_id is not None,
        reason=reason, base_url=base_url,
    )
    return product


# --- The officer's products -------------------------------------------------------------------------
# Officers write products of their own prison only: the views pass ``request.prison`` (from the
# officer's profile), never a prison from the browser, and every maker and workshop is checked
# against it here as well as in the form.

CONTENT_FIELDS = (
    "name",
    "description",
    "category",
    "price",
    "materials",
    "size",
    "weight_grams",
    "monthly_capacity",
    "workshop",
)
EDITABLE_STATUSES = frozenset({Product.Status.DRAFT, Product.Status.SUBMITTED, Product.Status.REJECTED})
SUBMITTABLE_STATUSES = frozenset({Product.Status.DRAFT, Product.Status.REJECTED})
MAX_IMAGES = 12
# At most this many kept photos per user (the newest): a form never needs more.
STAGED_IMAGES_PER_USER = 3 * MAX_IMAGES


def staged_image_keep(*, user, image: CleanImage) -> StagedImage:
    """Keep the cleaned photo ``image`` of a product form that failed for another reason, for
    ``user`` alone, so that the form sent again can use it without the file being picked again.
    Drops every user's kept photos older than ``StagedImage.KEEP_HOURS`` and ``user``'s beyond the
    newest ``STAGED_IMAGES_PER_USER``."""
    staged_images_purge()
    image.content.seek(0)
    content = image.content.read()
    staged = StagedImage.objects.create(
        token=secrets.token_urlsafe(32),
        user=user,
        content=content,
        preview=preview_jpeg(io.BytesIO(content)),
        width=image.width,
        height=image.height,
    )
    surplus = StagedImage.objects.filter(user=user).order_by("-created_at", "-pk")[STAGED_IMAGES_PER_USER:]
    StagedImage.objects.filter(pk__in=list(surplus.values_list("pk", flat=True))).only("pk").delete()
    return staged


def staged_images_purge() -> int:
    """Delete every kept photo older than ``StagedImage.KEEP_HOURS`` (ids only read); how many."""
    cutoff = timezone.now() - datetime.timedelta(hours=StagedImage.KEEP_HOURS)
    return StagedImage.objects.filter(created_at__lt=cutoff).only("pk").delete()[0]


def staged_images_discard(*, user, tokens: Iterable[str]) -> None:
    """Drop ``user``'s kept photos ``tokens`` (used by a saved form, or given up)."""
    tokens = [token for token in tokens if token]
    if tokens:
        StagedImage.objects.filter(user=user, token__in=tokens).only("pk").delete()


@dataclass(frozen=True)
class NewImage:
    """An image to add: ``file`` is an upload or a ``CleanImage`` from ``clean_upload``."""

    file: object
    alt_text: str
    position: int = 0
    shows_face: bool = False


@dataclass(frozen=True)
class ImageChange:
    """A change to an image the product already has (``image_id``): new alt text, order and
    ``shows_face``, or deletion."""

    image_id: int
    alt_text: str = ""
    position: int = 0
    shows_face: bool = False
    delete: bool = False


def _unique_slug(text: str) -> str:
    base = slugify(text)[:170].strip("-") or "produk"
    taken = set(Product.objects.filter(slug__startswith=base).values_list("slug", flat=True))
    if base not in taken:
        return base
    n = 2
    while f"{base}-{n}" in taken:
        n += 1
    return f"{base}-{n}"


def _revision_slug(original: Product) -> str:
    base = f"{original.slug[:160].rstrip('-')}-revisi-"
    taken = set(Product.objects.filter(slug__startswith=base).values_list("slug", flat=True))
    n = 1
    while f"{base}{n}" in taken:
        n += 1
    return f"{base}{n}"


def _check_origin(*, prison: Prison, data: dict, current_makers: Iterable[Inmate] = ()) -> None:
    """Workshop and makers must belong to ``prison``; makers must be active inmates (a maker who
    was already credited may stay after release or transfer)."""
    errors = {}
    workshop = data.get("workshop")
    if workshop is not None and workshop.prison_id != prison.pk:
        errors["workshop"] = gettext("Bengkel kerja harus berada di lapas yang sama.")
    kept = {maker.pk for maker in current_makers}
    for maker in data.get("makers") or ():
        if maker.prison_id != prison.pk or (
            maker.status != Inmate.Status.ACTIVE and maker.pk not in kept
        ):
            errors["makers"] = gettext("Pembuat harus warga binaan aktif dari lapas ini.")
            break
    if errors:
        raise ValidationError(errors)


def _alt_text_error(*, people: PeopleIndex | None, alt_text: str) -> str | None:
    """Why a photo's caption (public, as its alt text) may not be used, or None."""
    if people is None:
        return None
    return public_texts_errors(people=people, texts={"alt_text": alt_text}).get("alt_text")


def _makers_named(*, product: Product, makers, captions: Iterable[str]) -> dict:
    """``makers_named_errors`` for ``product``'s public texts and photo captions (as ``images``)."""
    texts = {field: getattr(product, field) or "" for field in Product.PUBLIC_TEXT_FIELDS}
    errors = makers_named_errors(makers=makers, texts=texts | {"images": "\n".join(captions)})
    if "images" in errors:
        errors["images"] = gettext("Keterangan foto: %(message)s") % {"message": errors["images"]}
    return errors


def _check_makers_not_named(*, product: Product, makers, captions: Iterable[str]) -> None:
    if errors := _makers_named(product=product, makers=makers, captions=captions):
        raise ValidationError(errors, code="public_text")


def products_naming_maker(*, inmate: Inmate) -> list[Product]:
    """The approved products crediting ``inmate`` whose public texts or photo captions name them
    (``products_naming_maker_hide`` takes them off; the withdrawal page names them first)."""
    naming = []
    for product in Product.objects.approved().filter(makers=inmate).order_by("pk"):
        captions = list(product.images.values_list("alt_text", flat=True))
        texts = [getattr(product, field) or "" for field in Product.PUBLIC_TEXT_FIELDS] + captions
        if _makers_named(product=product, makers=[inmate], captions=captions) or name_words_in(
            texts, name=inmate.legal_name
        ):
            naming.append(product)
    return naming


def products_naming_maker_hide(*, inmate: Inmate, user) -> list[Product]:
    """Take off the showcase the approved products crediting ``inmate`` whose own public text or
    photo captions name them (by display name or legal name): called when their consent stops
    letting the public see their name. The credit under a product goes by itself; a name written
    into the product's text would stay (found by a privacy probe: "Tas Batik Pak Yohanes"). Each
    goes back to the officers as rejected, with the reason, to be corrected and submitted again.
    Products written since the rule (``makers_named_errors``) never name their makers by their
    whole name; a word of it ("Blus Sulam Maryam" by Maryam Al-Habsyi; found by an officer's
    probe) takes the product off too (``name_words_in``). Returns the products taken off."""
    hidden = []
    for product in products_naming_maker(inmate=inmate):
        product.status = Product.Status.REJECTED
        product.status_reason = gettext(
            "Ditarik dari katalog: persetujuan pembuatnya tidak lagi mengizinkan namanya tampil, "
            "tetapi teks produk atau keterangan fotonya memuat nama itu. Hapus nama itu lalu ajukan lagi."
        )
        product._history_user = user
        product.save(update_fields=["status", "status_reason", "updated_at"])
        hidden.append(product)
    return hidden


def _clean_new_images(
    images: Sequence[NewImage], *, people: PeopleIndex | None = None
) -> list[tuple[NewImage, CleanImage]]:
    """Validate every new image before anything is written: one bad file and nothing is stored.
    With ``people`` (the prison's), a caption that names one of them is refused too."""
    cleaned, errors = [], []
    for number, new in enumerate(images, start=1):
        if not (new.alt_text or "").strip():
            errors.append(
                ValidationError(
                    gettext("Foto %(number)d: teks alternatif wajib diisi.") % {"number": number},
                    code="alt_required",
                )
            )
            continue
        wrong = _alt_text_error(people=people, alt_text=new.alt_text)
        if wrong:
            errors.append(
                ValidationError(
                    gettext("Foto %(number)d: %(message)s") % {"number": number, "message": wrong},
                    code="public_text",
                )
            )
            continue
        try:
            clean = new.file if isinstance(new.file, CleanImage) else clean_upload(new.file)
        except ValidationError as error:
            errors.extend(
                ValidationError(
                    gettext("Foto %(number)d: %(message)s") % {"number": number, "message": message},
                    code=error.code,
                )
                for message in error.messages
            )
            continue
        cleaned.append((new, clean))
    if errors:
        raise ValidationError({"images": errors})
    return cleaned


def _apply_content(product: Product, data: dict) -> None:
    for field in CONTENT_FIELDS:
        if field in data:
            value = data[field]
            if field in ("description", "materials", "size") and value is None:
                value = ""
            setattr(product, field, value)


def _too_many_images(count: int) -> ValidationError:
    return ValidationError(
        {"images": gettext("Paling banyak %(max)d foto per produk.") % {"max": MAX_IMAGES}},
        code="too_many_images",
    )


def product_create(
    *, prison: Prison, user, data: dict, images: Sequence[NewImage] = (), submit: bool = False
) -> Product:
    """Create a draft product of ``prison`` (the officer's own) with a unique slug made from its
    name, its makers and ``images``; with ``submit`` it goes to curation at once.

    ``data`` holds the content fields (``CONTENT_FIELDS``) and ``makers``. Raises ValidationError
    (a dict keyed by field, ``images`` for the images) and then nothing is stored: no row, no file.
    """
    _check_origin(prison=prison, data=data)
    cleaned = _clean_new_images(images, people=prison_people(prison_id=prison.pk) if images else None)
    if len(cleaned) > MAX_IMAGES:
        raise _too_many_images(len(cleaned))
    with _atomic_with_file_cleanup():
        product = Product(prison=prison, created_by=user, status=Product.Status.DRAFT)
        _apply_content(product, data)
        _check_makers_not_named(
            product=product, makers=data.get("makers") or (), captions=[new.alt_text for new, _clean in cleaned]
        )
        product.slug = _unique_slug(product.name)
        product.full_clean()
        product._history_user = user
        product.save()
        product.makers.set(data.get("makers") or [])
        for new, clean in cleaned:
            product_image_add(
                product=product,
                file=clean,
                alt_text=new.alt_text.strip(),
                position=new.position,
                shows_face=new.shows_face,
                user=user,
            )
        if submit:
            product_submit(product=product, user=user)
    return product


def _revision_open(*, original: Product, user) -> tuple[Product, dict[int, int]]:
    """The open revision of an approved ``original``, made now if there is none: a draft copy of
    its content, makers and image rows (the rows point at the same stored files; nothing is
    copied on disk). Returns the revision and, for a new one, {original image id: copy id}."""
    existing = Product.objects.select_for_update().filter(revision_of=original).first()
    if existing is not None:
        return existing, {}
    revision = Product(
        revision_of=original,
        status=Product.Status.DRAFT,
        prison=original.prison,
        created_by=user,
        slug=_revision_slug(original),
        **{field: getattr(original, field) for field in CONTENT_FIELDS},
    )
    revision._history_user = user
    revision.save()
    revision.makers.set(original.makers.all())
    id_map = {}
    for image in original.images.order_by("position", "id"):
        copy = ProductImage(
            product=revision,
            alt_text=image.alt_text,
            position=image.position,
            shows_face=image.shows_face,
            width=image.width,
            height=image.height,
            **{field: getattr(image, field).name for field in IMAGE_FILE_FIELDS},
        )
        copy._history_user = user
        copy.save()
        id_map[image.pk] = copy.pk
    return revision, id_map


def product_update(
    *,
    product: Product,
    user,
    data: dict,
    new_images: Sequence[NewImage] = (),
    image_changes: Sequence[ImageChange] = (),
    submit: bool = False,
) -> Product:
    """Save an officer's edit of ``product`` and return the row that was written.

    A draft, submitted, rejected or archived product (or revision) is changed in place and
    becomes a draft (a submitted one leaves the curators' queue; an archived one is taken out of
    the archive) unless ``submit`` sends it (back) to them. An APPROVED product is never changed
    here: the edit goes to its revision (opened now if needed, see ``_revision_open``), which
    curators review while the public keeps seeing the approved version.

    ``image_changes`` name images of the product shown in the form (for an approved product
    without a revision yet, the original's images; they are mapped onto the revision's copies).
    Raises ValidationError (a dict keyed by field, ``images`` for the images); then nothing is
    stored: no row, no file.
    """
    people = prison_people(prison_id=product.prison_id) if new_images or image_changes else None
    cleaned = _clean_new_images(new_images, people=people)
    with _atomic_with_file_cleanup():
        locked = Product.objects.select_for_update().get(pk=product.pk)
        if locked.revision_of_id is None and locked.status == Product.Status.APPROVED:
            target, id_map = _revision_open(original=locked, user=user)
        elif locked.status in EDITABLE_STATUSES or (
            locked.status == Product.Status.ARCHIVED and locked.revision_of_id is None
        ):
            target, id_map = locked, {}
        else:
            raise _invalid_status(locked, locked.status)
        _check_origin(prison=target.prison, data=data, current_makers=target.makers.all())

        images = {image.pk: image for image in target.images.all()}
        deleted, changed = [], []
        for change in image_changes:
            image = images.get(id_map.get(change.image_id, change.image_id))
            if image is None:
                raise ValidationError(
                    {"images": gettext("Foto yang diubah tidak termasuk produk ini.")}, code="foreign_image"
                )
            if change.delete:
                deleted.append(image)
                continue
            if not (change.alt_text or "").strip():
                raise ValidationError(
                    {"images": gettext("Teks alternatif setiap foto wajib diisi.")}, code="alt_required"
                )
            wrong = _alt_text_error(people=people, alt_text=change.alt_text)
            if wrong:
                raise ValidationError({"images": wrong}, code="public_text")
            wanted = (change.alt_text.strip(), change.position, change.shows_face)
            if (image.alt_text, image.position, image.shows_face) != wanted:
                image.alt_text, image.position, image.shows_face = wanted
                changed.append(image)
        if len(images) - len(deleted) + len(cleaned) > MAX_IMAGES:
            raise _too_many_images(len(images) - len(deleted) + len(cleaned))

        if target.status == Product.Status.SUBMITTED:
            target.submitted_at = None  # withdrawn from the queue; submitting again dates it anew
        elif target.status == Product.Status.ARCHIVED:
            target.status_reason = ""  # the reason for archiving no longer applies
        target.status = Product.Status.DRAFT
        _apply_content(target, data)
        kept_captions = [image.alt_text for image in images.values() if image not in deleted]
        _check_makers_not_named(
            product=target,
            makers=data["makers"] or () if "makers" in data else target.makers.all(),
            captions=kept_captions + [new.alt_text for new, _clean in cleaned],
        )
        target.full_clean()
        target._history_user = user
        target.save()
        if "makers" in data:
            target.makers.set(data["makers"] or [])
        for image in changed:
            image._history_user = user
            image.save(update_fields=["alt_text", "position", "shows_face"])
        for image in deleted:
            image._history_user = user
            image.delete()
        _delete_unreferenced_files_on_commit(_image_file_names(deleted))
        for new, clean in cleaned:
            product_image_add(
                product=target,
                file=clean,
                alt_text=new.alt_text.strip(),
                position=new.position,
                shows_face=new.shows_face,
                user=user,
            )
        if submit:
            product_submit(product=target, user=user)
    return target


@transaction.atomic
def _public_text_problems(product: Product) -> list[str]:
    """The names of the fields of ``product`` (and "photo caption") whose public text names an
    inmate of its prison or tells an offence: text written before that rule, or another way."""
    people = prison_people(prison_id=product.prison_id)
    captions = list(product.images.values_list("alt_text", flat=True))
    named = _makers_named(product=product, makers=product.makers.all(), captions=captions)
    fields = dict.fromkeys([*product.public_text_errors(people), *named])
    problems = [str(Product._meta.get_field(field).verbose_name) for field in fields if field != "images"]
    if "images" in named or any(_alt_text_error(people=people, alt_text=alt) for alt in captions):
        problems.append(gettext("teks alternatif foto"))
    return problems


def _named_elsewhere(product: Product) -> list[str]:
    """"Legal name (prison)" of the inmates of other prisons whose whole name or registration
    number a public text of ``product`` holds (at most five). For curators, who see every prison
    (found by a security probe: the officer's checks never look at other prisons, which would
    tell who is held where). A match may be an ordinary phrase ("Sri Rejeki", a batik motif), so
    the curator confirms rather than is refused."""
    texts = [getattr(product, field) or "" for field in Product.PUBLIC_TEXT_FIELDS]
    texts += list(product.images.values_list("alt_text", flat=True))
    people = people_named_anywhere(texts)
    keys = set()
    for text in texts:
        if text.strip():
            keys |= people.named(text, any_order=False) | people.cited(text)
    if not keys:
        return []
    found = (
        Inmate.objects.filter(pk__in=keys)
        .exclude(prison_id=product.prison_id)
        .order_by("legal_name")
        .values_list("legal_name", "prison__name")[:5]
    )
    return [f"{name} ({prison})" for name, prison in found]


def product_submit(*, product: Product, user) -> Product:
    """Send a draft or rejected product (or revision) to the curators: status 'submitted',
    ``submitted_at`` now. Raises ValidationError: ``invalid_status`` from another status,
    ``no_images`` when it has no photo (curators and buyers judge by the photos)."""
    status = _current_status(product)
    if status not in SUBMITTABLE_STATUSES:
        raise _invalid_status(product, status)
    if not ProductImage.objects.filter(product_id=product.pk).exists():
        raise ValidationError(
            gettext("Tambahkan minimal satu foto sebelum mengajukan produk untuk kurasi."),
            code="no_images",
        )
    problems = _public_text_problems(product)
    if problems:
        raise ValidationError(
            gettext(
                "Perbaiki dulu %(fields)s: teksnya tampil di halaman publik dan tidak boleh memuat nama "
                "lengkap atau nomor registrasi warga binaan, atau menyebut tindak pidana."
            )
            % {"fields": ", ".join(problems)},
            code="public_text",
        )
    product.status = Product.Status.SUBMITTED
    product.submitted_at = timezone.now()
    product._history_user = user
    product.save(update_fields=["status", "submitted_at", "updated_at"])
    return product


def _revision_delete(*, revision: Product, user) -> None:
    names = _image_file_names(revision.images.all())
    revision._history_user = user
    revision.delete()
    _delete_unreferenced_files_on_commit(names)


@transaction.atomic
def product_revision_discard(*, revision: Product, user) -> Product:
    """Drop an officer's unapproved changes (the revision row, its makers and image rows, and the
    files only it used); returns the original, which stays as it was."""
    status = _current_status(revision)
    if revision.revision_of_id is None:
        raise _invalid_status(revision, status)
    original = revision.revision_of
    _revision_delete(revision=revision, user=user)
    return original


@transaction.atomic
def product_archive(*, product: Product, user, reason: str = "") -> Product:
    """Take ``product`` off the showcase and out of curation: status 'archived', from any other
    status; an open revision is discarded. Not for revision rows (code ``invalid_status``)."""
    status = _current_status(product)
    if product.revision_of_id is not None or status == Product.Status.ARCHIVED:
        raise _invalid_status(product, status)
    for revision in Product.objects.filter(revision_of=product):
        _revision_delete(revision=revision, user=user)
    product.status = Product.Status.ARCHIVED
    product.status_reason = (reason or "").strip()
    product._history_user = user
    product.save(update_fields=["status", "status_reason", "updated_at"])
    return product


def _revision_apply(*, revision: Product, user) -> Product:
    """Make an approved revision the original's content (see ``product_approve``)."""
    revision = Product.objects.select_for_update().get(pk=revision.pk)  # what is stored now
    original = Product.objects.select_for_update().get(pk=revision.revision_of_id)
    if original.status != Product.Status.APPROVED:
        raise _invalid_status(original, original.status)
    for field in CONTENT_FIELDS:
        setattr(original, field, getattr(revision, field))
    original.status_reason = ""
    original.submitted_at = revision.submitted_at
    original.curated_by = user
    original.curated_at = timezone.now()
    original._history_user = user
    original.save()
    original.makers.set(revision.makers.all())
    replaced = list(original.images.all())
    for image in replaced:
        image._history_user = user
        image.delete()
    for image in revision.images.all():
        image.product = original
        image._history_user = user
        image.save(update_fields=["product"])
    revision._history_user = user
    revision.delete()
    _delete_unreferenced_files_on_commit(_image_file_names(replaced))
    return original


# --- Telling the prison's officers about a curation decision ----------------------------------------


def officer_emails(*, prison_id: int) -> list[str]:
    """The addresses of the active prison officers of ``prison_id`` (sorted, no duplicates)."""
    users = (
        get_user_model()
        .objects.filter(
            officer_profile__prison_id=prison_id, is_active=True, groups__name=roles.PRISON_OFFICER
        )
        .exclude(email="")
    )
    return sorted(set(users.values_list("email", flat=True)))


def _portal_link(*, product_pk: int, base_url: str) -> str:
    try:
        path = reverse("portal:product-update", args=[product_pk])
    except NoReverseMatch:
        return ""
    return f"{(base_url or '').rstrip('/')}{path}"


def _decision_message(*, name: str, approved: bool, revision: bool, reason: str, link: str):
    name = " ".join(name.split())  # a subject is one line
    values = {"name": name, "reason": reason, "link": link}
    if approved and revision:
        subject = gettext("Perubahan produk disetujui: %(name)s")
        body = gettext(
            "Perubahan pada produk “%(name)s” telah disetujui kurator Kemenperin dan kini tampil di "
            "etalase publik."
        )
    elif approved:
        subject = gettext("Produk disetujui: %(name)s")
        body = gettext(
            "Produk “%(name)s” telah disetujui kurator Kemenperin dan kini tampil di etalase publik."
        )
    elif revision:
        subject = gettext("Perubahan produk ditolak: %(name)s")
        body = gettext(
            "Perubahan pada produk “%(name)s” ditolak kurator Kemenperin. Versi yang sudah disetujui "
            "tetap tampil di etalase publik.\n\nAlasan: %(reason)s\n\nPerbaiki perubahan itu lalu "
            "ajukan lagi."
        )
    else:
        subject = gettext("Produk ditolak: %(name)s")
        body = gettext(
            "Produk “%(name)s” ditolak kurator Kemenperin.\n\nAlasan: %(reason)s\n\nPerbaiki produk "
            "itu lalu ajukan lagi."
        )
    body = body % values
    if link:
        body += "\n\n" + gettext("Buka produk di portal petugas: %(link)s") % values
    body += "\n\n-- \n" + gettext("Etalase, Direktorat Jenderal IKM Kementerian Perindustrian")
    return subject % values, body


def _notify_officers_on_commit(
    *, product: Product, approved: bool, revision: bool, reason: str, base_url: str
) -> None:
    """E-mail the decision to the prison's officers once the transaction has committed (a
    rolled-back decision sends nothing). A failing mail server does not undo the decision."""
    prison_id = product.prison_id
    product_pk = product.revision_of_id or product.pk
    name = product.name

    def send():
        recipients = officer_emails(prison_id=prison_id)
        if not recipients:
            return
        with translation.override(settings.LANGUAGE_CODE):  # officers read Indonesian
            subject, body = _decision_message(
                name=name,
                approved=approved,
                revision=revision,
                reason=reason,
                link=_portal_link(product_pk=product_pk, base_url=base_url),
            )
        messages = [EmailMessage(subject, body, to=[address]) for address in recipients]
        try:
            get_connection().send_messages(messages)
        except Exception:  # noqa: BLE001 - the decision stands; the failure is logged
            logger.exception("Curation mail for product %s could not be sent", product_pk)

    transaction.on_commit(send)
