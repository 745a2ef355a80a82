"""Back-office for categories, products and their images: curation by the ministry."""

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.core.paginator import Paginator
from django.db.models import Prefetch
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path
from django.utils.html import format_html
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from config.admin_input import reason_confirmation_response
from inmates.admin_utils import (
    CheckedDateFieldListFilter,
    LeanActionCheckboxMixin,
    PrisonAutocompleteMedia,
    PrisonInRegionFilter,
    PrisonNarrowedAutocompleteMixin,
    RestoreDeletedMixin,
    SafeAutocompleteMixin,
    ScopedHistoryMixin,
    names_for_message,
    not_in_csv,
    related_count,
)
from inmates.kept_uploads import KeptUploadsAdminMixin
from inmates.selectors import staff_public_texts_errors
from inmates.templatetags.etalase import format_rupiah
from products.images import clean_upload
from products.models import Category, Product, ProductImage
from products.selectors import curation_diff, curation_queue
from products.services import (
    REJECTABLE_STATUSES,
    image_thumbnails_render,
    product_approve,
    product_reject,
)

THUMB_FIELDS = ("thumb_small", "thumb_medium", "thumb_large")
# Session key: the queue's products whose text matched an inmate of another prison; their approve
# button then asks the curator to confirm (products.services.product_approve, names_checked).
NAMES_TO_CHECK = "curation_names_to_check"


def _base_url(request) -> str:
    """Scheme and host of this request, for the links in the officers' e-mails."""
    return request.build_absolute_uri("/").rstrip("/")


def thumbnail_html(image: ProductImage | None, *, size: int = 64):
    """A small preview from the rendition public pages use (never the stored upload)."""
    if image is None or not image.thumb_small:
        return ""
    return format_html(
        '<img src="{}" alt="{}" width="{}" class="etalase-admin-thumb" loading="lazy">',
        image.thumb_small.url,
        image.alt_text,
        size,
    )


@admin.register(Category)
class CategoryAdmin(admin.ModelAdmin):
    list_display = ("name_id", "name_en", "slug", "position", "product_count")
    search_fields = ("name_id", "name_en", "slug")
    prepopulated_fields = {"slug": ("name_id",)}

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(product_count=related_count(Product.objects.all(), to="category"))

    @admin.display(description=_("jumlah produk"), ordering="product_count")
    def product_count(self, obj):
        return obj.product_count


class ProductImageForm(forms.ModelForm):
    """Every image uploaded through the admin goes through the same safe pipeline as the portal:
    its content decides its type, limits apply, and what is stored is a re-encoded JPEG without
    EXIF (no GPS position), under a random name."""

    class Meta:
        model = ProductImage
        fields = ("image", "alt_text", "position", "shows_face")

    def clean_image(self):
        upload = self.cleaned_data.get("image")
        if isinstance(upload, UploadedFile):  # a new file, not the one already stored
            return clean_upload(upload).content
        return upload

    def clean_alt_text(self):
        # Staff write here: a caption naming an inmate of any prison is refused, as in the
        # product's own texts (ProductAdminForm).
        alt_text = self.cleaned_data.get("alt_text", "")
        if self.has_changed() and (errors := staff_public_texts_errors(texts={"alt_text": alt_text})):
            raise forms.ValidationError(errors["alt_text"])
        return alt_text


def _image_needs_thumbnails(form) -> bool:
    return bool(form.instance.pk and form.instance.image) and (
        "image" in form.changed_data or not form.instance.thumb_small
    )


def _render_and_store_thumbnails(image: ProductImage) -> None:
    image_thumbnails_render(image=image)
    image.save(update_fields=THUMB_FIELDS)


class ProductImageInline(admin.TabularInline):
    model = ProductImage
    form = ProductImageForm
    fields = ("preview", "image", "alt_text", "position", "shows_face")
    readonly_fields = ("preview",)
    extra = 1

    @admin.display(description=_("pratinjau"))
    def preview(self, obj):
        if obj is None or obj.pk is None:
            return self.get_empty_value_display()
        return thumbnail_html(obj, size=96)


class ProductRejectForm(forms.Form):
    reason = forms.CharField(
        label=_("Alasan penolakan"),
        widget=forms.Textarea(attrs={"rows": 4, "cols": 60}),
        help_text=_(
            "Alasan disimpan bersama produk dan dibaca petugas lapas, agar mereka tahu apa yang perlu "
            "diperbaiki."
        ),
        error_messages={
            "required": _("Tulis alasan penolakan: petugas lapas perlu tahu apa yang harus diperbaiki.")
        },
    )


class ProductAdminForm(forms.ModelForm):
    """A maker must be an inmate of the product's prison, as in the portal: otherwise the officers
    of that prison would see another prison's inmate (legal name, number) among their makers.
    A maker already on the product (transferred since) is kept; only new ones are checked."""

    class Meta:
        model = Product
        fields = ("prison", "makers")  # the admin's fieldsets name the rest

    def clean(self):
        cleaned = super().clean()
        # Staff write these texts, and an approved product's change is public at once: read
        # against every prison, not the product's own only (a corrections-staff probe saved
        # another prison's inmate's name as an approved product's name).
        texts = {name: cleaned.get(name) or "" for name in ("name", "description", "materials", "size")
                 if name in self.fields and name in self.changed_data}
        for field, message in staff_public_texts_errors(texts=texts).items():
            self.add_error(field, message)
        prison, makers = cleaned.get("prison"), cleaned.get("makers")
        if prison is not None and makers is not None:
            kept = set(self.instance.makers.values_list("pk", flat=True)) if self.instance.pk else set()
            if self.instance.pk and self.instance.prison_id != prison.pk:
                kept = set()  # a product moved to another prison takes no maker of the old one along
            foreign = [m for m in makers if m.prison_id != prison.pk and m.pk not in kept]
            if foreign:
                self.add_error(
                    "makers",
                    gettext("Pembuat harus warga binaan dari lapas produk ini; bukan: %(names)s.")
                    % {"names": ", ".join(str(m) for m in foreign)},
                )
        return cleaned


@admin.register(Product)
class ProductAdmin(KeptUploadsAdminMixin, PrisonAutocompleteMedia, PrisonNarrowedAutocompleteMixin, SafeAutocompleteMixin, LeanActionCheckboxMixin, RestoreDeletedMixin, ScopedHistoryMixin, SimpleHistoryAdmin):
    prison_field = "prison"
    form = ProductAdminForm
    list_display = (
        "thumbnail",
        "name",
        "category",
        "prison",
        "price_display",
        "status",
        "is_featured",
        "submitted_at",
        "curated_by",
    )
    export_fields = (
        "name", "category", "prison", (_("harga"), "price"), "status", "is_featured", "submitted_at", "curated_by",
    )
    list_display_links = ("thumbnail", "name")
    list_filter = (
        "status",
        "is_featured",
        "category",
        "prison__region",
        PrisonInRegionFilter,
        ("created_at", CheckedDateFieldListFilter),
    )
    list_select_related = ("category", "prison", "curated_by")
    search_fields = ("name", "slug", "materials", "prison__name")
    autocomplete_fields = ("category", "prison", "workshop", "makers")
    # No date_hierarchy: at national scale its DISTINCT over every row costs more than the page.
    show_full_result_count = False
    list_per_page = 50
    prepopulated_fields = {"slug": ("name",)}
    inlines = (ProductImageInline,)
    actions = ("approve_products", "reject_products")
    # Status and the curator's record change only through product_approve / product_reject.
    readonly_fields = (
        "status",
        "status_reason",
        "submitted_at",
        "curated_by",
        "curated_at",
        "created_by",
        "created_at",
        "updated_at",
    )
    fieldsets = (
        (None, {"fields": ("name", "slug", "category", "description", "price")}),
        (_("Rincian"), {"fields": ("materials", "size", "weight_grams", "monthly_capacity")}),
        (_("Asal"), {"fields": ("prison", "workshop", "makers")}),
        (
            _("Kurasi"),
            {
                "fields": (
                    "status",
                    "status_reason",
                    "is_featured",
                    "submitted_at",
                    "curated_by",
                    "curated_at",
                )
            },
        ),
        (_("Catatan sistem"), {"fields": ("created_by", "created_at", "updated_at")}),
    )

    def get_queryset(self, request):
        images = ProductImage.objects.order_by("position", "id")
        return super().get_queryset(request).prefetch_related(Prefetch("images", queryset=images))

    @not_in_csv
    @admin.display(description=_("foto"))
    def thumbnail(self, obj):
        images = obj.images.all()  # prefetched, in display order
        return thumbnail_html(images[0] if images else None)

    @admin.display(description=_("harga"), ordering="price")
    def price_display(self, obj):
        return format_rupiah(obj.price)

    def save_model(self, request, obj, form, change):
        if not change:
            obj.created_by = request.user
        super().save_model(request, obj, form, change)

    def save_formset(self, request, form, formset, change):
        super().save_formset(request, form, formset, change)
        if formset.model is ProductImage:
            for image_form in formset.forms:
                if image_form not in formset.deleted_forms and _image_needs_thumbnails(image_form):
                    _render_and_store_thumbnails(image_form.instance)

    # --- Curation actions ------------------------------------------------------------------

    def _report(self, request, *, done: list, skipped: list, done_message: str):
        if done:
            self.message_user(request, done_message % {"count": len(done)}, messages.SUCCESS)
        if skipped:
            self.message_user(
                request,
                gettext("%(count)d produk dilewati karena statusnya tidak sesuai: %(names)s.")
                % {"count": len(skipped), "names": names_for_message([p.name for p in skipped])},
                messages.WARNING,
            )

    @admin.action(description=_("Setujui produk terpilih"), permissions=["change"])
    def approve_products(self, request, queryset):
        done, skipped, photoless, naming = [], [], [], []
        for product in queryset:
            try:
                approved = product_approve(product=product, user=request.user, base_url=_base_url(request))
            except ValidationError as error:
                {"no_images": photoless, "public_text": naming, "named_elsewhere": naming}.get(
                    error.code, skipped
                ).append(product)
                continue
            self.log_change(request, approved, gettext("Disetujui."))
            done.append(approved)
        if photoless:
            self.message_user(
                request,
                gettext("%(count)d produk tanpa foto tidak disetujui: %(names)s. Minta petugas lapas menambahkan foto.")
                % {"count": len(photoless), "names": names_for_message([p.name for p in photoless])},
                messages.WARNING,
            )
        if naming:
            self.message_user(
                request,
                gettext(
                    "%(count)d produk tidak disetujui karena teks publiknya memuat nama lengkap atau nomor "
                    "registrasi warga binaan, atau menyebut tindak pidana: %(names)s. Buka produknya untuk "
                    "melihat bagiannya, lalu tolak dengan alasan."
                )
                % {"count": len(naming), "names": names_for_message([p.name for p in naming])},
                messages.WARNING,
            )
        self._report(
            request,
            done=done,
            skipped=skipped,
            done_message=gettext("%(count)d produk disetujui dan kini tampil di etalase publik."),
        )

    @admin.action(description=_("Tolak produk terpilih"), permissions=["change"])
    def reject_products(self, request, queryset):
        """Asks for the reason on an intermediate page; an empty reason is refused there."""
        form = ProductRejectForm(request.POST if request.POST.get("post") else None)
        if form.is_valid():
            done, skipped = [], []
            for product in queryset:
                try:
                    product_reject(
                        product=product,
                        user=request.user,
                        reason=form.cleaned_data["reason"],
                        base_url=_base_url(request),
                    )
                except ValidationError:
                    skipped.append(product)
                    continue
                log = gettext("Ditolak: %(reason)s") % {"reason": product.status_reason}
                self.log_change(request, product, log)
                done.append(product)
            self._report(
                request, done=done, skipped=skipped, done_message=gettext("%(count)d produk ditolak.")
            )
            return None  # back to the changelist
        products = list(queryset.select_related("prison"))
        return reason_confirmation_response(
            self,
            request,
            template="admin/products/product/reject_confirmation.html",
            title=gettext("Tolak produk terpilih"),
            form=form,
            products=products,
            rejectable=[p for p in products if p.status in REJECTABLE_STATUSES],
            not_rejectable=[p for p in products if p.status not in REJECTABLE_STATUSES],
        )

    # --- Curation queue: each submitted product or revision with its images and what changed -----

    curation_page_size = 10

    def get_urls(self):
        queue = path(
            "kurasi/",
            self.admin_site.admin_view(self.curation_queue_view),
            name=f"{self.opts.app_label}_{self.opts.model_name}_curation",
        )
        return [queue, *super().get_urls()]  # before "<path:object_id>/", which would catch it

    def curation_queue_view(self, request):
        """GET: the queue. POST (``product``, ``decision`` approve/reject, ``reason``, ``version``):
        one decision through the curation services, then back to the queue."""
        if not self.has_view_permission(request):
            raise PermissionDenied
        queue = curation_queue(user=request.user)
        bound_form = None
        if request.method == "POST":
            if not self.has_change_permission(request):
                raise PermissionDenied
            response, bound_form = self._curation_decide(request, queue)
            if response is not None:
                return response
        page = Paginator(queue, self.curation_page_size).get_page(request.GET.get("page"))
        items = []
        for product in page.object_list:
            if bound_form is not None and bound_form.product_pk == product.pk:
                form = bound_form
            else:
                form = ProductRejectForm(auto_id=f"id_%s_{product.pk}")
            items.append({"product": product, "diff": curation_diff(product), "reject_form": form})
        names_to_check = set(request.session.get(NAMES_TO_CHECK, []))
        for item in items:
            item["names_to_check"] = item["product"].pk in names_to_check
        context = {
            **self.admin_site.each_context(request),
            "title": gettext("Antrean kurasi produk"),
            "opts": self.opts,
            "page": page,
            "items": items,
            "can_decide": self.has_change_permission(request),
            "media": self.media,
        }
        return TemplateResponse(request, "admin/products/product/curation_queue.html", context)

    def _curation_decide(self, request, queue):
        """Returns (redirect, None) after a decision or a refusal, or (None, form) for a reason
        that is missing: the queue is shown again with the error next to it."""
        back = redirect(request.get_full_path())
        try:
            product = queue.get(pk=int(request.POST.get("product", "")))
        except (ValueError, Product.DoesNotExist):
            self.message_user(request, gettext("Produk itu tidak lagi menunggu kurasi."), messages.WARNING)
            return back, None
        if request.POST.get("version") != product.updated_at.isoformat():
            self.message_user(
                request,
                gettext("“%(name)s” diubah petugas setelah halaman ini dibuka. Periksa lagi sebelum memutuskan.")
                % {"name": product.name},
                messages.WARNING,
            )
            return back, None
        decision = request.POST.get("decision")
        if decision == "approve":
            try:
                approved = product_approve(
                    product=product,
                    user=request.user,
                    base_url=_base_url(request),
                    names_checked=request.POST.get("names_checked") == "1",
                )
            except ValidationError as error:
                if error.code == "named_elsewhere":
                    # The queue then asks for the confirmation beside this product's button.
                    flagged = set(request.session.get(NAMES_TO_CHECK, [])) | {product.pk}
                    request.session[NAMES_TO_CHECK] = sorted(flagged)
                self.message_user(request, " ".join(error.messages), messages.ERROR)
                return back, None
            note = gettext("Perubahan disetujui.") if product.revision_of_id else gettext("Disetujui.")
            self.log_change(request, approved, note)
            self.message_user(
                request,
                gettext("“%(name)s” disetujui dan kini tampil di etalase publik; petugas lapas diberi tahu.")
                % {"name": approved.name},
                messages.SUCCESS,
            )
            return back, None
        if decision == "reject":
            form = ProductRejectForm(request.POST, auto_id=f"id_%s_{product.pk}")
            form.product_pk = product.pk
            if not form.is_valid():
                return self._reason_missing(request, product, form)
            try:
                product_reject(
                    product=product,
                    user=request.user,
                    reason=form.cleaned_data["reason"],
                    base_url=_base_url(request),
                )
            except ValidationError as error:
                if error.code == "reason_required":
                    form.add_error("reason", error)
                    return self._reason_missing(request, product, form)
                self.message_user(request, " ".join(error.messages), messages.ERROR)
                return back, None
            original = product.revision_of or product
            self.log_change(request, original, gettext("Ditolak: %(reason)s") % {"reason": product.status_reason})
            self.message_user(
                request,
                gettext("“%(name)s” ditolak; petugas lapas diberi tahu alasannya.") % {"name": product.name},
                messages.SUCCESS,
            )
            return back, None
        self.message_user(request, gettext("Pilih setujui atau tolak."), messages.ERROR)
        return back, None

    def _reason_missing(self, request, product, form):
        """The queue again with the error beside the product's reason field, and said at the top
        too: the card may sit far below where the page opens (its form's action jumps to it)."""
        self.message_user(
            request,
            gettext("“%(name)s” belum ditolak: tulis alasan penolakan di kartunya.") % {"name": product.name},
            messages.ERROR,
        )
        return None, form


@admin.register(ProductImage)
class ProductImageAdmin(KeptUploadsAdminMixin, SafeAutocompleteMixin, LeanActionCheckboxMixin, ScopedHistoryMixin, SimpleHistoryAdmin):
    prison_field = "product__prison"
    form = ProductImageForm
    list_display = ("preview", "alt_text", "product", "position", "width", "height", "created_at")
    list_display_links = ("preview", "alt_text")
    list_select_related = ("product",)
    search_fields = ("alt_text", "product__name")
    autocomplete_fields = ("product",)
    list_filter = (("created_at", CheckedDateFieldListFilter),)
    # No date_hierarchy: at national scale its DISTINCT over every row costs more than the page.
    show_full_result_count = False
    list_per_page = 50
    fields = ("product", "preview", "image", "alt_text", "position", "width", "height")
    readonly_fields = ("preview", "width", "height")

    @not_in_csv
    @admin.display(description=_("pratinjau"))
    def preview(self, obj):
        if obj is None or obj.pk is None:
            return self.get_empty_value_display()
        return thumbnail_html(obj)

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        if _image_needs_thumbnails(form):
            _render_and_store_thumbnails(obj)

