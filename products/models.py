"""Categories, products made in prison workshops, their images, and curation by the ministry."""

import base64
import uuid
from pathlib import PurePosixPath

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator
from django.db import models
from django.db.models import Exists, OuterRef, Q
from django.utils.translation import get_language, pgettext_lazy
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from config.model_fields import optional_datetime, optional_user
from config.validators import NAME_VALIDATORS, AtMost
from inmates.models import SLUG_HELP, Consent, Inmate, Prison, Workshop, prison_people, public_texts_errors
from inmates.selectors import staff_public_texts_errors
from inmates.uploads import RandomNameImageField


class Category(models.Model):
    slug = models.SlugField(_("alamat halaman"), max_length=60, unique=True, help_text=SLUG_HELP)
    name_id = models.CharField(_("nama (Indonesia)"), max_length=80, unique=True, validators=NAME_VALIDATORS)
    name_en = models.CharField(_("nama (Inggris)"), max_length=80, blank=True, validators=NAME_VALIDATORS)
    description = models.TextField(_("deskripsi"), blank=True)
    position = models.PositiveSmallIntegerField(_("urutan"), default=0, validators=[AtMost(32_767)])

    class Meta:
        ordering = ["position", "name_id"]
        verbose_name = _("kategori")
        verbose_name_plural = pgettext_lazy("plural", "kategori")

    def __str__(self):
        return self.name

    def clean(self):
        super().clean()
        # Both names are public (every product card, the catalogue's filter): read against every prison.
        if errors := staff_public_texts_errors(texts={"name_id": self.name_id, "name_en": self.name_en}):
            raise ValidationError(errors)

    @property
    def name(self) -> str:
        """The name in the active language, falling back to Indonesian."""
        if (get_language() or "id").startswith("en") and self.name_en:
            return self.name_en
        return self.name_id


class ProductQuerySet(models.QuerySet):
    def approved(self):
        """What the public may see: approved products (revision rows are never approved)."""
        return self.filter(status=Product.Status.APPROVED)

    def originals(self):
        """Products without the pending-revision rows."""
        return self.filter(revision_of__isnull=True)

    def visible_to(self, user):
        from inmates.scoping import prison_scope

        return prison_scope(self, user, prison_field="prison")


# Bounds of what a workshop's product can be: a one-tonne piece, a hundred thousand a month, and a
# price far above any product (Rp 10 miliar) but well inside the column.
MAX_WEIGHT_GRAMS = 1_000_000
MAX_MONTHLY_CAPACITY = 100_000
MAX_PRICE = 10_000_000_000


class Product(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", _("Draf")
        SUBMITTED = "submitted", _("Diajukan")
        APPROVED = "approved", _("Disetujui")
        REJECTED = "rejected", _("Ditolak")
        ARCHIVED = "archived", _("Diarsipkan")

    name = models.CharField(_("nama produk"), max_length=160, validators=NAME_VALIDATORS)
    slug = models.SlugField(_("alamat halaman"), max_length=180, unique=True, help_text=SLUG_HELP)
    description = models.TextField(_("deskripsi"), blank=True, max_length=5000)
    category = models.ForeignKey(
        Category, on_delete=models.PROTECT, related_name="products", verbose_name=_("kategori")
    )
    price = models.PositiveBigIntegerField(
        _("harga (Rp)"),
        help_text=_("Dalam rupiah utuh, tanpa sen."),
        validators=[MaxValueValidator(MAX_PRICE, _("Harga terlalu besar: paling banyak Rp 10.000.000.000."))],
    )
    materials = models.CharField(_("bahan"), max_length=255, blank=True)
    size = models.CharField(_("ukuran"), max_length=120, blank=True)
    weight_grams = models.PositiveIntegerField(
        _("berat (gram)"),
        null=True,
        blank=True,
        validators=[
            MaxValueValidator(MAX_WEIGHT_GRAMS, _("Berat terlalu besar: paling banyak 1.000.000 gram (1 ton)."))
        ],
    )
    monthly_capacity = models.PositiveIntegerField(
        _("kapasitas produksi per bulan"),
        null=True,
        blank=True,
        validators=[
            MaxValueValidator(
                MAX_MONTHLY_CAPACITY, _("Kapasitas terlalu besar: paling banyak 100.000 buah per bulan.")
            )
        ],
    )
    prison = models.ForeignKey(
        Prison, on_delete=models.PROTECT, related_name="products", verbose_name=_("lapas/rutan")
    )
    workshop = models.ForeignKey(
        Workshop,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="products",
        verbose_name=_("bengkel kerja"),
    )
    makers = models.ManyToManyField(
        Inmate, blank=True, related_name="products", verbose_name=_("pembuat")
    )
    status = models.CharField(
        _("status kurasi"), max_length=12, choices=Status.choices, default=Status.DRAFT
    )
    status_reason = models.TextField(
        _("alasan"), blank=True, max_length=2000, help_text=_("Alasan penolakan atau pengarsipan dari kurator.")
    )
    is_featured = models.BooleanField(_("unggulan"), default=False)
    # An approved product that an officer edits is not changed in place: the edit is a separate
    # revision row (never approved itself) that curators review; approving it copies its content
    # onto this product. So the public keeps seeing the last approved version meanwhile.
    revision_of = models.ForeignKey(
        "self",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="revisions",
        verbose_name=_("revisi dari"),
    )
    submitted_at = optional_datetime(_("diajukan pada"))
    curated_by = optional_user(_("dikurasi oleh"))
    curated_at = optional_datetime(_("dikurasi pada"))
    created_by = optional_user(_("dibuat oleh"))
    created_at = models.DateTimeField(_("dibuat"), auto_now_add=True, db_index=True)
    updated_at = models.DateTimeField(_("diubah"), auto_now=True)

    history = HistoricalRecords(verbose_name=_("riwayat produk"), excluded_fields=["updated_at"])
    objects = ProductQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("produk")
        verbose_name_plural = pgettext_lazy("plural", "produk")
        indexes = [
            models.Index(fields=["status", "-created_at"], name="product_status_created"),
            models.Index(fields=["status", "price"], name="product_status_price"),
            models.Index(fields=["status", "name"], name="product_status_name"),
            models.Index(fields=["status", "category"], name="product_status_category"),
            models.Index(fields=["status", "prison"], name="product_status_prison"),
            # The portal dashboard: a prison's products counted by status (originals only) from the
            # index alone, and the curators' latest decisions read in order.
            models.Index(
                fields=["prison", "status"],
                condition=Q(revision_of__isnull=True),
                name="product_prison_status_original",
            ),
            models.Index(
                fields=["prison", "status", "curated_at"], name="product_prison_status_curated"
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(price__gte=0),
                name="product_price_not_negative",
                violation_error_message=_("Harga tidak boleh negatif."),
            ),
            models.UniqueConstraint(
                fields=["revision_of"],
                condition=Q(revision_of__isnull=False),
                name="product_one_open_revision",
            ),
            models.CheckConstraint(
                condition=Q(revision_of__isnull=True) | ~Q(status="approved"),
                name="product_revision_never_approved",
                violation_error_message=_("Perubahan produk tidak dapat disetujui sebagai baris tersendiri."),
            ),
            models.CheckConstraint(
                condition=~Q(status="rejected") | ~Q(status_reason=""),
                name="product_rejection_has_reason",
                violation_error_message=_("Penolakan harus disertai alasan."),
            ),
        ]

    def __str__(self):
        return self.name

    # What the public pages show of a product as written by the officers.
    PUBLIC_TEXT_FIELDS = ("name", "description", "materials", "size")

    def clean(self):
        errors = {}
        if self.workshop_id and self.prison_id and self.workshop.prison_id != self.prison_id:
            errors["workshop"] = _("Bengkel kerja harus berada di lapas yang sama.")
        errors.update(self.public_text_errors())
        if errors:
            raise ValidationError(errors)

    def public_text_errors(self, people=None) -> dict:
        """``{field: message}`` where the product's public text names an inmate of its prison or
        tells an offence (``inmates.models.public_texts_errors``); ``people`` is the prison's
        ``prison_people`` when the caller has it already."""
        texts = {field: getattr(self, field) for field in self.PUBLIC_TEXT_FIELDS}
        if not self.prison_id or not any(text.strip() for text in texts.values()):
            return {}
        if people is None:
            people = prison_people(prison_id=self.prison_id)
        return public_texts_errors(people=people, texts=texts)


def _random_image_name(instance, filename: str) -> str:
    # Stored names are random: an upload's name must not reveal anything, nor be guessable.
    suffix = PurePosixPath(filename).suffix.lower()[:10] or ".jpg"
    return f"products/{uuid.uuid4().hex[:2]}/{uuid.uuid4().hex}{suffix}"


class ProductImageQuerySet(models.QuerySet):
    def work_photos_allowed(self):
        """The images the makers let the public see. A product's photos are photos of its makers'
        work, so they are public only while the consent in force of every maker allows "photos of
        the work" (``Consent.work_photos_public``): a maker without such a consent, or whose
        consent is withdrawn, keeps the product's photos off every public page and URL; a product
        without makers (credited to the prison alone) shows its photos. A photo marked
        ``shows_face`` needs more: the product has makers and every one's consent in force also
        allows the face (``Consent.face_public``), never a face nobody consented for."""
        in_force = Consent.objects.filter(inmate_id=OuterRef("inmate_id"), withdrawn_on__isnull=True)
        makers = Product.makers.through.objects.filter(product_id=OuterRef("product_id"))
        maker_not_allowing = makers.filter(~Exists(in_force.filter(work_photos_public=True)))
        maker_not_allowing_face = makers.filter(
            ~Exists(in_force.filter(work_photos_public=True, face_public=True))
        )
        return self.filter(~Exists(maker_not_allowing)).filter(
            Q(shows_face=False) | (Exists(makers) & ~Exists(maker_not_allowing_face))
        )


class StagedImage(models.Model):
    """A photo an officer chose on a product form that failed for another reason (a missing
    price, say), kept so that they need not pick the file again: already cleaned (re-encoded,
    no EXIF or GPS), visible only to the user who sent it, used once and dropped after
    ``KEEP_HOURS`` (products.services.staged_image_keep)."""

    KEEP_HOURS = 24

    token = models.CharField(_("kode"), max_length=64, unique=True, editable=False)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+", verbose_name=_("pengguna")
    )
    content = models.BinaryField(_("isi"))
    preview = models.BinaryField(_("pratinjau"))
    width = models.PositiveIntegerField(_("lebar"))
    height = models.PositiveIntegerField(_("tinggi"))
    created_at = models.DateTimeField(_("dibuat"), auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = _("foto tersimpan sementara")
        verbose_name_plural = pgettext_lazy("plural", "foto tersimpan sementara")

    def __str__(self):
        return f"{self.width}×{self.height}"

    @property
    def preview_data_uri(self) -> str:
        """The preview inline (``data:``), so that no URL serves a kept photo."""
        return "data:image/jpeg;base64," + base64.b64encode(bytes(self.preview)).decode("ascii")


class ProductImage(models.Model):
    """An image of a product. ``image`` is the re-encoded upload (EXIF/GPS removed, never linked
    from public pages); ``thumb_*`` are the renditions public pages show."""

    product = models.ForeignKey(
        Product, on_delete=models.CASCADE, related_name="images", verbose_name=_("produk")
    )
    image = RandomNameImageField(
        _("gambar"), upload_to=_random_image_name, width_field="width", height_field="height"
    )
    width = models.PositiveIntegerField(_("lebar"), null=True, editable=False)
    height = models.PositiveIntegerField(_("tinggi"), null=True, editable=False)
    thumb_small = models.ImageField(_("gambar kecil"), upload_to="thumbs/", blank=True, editable=False)
    thumb_medium = models.ImageField(_("gambar sedang"), upload_to="thumbs/", blank=True, editable=False)
    thumb_large = models.ImageField(_("gambar besar"), upload_to="thumbs/", blank=True, editable=False)
    alt_text = models.CharField(
        _("teks alternatif"),
        max_length=200,
        help_text=_("Deskripsi singkat gambar untuk pembaca layar."),
    )
    position = models.PositiveSmallIntegerField(_("urutan"), default=0, validators=[AtMost(32_767)])
    shows_face = models.BooleanField(
        _("memperlihatkan wajah"),
        default=False,
        db_default=False,  # rows written by raw SQL or an older release: no face marked
        help_text=_(
            "Centang bila wajah seseorang tampak di foto ini. Foto seperti ini hanya tampil di katalog "
            "bila setiap pembuat produk secara tegas menyetujui wajahnya ditampilkan."
        ),
    )
    created_at = models.DateTimeField(_("dibuat"), auto_now_add=True)

    history = HistoricalRecords(verbose_name=_("riwayat gambar produk"))
    objects = ProductImageQuerySet.as_manager()

    class Meta:
        ordering = ["product", "position", "id"]
        verbose_name = _("gambar produk")
        verbose_name_plural = pgettext_lazy("plural", "gambar produk")

    def __str__(self):
        return self.alt_text or f"#{self.pk}"

    def clean(self):
        # The caption is public (the photo's alt text on every page that shows it).
        if self.product_id and self.alt_text.strip():
            errors = public_texts_errors(
                people=prison_people(prison_id=self.product.prison_id), texts={"alt_text": self.alt_text}
            )
            if errors:
                raise ValidationError(errors)
