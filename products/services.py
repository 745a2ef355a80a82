"""Writes for products. Each service runs in a transaction and takes the acting user."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext

from products.images import clean_upload, render_thumbnails
from products.models import Product, ProductImage


@transaction.atomic
def product_image_add(
    *, product: Product, file, alt_text: str, position: int = 0, user=None
) -> ProductImage:
    """Store ``file`` as an image of ``product``: validated, re-encoded without EXIF/GPS, under a
    random name, with thumbnails. Raises ValidationError for a bad file; then nothing is stored."""
    clean = clean_upload(file)
    image = ProductImage(product=product, alt_text=alt_text, position=position)
    image.image.save(clean.content.name, clean.content, save=False)
    image_thumbnails_render(image=image)
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
def product_approve(*, product: Product, user) -> Product:
    """Approve ``product`` for the public showcase and record ``user`` as its curator, now.

    Allowed from 'submitted' and 'rejected'; an earlier rejection reason is cleared. From any
    other status raises ValidationError (code ``invalid_status``) and nothing changes.
    """
    status = _current_status(product)
    if status not in APPROVABLE_STATUSES:
        raise _invalid_status(product, status)
    product.status = Product.Status.APPROVED
    product.status_reason = ""
    product.curated_by = user
    product.curated_at = timezone.now()
    product._history_user = user  # the history row names the curator, also outside a request
    product.save(update_fields=["status", "status_reason", "curated_by", "curated_at", "updated_at"])
    return product


@transaction.atomic
def product_reject(*, product: Product, user, reason: str) -> Product:
    """Reject a submitted ``product`` with ``reason`` (shown to the prison's officers), recording
    ``user`` as its curator, now.

    Raises ValidationError with code ``reason_required`` for an empty reason, ``invalid_status``
    when the product is not 'submitted'; then nothing changes.
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
    return product
