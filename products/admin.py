"""Back-office for categories, products and their images: curation by the ministry."""

from django import forms
from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db.models import Count, Prefetch
from django.template.response import TemplateResponse
from django.utils.html import format_html
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from inmates.admin_utils import ScopedHistoryMixin, names_for_message, not_in_csv
from inmates.templatetags.etalase import format_rupiah
from products.images import clean_upload
from products.models import Category, Product, ProductImage
from products.services import (
    REJECTABLE_STATUSES,
    image_thumbnails_render,
    product_approve,
    product_reject,
)

THUMB_FIELDS = ("thumb_small", "thumb_medium", "thumb_large")


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
        return super().get_queryset(request).annotate(product_count=Count("products"))

    @admin.display(description=_("jumlah produk"), ordering="product_count")
    def product_count(self, obj):
        return obj.product_count


class ProductImageForm(forms.ModelForm):
    """Every image uploaded through the admin goes through the same safe pipeline as the portal:
    its content decides its type, limits apply, and what is stored is a re-encoded JPEG without
    EXIF (no GPS position), under a random name."""

    class Meta:
        model = ProductImage
        fields = ("image", "alt_text", "position")

    def clean_image(self):
        upload = self.cleaned_data.get("image")
        if isinstance(upload, UploadedFile):  # a new file, not the one already stored
            return clean_upload(upload).content
        return upload


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
    fields = ("preview", "image", "alt_text", "position")
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


@admin.register(Product)
class ProductAdmin(ScopedHistoryMixin, SimpleHistoryAdmin):
    prison_field = "prison"
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
    list_display_links = ("thumbnail", "name")
    list_filter = ("status", "is_featured", "category", "prison__region", "prison")
    list_select_related = ("category", "prison", "curated_by")
    search_fields = ("name", "slug", "materials", "prison__name")
    autocomplete_fields = ("category", "prison", "workshop", "makers")
    date_hierarchy = "created_at"
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
        done, skipped = [], []
        for product in queryset:
            try:
                product_approve(product=product, user=request.user)
            except ValidationError:
                skipped.append(product)
                continue
            self.log_change(request, product, gettext("Disetujui."))
            done.append(product)
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
                    product_reject(product=product, user=request.user, reason=form.cleaned_data["reason"])
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
        context = {
            **self.admin_site.each_context(request),
            "title": gettext("Tolak produk terpilih"),
            "opts": self.model._meta,
            "form": form,
            "products": products,
            "rejectable": [p for p in products if p.status in REJECTABLE_STATUSES],
            "not_rejectable": [p for p in products if p.status not in REJECTABLE_STATUSES],
            "action_checkbox_name": helpers.ACTION_CHECKBOX_NAME,
            "media": self.media,
        }
        return TemplateResponse(request, "admin/products/product/reject_confirmation.html", context)


@admin.register(ProductImage)
class ProductImageAdmin(ScopedHistoryMixin, SimpleHistoryAdmin):
    prison_field = "product__prison"
    form = ProductImageForm
    list_display = ("preview", "alt_text", "product", "position", "width", "height", "created_at")
    list_display_links = ("preview", "alt_text")
    list_select_related = ("product",)
    search_fields = ("alt_text", "product__name")
    autocomplete_fields = ("product",)
    date_hierarchy = "created_at"
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

