"""Portal views (prison officers): thin; access and scoping through inmates.portal mixins.

Every view here answers 302 (to the login page) to anonymous users, 403 to a signed-in user who
is not a prison officer, and 404 for a product of another prison: the querysets start from
``prison_scope`` (``PrisonScopedMixin`` / ``Product.objects.visible_to``). The prison written to
is always ``request.prison``, set from the officer's profile.
"""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django.views import View
from django.views.generic import ListView
from django.views.generic.detail import SingleObjectMixin

from inmates.form_fields import choice_search_response
from inmates.portal import OfficerRequiredMixin, PrisonScopedMixin
from products.forms import ArchiveForm, MakerChoiceField, ProductForm, ProductImageFormSet
from products.models import Product, ProductImage
from products.selectors import (
    makers_withholding_photos,
    portal_maker_candidates,
    portal_product_list,
    portal_product_status_counts,
    same_named_products,
)
from products.services import (
    product_archive,
    product_create,
    product_revision_discard,
    product_update,
    staged_images_discard,
)

IMAGES_PREFIX = "images"

STATUS_FILTERS = (
    ("", _("Semua"), "all"),
    (Product.Status.DRAFT, Product.Status.DRAFT.label, Product.Status.DRAFT),
    (Product.Status.SUBMITTED, Product.Status.SUBMITTED.label, Product.Status.SUBMITTED),
    (Product.Status.APPROVED, Product.Status.APPROVED.label, Product.Status.APPROVED),
    (Product.Status.REJECTED, Product.Status.REJECTED.label, Product.Status.REJECTED),
    ("revision", _("Ada perubahan"), "revision"),
    (Product.Status.ARCHIVED, Product.Status.ARCHIVED.label, Product.Status.ARCHIVED),
)


class ProductListView(PrisonScopedMixin, ListView):
    """The prison's products (not the revision rows), filtered by status, 20 a page."""

    model = Product
    template_name = "portal/products/product_list.html"
    context_object_name = "products"
    paginate_by = 20

    def get_status(self) -> str:
        status = self.request.GET.get("status", "")
        return status if status in {value for value, _label, _key in STATUS_FILTERS} else ""

    def get_queryset(self):
        return portal_product_list(user=self.request.user, status=self.get_status())

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        counts = portal_product_status_counts(user=self.request.user)
        status = self.get_status()
        context["status"] = status
        context["filters"] = [
            {"value": value, "label": label, "count": counts[key], "active": value == status}
            for value, label, key in STATUS_FILTERS
        ]
        return context


def _submitted_text(request) -> str:
    """What an officer is told on sending a product to curation. The curator's decision is
    mailed to the officer's address; an account without one is told where to look instead (a new
    officer's probe: promised a mail that went only to a colleague)."""
    if (request.user.email or "").strip():
        return gettext("“%(name)s” diajukan untuk kurasi. Kami kabari lewat surel setelah kurator memutuskan.")
    return gettext(
        "“%(name)s” diajukan untuk kurasi. Keputusan kurator tampil di daftar produk dan dasbor Anda "
        "(akun Anda belum punya alamat surel untuk pemberitahuan)."
    )


def _service_errors_onto(form, error: ValidationError) -> list[str]:
    """Put a service's ValidationError next to the form fields it names; return the messages
    about images (shown in the images section)."""
    image_errors = []
    if not hasattr(error, "error_dict"):
        form.add_error(None, error)
        return image_errors
    for field, errors in error.error_dict.items():
        messages_ = [message for e in errors for message in e.messages]
        if field == "images":
            image_errors.extend(messages_)
        elif field in form.fields:
            form.add_error(field, messages_)
        else:
            form.add_error(None, messages_)
    return image_errors


class _ProductFormMixin:
    template_name = "portal/products/product_form.html"

    def submitting(self) -> bool:
        return self.request.POST.get("action") == "submit"

    def render_form(self, form, formset, *, image_errors=(), **context):
        failed = form.errors or formset.total_error_count() or image_errors
        kept = formset.keep_photos() if failed else []
        pending = formset.pending_uploads() if failed else []
        return render(
            self.request,
            self.template_name,
            {
                "form": form,
                "formset": formset,
                "image_errors": list(image_errors),
                "kept_photos": kept,
                "pending_uploads": pending,
                **context,
            },
        )


def _warn_same_named(request, product: Product) -> None:
    """Tell the officer when the prison already has a product of this name (entered twice?),
    with links to it: saved all the same, since two sizes or colours may share a name."""
    others = same_named_products(product=product)
    if not others:
        return
    links = format_html_join(
        ", ",
        '<a href="{}">{} ({})</a>',
        ((reverse("portal:product-update", args=[other.pk]), other.name, other.get_status_display()) for other in others),
    )
    messages.warning(
        request,
        format_html(
            gettext("Lapas ini sudah punya produk bernama sama: {}. Jika itu produk yang sama, arsipkan salah satunya."),
            links,
        ),
    )


class ProductCreateView(OfficerRequiredMixin, _ProductFormMixin, View):
    def get(self, request):
        form = ProductForm(prison=request.prison)
        return self.render_form(form, ProductImageFormSet(prefix=IMAGES_PREFIX))

    def post(self, request):
        submit = self.submitting()
        form = ProductForm(request.POST, prison=request.prison)
        formset = ProductImageFormSet(
            request.POST, request.FILES, prefix=IMAGES_PREFIX, submitting=submit, user=request.user
        )
        image_errors = []
        if all([form.is_valid(), formset.is_valid()]):
            try:
                product = product_create(
                    prison=request.prison,
                    user=request.user,
                    data=form.service_data(),
                    images=formset.new_images(),
                    submit=submit,
                )
            except ValidationError as error:
                image_errors = _service_errors_onto(form, error)
            else:
                staged_images_discard(user=request.user, tokens=formset.staged_tokens())
                if submit:
                    messages.success(request, _submitted_text(request) % {"name": product.name})
                    _warn_same_named(request, product)
                    return redirect("portal:product-list")
                messages.success(request, gettext("“%(name)s” tersimpan sebagai draf.") % {"name": product.name})
                _warn_same_named(request, product)
                return redirect("portal:product-update", pk=product.pk)
        return self.render_form(form, formset, image_errors=image_errors)


class ProductUpdateView(PrisonScopedMixin, SingleObjectMixin, _ProductFormMixin, View):
    """Edit a product. For an approved product the edit goes to its revision (see
    ``products.services.product_update``); the page says so."""

    model = Product

    def get_queryset(self):
        return super().get_queryset().select_related("category", "workshop")

    def load(self):
        self.product = self.get_object()  # 404 outside the officer's prison
        self.revision = None
        if self.product.revision_of_id is None and self.product.status == Product.Status.APPROVED:
            self.revision = Product.objects.filter(revision_of=self.product).first()
        # What the form shows: the open revision, else the product itself.
        self.target = self.revision or self.product
        self.images = list(ProductImage.objects.filter(product=self.target).order_by("position", "id"))

    def context(self):
        return {
            "product": self.product,
            "revision": self.revision,
            "target": self.target,
            "photos_withheld_by": makers_withholding_photos(product=self.product) if self.images else [],
        }

    def get(self, request, pk):
        self.load()
        if self.product.revision_of_id:
            return redirect("portal:product-update", pk=self.product.revision_of_id)
        form = ProductForm(prison=request.prison, product=self.target)
        formset = ProductImageFormSet(prefix=IMAGES_PREFIX, images=self.images)
        return self.render_form(form, formset, **self.context())

    def post(self, request, pk):
        self.load()
        if self.product.revision_of_id:
            return redirect("portal:product-update", pk=self.product.revision_of_id)
        submit = self.submitting()
        self.name_before = self.target.name
        form = ProductForm(request.POST, prison=request.prison, product=self.target)
        formset = ProductImageFormSet(
            request.POST, request.FILES, prefix=IMAGES_PREFIX, images=self.images, submitting=submit, user=request.user
        )
        image_errors = []
        if all([form.is_valid(), formset.is_valid()]):
            try:
                written = product_update(
                    product=self.product,
                    user=request.user,
                    data=form.service_data(),
                    new_images=formset.new_images(),
                    image_changes=formset.image_changes(),
                    submit=submit,
                )
            except ValidationError as error:
                image_errors = _service_errors_onto(form, error)
            else:
                staged_images_discard(user=request.user, tokens=formset.staged_tokens())
                return self.saved(written, submit=submit)
        return self.render_form(form, formset, image_errors=image_errors, **self.context())

    def saved(self, written: Product, *, submit: bool):
        is_revision = written.revision_of_id is not None
        if submit and is_revision:
            text = gettext(
                "Perubahan “%(name)s” diajukan untuk kurasi. Sampai disetujui, katalog tetap menampilkan "
                "versi yang lama."
            )
        elif submit:
            text = _submitted_text(self.request)
        elif is_revision:
            text = gettext(
                "Perubahan “%(name)s” tersimpan sebagai draf. Katalog tetap menampilkan versi yang sudah "
                "disetujui; ajukan perubahan untuk kurasi bila sudah siap."
            )
        else:
            text = gettext("“%(name)s” tersimpan sebagai draf.")
        messages.success(self.request, text % {"name": written.name})
        if " ".join(written.name.split()).casefold() != " ".join(self.name_before.split()).casefold():
            _warn_same_named(self.request, written)
        if submit:
            return redirect("portal:product-list")
        return redirect("portal:product-update", pk=self.product.pk)


class ProductArchiveView(PrisonScopedMixin, SingleObjectMixin, View):
    """Asks first (GET), archives on POST. Revision rows are not archived on their own (404)."""

    model = Product
    template_name = "portal/products/product_archive.html"

    def get_queryset(self):
        return super().get_queryset().originals().exclude(status=Product.Status.ARCHIVED)

    def get(self, request, pk):
        product = self.get_object()
        return render(request, self.template_name, {"product": product, "form": ArchiveForm()})

    def post(self, request, pk):
        product = self.get_object()
        form = ArchiveForm(request.POST)
        if form.is_valid():
            status_before = product.status
            try:
                product_archive(product=product, user=request.user, reason=form.cleaned_data["reason"])
            except ValidationError as error:
                form.add_error(None, error)
            else:
                if status_before == Product.Status.APPROVED:
                    message = gettext("“%(name)s” diarsipkan dan tidak lagi tampil di katalog.")
                elif status_before == Product.Status.SUBMITTED:
                    message = gettext("“%(name)s” diarsipkan dan ditarik dari antrean kurasi.")
                else:
                    message = gettext("“%(name)s” diarsipkan.")
                messages.success(request, message % {"name": product.name})
                return redirect("portal:product-list")
        return render(request, self.template_name, {"product": product, "form": form})


class ProductRevisionDiscardView(PrisonScopedMixin, SingleObjectMixin, View):
    """Drop the pending changes of an approved product (``pk`` is the product, not the revision)."""

    model = Product
    template_name = "portal/products/product_revision_discard.html"

    def get_queryset(self):
        return super().get_queryset().originals()

    def load(self):
        product = self.get_object()  # 404 outside the officer's prison
        return product, Product.objects.filter(revision_of=product).first()

    def nothing_to_discard(self, product):
        # A stale link (the changes were approved or discarded meanwhile): say so, go back.
        messages.info(self.request, gettext("Tidak ada perubahan yang menunggu pada produk ini."))
        return redirect("portal:product-update", pk=product.pk)

    def get(self, request, pk):
        product, revision = self.load()
        if revision is None:
            return self.nothing_to_discard(product)
        return render(request, self.template_name, {"product": product, "revision": revision})

    def post(self, request, pk):
        product, revision = self.load()
        if revision is None:
            return self.nothing_to_discard(product)
        try:
            product_revision_discard(revision=revision, user=request.user)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(
                request,
                gettext("Perubahan pada “%(name)s” dibatalkan. Katalog tetap menampilkan versi yang disetujui.")
                % {"name": product.name},
            )
        return redirect(reverse("portal:product-update", args=[product.pk]))


class MakerSearchView(OfficerRequiredMixin, View):
    """The product form's search for makers (in a prison with many inmates, static/js/
    choice_search.js): JSON of the officer's own prison's active inmates matching ``q``."""

    http_method_names = ["get", "head"]  # after the access check: anyone else is refused first

    def get(self, request):
        return choice_search_response(
            request,
            find=lambda query: portal_maker_candidates(user=request.user, query=query),
            field_class=MakerChoiceField,
        )
